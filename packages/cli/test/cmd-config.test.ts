import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli, type Finished } from './run-cli.js';

const SECRET = 'sekret-4b1d9e-never-printed';
const TOKEN = 'tok-77aa31-never-printed';

let root: string;
let home: string; // XDG_CONFIG_HOME of the current test
let work: string; // an empty working directory (no .env) of the current test
let sandbox: Sandbox;
let n = 0;

const env = (extra: Record<string, string> = {}) => cleanEnv({ XDG_CONFIG_HOME: home, ...extra });
const cx = (args: string[], extra: Record<string, string> = {}) => runCli(args, { env: env(extra), cwd: work });
const profilesFile = () => join(home, 'cxgraph', 'profiles.json');

/** Runs the binary with `input` on stdin (not a TTY). */
function cxStdin(args: string[], input: string): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env(), cwd: work });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const noSecret = (r: Finished) => {
  for (const s of [SECRET, TOKEN]) {
    expect(r.stdout).not.toContain(s);
    expect(r.stderr).not.toContain(s);
  }
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cxgraph-config-'));
  sandbox = await createSandbox({ seed: 2, now: '2026-03-10T14:30:00Z' });
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
    const set = await cxStdin(['config', 'set', 'prod', '--region', 'apps.mypurecloud.ie', '--client-id', 'prod-client', '--client-secret', '-'], `${SECRET}\n`);
    expect(set.code).toBe(0);
    expect(set.stderr).toContain('Saved profile "prod" (client credentials, region eu-west-1)');
    expect(set.stderr).toContain('It is the default profile'); // the first one
    expect(set.stderr).not.toContain('shell history'); // it came from stdin
    noSecret(set);

    const inline = await cx(['config', 'set', 'user', '--access-token', TOKEN]);
    expect(inline.code).toBe(0);
    expect(inline.stderr).toContain('shell history'); // a nudge towards `-`
    noSecret(inline);

    const path = await cx(['config', 'path']);
    expect(path.stdout.trim()).toBe(profilesFile());
    if (process.platform !== 'win32') {
      expect(statSync(profilesFile()).mode & 0o777).toBe(0o600);
      expect(statSync(join(home, 'cxgraph')).mode & 0o777).toBe(0o700);
    }
    const stored = JSON.parse(readFileSync(profilesFile(), 'utf8')) as { default: string; profiles: Record<string, Record<string, string>> };
    expect(stored.default).toBe('prod');
    expect(stored.profiles.prod).toEqual({ clientId: 'prod-client', clientSecret: SECRET, region: 'eu-west-1' });
    expect(stored.profiles.user).toEqual({ accessToken: TOKEN });

    const list = await cx(['config', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')).toEqual([
      'name\tdefault\tcredentials\tclientId\tsecret\tregion\tapiUrl',
      'prod\ttrue\tclient-credentials\tprod-client\t[redacted]\teu-west-1\t',
      'user\tfalse\taccess-token\t\t[redacted]\tus-east-1\t',
      '',
    ]);
    noSecret(list);

    const json = await cx(['config', 'list', '--json', '--fields', 'name,credentials,secret']);
    expect(JSON.parse(json.stdout)).toEqual([
      { name: 'prod', credentials: 'client-credentials', secret: '[redacted]' },
      { name: 'user', credentials: 'access-token', secret: '[redacted]' },
    ]);

    const get = await cx(['config', 'get', 'prod']);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^name +prod$/m);
    expect(get.stdout).toMatch(/^secret +\[redacted\]$/m);
    noSecret(get);
    const getJson = await cx(['config', 'get', 'user', '--json']);
    expect(JSON.parse(getJson.stdout)).toMatchObject({ name: 'user', default: false, credentials: 'access-token', secret: '[redacted]', clientId: null });

    expect((await cx(['config', 'use', 'user'])).code).toBe(0);
    expect((await cx(['config', 'use'])).stdout).toBe('user\n');

    // Switching a profile to client credentials drops its token; a region replaces an API URL and back.
    expect((await cx(['config', 'set', 'user', '--client-id', 'cid', '--api-url', 'http://127.0.0.1:9/', '-q'])).code).toBe(0);
    const switched = JSON.parse(readFileSync(profilesFile(), 'utf8')) as { profiles: Record<string, Record<string, string>> };
    expect(switched.profiles.user).toEqual({ clientId: 'cid', apiUrl: 'http://127.0.0.1:9' });
    const incomplete = await cx(['config', 'list', '--fields', 'name,credentials,apiUrl']);
    expect(incomplete.stdout).toContain('user\tincomplete\thttp://127.0.0.1:9');

    const removed = await cx(['config', 'remove', 'user']);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain('There is no default profile now');
    expect((await cx(['config', 'list', '--fields', 'name'])).stdout).toBe('name\nprod\n');
    expect((await cx(['config', 'rm', 'prod', '-q'])).code).toBe(0);
    const empty = await cx(['config', 'list']);
    expect(empty.code).toBe(0);
    expect(empty.stderr).toContain('No profiles yet');
  });

  it.each([
    [['config', 'get', 'nope'], 'Unknown profile "nope"'],
    [['config', 'remove', 'nope'], 'Unknown profile "nope"'],
    [['config', 'use', 'nope'], 'Unknown profile "nope"'],
    [['config', 'set', 'x'], 'nothing to set'],
    [['config', 'set', 'x', '--region', 'mars-1'], '--region "mars-1" is not a Genesys Cloud region. Valid regions: us-east-1, eu-west-1'],
    [['config', 'set', 'x', '--api-url', 'localhost:4010'], '--api-url "localhost:4010" is not a URL'],
    [['config', 'set', 'x', '--region', 'eu-west-1', '--api-url', 'http://127.0.0.1:4010'], '--region or --api-url, not both'],
    [['config', 'set', 'x', '--access-token', 'a', '--client-id', 'b'], 'either an access token or client credentials'],
    [['config', 'set', '../evil', '--region', 'eu-west-1'], '"../evil" is not a valid profile name'],
    [['config', 'use', 'a', '--none'], 'a profile name or --none, not both'],
    [['config', 'frob'], "unknown command 'frob'"],
  ])('%j is exit 2: %s', async (args, message) => {
    expect((await cx(['config', 'set', 'known', '--region', 'eu-west-1', '--client-id', 'a', '--client-secret', SECRET, '-q'])).code).toBe(0);
    const r = await cx(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    if (message.startsWith('Unknown profile')) expect(r.stderr).toContain('Known profiles: known.');
    noSecret(r);
  });

  it('an empty secret on stdin is refused', async () => {
    const r = await cxStdin(['config', 'set', 'x', '--client-id', 'a', '--client-secret', '-'], '\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No client secret on stdin');
  });

  it('a broken profiles file is a clear error that never quotes its content', async () => {
    mkdirSync(join(home, 'cxgraph'), { recursive: true });
    writeFileSync(profilesFile(), `{"profiles": {"a": {"clientSecret": "${SECRET}"`);
    const r = await cx(['config', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a cxgraph profiles file: it is not valid JSON');
    noSecret(r);
  });

  it('config --help documents the precedence', async () => {
    const r = await cx(['config', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1. --sandbox');
    expect(r.stdout).toContain('2. --profile <name>');
    expect(r.stdout).toContain('3. environment, .env');
    expect(r.stdout).toContain('4. the default profile');
  });
});

describe('precedence: --profile > environment > .env > default profile (a profile is used whole)', () => {
  const WRONG = { GENESYS_CLIENT_ID: 'cxgraph-demo', GENESYS_CLIENT_SECRET: 'wrong-secret-for-precedence' };
  const saveSandboxProfile = async (name: string, secret = 'cxgraph-demo-secret') => {
    const r = await cxStdin(['config', 'set', name, '--api-url', sandbox.url, '--client-id', 'cxgraph-demo', '--client-secret', '-', '-q'], secret);
    expect(r.code).toBe(0);
  };
  const agents = (args: string[] = [], extra: Record<string, string> = {}) => cx([...args, 'agents', '--json', '--fields', 'id'], extra);

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
    expect((await cx(['config', 'set', 'half', '--client-id', 'only-id', '-q'])).code).toBe(0);
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
