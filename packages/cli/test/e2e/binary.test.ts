import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox, SimConversation } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, hasScript, inPty, runCli, startCli } from '../support/binary.js';
import { NOW, startSandbox } from '../support/sandbox.js';

/**
 * The built binary, end to end: what only a real process shows — exit codes through bin.ts, a real
 * terminal (a pty), pipes (backpressure, a reader that goes away), signals, stdin. Behaviour is tested
 * in-process (test/commands/); these keep dist/bin.js honest.
 */
const SB = ['--sandbox', '--sandbox-now', NOW];
const CLEAR = '\x1b[H\x1b[2J';
const DAY = 86_400_000;

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), 'cxgraph-e2e-'));
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Conversations that started yesterday (the sandbox's store, oldest first). */
function yesterday(): SimConversation[] {
  const from = Date.parse('2026-03-09T00:00:00Z');
  return sandbox.store.conversationsOfDay(from / DAY).filter((c) => c.start >= from && c.start < from + DAY);
}

describe('exit codes of the built binary', () => {
  it.each([
    { args: ['--help'], code: 0, stdout: /Exit codes:/, stderr: /^$/ },
    { args: ['agentz'], code: 2, stdout: /^$/, stderr: /unknown command 'agentz'[\s\S]*Did you mean agents\?/ },
    { args: [...SB, 'metrics', '--range', 'last fortnight'], code: 2, stdout: /^$/, stderr: /^cxgraph: Unknown time range "last fortnight"/ },
    { args: ['agents'], code: 2, stdout: /^$/, stderr: /No Genesys Cloud credentials/ },
    { args: [...SB, 'conversation', '00000000-0000-4000-8000-000000000000'], code: 1, stdout: /^$/, stderr: /not found\.\n  fix: / },
  ])('$args → $code', async ({ args, code, stdout, stderr }) => {
    const r = await runCli(args, { env: cleanEnv({ XDG_CONFIG_HOME: join(dir, 'none') }), cwd: dir });
    expect(r.code, r.stderr).toBe(code);
    expect(r.stdout).toMatch(stdout);
    expect(r.stderr).toMatch(stderr);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a rejected login is exit 4', async () => {
    const r = await runCli(['agents'], { env: cleanEnv({ XDG_CONFIG_HOME: join(dir, 'none'), GENESYS_API_URL: sandbox.url, GENESYS_CLIENT_ID: 'cxgraph-demo', GENESYS_CLIENT_SECRET: 'wrong-secret' }), cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('authentication failed');
  });
});

describe('pipes', () => {
  it('piped: TSV on stdout, nothing on stderr (no progress, no colour)', async () => {
    const r = await runCli([...SB, 'live', '--fields', 'id,state']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('id\tstate');
    expect(r.stdout.split('\n').length).toBeGreaterThan(5);
    expect(r.stderr).toBe('');
  });

  it('a slow reader of stdout gets every line: the export waits for it (backpressure), and loses nothing at exit', async () => {
    const want = yesterday();
    const pages = Math.ceil(want.length / 100);
    expect(pages).toBeGreaterThan(10);
    const details = () => sandbox.log.counters()['POST /api/v2/analytics/conversations/details/query']?.requests ?? 0;
    const before = details();
    const env = cleanEnv({ GENESYS_API_URL: sandbox.url, GENESYS_CLIENT_ID: 'cxgraph-demo', GENESYS_CLIENT_SECRET: 'cxgraph-demo-secret' });
    const child = spawn(process.execPath, [BIN, 'export', '--interval', '2026-03-09T00:00:00Z/2026-03-10T00:00:00Z'], { env, cwd: dir });
    child.stdout.pause(); // nobody reads: the pipe fills, and the export must wait instead of fetching on
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await expect.poll(details, { timeout: 90_000 }).toBeGreaterThan(before);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(details() - before).toBeLessThan(pages); // stalled on the full pipe, not fetching the whole day
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stdout.resume();
    const [code] = (await once(child, 'close')) as [number];
    expect(code, stderr).toBe(0);
    expect(Buffer.concat(chunks).toString('utf8').trimEnd().split('\n')).toHaveLength(want.length);
    expect(details() - before).toBeGreaterThanOrEqual(pages);
    expect(stderr).toMatch(new RegExp(`^exported ${want.length} conversations`));
  });

  it('a reader that goes away (`| head -1`, EPIPE) ends the export quietly with exit 0', async () => {
    const child = spawn(process.execPath, [BIN, ...SB, 'export', '--range', 'yesterday'], { env: cleanEnv() });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [first] = (await once(child.stdout, 'data')) as [Buffer];
    child.stdout.destroy(); // as head does after its line
    const [code] = (await once(child, 'close')) as [number];
    expect(first.toString()).toMatch(/^\{"conversationEnd"/);
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|error/i);
  });

  it('config set reads a secret from stdin (a pipe) and never shows it', async () => {
    const secret = 'sekret-from-a-pipe-2f81';
    const env = cleanEnv({ XDG_CONFIG_HOME: join(dir, 'stdin') });
    const child = spawn(process.execPath, [BIN, 'config', 'set', 'p', '--region', 'eu-west-1', '--client-id', 'id', '--client-secret', '-'], { env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.stdin.end(`${secret}\n`);
    const [code] = (await once(child, 'close')) as [number];
    expect(code, output).toBe(0);
    expect(output).toContain('Saved profile "p"');
    expect(output).not.toContain(secret);
    expect(JSON.parse(readFileSync(join(dir, 'stdin', 'cxgraph', 'profiles.json'), 'utf8')).profiles.p.clientSecret).toBe(secret);
  });
});

describe('signals', () => {
  it('--watch piped: snapshots until SIGINT, then exit 0', async () => {
    const { child, output } = await startCli([...SB, 'queue-stats', '--csv', '--watch', '1'], /(?:^queue,queueId,waiting,[^]*){2}/m);
    const closed = once(child, 'close');
    child.kill('SIGINT');
    expect(((await closed) as [number])[0]).toBe(0);
    expect(output()).toContain('cxgraph: snapshot 2026-03-10T14:30:00.000Z');
  });

  it('serve: the gateway answers, and SIGINT stops it with exit 0', async () => {
    const { child, match } = await startCli(['serve', '--port', '0', '--sandbox-port', '0'], /cxgraph gateway: (http:\/\/localhost:\d+\/graphql)/, { env: cleanEnv({ XDG_CONFIG_HOME: join(dir, 'none') }), cwd: dir });
    const closed = once(child, 'close');
    try {
      const res = await fetch(match[1]!.replace('localhost', '127.0.0.1'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ queues(first: 1) { edges { node { name } } } }' }) });
      expect(res.status).toBe(200);
    } finally {
      child.kill('SIGINT');
    }
    expect(((await closed) as [number])[0]).toBe(0);
  });

  it('sandbox: SIGTERM stops it with exit 0', async () => {
    const { child } = await startCli(['sandbox', '--port', '0'], /listening on http:\/\/127\.0\.0\.1:\d+/);
    const closed = once(child, 'close');
    child.kill('SIGTERM');
    expect(((await closed) as [number])[0]).toBe(0);
  });
});

describe.skipIf(!hasScript())('on a terminal (a pty)', () => {
  it('agents: the progress bar, then cleared, then the table', async () => {
    const { code, out } = await inPty([...SB, 'agents']);
    expect(code).toBe(0);
    expect(out).toMatch(/^.*Fetching agents… \d+ \| \d+s/);
    const table = out.slice(out.lastIndexOf('\x1b[2K') + '\x1b[2K'.length);
    const lines = table.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toMatch(/^ID +NAME +EMAIL +ROUTING +PRESENCE$/);
    expect(lines).toHaveLength(sandbox.store.org.agents.length + 1);
  });

  it('without NO_COLOR: a bold header', async () => {
    const env = cleanEnv({ TERM: 'xterm' });
    delete env.NO_COLOR;
    const { code, out } = await inPty([...SB, 'live', '--fields', 'id,state'], { env });
    expect(code).toBe(0);
    expect(out).toMatch(/^\x1b\[1mID +STATE\x1b\[22m\r\n/);
  });

  it('live --watch: redrawn in place until Ctrl-C, then exit 0 with the cursor shown again', async () => {
    const frames = (out: string) => out.split(CLEAR).length - 1;
    const { code, out } = await inPty([...SB, 'live', '--watch', '1'], { until: (o) => frames(o) >= 2 && o.endsWith('\r\n') });
    expect(code).toBe(0);
    expect(frames(out)).toBeGreaterThanOrEqual(2);
    expect(out.slice(out.lastIndexOf(CLEAR) + CLEAR.length)).toMatch(/^cxgraph live: \d+ conversations at 2026-03-10 14:30:00Z/);
    expect(out).toContain('\x1b[?25h');
  });
});
