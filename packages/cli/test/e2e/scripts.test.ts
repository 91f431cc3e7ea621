import { spawn } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli, type Finished } from '../support/binary.js';
import { NOW, startSandbox } from '../support/sandbox.js';

/**
 * What a script relies on, on the built binary: exit codes, what reaches stdout (and what never does), files
 * replaced only by a run that completes, the environment Genesys's own tools use. Each case says its exit code.
 */
const SB = ['--sandbox', '--sandbox-now', NOW];
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), 'cxgraph-scripts-'));
});
beforeEach(() => sandbox.faults.clear());
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The environment of a script pointed at the sandbox by the GENESYS_* variables (no profile). */
const toSandbox = (extra: Record<string, string> = {}) =>
  cleanEnv({ XDG_CONFIG_HOME: join(dir, 'no-config'), GENESYS_API_URL: sandbox.url, GENESYS_CLIENT_ID: 'cxgraph-demo', GENESYS_CLIENT_SECRET: 'cxgraph-demo-secret', ...extra });

/** Runs the binary with stdout on a file descriptor (a device such as /dev/full), stderr captured. */
function runToFd(args: string[], path: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const fd = openSync(path, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', fd, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(fd);
      resolve({ code, stderr });
    });
  });
}

const noStack = (r: Pick<Finished, 'stderr'>) => expect(r.stderr).not.toMatch(/\n\s+at |node:internal|\.js:\d+/);

describe('the program', () => {
  it('--version prints the package version: exit 0', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${VERSION}\n`);
      expect(r.stderr).toBe('');
    }
  });

  it('no credentials: exit 2, and the fix names --sandbox', async () => {
    const r = await runCli(['agents'], { env: cleanEnv({ XDG_CONFIG_HOME: join(dir, 'no-config') }), cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^cxgraph: No Genesys Cloud credentials[^\n]*\n  fix: To try cxgraph without an org, add --sandbox \(e\.g\. `cxgraph --sandbox live`\)/);
  });

  it("Genesys's own variables (GENESYSCLOUD_OAUTHCLIENT_ID/_SECRET) log in: exit 0", async () => {
    const env = cleanEnv({ XDG_CONFIG_HOME: join(dir, 'no-config'), GENESYS_API_URL: sandbox.url, GENESYSCLOUD_OAUTHCLIENT_ID: 'cxgraph-demo', GENESYSCLOUD_OAUTHCLIENT_SECRET: 'cxgraph-demo-secret' });
    const r = await runCli(['queues', '--json'], { env, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(sandbox.store.org.queues.length);
  });

  it('a profiles file others can write is refused: exit 2 with the chmod fix, and no secret is sent', async () => {
    const config = join(dir, 'shared-config');
    mkdirSync(join(config, 'cxgraph'), { recursive: true, mode: 0o700 });
    chmodSync(join(config, 'cxgraph'), 0o700);
    const file = join(config, 'cxgraph', 'profiles.json');
    writeFileSync(file, JSON.stringify({ default: 'p', profiles: { p: { apiUrl: sandbox.url, clientId: 'cxgraph-demo', clientSecret: 'cxgraph-demo-secret' } } }));
    chmodSync(file, 0o666);
    const before = sandbox.log.counters()['POST /oauth/token']?.requests ?? 0;
    const r = await runCli(['agents'], { env: cleanEnv({ XDG_CONFIG_HOME: config }), cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`cxgraph: ${file} is writable by every user (mode 666)`);
    expect(r.stderr).toContain(`fix: Run \`chmod 600 ${file}\``);
    expect(sandbox.log.counters()['POST /oauth/token']?.requests ?? 0).toBe(before);
    chmodSync(file, 0o600); // fixed as told: it is used
    const fixed = await runCli(['queues', '--json'], { env: cleanEnv({ XDG_CONFIG_HOME: config }), cwd: dir });
    expect(fixed.code, fixed.stderr).toBe(0);
  });
});

