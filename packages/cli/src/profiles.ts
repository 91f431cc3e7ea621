import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { ConfigError, hasCredentials, REGIONS, resolveRegion, type ConfigInput, type ConfigSources } from '@cxgraph/core';
import type { Io } from './io.js';

/**
 * Named profiles (`cxgraph config`): connection settings kept in `<config dir>/cxgraph/profiles.json`
 * (file 0600, directory 0700), where the config dir is `$XDG_CONFIG_HOME`, else `%APPDATA%` on Windows,
 * else `~/.config`.
 *
 * A profile is a whole connection: credentials (client id + secret, or an access token) and where they go
 * (a region or an API URL). When one is used, the GENESYS_* variables of the environment and `.env` are
 * ignored, so a profile's secret is only ever sent to the profile's own target. See {@link PRECEDENCE}.
 */

export interface Profile {
  clientId?: string;
  clientSecret?: string;
  accessToken?: string;
  /** An AWS region name such as `eu-west-1` (validated and normalised by `config set`). */
  region?: string;
  /** A custom origin (the sandbox, a proxy); a profile has a region or an API URL, not both. */
  apiUrl?: string;
}

export const PROFILE_KEYS = ['clientId', 'clientSecret', 'accessToken', 'region', 'apiUrl'] as const satisfies ReadonlyArray<keyof Profile>;
const SECRET_KEYS: ReadonlySet<keyof Profile> = new Set(['clientSecret', 'accessToken']);

export interface ProfilesFile {
  /** The profile used when `--profile` is not given (and neither the environment nor .env holds a credential). */
  default?: string;
  profiles: Record<string, Profile>;
}

export type CredentialKind = 'client-credentials' | 'access-token' | 'incomplete' | 'none';

/** The GENESYS_* variables that make up a connection; ignored (environment and .env) while a profile is used. */
export const CONNECTION_VARIABLES = [
  'GENESYS_CLIENT_ID',
  'GENESYS_CLIENT_SECRET',
  'GENESYS_ACCESS_TOKEN',
  'GENESYS_REGION',
  'GENESYS_API_URL',
  // The names Genesys's own tools read, which core takes as aliases.
  'GENESYSCLOUD_OAUTHCLIENT_ID',
  'GENESYSCLOUD_OAUTHCLIENT_SECRET',
  'GENESYSCLOUD_ACCESS_TOKEN',
  'GENESYSCLOUD_REGION',
] as const;

/** The rule, as shown by `cxgraph config --help` (and the README). */
export const PRECEDENCE = `Where the connection (credentials and region or API URL) comes from; the first that applies wins:
  1. --sandbox              the in-process sandbox and its demo client
  2. --profile <name>       that profile
  3. environment, .env      GENESYS_* variables (or the GENESYSCLOUD_* names of Genesys's own
                            tools), per variable; the environment beats .env
  4. the default profile    (\`cxgraph config use <name>\`) when neither the environment nor .env
                            holds a credential (GENESYS_CLIENT_ID, _CLIENT_SECRET, _ACCESS_TOKEN)
A profile is used whole: the GENESYS_* variables of the environment and .env are then ignored, so its
secret only ever goes to its own region or API URL. CXGRAPH_* tuning variables in the environment apply
either way.`;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A profile name: letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 64. */
export function checkProfileName(name: string): string {
  if (!NAME.test(name)) {
    throw new ConfigError(
      `"${name}" is not a valid profile name: use letters, digits, ".", "_" and "-" (at most 64), starting with a letter or digit.`,
      undefined,
      'For example: cxgraph config set prod --region eu-west-1 --client-id <id> --client-secret -',
    );
  }
  return name;
}

/** The user's config directory for cxgraph (not created). */
export function configDir(io: Pick<Io, 'env'>): string {
  const env = io.env;
  const xdg = env.XDG_CONFIG_HOME?.trim();
  if (xdg && isAbsolute(xdg)) return join(xdg, 'cxgraph');
  if (process.platform === 'win32' && env.APPDATA?.trim()) return join(env.APPDATA.trim(), 'cxgraph');
  const home = env.HOME?.trim() || env.USERPROFILE?.trim() || homedir();
  return join(home, '.config', 'cxgraph');
}

