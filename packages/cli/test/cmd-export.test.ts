import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSandbox, type Sandbox, type SimConversation } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli } from './run-cli.js';
import { csvRecords, hasScript } from './parse-output.js';

/**
 * `cxgraph export` as the built binary on its own sandbox (--sandbox, frozen clock), counted against the raw
 * simulated records of an independent sandbox with the same seed and instant.
 */
const NOW = '2026-03-10T14:30:00Z';
const NOW_MS = Date.parse(NOW);
const SB = ['--sandbox', '--sandbox-now', NOW];
const DAY = 86_400_000;
const CSV_COLUMNS = ['conversationId', 'start', 'end', 'durationMs', 'mediaType', 'direction', 'queues', 'agents', 'wrapUpCodes', 'participants'];

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await createSandbox({ seed: 1, now: NOW });
  dir = mkdtempSync(join(tmpdir(), 'cxgraph-export-'));
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Conversations that started in [from, to), from the store, oldest first. */
function started(from: number, to: number): SimConversation[] {
  const out: SimConversation[] = [];
  for (let day = Math.floor(from / DAY); day <= Math.floor((to - 1) / DAY); day++) {
    for (const c of sandbox.store.conversationsOfDay(day)) if (c.start >= from && c.start < to) out.push(c);
  }
  return out.sort((a, b) => a.start - b.start);
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');


/** Whether every object in `v` has its keys in sorted order, at every depth. */
function keysSorted(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(keysSorted);
  if (v === null || typeof v !== 'object') return true;
  const keys = Object.keys(v);
  return keys.every((k, i) => i === 0 || keys[i - 1]! < k) && Object.values(v).every(keysSorted);
}

describe('cxgraph export', () => {
  it('7 days to a file as NDJSON: one line per conversation that started in the interval, sorted keys, byte-identical across runs', async () => {
    const from = Date.parse('2026-03-03T00:00:00Z'); // "last 7 days": 7 whole days before today, and today so far
    const want = started(from, NOW_MS);
    expect(want.length).toBeGreaterThan(10_000);
    const a = join(dir, 'a.ndjson');
    const b = join(dir, 'b.ndjson');
    const first = await runCli([...SB, 'export', '--range', 'last 7 days', '-o', a], { timeoutMs: 120_000 });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(new RegExp(`^exported ${want.length} conversations in \\d+\\.\\ds to ${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n$`));
    const lines = readFileSync(a, 'utf8').split('\n');
    expect(lines.pop()).toBe(''); // ends with a newline
    expect(lines).toHaveLength(want.length);
    const ids = lines.map((l) => (JSON.parse(l) as { conversationId: string }).conversationId);
    expect(new Set(ids)).toEqual(new Set(want.map((c) => c.id)));
    const sample = JSON.parse(lines[1234]!) as { conversationId: string; participants: unknown[] };
    expect(keysSorted(sample)).toBe(true);
    expect(sample.participants.length).toBeGreaterThan(0); // the full record
    expect(Object.keys(sample)[0]).toBe('conversationEnd');

    const second = await runCli([...SB, 'export', '--range', 'last 7 days', '-o', b, '--quiet'], { timeoutMs: 120_000 });
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    expect(sha256(b)).toBe(sha256(a));
  });

  it('to stdout: NDJSON lines equal to the file export of the same range; the summary stays on stderr', async () => {
    const want = started(Date.parse('2026-03-09T00:00:00Z'), Date.parse('2026-03-10T00:00:00Z'));
    const file = join(dir, 'yesterday.ndjson');
    const toFile = await runCli([...SB, 'export', '--range', 'yesterday', '-o', file], { timeoutMs: 60_000 });
    const toStdout = await runCli([...SB, 'export', '--range', 'yesterday'], { timeoutMs: 60_000 });
    expect(toFile.code).toBe(0);
    expect(toStdout.code).toBe(0);
    expect(toStdout.stdout).toBe(readFileSync(file, 'utf8'));
    expect(toStdout.stdout.trimEnd().split('\n')).toHaveLength(want.length);
    expect(toStdout.stderr).toMatch(new RegExp(`^exported ${want.length} conversations in \\d+\\.\\ds\\n$`)); // no progress bar off a TTY
  });

  it('a slow reader of stdout gets every line: the export waits for it (backpressure) and loses nothing at exit', async () => {
    const want = started(Date.parse('2026-03-09T00:00:00Z'), Date.parse('2026-03-10T00:00:00Z'));
    const child = spawn(process.execPath, [BIN, ...SB, 'export', '--range', 'yesterday'], { env: cleanEnv() });
    child.stdout.pause(); // the pipe fills at once; the producer must wait, not buffer or drop
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(child.exitCode).toBeNull(); // still waiting for the reader
    child.stdout.resume();
    const [code] = (await once(child, 'close')) as [number];
    expect(code).toBe(0);
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(want.length);
    expect(stderr).toMatch(new RegExp(`^exported ${want.length} conversations`));
  });

  it('CSV: the history columns plus participants, parsed back (quoted fields with commas), one row per conversation', async () => {
    const from = Date.parse('2026-03-09T00:00:00Z');
    const want = started(from, Date.parse('2026-03-10T00:00:00Z'));
    const file = join(dir, 'yesterday.csv'); // a .csv name picks CSV
    const r = await runCli([...SB, 'export', '--range', 'yesterday', '-o', file], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    const [header, ...rows] = csvRecords(text);
    expect(header).toEqual(CSV_COLUMNS);
    expect(rows).toHaveLength(want.length);
    expect(rows.every((row) => row.length === CSV_COLUMNS.length)).toBe(true);
    const org = sandbox.store.org;
    const byId = new Map(want.map((c) => [c.id, c]));
    let multi = 0;
    for (const row of rows) {
      const o = Object.fromEntries(CSV_COLUMNS.map((k, i) => [k, row[i]!]));
      const c = byId.get(o.conversationId!)!;
      expect(c).toBeDefined();
      expect(Number(o.participants)).toBe(c.participants.length);
      expect(Number(o.durationMs)).toBe(c.end! - c.start);
      const agents = [...new Set(c.participants.filter((p) => p.userId && p.sessions.length > 0).map((p) => org.agentById.get(p.userId!)!.name))];
      expect(o.agents).toBe(agents.join(', '));
      if (agents.length > 1) {
        multi++;
        expect(text).toContain(`"${agents.join(', ')}"`); // quoted, because of the comma
      }
    }
    expect(multi).toBeGreaterThan(0);
  });

  it('-o truncates an existing file; --format csv wins over the file name', async () => {
    const file = join(dir, 'old.ndjson');
    writeFileSync(file, 'x'.repeat(50_000_000 / 100));
    const r = await runCli([...SB, 'export', '--range', 'last 2 hours', '--format', 'csv', '-o', file, '--quiet'], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith(`${CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(text).not.toContain('xxx');
    expect(csvRecords(text).length - 1).toBe(started(NOW_MS - 2 * 3_600_000, NOW_MS).length);
  });

  it('-o to a path that cannot be written: exit 1 naming the path, before anything is fetched', async () => {
    const path = join(dir, 'no-such-dir', 'out.ndjson');
    const r = await runCli([...SB, 'export', '--range', 'yesterday', '-o', path], { timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot write to ${path}`);
    expect(r.stderr).toContain('fix:');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    const isDir = await runCli([...SB, 'export', '-o', dir], { timeoutMs: 60_000 });
    expect(isDir.code).toBe(1);
    expect(isDir.stderr).toContain(`cannot write to ${dir}: it is a directory`);
    expect(existsSync(path)).toBe(false);
  });

  it.skipIf(!hasScript())('on a TTY: a progress count on stderr, and the same bytes in the file', async () => {
    const file = join(dir, 'tty.ndjson');
    const reference = join(dir, 'ref.ndjson');
    await runCli([...SB, 'export', '--range', 'yesterday', '-o', reference, '--quiet'], { timeoutMs: 60_000 });
    const cmd = [process.execPath, BIN, ...SB, 'export', '--range', 'yesterday', '-o', file].join(' ');
    const { stdout } = await promisify(execFile)('script', ['-qfec', cmd, '/dev/null'], { env: cleanEnv({ TERM: 'xterm' }), timeout: 120_000 });
    expect(stdout).toContain('Exporting conversations');
    expect(stdout).toMatch(/exported \d+ conversations in \d+\.\ds/);
    expect(sha256(file)).toBe(sha256(reference));
  });
});

describe('cxgraph export: bad invocations are usage errors', () => {
  it.each([
    [['export', '--format', 'xml'], /argument 'xml' is invalid\. Allowed choices are ndjson, csv/],
    [['export', '--json'], /unknown option '--json'/],
    [['export', '--interval', 'last week'], /Invalid interval "last week"/],
    [['export', '--media', 'voice,carrier-pigeon'], /Unknown media type "carrier-pigeon"/],
    [['export', '--range', 'today', '--interval', '2026-03-01T00:00:00Z/2026-03-02T00:00:00Z'], /cannot be used with option '--interval/],
  ])('%j', async (args, message) => {
    const r = await runCli([...SB, ...args], { timeoutMs: 60_000 });
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
