import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from './run-cli.js';

/**
 * Bad invocations of the built binary: each exits with its code and a specific message, never a stack
 * trace and never a secret. The secrets below are distinctive so a leak anywhere in the output shows.
 */
const SECRET = 'sekret-91c2f0-must-not-leak';
const TOKEN = 'token-5d7e21-must-not-leak';

/** `$SANDBOX` in an env value becomes the in-process sandbox's URL. */
interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  code: number;
  message: RegExp;
}

const CASES: Case[] = [
  // Usage: commander
  { name: 'unknown command, with a suggestion', args: ['agentz'], code: 2, message: /unknown command 'agentz'[\s\S]*Did you mean agents\?/ },
  { name: 'unknown flag', args: ['agents', '--bogus'], code: 2, message: /unknown option '--bogus'/ },
  { name: 'missing argument (conversation without id)', args: ['conversation'], code: 2, message: /missing required argument 'id'/ },
  { name: 'bad --port (serve)', args: ['serve', '--port', '99999'], code: 2, message: /--port must be an integer from 0 to 65535, got "99999"/ },
  { name: 'bad --port (sandbox)', args: ['sandbox', '--port', 'abc'], code: 2, message: /--port must be an integer from 0 to 65535, got "abc"/ },
  { name: 'bad --sandbox-now', args: ['--sandbox-now', 'yesterday', 'agents'], code: 2, message: /--sandbox-now must be an ISO-8601 instant .*got "yesterday"/ },
  { name: 'completion for an unknown shell', args: ['completion', 'tcsh'], code: 2, message: /'tcsh' is invalid[\s\S]*bash, zsh, fish/ },

  // Configuration
  { name: 'unknown profile', args: ['--profile', 'nope', 'agents'], code: 2, message: /Unknown profile "nope"\. No profiles are configured/ },
  { name: 'config get of an unknown profile', args: ['config', 'get', 'nope'], code: 2, message: /Unknown profile "nope"/ },
  { name: 'config list with two format flags', args: ['config', 'list', '--json', '--csv'], code: 2, message: /Choose one output format: --json, --csv/ },
  { name: 'config set with nothing to set', args: ['config', 'set', 'x'], code: 2, message: /nothing to set: give at least one of --client-id/ },
  {
    name: 'unknown region, listing the regions',
    args: ['agents'],
    env: { GENESYS_REGION: 'mars-1', GENESYS_CLIENT_ID: 'a', GENESYS_CLIENT_SECRET: SECRET },
    code: 2,
    message: /GENESYS_REGION "mars-1" is not a Genesys Cloud region[\s\S]*us-east-1[\s\S]*eu-west-1[\s\S]*ap-southeast-2/,
  },
  {
    name: 'no credentials anywhere: the three ways',
    args: ['agents'],
    code: 2,
    message: /No Genesys Cloud credentials: set client credentials \(GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET[\s\S]*GENESYS_ACCESS_TOKEN[\s\S]*sandbox \(GENESYS_API_URL/,
  },
  { name: 'a secret without an id', args: ['agents'], env: { GENESYS_CLIENT_SECRET: SECRET }, code: 2, message: /GENESYS_CLIENT_ID is missing: GENESYS_CLIENT_SECRET is set/ },
  {
    name: 'a token and client credentials both set',
    args: ['agents'],
    env: { GENESYS_ACCESS_TOKEN: TOKEN, GENESYS_CLIENT_ID: 'a', GENESYS_CLIENT_SECRET: SECRET },
    code: 2,
    message: /Both GENESYS_ACCESS_TOKEN and GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET are set/,
  },
  {
    name: 'bad GENESYS_API_URL',
    args: ['agents'],
    env: { GENESYS_API_URL: 'localhost:4010', GENESYS_CLIENT_ID: 'a', GENESYS_CLIENT_SECRET: SECRET },
    code: 2,
    message: /GENESYS_API_URL "localhost:4010" is not a URL/,
  },

  // Authentication and permissions, against the sandbox
  {
    name: 'wrong client secret',
    args: ['agents'],
    env: { GENESYS_API_URL: '$SANDBOX', GENESYS_CLIENT_ID: 'cxgraph-demo', GENESYS_CLIENT_SECRET: SECRET },
    code: 4,
    message: /Login failed: authentication failed/,
  },
  {
    name: 'a rejected access token',
    args: ['queues'],
    env: { GENESYS_API_URL: '$SANDBOX', GENESYS_ACCESS_TOKEN: TOKEN },
    code: 4,
    message: /access token was rejected[\s\S]*invalid or expired/,
  },
  {
    name: 'the permission-limited client running metrics',
    args: ['metrics', '--range', 'today'],
    env: { GENESYS_API_URL: '$SANDBOX', GENESYS_CLIENT_ID: 'cxgraph-no-analytics', GENESYS_CLIENT_SECRET: 'cxgraph-no-analytics-secret' },
    code: 4,
    message: /Permission denied[\s\S]*analytics:conversationAggregate:view/,
  },

  // The data commands' own validation (parsed before any call)
  { name: 'bad --range', args: ['--sandbox', 'metrics', '--range', 'last fortnight'], code: 2, message: /Unknown time range "last fortnight"[\s\S]*last N days/ },
  { name: 'bad --interval', args: ['--sandbox', 'history', '--interval', '2026-01-01'], code: 2, message: /Invalid interval "2026-01-01"/ },
  { name: 'bad --granularity', args: ['--sandbox', 'metrics', '--granularity', 'P1X'], code: 2, message: /"P1X" is not an ISO-8601 duration/ },
  { name: 'unknown metric', args: ['--sandbox', 'metrics', '--metrics', 'nBogus'], code: 2, message: /unknown metric "nBogus"/ },
  { name: 'bad --media', args: ['--sandbox', 'live', '--media', 'fax'], code: 2, message: /[Uu]nknown media type "fax"[\s\S]*voice/ },
  { name: 'unknown --by', args: ['--sandbox', 'metrics', '--by', 'team'], code: 2, message: /'team' is invalid[\s\S]*agent, queue, media/ },
  { name: 'two format flags', args: ['--sandbox', 'agents', '--json', '--csv'], code: 2, message: /Choose one output format: --json, --csv/ },
  { name: 'unknown --fields field', args: ['--sandbox', 'agents', '--fields', 'id,nope'], code: 2, message: /Unknown field "nope"\. Available fields: id, name/ },
  { name: 'unknown export --format', args: ['--sandbox', 'export', '--format', 'xml'], code: 2, message: /'xml' is invalid[\s\S]*ndjson, csv/ },
];

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await createSandbox({ seed: 1, now: '2026-03-10T14:30:00Z' });
  dir = mkdtempSync(join(tmpdir(), 'cxgraph-bad-'));
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bad invocations of the built binary', () => {
  it('has at least 20 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(20));

  it.each(CASES)('$name: exit $code', async ({ args, env = {}, code, message }) => {
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace('$SANDBOX', sandbox.url)]));
    // Its own empty config dir and working directory (no profiles, no .env).
    const r = await runCli(args, { env: cleanEnv({ XDG_CONFIG_HOME: join(dir, 'config'), ...resolved }), cwd: dir, timeoutMs: 60_000 });
    const output = r.stdout + r.stderr;
    expect(r.code, output).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain(TOKEN);
  });
});