export const profilesPath = (io: Pick<Io, 'env'>): string => join(configDir(io), 'profiles.json');

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The profiles file; a missing file is no profiles. A file that is not ours is a ConfigError (its content is never shown). */
export function readProfiles(io: Pick<Io, 'env'>): ProfilesFile {
  const file = profilesPath(io);
  refuseSharedWrite(configDir(io), file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { profiles: {} };
    throw new ConfigError(`Could not read ${file} (${code ?? 'unreadable'}).`, undefined, 'Make it readable by you (chmod 600), or remove it and create profiles again with `cxgraph config set`.');
  }
  const broken = (what: string) =>
    new ConfigError(`${file} is not a cxgraph profiles file: ${what}.`, undefined, 'Fix it by hand, or remove it and create profiles again with `cxgraph config set`.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the content, which holds secrets: never shown.
    throw broken('it is not valid JSON');
  }
  if (!isRecord(data) || !isRecord(data.profiles)) throw broken('no "profiles" object');
  const profiles: Record<string, Profile> = {};
  for (const [name, raw] of Object.entries(data.profiles)) {
    if (!isRecord(raw)) throw broken(`profile "${name}" is not an object`);
    const p: Profile = {};
    for (const key of PROFILE_KEYS) {
      const v = raw[key];
      if (v === undefined || v === null || v === '') continue;
      if (typeof v !== 'string') throw broken(`"${key}" of profile "${name}" is not a string`);
      p[key] = v;
    }
    profiles[name] = p;
  }
  const out: ProfilesFile = { profiles };
  if (typeof data.default === 'string' && data.default !== '') out.default = data.default;
  return out;
}

/**
 * Refuses a profiles file, or its directory, that another user can write (as ssh refuses a shared key file):
 * whoever can write it can point our secrets at their own server. Not checked on Windows (no modes).
 */
function refuseSharedWrite(dir: string, file: string): void {
  if (process.platform === 'win32') return;
  for (const path of [dir, file]) {
    let mode: number;
    try {
      mode = statSync(path).mode;
    } catch {
      continue; // missing: nothing to trust yet
    }
    if ((mode & 0o022) === 0) continue;
    const who = mode & 0o002 ? 'every user' : 'its group';
    const fix = path === dir ? `chmod 700 ${path}` : `chmod 600 ${path}`;
    throw new ConfigError(`${path} is writable by ${who} (mode ${(mode & 0o777).toString(8)}): cxgraph does not use a profiles file others can change.`, undefined, `Run \`${fix}\`, then try again.`);
  }
}

