import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox, SimConversation } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type ExportOptions } from '../../src/commands/export.js';
import { OutputError } from '../../src/errors.js';
import { exitCodeFor } from '../../src/exit-codes.js';
import { fakeIo, type FakeIoOptions } from '../support/io.js';
import { csvRecords } from '../support/parse.js';
import { NOW_MS, startSandbox, testDeps } from '../support/sandbox.js';

/** `cxgraph export` in-process on a sandbox, counted against the raw simulated records (the sandbox's store). */
const DAY = 86_400_000;
const CSV_COLUMNS = ['conversationId', 'start', 'end', 'durationMs', 'mediaType', 'direction', 'queues', 'agents', 'wrapUpCodes', 'participants'];
const YESTERDAY = { from: Date.parse('2026-03-09T00:00:00Z'), to: Date.parse('2026-03-10T00:00:00Z') };

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox();
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
const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether every object in `v` has its keys in sorted order, at every depth. */
function keysSorted(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(keysSorted);
  if (v === null || typeof v !== 'object') return true;
  const keys = Object.keys(v);
  return keys.every((k, i) => i === 0 || keys[i - 1]! < k) && Object.values(v).every(keysSorted);
}

async function exportRun(opts: ExportOptions, io: FakeIoOptions = {}, quiet = false) {
  const fake = fakeIo(io);
  const { count } = await run(opts, testDeps(sandbox, fake, { quiet }));
  return { count, out: fake.stdout(), err: fake.stderrText() };
}

describe('cxgraph export', () => {
  it('7 days to a file as NDJSON: one line per conversation that started in the interval, sorted keys, byte-identical across runs', async () => {
    const want = started(Date.parse('2026-03-03T00:00:00Z'), NOW_MS); // "last 7 days": 7 whole days before today, and today so far
    expect(want.length).toBeGreaterThan(10_000);
    const a = join(dir, 'a.ndjson');
    const b = join(dir, 'b.ndjson');
    const first = await exportRun({ range: 'last 7 days', output: a });
    expect(first.count).toBe(want.length);
    expect(first.out).toBe('');
    expect(first.err).toMatch(new RegExp(`^exported ${want.length} conversations in \\d+\\.\\ds to ${escaped(a)}\\n$`));
    const lines = readFileSync(a, 'utf8').split('\n');
    expect(lines.pop()).toBe(''); // ends with a newline
    expect(lines).toHaveLength(want.length);
    const ids = lines.map((l) => (JSON.parse(l) as { conversationId: string }).conversationId);
    expect(new Set(ids)).toEqual(new Set(want.map((c) => c.id)));
    const sample = JSON.parse(lines[1234]!) as { conversationId: string; participants: unknown[] };
    expect(keysSorted(sample)).toBe(true);
    expect(sample.participants.length).toBeGreaterThan(0); // the full record
    expect(Object.keys(sample)[0]).toBe('conversationEnd');

    const second = await exportRun({ range: 'last 7 days', output: b }, {}, true);
    expect(second.err).toBe('');
    expect(sha256(b)).toBe(sha256(a));
  });

  it('to stdout: NDJSON lines equal to the file export of the same range; the summary stays on stderr', async () => {
    const want = started(YESTERDAY.from, YESTERDAY.to);
    const file = join(dir, 'yesterday.ndjson');
    await exportRun({ range: 'yesterday', output: file });
    const toStdout = await exportRun({ range: 'yesterday' });
    expect(toStdout.out).toBe(readFileSync(file, 'utf8'));
    expect(toStdout.out.trimEnd().split('\n')).toHaveLength(want.length);
    expect(toStdout.err).toMatch(new RegExp(`^exported ${want.length} conversations in \\d+\\.\\ds\\n$`)); // no progress bar off a TTY
  });

  it('CSV: the history columns plus participants, parsed back (quoted fields with commas), one row per conversation', async () => {
    const want = started(YESTERDAY.from, YESTERDAY.to);
    const file = join(dir, 'yesterday.csv'); // a .csv name picks CSV
    await exportRun({ range: 'yesterday', output: file });
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
    writeFileSync(file, 'x'.repeat(500_000));
    await exportRun({ range: 'last 2 hours', format: 'csv', output: file }, {}, true);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith(`${CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(text).not.toContain('xxx');
    expect(csvRecords(text).length - 1).toBe(started(NOW_MS - 2 * 3_600_000, NOW_MS).length);
  });

  it('-o to a path that cannot be written: an OutputError (exit 1) naming the path, before anything is fetched', async () => {
    const details = () => sandbox.log.counters()['POST /api/v2/analytics/conversations/details/query']?.requests ?? 0;
    const before = details();
    const path = join(dir, 'no-such-dir', 'out.ndjson');
    const missing = await exportRun({ range: 'yesterday', output: path }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OutputError);
    expect(exitCodeFor(missing)).toBe(1);
    expect((missing as OutputError).message).toBe(`cannot write to ${path}: its directory does not exist (ENOENT).`);
    expect((missing as OutputError).hint).toMatch(/leave out -o to write to stdout/);
    const isDir = await exportRun({ output: dir }).catch((e: unknown) => e);
    expect((isDir as OutputError).message).toBe(`cannot write to ${dir}: it is a directory (EISDIR).`);
    expect(existsSync(path)).toBe(false);
    expect(details()).toBe(before);
  });

  it('on a terminal: a progress count on stderr while writing a file, and the same bytes in the file', async () => {
    const file = join(dir, 'tty.ndjson');
    const reference = join(dir, 'ref.ndjson');
    await exportRun({ range: 'yesterday', output: reference }, {}, true);
    const r = await exportRun({ range: 'yesterday', output: file }, { isTTY: true, stderrTTY: true });
    expect(r.err).toContain('Exporting conversations');
    expect(r.err).toMatch(/exported \d+ conversations in \d+\.\ds/);
    expect(sha256(file)).toBe(sha256(reference));
    // To stdout on the same terminal: no bar over the data.
    const onScreen = await exportRun({ range: 'last 2 hours' }, { isTTY: true, stderrTTY: true });
    expect(onScreen.err).not.toContain('Exporting conversations');
  });
});
