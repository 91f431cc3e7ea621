/**
 * Configuration: read once from arguments, the environment and a `.env` file, validated once (zod), and
 * turned into what the rest of core needs: how to authenticate, where the SDK goes, and tuning.
 *
 * Rules (each failure is a {@link ConfigError} naming the variable, what was wrong, what is allowed and,
 * in `hint`, how to fix it; no error ever contains a secret or a token):
 * - Precedence is per variable: an argument beats the environment, which beats `.env` in `cwd`. A blank
 *   value (`GENESYS_REGION=`) counts as unset. `.env` is parsed with dotenv and never written to
 *   `process.env`.
 * - Credentials: client credentials (`GENESYS_CLIENT_ID` + `GENESYS_CLIENT_SECRET`) or a user's bearer
 *   token (`GENESYS_ACCESS_TOKEN`), never both: when a token and any client credential are set, whatever
 *   their sources, the config is ambiguous and rejected. One of id/secret alone is rejected too.
 * - Target: `GENESYS_API_URL` (an http(s) origin, e.g. the sandbox `http://127.0.0.1:4010`) wins over
 *   `GENESYS_REGION`, which is then not read at all. An https URL on a Genesys Cloud host
 *   (`https://api.mypurecloud.ie`) means that region. With neither, the region is `us_east_1`.
 * - Tuning: positive integers; the log level is a pino level or `silent` (the default).
 * - Aliases: the variables Genesys's own tools read (`GENESYSCLOUD_OAUTHCLIENT_ID`, `GENESYSCLOUD_OAUTHCLIENT_SECRET`,
 *   `GENESYSCLOUD_REGION`, `GENESYSCLOUD_ACCESS_TOKEN`) count too, after ours from the same source, so a shell set
 *   up for the `gc` CLI or Terraform works as it is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { ConfigError, NoCredentialsError } from './errors.js';
import { LOG_LEVELS, REDACTED } from './logger.js';
import { REGIONS, describeRegions, regionOfHost, resolveRegion } from './regions.js';
import type { Region } from './regions.js';

export interface ConfigInput {
  /** OAuth client id (client-credentials grant). Env: `GENESYS_CLIENT_ID`. */
  clientId?: string;
  /** OAuth client secret. Env: `GENESYS_CLIENT_SECRET`. */
  clientSecret?: string;
  /** Any common region name: `eu-west-1`, `eu_west_1`, `mypurecloud.ie`, `api.mypurecloud.ie`. Env: `GENESYS_REGION`. @default 'us_east_1' */
  region?: string;
  /** A user's bearer token, used as given and never refreshed. Env: `GENESYS_ACCESS_TOKEN`. */
  accessToken?: string;
  /** A custom origin such as the sandbox (`http://127.0.0.1:4010`); wins over `region`. Env: `GENESYS_API_URL`. */
  apiUrl?: string;
  /** Requests per minute for the shared rate limiter. Env: `CXGRAPH_RATE_LIMIT`. @default 300 */
  rateLimitPerMinute?: number | string;
  /** Requests in flight at once. Env: `CXGRAPH_MAX_CONCURRENCY`. @default 10 */
  maxConcurrency?: number | string;
  /** Per-request timeout in ms. Env: `CXGRAPH_TIMEOUT_MS`. @default 16000 */
  timeoutMs?: number | string;
  /** A pino level or `silent`. Env: `CXGRAPH_LOG_LEVEL`. @default 'silent' */
  logLevel?: string;
}

export interface ConfigSources {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Where `.env` is looked for. @default process.cwd() */
  cwd?: string;
  /** Read `<cwd>/.env`. @default true */
  dotenv?: boolean;
}

export type AuthConfig = { kind: 'client-credentials'; clientId: string; clientSecret: string } | { kind: 'bearer'; accessToken: string };

/** Where the SDK goes: a region (`setEnvironment`) or a custom gateway (`setGateway`). */
export type TargetConfig = { kind: 'region'; region: Region } | { kind: 'gateway'; url: string; protocol: 'http' | 'https'; host: string; port: number };

export interface Config {
  auth: AuthConfig;
  /** Where the SDK goes: a region (setEnvironment) or a custom gateway (setGateway). */
  target: TargetConfig;
  rateLimitPerMinute: number;
  maxConcurrency: number;
  timeoutMs: number;
  /** A pino level or `silent`. */
  logLevel: string;
}

export const CONFIG_DEFAULTS = { region: 'us_east_1', rateLimitPerMinute: 300, maxConcurrency: 10, timeoutMs: 16_000, logLevel: 'silent' } as const;

