import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@cxgraph/core';
import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as get from '../../src/commands/config/get.js';
import * as list from '../../src/commands/config/list.js';
import * as path from '../../src/commands/config/path.js';
import * as remove from '../../src/commands/config/remove.js';
import * as set from '../../src/commands/config/set.js';
import * as use from '../../src/commands/config/use.js';
import { main } from '../../src/main.js';
import { fakeIo, type FakeIo } from '../support/io.js';
import { offlineDeps, startSandbox } from '../support/sandbox.js';

const SECRET = 'sekret-4b1d9e-never-printed';
const TOKEN = 'tok-77aa31-never-printed';

let root: string;
let home: string; // XDG_CONFIG_HOME of the current test
let work: string; // an empty working directory (no .env) of the current test
let sandbox: Sandbox;
let n = 0;

const profilesFile = () => join(home, 'cxgraph', 'profiles.json');
const ioFor = (options: { stdin?: string; env?: Record<string, string> } = {}): FakeIo =>
  fakeIo({ env: { XDG_CONFIG_HOME: home, ...options.env }, cwd: work, ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) });

/** Runs a config command's `run`; returns what it wrote. */
async function cx<O>(command: { run: (opts: O, deps: ReturnType<typeof offlineDeps>) => Promise<unknown> }, opts: O, options: { stdin?: string; quiet?: boolean } = {}) {
  const io = ioFor(options);
  const result = await command.run(opts, offlineDeps(io, { quiet: options.quiet ?? false }));
  const written = { result, stdout: io.stdout(), stderr: io.stderrText() };
  noSecret(written);
  return written;
}

const noSecret = (r: { stdout: string; stderr: string }) => {
  for (const s of [SECRET, TOKEN]) {
    expect(r.stdout).not.toContain(s);
    expect(r.stderr).not.toContain(s);
  }
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cxgraph-config-'));
  sandbox = await startSandbox({ seed: 2 });
});
afterAll(async () => {
  await sandbox.close();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  n++;
  home = join(root, `home-${n}`);
  work = join(root, `work-${n}`);
  mkdirSync(work, { recursive: true });
});

describe('cxgraph config: profiles in the user config dir', () => {
  it('set (secret from stdin), list, get, use, remove and path; the file is 0600 in a 0700 directory; secrets never shown', async () => {
    const saved = await cx(set, { name: 'prod', region: 'apps.mypurecloud.ie', clientId: 'prod-client', clientSecret: '-' }, { stdin: `${SECRET}\n` });
    expect(saved.stderr).toContain('Saved profile "prod" (client credentials, region eu-west-1)');
    expect(saved.stderr).toContain('It is the default profile'); // the first one
    expect(saved.stderr).not.toContain('shell history'); // it came from stdin

    const inline = await cx(set, { name: 'user', accessToken: TOKEN });
    expect(inline.stderr).toContain('shell history'); // a nudge towards `-`

    expect((await cx(path, {})).stdout.trim()).toBe(profilesFile());
    if (process.platform !== 'win32') {
      expect(statSync(profilesFile()).mode & 0o777).toBe(0o600);
      expect(statSync(join(home, 'cxgraph')).mode & 0o777).toBe(0o700);
    }
    const stored = JSON.parse(readFileSync(profilesFile(), 'utf8')) as { default: string; profiles: Record<string, Record<string, string>> };
    expect(stored.default).toBe('prod');
    expect(stored.profiles.prod).toEqual({ clientId: 'prod-client', clientSecret: SECRET, region: 'eu-west-1' });
    expect(stored.profiles.user).toEqual({ accessToken: TOKEN });

    expect((await cx(list, {})).stdout.split('\n')).toEqual([
      'name\tdefault\tcredentials\tclientId\tsecret\tregion\tapiUrl',
      'prod\ttrue\tclient-credentials\tprod-client\t[redacted]\teu-west-1\t',
      'user\tfalse\taccess-token\t\t[redacted]\tus-east-1\t',
      '',
    ]);
    expect(JSON.parse((await cx(list, { format: 'json', fields: ['name', 'credentials', 'secret'] })).stdout)).toEqual([
      { name: 'prod', credentials: 'client-credentials', secret: '[redacted]' },
      { name: 'user', credentials: 'access-token', secret: '[redacted]' },
    ]);

    const shown = await cx(get, { name: 'prod' });
    expect(shown.stdout).toMatch(/^name +prod$/m);
    expect(shown.stdout).toMatch(/^secret +\[redacted\]$/m);
    expect(JSON.parse((await cx(get, { name: 'user', json: true })).stdout)).toMatchObject({ name: 'user', default: false, credentials: 'access-token', secret: '[redacted]', clientId: null });

    await cx(use, { name: 'user' });
    expect((await cx(use, {})).stdout).toBe('user\n');

    // Switching a profile to client credentials drops its token; a region replaces an API URL and back.
    await cx(set, { name: 'user', clientId: 'cid', apiUrl: 'http://127.0.0.1:9/' }, { quiet: true });
    const switched = JSON.parse(readFileSync(profilesFile(), 'utf8')) as { profiles: Record<string, Record<string, string>> };
    expect(switched.profiles.user).toEqual({ clientId: 'cid', apiUrl: 'http://127.0.0.1:9' });
    expect((await cx(list, { fields: ['name', 'credentials', 'apiUrl'] })).stdout).toContain('user\tincomplete\thttp://127.0.0.1:9');

    const removed = await cx(remove, { name: 'user' });
    expect(removed.stderr).toContain('There is no default profile now');
    expect((await cx(list, { fields: ['name'] })).stdout).toBe('name\nprod\n');
    await cx(remove, { name: 'prod' }, { quiet: true });
    expect((await cx(list, {})).stderr).toContain('No profiles yet');
    await cx(use, { none: true });
    expect((await cx(use, {})).stderr).toContain('No default profile');
  });

  it.each([
    ['get', () => cx(get, { name: 'nope' }), 'Unknown profile "nope"'],
    ['remove', () => cx(remove, { name: 'nope' }), 'Unknown profile "nope"'],
    ['use', () => cx(use, { name: 'nope' }), 'Unknown profile "nope"'],
    ['set --region mars-1', () => cx(set, { name: 'x', region: 'mars-1' }), '--region "mars-1" is not a Genesys Cloud region. Valid regions: us-east-1, eu-west-1'],
    ['set --api-url localhost:4010', () => cx(set, { name: 'x', apiUrl: 'localhost:4010' }), '--api-url "localhost:4010" is not a URL'],
    ['set ../evil', () => cx(set, { name: '../evil', region: 'eu-west-1' }), '"../evil" is not a valid profile name'],
  ])('config %s is a configuration error (exit 2): %s', async (_what, attempt, message) => {
    await cx(set, { name: 'known', region: 'eu-west-1', clientId: 'a', clientSecret: SECRET }, { quiet: true });
    const e = await attempt().catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toContain(message);
    if (message.startsWith('Unknown profile')) expect((e as Error).message).toContain('Known profiles: known.');
    expect((e as Error).message).not.toContain(SECRET);
  });

  it('an empty secret on stdin is refused', async () => {
    await expect(cx(set, { name: 'x', clientId: 'a', clientSecret: '-' }, { stdin: '\n' })).rejects.toThrow('No client secret on stdin');
  });

  it('a broken profiles file is a clear error that never quotes its content', async () => {
    mkdirSync(join(home, 'cxgraph'), { recursive: true });
    writeFileSync(profilesFile(), `{"profiles": {"a": {"clientSecret": "${SECRET}"`);
    const e = (await cx(list, {}).catch((err: unknown) => err)) as Error;
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toContain('is not a cxgraph profiles file: it is not valid JSON');
    expect(e.message).not.toContain(SECRET);
  });
});

