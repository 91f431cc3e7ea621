/**
 * Who may call `cxgraph serve`, from its flags and environment: the auth mode and its settings, the names
 * it answers to (the Host check) and the browser origins it lets in (CORS).
 *
 * API keys live in a JSON file, `<config dir>/cxgraph/api-keys.json` by default (`--api-keys-file`,
 * CXGRAPH_API_KEYS_FILE), mode 0600: `{"keys": [{"name", "hash": "sha256:<hex>", "scopes": ["read","pii"],
 * "rateLimitPerMinute": 60}]}`. Only hashes are stored; `--add-api-key <name>` makes a key, stores its hash
 * and shows the key once.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '@cxgraph/core';
import type { ApiKeyRecord, AuthMode, AuthOptions } from '@cxgraph/graphql';
import type { Io } from '../io.js';
import { configDir } from '../profiles.js';

export interface AccessFlags {
  /** open (loopback only), bearer, api-keys or jwt. @default 'open' */
  auth?: AuthMode | undefined;
  apiKeysFile?: string | undefined;
  jwtJwksUrl?: string | undefined;
  jwtIssuer?: string | undefined;
  jwtAudience?: string | undefined;
  jwtScopesClaim?: string | undefined;
  /** Origins of browser pages allowed to call (CORS). */
  corsOrigin?: string[] | undefined;
  /** More names the gateway is reached under (a DNS name, a proxy's). */
  publicHost?: string[] | undefined;
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

export const apiKeysPath = (flags: AccessFlags, io: Pick<Io, 'env'>): string => flags.apiKeysFile ?? io.env['CXGRAPH_API_KEYS_FILE'] ?? join(configDir(io), 'api-keys.json');

/** The stored keys (a missing file is none); their content is checked by the gateway's `checkApiKeys`. */
export function readApiKeys(file: string): ApiKeyRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ConfigError(`Could not read the API keys file ${file}.`, undefined, 'Make it readable by you (chmod 600), or point --api-keys-file elsewhere.');
  }
  try {
    const parsed = JSON.parse(text) as { keys?: ApiKeyRecord[] };
    return Array.isArray(parsed.keys) ? parsed.keys : (parsed as unknown as ApiKeyRecord[]);
  } catch {
    throw new ConfigError(`The API keys file ${file} is not valid JSON.`, undefined, 'Fix it, or remove it and add keys again with `cxgraph serve --add-api-key <name>`.');
  }
}

/** Adds a key to the file (0600, written whole then renamed); returns the key, the only time it exists in clear. */
export async function addApiKey(file: string, name: string, scopes: string[], rateLimitPerMinute: number | undefined): Promise<string> {
  const { checkApiKeys, generateApiKey, hashApiKey } = await import('@cxgraph/graphql');
  const existing = checkApiKeys(readApiKeys(file), file);
  const key = generateApiKey();
  const keys = checkApiKeys([...existing, { name, hash: hashApiKey(key), scopes, ...(rateLimitPerMinute !== undefined ? { rateLimitPerMinute } : {}) }], 'the new key');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  if (process.platform !== 'win32') chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return key;
}

/** The gateway's auth settings; refuses an open gateway on anything but loopback, with the fix. */
export async function authOptions(flags: AccessFlags, host: string, io: Pick<Io, 'env'>): Promise<AuthOptions> {
  const mode = flags.auth ?? 'open';
  if (mode === 'open' && !isLoopback(host)) {
    throw new ConfigError(
      `Refusing to serve on ${host} without authentication: anyone who reaches the port would act with this server's Genesys credentials.`,
      undefined,
      'Choose an auth mode: --auth api-keys (make a key with `cxgraph serve --add-api-key <name>`), --auth jwt --jwt-jwks-url <url> --jwt-issuer <iss> --jwt-audience <aud>, or --auth bearer (callers send their own Genesys token). Or bind loopback: --host 127.0.0.1.',
    );
  }
  switch (mode) {
    case 'open':
    case 'bearer':
      return { mode };
    case 'api-keys': {
      const file = apiKeysPath(flags, io);
      const keys = readApiKeys(file);
      if (keys.length === 0) throw new ConfigError(`--auth api-keys, and ${file} holds no key.`, undefined, 'Make one: cxgraph serve --add-api-key <name> [--key-scopes read,pii] [--key-rate-limit 60]');
      return { mode, keys };
    }
    case 'jwt': {
      const secret = io.env['CXGRAPH_JWT_SECRET'];
      if (!flags.jwtIssuer || !flags.jwtAudience) throw new ConfigError('--auth jwt needs --jwt-issuer and --jwt-audience.', undefined, 'e.g. --jwt-issuer https://idp.example.com/ --jwt-audience cxgraph');
      return { mode, jwt: { jwksUrl: flags.jwtJwksUrl, secret: secret || undefined, issuer: flags.jwtIssuer, audience: flags.jwtAudience, scopesClaim: flags.jwtScopesClaim } };
    }
  }
}

/** The names the gateway answers to: loopback's, the bound address (every interface's for 0.0.0.0/::) and --public-host. */
export function allowedHosts(host: string, flags: AccessFlags, io: Pick<Io, 'env'>, servedHostNames: (bind: string, more: readonly string[]) => string[]): string[] {
  const more = [...(flags.publicHost ?? []), ...splitList(io.env['CXGRAPH_PUBLIC_HOSTS'])];
  if (host === '0.0.0.0' || host === '::') {
    for (const addresses of Object.values(networkInterfaces())) for (const a of addresses ?? []) more.push(a.family === 'IPv6' ? `[${a.address}]` : a.address);
  }
  return servedHostNames(host, more);
}

/** Browser origins allowed by CORS (`--cors-origin`, CXGRAPH_CORS_ORIGINS), each checked to be an origin. */
export function corsOrigins(flags: AccessFlags, io: Pick<Io, 'env'>): string[] {
  const origins = [...(flags.corsOrigin ?? []), ...splitList(io.env['CXGRAPH_CORS_ORIGINS'])];
  for (const origin of origins) {
    let ok = false;
    try {
      const url = new URL(origin);
      ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin.replace(/\/$/, '');
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError(`"${origin}" is not an origin for --cors-origin.`, undefined, 'Give scheme, host and port only, e.g. --cors-origin https://dash.example.com or http://127.0.0.1:5173.');
  }
  return [...new Set(origins.map((o) => o.replace(/\/$/, '')))];
}

const splitList = (value: string | undefined): string[] => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);