describe('stdout holds data only', () => {
  it('CXGRAPH_LOG_LEVEL=trace: log lines on stderr, --json still parses: exit 0', async () => {
    const r = await runCli(['queues', '--json'], { env: toSandbox({ CXGRAPH_LOG_LEVEL: 'trace' }), cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(sandbox.store.org.queues.length);
    expect(r.stderr).toMatch(/"msg":"logged in with client credentials"/);
    expect(r.stderr).not.toContain('cxgraph-demo-secret');
  });

  it('a rejected login writes nothing to stdout (no header-only TSV or CSV): exit 4', async () => {
    for (const format of [[], ['--csv']]) {
      const r = await runCli(['agents', ...format], { env: toSandbox({ GENESYS_CLIENT_SECRET: 'wrong' }), cwd: dir });
      expect(r.code).toBe(4);
      expect(r.stdout).toBe('');
    }
  });

  it('an empty result still prints its header line: exit 0', async () => {
    const r = await runCli([...SB, 'history', '--interval', '2030-01-01T00:00:00Z/2030-01-02T00:00:00Z', '--csv', '--fields', 'conversationId,start']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('conversationId,start\r\n');
  });

  it('stdout on a full device (> /dev/full): one line on stderr, exit 1, no stack trace', async () => {
    const r = await runToFd([...SB, 'agents'], '/dev/full', cleanEnv());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cxgraph: cannot write to stdout: no space left on the device (ENOSPC).\n');
  });
});

describe('lists and ranges', () => {
  it('a capped history says so on stderr, with the way to get more: exit 0', async () => {
    const r = await runCli([...SB, 'history', '--range', 'yesterday', '--limit', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1 + 3);
    expect(r.stderr).toMatch(/^cxgraph: showing the first 3 conversations; more started in 2026-03-09T00:00:00\.000Z\/2026-03-10T00:00:00\.000Z\. Raise --limit \(at most 100,000\), or use `cxgraph export` for all of them\.\n$/);
    const quiet = await runCli([...SB, '-q', 'history', '--range', 'yesterday', '--limit', '3']);
    expect(quiet.stderr).toBe('');
  });

  it.each([
    ['metrics', ['--range', 'last 99999 days'], 400],
    ['history', ['--range', 'last 401 days'], 400],
    ['export', ['--range', 'last 800 days'], 731],
  ])('%s over its maximum range: exit 2 before any upstream call', async (command, range, max) => {
    const before = JSON.stringify(sandbox.log.counters());
    const r = await runCli([command, ...range], { env: toSandbox(), cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^cxgraph: The range is [\\d,]+ days \\([^)]+\\); \`cxgraph ${command}\` takes at most ${max} days\\.`));
    noStack(r);
    // Not even a login: the range is checked before the first upstream call.
    expect(JSON.stringify(sandbox.log.counters())).toBe(before);
  });
});

describe('export -o', () => {
  const exportArgs = (out: string) => [...SB, 'export', '--interval', '2026-03-09T00:00:00Z/2026-03-09T03:00:00Z', '-o', out];

  it('-o - is stdout: exit 0, the same bytes as without -o, and no file named "-"', async () => {
    const cwd = mkdtempSync(join(dir, 'dash-'));
    const plain = await runCli(exportArgs('-').slice(0, -2), { cwd });
    const dash = await runCli(exportArgs('-'), { cwd });
    expect(dash.code).toBe(0);
    expect(dash.stdout.length).toBeGreaterThan(1000);
    expect(dash.stdout).toBe(plain.stdout);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a run that fails leaves an existing target byte-identical and no .part: exit 1', async () => {
    const target = join(dir, 'kept.ndjson');
    const ok = await runCli(exportArgs(target));
    expect(ok.code, ok.stderr).toBe(0);
    const good = readFileSync(target);
    expect(good.length).toBeGreaterThan(1000);
    // Every details query now fails: the export cannot complete.
    const env = toSandbox();
    sandbox.faults.set({ errorRate: 1, errorStatus: 503 });
    const failed = await runCli(['export', '--interval', '2026-03-09T00:00:00Z/2026-03-09T03:00:00Z', '-o', target], { env, cwd: dir });
    sandbox.faults.clear();
    expect(failed.code).toBe(1);
    noStack(failed);
    expect(readFileSync(target).equals(good)).toBe(true);
    expect(existsSync(`${target}.part`)).toBe(false);
  });

  it('a bad login leaves the target untouched: exit 4', async () => {
    const target = join(dir, 'login.ndjson');
    writeFileSync(target, 'yesterday\'s export\n');
    const r = await runCli(['export', '--range', 'yesterday', '-o', target], { env: toSandbox({ GENESYS_CLIENT_SECRET: 'wrong' }), cwd: dir });
    expect(r.code).toBe(4);
    expect(readFileSync(target, 'utf8')).toBe("yesterday's export\n");
  });

  it('-o /dev/full: exit 1 naming the path, no stack trace', async () => {
    const r = await runCli(exportArgs('/dev/full'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cxgraph: cannot write to \/dev\/full: no space left on the device \(ENOSPC\)\./);
    noStack(r);
  });

  it('--ndjson and --csv pick the format, as on every other command: exit 0', async () => {
    const csv = await runCli([...SB, 'export', '--interval', '2026-03-09T00:00:00Z/2026-03-09T01:00:00Z', '--csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^conversationId,start,/);
    const nd = await runCli([...SB, 'export', '--interval', '2026-03-09T00:00:00Z/2026-03-09T01:00:00Z', '--ndjson']);
    expect(nd.code).toBe(0);
    for (const line of nd.stdout.trimEnd().split('\n')) expect(JSON.parse(line)).toHaveProperty('conversationId');
  });
});
