import { AbortError, ConfigError, resolveConfig } from '@cxgraph/core';
import type { CommandDeps } from '../../deps.js';
import type { Io } from '../../io.js';
import { checkProfileName, credentialKind, normaliseRegion, readProfiles, writeProfiles, type Profile } from '../../profiles.js';

const describeKind = (p: Profile): string =>
  ({ 'client-credentials': 'client credentials', 'access-token': 'an access token', incomplete: 'incomplete credentials', none: 'no credentials' })[credentialKind(p)];

const describeTarget = (p: Profile): string => (p.apiUrl ? `API URL ${p.apiUrl}` : `region ${p.region ?? 'us-east-1'}${p.region ? '' : ', the default'}`);

export interface ConfigSetOptions {
  name: string;
  clientId?: string;
  clientSecret?: string;
  accessToken?: string;
  region?: string;
  apiUrl?: string;
}

export const SETTINGS = ['clientId', 'clientSecret', 'accessToken', 'region', 'apiUrl'] as const;

/** A secret from stdin: typed without echo on a terminal, else the whole input (one trailing newline dropped). */
async function readSecret(label: string, io: Io): Promise<string> {
  const stdin = io.stdin;
  let value: string;
  if (stdin.isTTY) {
    io.err(`${label} (not shown): `);
    value = await new Promise<string>((resolve, reject) => {
      let typed = '';
      const done = () => {
        stdin.setRawMode?.(false);
        stdin.pause();
        stdin.off('data', onData);
        io.err('\n');
      };
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            done();
            resolve(typed);
            return;
          }
          if (ch === '\u0003') {
            done();
            reject(new AbortError('Interrupted.'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
          else typed += ch;
        }
      };
      stdin.setEncoding('utf8');
      stdin.setRawMode?.(true);
      stdin.on('data', onData);
      stdin.resume();
    });
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    value = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  if (value.trim() === '') throw new ConfigError(`No ${label.toLowerCase()} on stdin.`, undefined, `Pipe it in, e.g. \`printf %s "$SECRET" | cxgraph config set <name> --${label.toLowerCase().replace(/ /g, '-')} -\`.`);
  return value.trim();
}

/** Checks an API URL with core's own rules, naming the flag instead of the variable. */
function checkApiUrl(value: string): string {
  try {
    resolveConfig({ apiUrl: value, accessToken: 'x' }, { env: {}, dotenv: false });
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(e.message.replace(/^GENESYS_API_URL \(the `apiUrl` option\)/, '--api-url'), 'GENESYS_API_URL', 'Give an http or https origin, such as http://127.0.0.1:4010 (the sandbox) or https://proxy.example.com.');
    throw e;
  }
  return value.trim().replace(/\/$/, '');
}

/**
 * `cxgraph config set <profile> …`: creates or updates a profile, changing only the settings given (the
 * table checks their combination). `-` reads a secret from stdin. Returns the profile file's path.
 */
export async function run(opts: ConfigSetOptions, deps: CommandDeps): Promise<{ path: string }> {
  const { io } = deps;
  const name = checkProfileName(opts.name);
  // Validate everything before reading stdin or touching the file.
  const region = opts.region !== undefined ? normaliseRegion(opts.region) : undefined;
  const apiUrl = opts.apiUrl !== undefined ? checkApiUrl(opts.apiUrl) : undefined;
  const file = readProfiles(io);

  const inline = (opts.clientSecret !== undefined && opts.clientSecret !== '-') || (opts.accessToken !== undefined && opts.accessToken !== '-');
  const clientSecret = opts.clientSecret === '-' ? await readSecret('Client secret', io) : opts.clientSecret;
  const accessToken = opts.accessToken === '-' ? await readSecret('Access token', io) : opts.accessToken;

  const existed = Object.hasOwn(file.profiles, name);
  const p: Profile = { ...(existed ? file.profiles[name] : {}) };
  if (accessToken !== undefined) {
    delete p.clientId;
    delete p.clientSecret;
    p.accessToken = accessToken;
  }
  if (opts.clientId !== undefined || clientSecret !== undefined) delete p.accessToken;
  if (opts.clientId !== undefined) p.clientId = opts.clientId.trim();
  if (clientSecret !== undefined) p.clientSecret = clientSecret;
  if (region !== undefined) {
    delete p.apiUrl;
    p.region = region;
  }
  if (apiUrl !== undefined) {
    delete p.region;
    p.apiUrl = apiUrl;
  }
  file.profiles[name] = p;
  const becameDefault = file.default === undefined || !Object.hasOwn(file.profiles, file.default);
  if (becameDefault) file.default = name;
  const path = writeProfiles(io, file);

  if (deps.quiet) return { path };
  const lines = [`${existed ? 'Updated' : 'Saved'} profile "${name}" (${describeKind(p)}, ${describeTarget(p)}) in ${path}.`];
  if (becameDefault) lines.push(`It is the default profile: used when --profile is not given and the environment and .env hold no credential.`);
  const kind = credentialKind(p);
  if (kind === 'incomplete') lines.push(p.clientId ? `Still missing: the client secret (\`cxgraph config set ${name} --client-secret -\`).` : `Still missing: the client id (\`cxgraph config set ${name} --client-id <id>\`).`);
  if (inline) lines.push('Note: a secret typed on the command line can stay in your shell history; `-` reads it from stdin instead.');
  io.err(`${lines.join('\n')}\n`);
  return { path };
}