/** The sandbox's public demo setup (packages/sandbox), for the "no credentials" hint. */
const SANDBOX_SETUP = 'GENESYS_API_URL=http://127.0.0.1:4010 GENESYS_CLIENT_ID=cxgraph-demo GENESYS_CLIENT_SECRET=cxgraph-demo-secret';

/** `us_east_1`, first in the table. */
const DEFAULT_REGION: Region = REGIONS[0];

type Field = keyof ConfigInput;

/** Each option, its variable, whether its value may be shown in a message, and how to fix a bad one. */
const FIELDS: Record<Field, { variable: string; secret: boolean; hint: string; aliases?: readonly string[] }> = {
  clientId: { variable: 'GENESYS_CLIENT_ID', secret: false, hint: 'Set GENESYS_CLIENT_ID to the id of an OAuth client with the client-credentials grant.', aliases: ['GENESYSCLOUD_OAUTHCLIENT_ID'] },
  clientSecret: { variable: 'GENESYS_CLIENT_SECRET', secret: true, hint: 'Set GENESYS_CLIENT_SECRET to the secret of that OAuth client.', aliases: ['GENESYSCLOUD_OAUTHCLIENT_SECRET'] },
  region: { variable: 'GENESYS_REGION', secret: false, hint: 'Set GENESYS_REGION to one of the regions listed, e.g. GENESYS_REGION=eu-west-1 (the host of your Genesys Cloud web app, such as apps.mypurecloud.ie, works too).', aliases: ['GENESYSCLOUD_REGION'] },
  accessToken: { variable: 'GENESYS_ACCESS_TOKEN', secret: true, hint: "Set GENESYS_ACCESS_TOKEN to a user's bearer token, without the 'Bearer ' prefix.", aliases: ['GENESYSCLOUD_ACCESS_TOKEN'] },
  apiUrl: { variable: 'GENESYS_API_URL', secret: false, hint: 'Set GENESYS_API_URL to an origin such as http://127.0.0.1:4010 (the sandbox) or https://proxy.example.com:8443, or unset it and use GENESYS_REGION.' },
  rateLimitPerMinute: { variable: 'CXGRAPH_RATE_LIMIT', secret: false, hint: `Set CXGRAPH_RATE_LIMIT to a whole number of requests per minute above 0, or unset it for the default (${CONFIG_DEFAULTS.rateLimitPerMinute}).` },
  maxConcurrency: { variable: 'CXGRAPH_MAX_CONCURRENCY', secret: false, hint: `Set CXGRAPH_MAX_CONCURRENCY to a whole number above 0, or unset it for the default (${CONFIG_DEFAULTS.maxConcurrency}).` },
  timeoutMs: { variable: 'CXGRAPH_TIMEOUT_MS', secret: false, hint: `Set CXGRAPH_TIMEOUT_MS to a whole number of milliseconds above 0, or unset it for the default (${CONFIG_DEFAULTS.timeoutMs}).` },
  logLevel: { variable: 'CXGRAPH_LOG_LEVEL', secret: false, hint: `Set CXGRAPH_LOG_LEVEL to one of ${LOG_LEVELS.join(', ')}, or unset it for the default (${CONFIG_DEFAULTS.logLevel}).` },
};
const FIELD_NAMES = Object.keys(FIELDS) as Field[];

/** Where a value came from; `variable` is set when it was an alias (e.g. GENESYSCLOUD_REGION). */
type Source = { kind: 'argument' } | { kind: 'env'; variable?: string } | { kind: 'dotenv'; file: string; variable?: string };
interface Picked {
  value: unknown;
  source: Source;
}

/** How a message names a value: by its variable, and where it came from unless that is the environment. */
function label(field: Field, source: Source): string {
  const variable = (source.kind !== 'argument' && source.variable) || FIELDS[field].variable;
  if (source.kind === 'argument') return `${variable} (the \`${field}\` option)`;
  if (source.kind === 'dotenv') return `${variable} (from ${source.file})`;
  return variable;
}

/** A value as shown in a message: quoted, with any user:password of a URL masked. */
const show = (value: unknown): string => JSON.stringify(typeof value === 'string' ? value.replace(/\/\/[^/?#@]*@/, `//${REDACTED}@`) : value) ?? String(value);

// ---------------------------------------------------------------------------------------------------------
// The schema: one pass over the merged raw values.

const text = z.string().trim().min(1);

const positiveInt = z
  .union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)])
  .pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));

const region = text.transform((value, ctx): Region => {
  const found = resolveRegion(value);
  if (found) return found;
  ctx.addIssue({ code: 'custom', message: 'is not a Genesys Cloud region' });
  return z.NEVER;
});

