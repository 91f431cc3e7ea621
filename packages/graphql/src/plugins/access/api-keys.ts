import { createHash, randomBytes } from 'node:crypto';
import { ConfigError } from '@cxgraph/core';
import { SCOPES } from './principal.js';

/**
 * API keys as they are stored: a name, the key's SHA-256 (never the key), scopes and a rate limit.
 *
 * Why SHA-256 and not a slow hash (scrypt): a key is 32 random bytes (256 bits), not a password a person
 * chose, so there is nothing to guess by brute force; a fast hash lets every request be checked without
 * spending CPU, and a stolen keys file still gives away no key.
 */
export interface ApiKeyRecord {
  name: string;
  /** `sha256:<hex>` of the whole key, as {@link hashApiKey} writes it. */
  hash: string;
  scopes: string[];
  /** This key's own budget, requests per minute. @default 60 */
  rateLimitPerMinute?: number | undefined;
}

export const DEFAULT_KEY_RATE_LIMIT = 60;
const PREFIX = 'cxk_';

/** A new key: `cxk_` and 32 random bytes, base64url. Shown once; only its hash is kept. */
export function generateApiKey(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** What the keys file stores for `key`. */
export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** Checks a keys file's records (from JSON), so a typo is a clear error at start-up, not a refusal later. */
export function checkApiKeys(records: unknown, source: string): ApiKeyRecord[] {
  const fix = `Each key is {"name": "...", "hash": "sha256:<64 hex digits>", "scopes": ["read"], "rateLimitPerMinute": 60}; make one with \`cxgraph serve --add-api-key <name>\`.`;
  const list = Array.isArray(records) ? records : records && typeof records === 'object' && Array.isArray((records as { keys?: unknown }).keys) ? (records as { keys: unknown[] }).keys : undefined;
  if (!list) throw new ConfigError(`${source} must hold {"keys": [...]}.`, undefined, fix);
  const names = new Set<string>();
  return list.map((r, i) => {
    const at = `${source}: key ${i + 1}`;
    if (!r || typeof r !== 'object') throw new ConfigError(`${at} is not an object.`, undefined, fix);
    const { name, hash, scopes, rateLimitPerMinute } = r as Record<string, unknown>;
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) throw new ConfigError(`${at} needs a "name" of letters, digits, ".", "_" and "-" (at most 64).`, undefined, fix);
    if (names.has(name)) throw new ConfigError(`${at}: the name "${name}" is used twice; names must be unique.`, undefined, fix);
    names.add(name);
    if (typeof hash !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(hash)) throw new ConfigError(`${at} ("${name}") needs a "hash" of the form sha256:<64 lowercase hex digits> (the key itself is never stored).`, undefined, fix);
    if (!Array.isArray(scopes) || !scopes.every((s): s is string => typeof s === 'string' && (SCOPES as readonly string[]).includes(s))) {
      throw new ConfigError(`${at} ("${name}") needs "scopes": a list of ${SCOPES.map((s) => `"${s}"`).join(', ')}.`, undefined, fix);
    }
    if (rateLimitPerMinute !== undefined && (typeof rateLimitPerMinute !== 'number' || !Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1)) {
      throw new ConfigError(`${at} ("${name}"): "rateLimitPerMinute" must be a positive integer, got ${JSON.stringify(rateLimitPerMinute)}.`, undefined, fix);
    }
    return { name, hash, scopes, ...(rateLimitPerMinute !== undefined ? { rateLimitPerMinute } : {}) };
  });
}
