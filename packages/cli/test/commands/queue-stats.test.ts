import type { CxGraphClient } from '@cxgraph/core';
import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/commands/queue-stats.js';
import { CLEAR_SCREEN } from '../../src/output/watch.js';
import { fakeIo, type FakeIoOptions } from '../support/io.js';
import { asText, parseCsv, parseTsv, type Obj } from '../support/parse.js';
import { coreClient, NOW, startSandbox, testDeps, type TestDepsOptions } from '../support/sandbox.js';

/** An instant when people wait in two queues (seed 1). */
const BUSY = '2026-03-10T10:15:00Z';
const COLUMNS = ['queue', 'queueId', 'waiting', 'interacting', 'alerting', 'agentsOnQueue', 'longestWaitMs', 'members', 'at'];

// The independent path: core's observations, names from the sandbox's own records.
let sandbox: Sandbox;
let client: CxGraphClient;
let queues: Array<{ id: string; name: string }>;

/** Core's observations for these queues at the sandbox's instant, as rows. */
async function expectedRows(ids = queues.map((q) => q.id)): Promise<Obj[]> {
  const stats = await client.live.queueStats(ids);
  const name = new Map(sandbox.store.org.queues.map((q) => [q.id, q.name]));
  return ids.map((id) => {
    const s = stats.find((x) => x.queueId === id)!;
    const at = new Date(sandbox.clock.now()).toISOString(); // the clock is frozen: the snapshot's time
    return { queue: name.get(id)!, queueId: id, waiting: s.waiting, interacting: s.interacting, alerting: s.alerting, agentsOnQueue: s.agentsOnQueue, longestWaitMs: s.longestWaitMs ?? null, members: s.members, at };
  });
}

beforeAll(async () => {
  sandbox = await startSandbox();
  client = coreClient(sandbox);
  queues = [];
  for await (const q of client.directory.listQueues()) queues.push({ id: q.id!, name: q.name! });
});
beforeEach(() => sandbox.clock.set(NOW, { frozen: true }));
afterAll(() => sandbox?.close());

async function queueStats(opts: Parameters<typeof run>[0], io: FakeIoOptions = {}, deps: TestDepsOptions = {}) {
  const fake = fakeIo(io);
  const d = testDeps(sandbox, fake, deps);
  const rows = await run(opts, d);
  return { rows, out: fake.stdout(), err: fake.stderrText(), sleeps: d.sleeps() };
}