const apiUrl = text.transform((value, ctx): TargetConfig => {
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  const notUrl = 'is not a URL: give an http or https origin such as http://127.0.0.1:4010';
  // `localhost:4010` parses as a URL with the scheme `localhost:`; a URL here always has `://`.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return fail(notUrl);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(notUrl);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail(`uses ${url.protocol.slice(0, -1)}: only http and https are allowed, e.g. http://127.0.0.1:4010`);
  if (url.hostname === '') return fail('has no host: give an origin such as http://127.0.0.1:4010');
  if (url.username !== '' || url.password !== '') return fail('contains a user name or password: give the origin only, such as https://proxy.example.com, and the credentials in their own variables');
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') return fail(`has a path, query or fragment: give the origin only, such as ${url.origin} (cxgraph adds /api/v2 and /oauth/token itself)`);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  const port = url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port);
  const known = protocol === 'https' && port === 443 ? regionOfHost(url.hostname) : undefined;
  if (known) return { kind: 'region', region: known };
  return { kind: 'gateway', url: url.origin, protocol, host: url.hostname, port };
});

const logLevel = z.string().trim().toLowerCase().pipe(z.enum(LOG_LEVELS));

const Schema = z.object({
  clientId: text.optional(),
  clientSecret: text.optional(),
  accessToken: text.optional(),
  region: region.optional(),
  apiUrl: apiUrl.optional(),
  rateLimitPerMinute: positiveInt.default(CONFIG_DEFAULTS.rateLimitPerMinute),
  maxConcurrency: positiveInt.default(CONFIG_DEFAULTS.maxConcurrency),
  timeoutMs: positiveInt.default(CONFIG_DEFAULTS.timeoutMs),
  logLevel: logLevel.default(CONFIG_DEFAULTS.logLevel),
});

/** What a bad value of each kind should have been. */
const EXPECTED: Record<Field, string> = {
  clientId: 'must be a non-empty string',
  clientSecret: 'must be a non-empty string',
  accessToken: 'must be a non-empty string',
  region: 'must be a region name',
  apiUrl: 'must be an http or https origin such as http://127.0.0.1:4010',
  rateLimitPerMinute: 'must be a positive integer (requests per minute)',
  maxConcurrency: 'must be a positive integer (requests at once)',
  timeoutMs: 'must be a positive integer (milliseconds)',
  logLevel: `must be one of ${LOG_LEVELS.join(', ')}`,
};

function issueToError(issue: z.core.$ZodIssue, picked: Partial<Record<Field, Picked>>): ConfigError {
  const field = issue.path[0] as Field;
  const { variable, secret, hint } = FIELDS[field];
  const p = picked[field];
  const name = label(field, p?.source ?? { kind: 'env' });
  // A secret's value is never shown, not even a wrong one.
  const value = secret || p === undefined ? undefined : show(p.value);
  const message =
    issue.code === 'custom'
      ? `${name}${value === undefined ? '' : ` ${value}`} ${issue.message}.`
      : `${name} ${EXPECTED[field]}${value === undefined ? '' : `, got ${value}`}.`;
  if (field === 'region') {
    return new ConfigError(`${message} Valid regions (by AWS name, SDK key such as us_east_1, domain, or its api./login./apps. host):\n${describeRegions()}`, variable, hint);
  }
  return new ConfigError(message, variable, hint);
}

// ---------------------------------------------------------------------------------------------------------

function readDotenv(cwd: string): { values: Record<string, string>; file: string } {
  const file = join(cwd, '.env');
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { values: {}, file };
    throw new ConfigError(`Could not read ${file}: ${typeof code === 'string' ? code : 'unreadable'}.`, undefined, 'Make .env readable, remove it, or turn .env loading off.');
  }
  return { values: dotenv.parse(content), file };
}

const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * The configuration from `options`, then `sources.env`, then `<sources.cwd>/.env`, per variable; see the
 * file comment for the rules. Throws a {@link ConfigError} on the first problem.
 */
