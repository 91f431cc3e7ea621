import { AbortError, ConfigError, resolveConfig } from '@cxgraph/core';
import { Argument, Command } from 'commander';
import type { Io } from '../io.js';
import { addOutputOptions, columnsHelp, resolveOutput, writeRows, type Column, type OutputFlags } from '../output/format.js';
import {
  PRECEDENCE,
  checkProfileName,
  credentialKind,
  getProfile,
  normaliseRegion,
  profilesPath,
  readProfiles,
  redactProfile,
  writeProfiles,
  type CredentialKind,
  type Profile,
} from '../profiles.js';

/** One profile as `config list` and `config get` show it: never a secret. */
export interface ProfileRow {
  name: string;
  default: boolean;
  credentials: CredentialKind;
  clientId: string | undefined;
  /** `[redacted]` when a client secret or access token is stored. */
  secret: string | undefined;
  region: string | undefined;
  apiUrl: string | undefined;
}

export const PROFILE_COLUMNS: readonly Column<ProfileRow>[] = [
  { key: 'name', get: (r) => r.name },
  { key: 'default', get: (r) => r.default },
  { key: 'credentials', get: (r) => r.credentials },
  { key: 'clientId', header: 'client id', get: (r) => r.clientId },
  { key: 'secret', get: (r) => r.secret },
  { key: 'region', get: (r) => r.region },
  { key: 'apiUrl', header: 'api url', get: (r) => r.apiUrl },
];

function toRow(name: string, p: Profile, isDefault: boolean): ProfileRow {
  const shown = redactProfile(p);
  return {
    name,
    default: isDefault,
    credentials: credentialKind(p),
    clientId: shown.clientId,
    secret: shown.clientSecret ?? shown.accessToken,
    // Neither a region nor an API URL: core's default region.
    region: p.apiUrl ? undefined : (p.region ?? 'us-east-1'),
    apiUrl: p.apiUrl,
  };
}

const describeKind = (p: Profile): string =>
  ({ 'client-credentials': 'client credentials', 'access-token': 'an access token', incomplete: 'incomplete credentials', none: 'no credentials' })[credentialKind(p)];

const describeTarget = (p: Profile): string => (p.apiUrl ? `API URL ${p.apiUrl}` : `region ${p.region ?? 'us-east-1'}${p.region ? '' : ', the default'}`);

interface SetOptions {
  clientId?: string;
  clientSecret?: string;
  accessToken?: string;
  region?: string;
  apiUrl?: string;
}