describe('cxgraph queue-stats', () => {
  it('observations: every queue, members as the sandbox has them', async () => {
    const expected = await expectedRows();
    expect(expected).toHaveLength(sandbox.store.org.queues.length);
    for (const row of expected) expect(row.members).toBe(sandbox.store.org.queues.find((q) => q.name === row.queue)!.memberIds.length);
    expect(expected.some((r) => Number(r.interacting) > 0)).toBe(true);
  });

  it('--json: all queues by default; run returns the rows', async () => {
    const r = await queueStats({ format: 'json' });
    const rows = JSON.parse(r.out) as Obj[];
    expect(rows).toEqual(await expectedRows());
    expect(Object.keys(rows[0]!)).toEqual(COLUMNS);
    expect(r.rows.map((x) => x.name)).toEqual(queues.map((q) => q.name));
  });

  it('--json at a busy instant: waiting and the longest wait in ms', async () => {
    sandbox.clock.set(BUSY, { frozen: true });
    const want = await expectedRows();
    expect(want.some((r) => Number(r.waiting) > 0 && Number(r.longestWaitMs) > 0)).toBe(true);
    expect(JSON.parse((await queueStats({ format: 'json' })).out)).toEqual(want);
  });

  it('--ndjson', async () => {
    const r = await queueStats({ format: 'ndjson' });
    expect(r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Obj)).toEqual(await expectedRows());
  });

  it('--csv', async () => {
    const r = await queueStats({ format: 'csv' });
    expect(r.out.split('\r\n')[0]).toBe(COLUMNS.join(','));
    expect(parseCsv(r.out)).toEqual((await expectedRows()).map(asText));
  });

  it('piped: TSV (no wait: an empty cell), no ANSI', async () => {
    const r = await queueStats({});
    const { header, rows } = parseTsv(r.out);
    expect(header).toEqual(COLUMNS);
    expect(rows).toEqual((await expectedRows()).map(asText));
    expect(r.out + r.err).not.toContain('\x1b');
  });

  it('on a terminal: an aligned table; the longest wait for people', async () => {
    sandbox.clock.set(BUSY, { frozen: true });
    const want = await expectedRows();
    const r = await queueStats({}, { isTTY: true, env: { NO_COLOR: '1' } });
    const lines = r.out.split('\n').filter((l) => l !== '');
    expect(lines[0]).toMatch(/^QUEUE +WAITING +INTERACTING +ALERTING +ON QUEUE +LONGEST WAIT +MEMBERS$/);
    expect(lines.slice(1)).toHaveLength(want.length);
    lines.slice(1).forEach((line, i) => {
      const w = want[i]!;
      expect(line.startsWith(String(w.queue))).toBe(true);
      expect(line.length).toBe(lines[0]!.length); // numbers right-aligned to the header's edge
      const cells = line.slice(lines[0]!.indexOf('WAITING') - 2).trim().split(/ {2,}/);
      const wait = w.longestWaitMs === null ? '-' : `${Math.floor(Number(w.longestWaitMs) / 60_000)}m ${String(Math.floor((Number(w.longestWaitMs) % 60_000) / 1000)).padStart(2, '0')}s`;
      expect(cells).toEqual([String(w.waiting), String(w.interacting), String(w.alerting), String(w.agentsOnQueue), wait, String(w.members)]);
    });
  });

  it('--queue takes names (any case) and ids, in the order given, each once', async () => {
    const [a, b] = [queues[3]!, queues[0]!];
    const r = await queueStats({ format: 'json', queue: [a.name.toUpperCase(), b.id, a.id] });
    expect(JSON.parse(r.out)).toEqual(await expectedRows([a.id, b.id]));
  });

  it('an unknown queue: a usage error naming the known ones, nothing written', async () => {
    const fake = fakeIo();
    const failed = run({ queue: ['Billing', 'Nowhere'] }, testDeps(sandbox, fake));
    await expect(failed).rejects.toMatchObject({ name: 'UsageError' });
    const message = ((await failed.catch((e: unknown) => e)) as Error).message;
    expect(message).toContain('Unknown queue "Nowhere". Queues (by name or id): ');
    for (const q of queues) expect(message).toContain(q.name);
    expect(fake.stdout()).toBe('');
  });

  it('--fields picks and orders', async () => {
    const r = await queueStats({ format: 'csv', fields: ['waiting', 'queue'] });
    expect(r.out.split('\r\n')[0]).toBe('waiting,queue');
    expect(parseCsv(r.out)).toEqual((await expectedRows()).map((e) => asText({ waiting: e.waiting!, queue: e.queue! })));
  });

  it('--watch on a terminal: a wallboard redrawn in place with a trend column; stops when interrupted', async () => {
    const r = await queueStats({ watch: 1 }, { isTTY: true, env: { NO_COLOR: '1' } }, { interruptAfterSleeps: 3 });
    const frames = r.out.split(CLEAR_SCREEN).slice(1);
    expect(frames).toHaveLength(3);
    expect(r.sleeps).toBe(3);
    const last = frames[2]!.split('\n');
    // Notifications stream from the sandbox: the figures come from the live state, pushed.
    expect(last[0]).toBe(`cxgraph queue-stats: ${queues.length} queues, 0 waiting at 2026-03-10 14:30:00Z (pushed)  (every 1s; Ctrl-C to stop)`);
    expect(last[2]).toMatch(/^QUEUE +WAITING .* MEMBERS +WAITING TREND$/);
    // Nobody waits at this instant: a flat trend, one mark per refresh so far.
    expect(last[3]).toMatch(/ ▁▁▁$/);
    expect(frames[0]!.split('\n')[3]).toMatch(/ ▁$/);
    expect(r.out.endsWith('\x1b[?25h')).toBe(true); // the cursor is shown again
  });

  it('--watch piped: one CSV snapshot (with its header) per interval, each announced on stderr', async () => {
    const r = await queueStats({ format: 'csv', watch: 1 }, {}, { interruptAfterSleeps: 2 });
    const snapshots = r.out.split(/(?=^queue,queueId,waiting,)/m);
    expect(snapshots).toHaveLength(2);
    const expected = (await expectedRows()).map(asText);
    for (const s of snapshots) expect(parseCsv(s)).toEqual(expected);
    expect(r.err).toBe(`cxgraph: snapshot 2026-03-10T14:30:00.000Z, ${queues.length} rows\n`.repeat(2));
    expect(r.out).not.toContain('\x1b');
  });
});