export function resolveConfig(options: ConfigInput = {}, sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const fromFile = sources.dotenv === false ? { values: {} as Record<string, string>, file: '.env' } : readDotenv(sources.cwd ?? process.cwd());

  const picked: Partial<Record<Field, Picked>> = {};
  for (const field of FIELD_NAMES) {
    const { variable, aliases = [] } = FIELDS[field];
    const candidates: Picked[] = [
      { value: options[field], source: { kind: 'argument' } },
      { value: env[variable], source: { kind: 'env' } },
      ...aliases.map((alias): Picked => ({ value: env[alias], source: { kind: 'env', variable: alias } })),
      { value: fromFile.values[variable], source: { kind: 'dotenv', file: fromFile.file } },
      ...aliases.map((alias): Picked => ({ value: fromFile.values[alias], source: { kind: 'dotenv', file: fromFile.file, variable: alias } })),
    ];
    const first = candidates.find((c) => !isBlank(c.value));
    if (first) picked[field] = first;
  }
  // The API URL wins: the region is then not read (nor validated).
  if (picked.apiUrl) delete picked.region;

  const raw = Object.fromEntries(Object.entries(picked).map(([field, p]) => [field, p.value]));
  const parsed = Schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw issue ? issueToError(issue, picked) : new ConfigError('Invalid configuration.');
  }
  const c = parsed.data;

  return {
    auth: resolveAuth(c, picked),
    target: c.apiUrl ?? { kind: 'region', region: c.region ?? DEFAULT_REGION },
    rateLimitPerMinute: c.rateLimitPerMinute,
    maxConcurrency: c.maxConcurrency,
    timeoutMs: c.timeoutMs,
    logLevel: c.logLevel,
  };
}

function resolveAuth(c: { clientId?: string | undefined; clientSecret?: string | undefined; accessToken?: string | undefined }, picked: Partial<Record<Field, Picked>>): AuthConfig {
  const where = (field: Field): string => {
    const p = picked[field];
    return p ? label(field, p.source) : FIELDS[field].variable;
  };
  if (c.accessToken !== undefined && (c.clientId !== undefined || c.clientSecret !== undefined)) {
    const credentials = [c.clientId !== undefined ? where('clientId') : undefined, c.clientSecret !== undefined ? where('clientSecret') : undefined].filter(Boolean).join(' and ');
    throw new ConfigError(
      `Both ${where('accessToken')} and ${credentials} are set: cxgraph authenticates with either a user's access token or client credentials, not both.`,
      'GENESYS_ACCESS_TOKEN',
      'Unset GENESYS_ACCESS_TOKEN to log in with client credentials, or unset GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET to use the token (check the environment, .env and any options).',
    );
  }
  if (c.accessToken !== undefined) return { kind: 'bearer', accessToken: c.accessToken };
  if (c.clientId !== undefined && c.clientSecret !== undefined) return { kind: 'client-credentials', clientId: c.clientId, clientSecret: c.clientSecret };
  if (c.clientId !== undefined) {
    throw new ConfigError(`GENESYS_CLIENT_SECRET is missing: ${where('clientId')} is set, and client credentials need both the id and the secret.`, 'GENESYS_CLIENT_SECRET', FIELDS.clientSecret.hint);
  }
  if (c.clientSecret !== undefined) {
    throw new ConfigError(`GENESYS_CLIENT_ID is missing: ${where('clientSecret')} is set, and client credentials need both the id and the secret.`, 'GENESYS_CLIENT_ID', FIELDS.clientId.hint);
  }
  throw new NoCredentialsError(
    'No Genesys Cloud credentials: set client credentials (GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET, with GENESYS_REGION), ' +
      "or a user's access token (GENESYS_ACCESS_TOKEN), or point cxgraph at the local sandbox (GENESYS_API_URL and its demo credentials). " +
      'Each can be an option, an environment variable or a line in .env (the GENESYSCLOUD_* names of Genesys\'s own tools work too).',
    'GENESYS_CLIENT_ID',
    `For a real org: GENESYS_CLIENT_ID=<id> GENESYS_CLIENT_SECRET=<secret> GENESYS_REGION=<region, e.g. eu-west-1>. With a user token: GENESYS_ACCESS_TOKEN=<token>. To try cxgraph without an org: run \`pnpm sandbox\`, then ${SANDBOX_SETUP}.`,
  );
}

/** A printable copy of a config: the client secret and the access token become `'[redacted]'`. */
export function redactConfig(config: Config): Config {
  const auth: AuthConfig = config.auth.kind === 'bearer' ? { kind: 'bearer', accessToken: REDACTED } : { ...config.auth, clientSecret: REDACTED };
  return { ...config, auth, target: { ...config.target } };
}

/**
 * Whether any credential (client id, client secret or access token) is set in `options`, the environment or
 * `.env`: tools start the sandbox when none is, and report configuration errors when some are.
 */
export function hasCredentials(options: ConfigInput = {}, sources: ConfigSources = {}): boolean {
  const env = sources.env ?? process.env;
  const fromFile = sources.dotenv === false ? {} : readDotenv(sources.cwd ?? process.cwd()).values;
  return (['clientId', 'clientSecret', 'accessToken'] as const).some((field) => {
    const { variable, aliases = [] } = FIELDS[field];
    return !isBlank(options[field]) || [variable, ...aliases].some((v) => !isBlank(env[v]) || !isBlank(fromFile[v]));
  });
}