/** A secret from stdin: typed without echo on a terminal, else the whole input (one trailing newline dropped). */
async function readSecret(label: string, io: Io): Promise<string> {
  const stdin = process.stdin;
  let value: string;
  if (stdin.isTTY) {
    io.err(`${label} (not shown): `);
    value = await new Promise<string>((resolve, reject) => {
      let typed = '';
      const done = () => {
        stdin.setRawMode(false);
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
      stdin.setRawMode(true);
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

export async function setProfile(name: string, opts: SetOptions, cmd: Command, io: Io, quiet: boolean): Promise<void> {
  checkProfileName(name);
  const given = (['clientId', 'clientSecret', 'accessToken', 'region', 'apiUrl'] as const).filter((k) => opts[k] !== undefined);
  if (given.length === 0) cmd.error('error: nothing to set: give at least one of --client-id, --client-secret, --access-token, --region, --api-url.', { exitCode: 2, code: 'cxgraph.config.nothingToSet' });
  if (opts.accessToken !== undefined && (opts.clientId !== undefined || opts.clientSecret !== undefined)) {
    cmd.error('error: a profile holds either an access token or client credentials: give --access-token, or --client-id and --client-secret, not both.', { exitCode: 2, code: 'cxgraph.config.conflict' });
  }
  if (opts.region !== undefined && opts.apiUrl !== undefined) {
    cmd.error('error: a profile has a region or an API URL: give --region or --api-url, not both.', { exitCode: 2, code: 'cxgraph.config.conflict' });
  }
  if (opts.clientSecret === '-' && opts.accessToken === '-') cmd.error('error: only one secret can come from stdin.', { exitCode: 2, code: 'cxgraph.config.conflict' });
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

  if (quiet) return;
  const lines = [`${existed ? 'Updated' : 'Saved'} profile "${name}" (${describeKind(p)}, ${describeTarget(p)}) in ${path}.`];
  if (becameDefault) lines.push(`It is the default profile: used when --profile is not given and the environment and .env hold no credential.`);
  const kind = credentialKind(p);
  if (kind === 'incomplete') lines.push(p.clientId ? `Still missing: the client secret (\`cxgraph config set ${name} --client-secret -\`).` : `Still missing: the client id (\`cxgraph config set ${name} --client-id <id>\`).`);
  if (inline) lines.push('Note: a secret typed on the command line can stay in your shell history; `-` reads it from stdin instead.');
  io.err(`${lines.join('\n')}\n`);
}

const quietOf = (cmd: Command): boolean => {
  let root = cmd;
  while (root.parent) root = root.parent;
  return Boolean(root.opts<{ quiet?: boolean }>().quiet);
};

/** Registers `cxgraph config` and its subcommands. */
export function registerConfig(program: Command, io: Io): void {
  const config = program
    .command('config')
    .description('Named profiles: credentials and region kept in your config directory (`config path`).')
    .addHelpText(
      'after',
      `
${PRECEDENCE}

Examples:
  printf %s "$SECRET" | cxgraph config set prod --region eu-west-1 --client-id 7f3c… --client-secret -
  cxgraph config set sandbox --api-url http://127.0.0.1:4010 --client-id cxgraph-demo --client-secret cxgraph-demo-secret
  cxgraph config list
  cxgraph config use prod                # the default profile
  cxgraph --profile sandbox agents       # one command with another profile
`,
    );

  config
    .command('set')
    .description('Create or update a profile (only the settings given change). Secrets: `-` reads them from stdin.')
    .addArgument(new Argument('<profile>', 'profile name (letters, digits, ".", "_", "-")'))
    .option('--client-id <id>', 'OAuth client id (client-credentials grant)')
    .option('--client-secret <secret>', 'OAuth client secret; `-` reads it from stdin')
    .option('--access-token <token>', "a user's bearer token instead of client credentials; `-` reads it from stdin")
    .option('--region <region>', 'Genesys Cloud region, e.g. eu-west-1 (default us-east-1)')
    .option('--api-url <url>', 'a custom origin instead of a region (the sandbox, a proxy)')
    .action(async (name: string, opts: SetOptions, cmd: Command) => setProfile(name, opts, cmd, io, quietOf(cmd)));

  addOutputOptions(
    config
      .command('list')
      .description('List the profiles: name, default, credential kind, client id, region or API URL (secrets shown as [redacted]).')
      .addHelpText('after', `\n${columnsHelp(PROFILE_COLUMNS)}\n  credentials: client-credentials, access-token, incomplete or none; secret: [redacted] when one is stored.\n`),
  ).action(async (opts: OutputFlags, cmd: Command) => {
    const { format, columns } = resolveOutput(cmd, opts, PROFILE_COLUMNS, io.isTTY);
    const file = readProfiles(io);
    const rows = Object.keys(file.profiles)
      .sort()
      .map((name) => toRow(name, file.profiles[name] ?? {}, name === file.default));
    if (rows.length === 0 && !quietOf(cmd)) io.err(`No profiles yet (${profilesPath(io)}). Create one with \`cxgraph config set <name> …\`.\n`);
    await writeRows(io, rows, columns, format);
  });

  config
    .command('get')
    .description('Show one profile (secrets shown as [redacted]).')
    .addArgument(new Argument('<profile>', 'profile name'))
    .option('--json', 'print a JSON object')
    .action((name: string, opts: { json?: boolean }) => {
      const file = readProfiles(io);
      const row = toRow(name, getProfile(name, io, file), name === file.default);
      if (opts.json) {
        const o: Record<string, unknown> = {};
        for (const c of PROFILE_COLUMNS) o[c.key] = c.get(row) ?? null;
        io.out(`${JSON.stringify(o, null, 2)}\n`);
        return;
      }
      const width = Math.max(...PROFILE_COLUMNS.map((c) => c.key.length));
      io.out(PROFILE_COLUMNS.map((c) => `${c.key.padEnd(width)}  ${String(c.get(row) ?? '')}`.trimEnd()).join('\n') + '\n');
    });

  config
    .command('remove')
    .alias('rm')
    .description('Delete a profile.')
    .addArgument(new Argument('<profile>', 'profile name'))
    .action((name: string, _opts: unknown, cmd: Command) => {
      const file = readProfiles(io);
      getProfile(name, io, file);
      delete file.profiles[name];
      const wasDefault = file.default === name;
      if (wasDefault) delete file.default;
      writeProfiles(io, file);
      if (!quietOf(cmd)) io.err(`Removed profile "${name}".${wasDefault ? ' There is no default profile now (`cxgraph config use <name>` sets one).' : ''}\n`);
    });

  config
    .command('use')
    .description('Set the default profile (used when --profile is not given); with no name, print it.')
    .addArgument(new Argument('[profile]', 'profile name'))
    .option('--none', 'clear the default profile')
    .action((name: string | undefined, opts: { none?: boolean }, cmd: Command) => {
      const file = readProfiles(io);
      if (opts.none) {
        if (name !== undefined) cmd.error('error: give a profile name or --none, not both.', { exitCode: 2, code: 'cxgraph.config.conflict' });
        delete file.default;
        writeProfiles(io, file);
        if (!quietOf(cmd)) io.err('There is no default profile now.\n');
        return;
      }
      if (name === undefined) {
        if (file.default !== undefined) io.out(`${file.default}\n`);
        else if (!quietOf(cmd)) io.err('No default profile (`cxgraph config use <name>` sets one).\n');
        return;
      }
      getProfile(name, io, file);
      file.default = name;
      writeProfiles(io, file);
      if (!quietOf(cmd)) io.err(`Default profile: "${name}".\n`);
    });

  config
    .command('path')
    .description('Print the path of the profiles file.')
    .action(() => io.out(`${profilesPath(io)}\n`));
}