describe('precedence: --profile > environment > .env > default profile (a profile is used whole)', () => {
  const WRONG = { GENESYS_CLIENT_ID: 'cxgraph-demo', GENESYS_CLIENT_SECRET: 'wrong-secret-for-precedence' };
  const saveSandboxProfile = (name: string, secret = 'cxgraph-demo-secret') => cx(set, { name, apiUrl: sandbox.url, clientId: 'cxgraph-demo', clientSecret: '-' }, { stdin: secret, quiet: true });
  /** `cxgraph [args] agents --json --fields id` through main: the connection is found as the program finds it. */
  const agents = async (args: string[] = [], env: Record<string, string> = {}) => {
    const io = ioFor({ env });
    const code = await main([...args, 'agents', '--json', '--fields', 'id'], io);
    const r = { code, stdout: io.stdout(), stderr: io.stderrText() };
    noSecret(r);
    return r;
  };

  it('the default profile is used when neither the environment nor .env holds a credential', async () => {
    await saveSandboxProfile('sb');
    const r = await agents();
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBeGreaterThan(10);
  });

  it('credentials in the environment win over the default profile', async () => {
    await saveSandboxProfile('sb');
    const r = await agents([], { ...WRONG, GENESYS_API_URL: sandbox.url });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('authentication failed');
  });

  it('credentials in .env win over the default profile', async () => {
    await saveSandboxProfile('sb');
    writeFileSync(join(work, '.env'), `GENESYS_API_URL=${sandbox.url}\nGENESYS_CLIENT_ID=cxgraph-demo\nGENESYS_CLIENT_SECRET=wrong-secret-in-dotenv\n`);
    const r = await agents();
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('authentication failed');
  });

  it('--profile wins over the environment, whole: its secret goes only to its own API URL', async () => {
    await saveSandboxProfile('sb');
    // The environment points elsewhere with other credentials, a token among them: all ignored.
    const r = await agents(['--profile', 'sb'], { ...WRONG, GENESYS_API_URL: 'http://127.0.0.1:9', GENESYS_ACCESS_TOKEN: TOKEN, GENESYS_REGION: 'mars-1' });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBeGreaterThan(10);
  });

  it('--profile with a wrong secret fails as authentication (exit 4), not silently falling back to the environment', async () => {
    await saveSandboxProfile('bad', 'not-the-demo-secret');
    const r = await agents(['--profile', 'bad'], { GENESYS_API_URL: sandbox.url, GENESYS_CLIENT_ID: 'cxgraph-demo', GENESYS_CLIENT_SECRET: 'cxgraph-demo-secret' });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('authentication failed');
    expect(r.stderr).not.toContain('not-the-demo-secret');
  });

  it('--sandbox wins over everything', async () => {
    const r = await agents(['--sandbox', '--profile', 'does-not-matter'], WRONG);
    expect(r.code, r.stderr).toBe(0);
  });

  it('an incomplete profile, an unknown one and a dangling default are configuration errors (exit 2)', async () => {
    await cx(set, { name: 'half', clientId: 'only-id' }, { quiet: true });
    const half = await agents(['--profile', 'half']);
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('Profile "half" (the --profile option) has a client id but no client secret');
    expect(half.stderr).toContain('cxgraph config set half --client-secret -');

    const unknown = await agents(['--profile', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown profile "nope". Known profiles: half.');

    writeFileSync(profilesFile(), JSON.stringify({ version: 1, default: 'gone', profiles: {} }));
    const dangling = await agents();
    expect(dangling.code).toBe(2);
    expect(dangling.stderr).toContain('The default profile "gone" does not exist');
  });
});