/** Writes the profiles file atomically: directory 0700, file 0600 (modes are ignored on Windows). */
export function writeProfiles(io: Pick<Io, 'env'>, content: ProfilesFile): string {
  const dir = configDir(io);
  const file = join(dir, 'profiles.json');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
  const tmp = join(dir, `.profiles.json.${process.pid}.tmp`);
  const ordered: ProfilesFile = { ...(content.default ? { default: content.default } : {}), profiles: content.profiles };
  try {
    writeFileSync(tmp, `${JSON.stringify({ version: 1, ...ordered }, null, 2)}\n`, { mode: 0o600, flag: 'w' });
    if (process.platform !== 'win32') chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return file;
}

export function credentialKind(p: Profile): CredentialKind {
  if (p.accessToken) return p.clientId || p.clientSecret ? 'incomplete' : 'access-token';
  if (p.clientId && p.clientSecret) return 'client-credentials';
  return p.clientId || p.clientSecret ? 'incomplete' : 'none';
}

/** A printable copy: secrets become `[redacted]`. */
export function redactProfile(p: Profile): Profile {
  const out: Profile = {};
  for (const key of PROFILE_KEYS) {
    const v = p[key];
    if (v !== undefined) out[key] = SECRET_KEYS.has(key) ? '[redacted]' : v;
  }
  return out;
}

/** "prod, staging" or a sentence saying there are none. */
function knownProfiles(file: ProfilesFile, io: Pick<Io, 'env'>): string {
  const names = Object.keys(file.profiles).sort();
  return names.length > 0 ? `Known profiles: ${names.join(', ')}.` : `No profiles are configured (${profilesPath(io)}).`;
}

/** A profile by name; an unknown name is a ConfigError naming the known ones. */
export function getProfile(name: string, io: Pick<Io, 'env'>, file: ProfilesFile = readProfiles(io)): Profile {
  const p = Object.hasOwn(file.profiles, name) ? file.profiles[name] : undefined;
  if (!p) {
    throw new ConfigError(`Unknown profile "${name}". ${knownProfiles(file, io)}`, undefined, 'List profiles with `cxgraph config list`, or create one with `cxgraph config set <name> …`.');
  }
  return p;
}

/** The profile's settings as core's `ConfigInput` (`{ clientId, clientSecret, region, apiUrl, accessToken }`). */
export function profileInput(name: string, io: Io): ConfigInput {
  const p = getProfile(name, io);
  const input: ConfigInput = {};
  for (const key of PROFILE_KEYS) {
    const v = p[key];
    if (v !== undefined) input[key] = v;
  }
  return input;
}

/**
 * What `createClient` gets for a command, following {@link PRECEDENCE} (`--sandbox` is handled before):
 * the named profile, else the environment and .env when they hold a credential, else the default profile,
 * else the environment and .env (and core's "no credentials" error).
 */
export function connectionOptions(profileName: string | undefined, io: Io): ConfigInput & { sources: ConfigSources } {
  const plain = { sources: { env: io.env, cwd: io.cwd } };
  if (profileName !== undefined) return fromProfile(profileName, io, 'the --profile option');
  if (hasCredentials({}, plain.sources)) return plain;
  const file = readProfiles(io);
  if (file.default === undefined) return plain;
  if (!Object.hasOwn(file.profiles, file.default)) {
    throw new ConfigError(
      `The default profile "${file.default}" does not exist. ${knownProfiles(file, io)}`,
      undefined,
      'Choose another with `cxgraph config use <name>`, or clear it with `cxgraph config use --none`.',
    );
  }
  return fromProfile(file.default, io, 'the default profile');
}

function fromProfile(name: string, io: Io, how: string): ConfigInput & { sources: ConfigSources } {
  const input = profileInput(name, io);
  const kind = credentialKind(input);
  const fix = (flag: string) => `Add it with \`cxgraph config set ${name} ${flag} -\` (reads it from stdin).`;
  if (kind === 'incomplete') {
    if (input.accessToken) {
      throw new ConfigError(`Profile "${name}" (${how}) has both an access token and client credentials.`, undefined, `Set one kind again: \`cxgraph config set ${name} --access-token -\` or \`--client-id <id> --client-secret -\`.`);
    }
    if (input.clientId) throw new ConfigError(`Profile "${name}" (${how}) has a client id but no client secret.`, 'GENESYS_CLIENT_SECRET', fix('--client-secret'));
    throw new ConfigError(`Profile "${name}" (${how}) has a client secret but no client id.`, 'GENESYS_CLIENT_ID', `Add it with \`cxgraph config set ${name} --client-id <id>\`.`);
  }
  if (kind === 'none') {
    throw new ConfigError(`Profile "${name}" (${how}) has no credentials.`, 'GENESYS_CLIENT_ID', `Add them with \`cxgraph config set ${name} --client-id <id> --client-secret -\`, or \`--access-token -\`.`);
  }
  const env: NodeJS.ProcessEnv = { ...io.env };
  for (const v of CONNECTION_VARIABLES) delete env[v];
  return { ...input, sources: { env, cwd: io.cwd, dotenv: false } };
}

const REGION_NAMES = REGIONS.map((r) => r.aws).join(', ');

/** The canonical (AWS) name of a region given by any of its names; a ConfigError listing them otherwise. */
export function normaliseRegion(value: string): string {
  const region = resolveRegion(value);
  if (region) return region.aws;
  throw new ConfigError(
    `--region "${value}" is not a Genesys Cloud region. Valid regions: ${REGION_NAMES}.`,
    'GENESYS_REGION',
    'Give the AWS name of your org\'s region, e.g. --region eu-west-1 (the host of your Genesys Cloud web app, such as apps.mypurecloud.ie, works too).',
  );
}
