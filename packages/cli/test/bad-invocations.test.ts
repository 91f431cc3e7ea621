import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { fakeIo } from './support/io.js';
import { startSandbox } from './support/sandbox.js';

/**
 * Invocations that parse but cannot work, through `main` in-process: each exits with its code and a specific
 * message, never a stack trace and never a secret (the secrets below are distinctive so a leak anywhere shows).
 * Command lines rejected while parsing are in program.test.ts.
 */
const SECRET = 'sekret-91c2f0-must-not-leak';
const TOKEN = 'token-5d7e21-must-not-leak';
const NOBODY = '00000000-0000-4000-8000-000000000000';

interface Case {
  name: string;
  args: string[];
  /** `$SANDBOX` becomes the sandbox's URL. */
  env?: Record<string, string>;
  code: number;
  message: RegExp;
}

/** The sandbox's demo client. */
const DEMO = { GENESYS_API_URL: '$SANDBOX', GENESYS_CLIENT_ID: 'cxgraph-demo', GENESYS_CLIENT_SECRET: 'cxgraph-demo-secret' };

const CASES: Case[] = [
  // Configuration: exit 2
  { name: 'unknown profile', args: ['--profile', 'nope', 'agents'], code: 2, message: /Unknown profile "nope"\. No profiles are configured/ },
  { name: 'config get of an unknown profile', args: ['config', 'get', 'nope'], code: 2, message: /Unknown profile "nope"/ },
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
  { name: 'serve with a secret without an id', args: ['serve', '--port', '0', '--sandbox-port', '0'], env: { GENESYS_CLIENT_SECRET: SECRET }, code: 2, message: /GENESYS_CLIENT_ID[\s\S]*fix:/ },
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
  { name: 'an unknown queue name', args: ['queue-stats', '--queue', 'Billing,Nowhere'], env: DEMO, code: 2, message: /Unknown queue "Nowhere"\. Queues \(by name or id\): .*Billing/ },

  // Authentication and permissions, against the sandbox: exit 4
  {
    name: 'wrong client secret',
    args: ['agents'],
    env: { GENESYS_API_URL: '$SANDBOX', GENESYS_CLIENT_ID: 'cxgraph-demo', GENESYS_CLIENT_SECRET: SECRET },
    code: 4,
    message: /Login failed: authentication failed/,
  },
  { name: 'a rejected access token', args: ['queues'], env: { GENESYS_API_URL: '$SANDBOX', GENESYS_ACCESS_TOKEN: TOKEN }, code: 4, message: /access token was rejected[\s\S]*invalid or expired/ },
  {
    name: 'the permission-limited client running metrics',
    args: ['metrics', '--range', 'today'],
    env: { GENESYS_API_URL: '$SANDBOX', GENESYS_CLIENT_ID: 'cxgraph-no-analytics', GENESYS_CLIENT_SECRET: 'cxgraph-no-analytics-secret' },
    code: 4,
    message: /Permission denied[\s\S]*analytics:conversationAggregate:view/,
  },

  // Errors: exit 1
  { name: 'a conversation that does not exist', args: ['conversation', NOBODY], env: DEMO, code: 1, message: new RegExp(`cxgraph: Conversation "${NOBODY}" not found\\.\\n  fix: Check the id`) },
  { name: 'export to a directory that does not exist', args: ['export', '--range', 'yesterday', '-o', '/nonexistent-dir/out.ndjson'], env: DEMO, code: 1, message: /cannot write to \/nonexistent-dir\/out\.ndjson: its directory does not exist[\s\S]*fix:/ },
];

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), 'cxgraph-bad-'));
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('invocations that parse but cannot work', () => {
  it.each(CASES)('$name: exit $code', async ({ args, env: given = {}, code, message }) => {
    const resolved = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, v.replace('$SANDBOX', sandbox.url)]));
    // Its own empty config dir and working directory (no profiles, no .env).
    const io = fakeIo({ env: { XDG_CONFIG_HOME: join(dir, 'config'), ...resolved }, cwd: dir });
    const exit = await main(args, io);
    const output = io.stdout() + io.stderrText();
    expect(exit, output).toBe(code);
    expect(io.stderrText()).toMatch(message);
    expect(io.stdout()).toBe('');
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain(TOKEN);
  });

  it('--debug adds detail (never a secret)', async () => {
    const io = fakeIo({ env: { XDG_CONFIG_HOME: join(dir, 'config'), GENESYS_API_URL: sandbox.url, GENESYS_CLIENT_ID: 'cxgraph-demo', GENESYS_CLIENT_SECRET: SECRET }, cwd: dir });
    expect(await main(['--debug', 'agents'], io)).toBe(4);
    expect(io.stderrText()).toMatch(/Login failed[\s\S]*\n  \{"name":/);
    expect(io.stderrText()).not.toContain(SECRET);
  });
});
