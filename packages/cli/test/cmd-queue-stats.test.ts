import { createClient, type CxGraphClient } from '@cxgraph/core';
import { createSandbox, type Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from './run-cli.js';
import { type Obj, asText, parseCsv, parseTsv, inPty } from './parse-output.js';

const NOW = '2026-03-10T14:30:00Z';
const SB = ['--sandbox', '--sandbox-now', NOW];
/** An instant when people wait in two queues (seed 1). */
const BUSY = '2026-03-10T10:15:00Z';
const CLEAR = '\x1b[H\x1b[2J';

// ---- the independent path: core on a sandbox of this process, same seed and instant ----
let sandbox: Sandbox;
let client: CxGraphClient;
let queues: Array<{ id: string; name: string }>;
const COLUMNS = ['queue', 'waiting', 'interacting', 'alerting', 'agentsOnQueue', 'longestWaitMs', 'members'];

/** Core's observations for these queues at `at`, as rows. */
async function expectedAt(at: string, ids = queues.map((q) => q.id)): Promise<Obj[]> {
  sandbox.clock.set(at, { frozen: true });
  const stats = await client.live.queueStats(ids);
  const name = new Map(sandbox.store.org.queues.map((q) => [q.id, q.name]));
  return ids.map((id) => {
    const s = stats.find((x) => x.queueId === id)!;
    return { queue: name.get(id)!, waiting: s.waiting, interacting: s.interacting, alerting: s.alerting, agentsOnQueue: s.agentsOnQueue, longestWaitMs: s.longestWaitMs ?? null, members: s.members };
  });
}

let expected: Obj[];

beforeAll(async () => {
  sandbox = await createSandbox({ seed: 1, now: NOW });
  client = createClient({ apiUrl: sandbox.url, clientId: 'cxgraph-demo', clientSecret: 'cxgraph-demo-secret', now: () => sandbox.clock.now(), sources: { env: {}, dotenv: false } });
  queues = [];
  for await (const q of client.directory.listQueues()) queues.push({ id: q.id!, name: q.name! });
  expected = await expectedAt(NOW);
});
afterAll(async () => {
  await sandbox?.close();
});

describe('cxgraph queue-stats', () => {
  it('observations: every queue, members as the sandbox has them', () => {
    expect(expected).toHaveLength(sandbox.store.org.queues.length);
    for (const row of expected) expect(row.members).toBe(sandbox.store.org.queues.find((q) => q.name === row.queue)!.memberIds.length);
    expect(expected.some((r) => Number(r.interacting) > 0)).toBe(true);
  });

  it('--json: all queues by default', async () => {
    const r = await runCli(['queue-stats', ...SB, '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Obj[];
    expect(rows).toEqual(expected);
    expect(Object.keys(rows[0]!)).toEqual(COLUMNS);
  });

  it('--json at a busy instant: waiting and the longest wait in ms', async () => {
    const want = await expectedAt(BUSY);
    expect(want.some((r) => Number(r.waiting) > 0 && Number(r.longestWaitMs) > 0)).toBe(true);
    const r = await runCli(['queue-stats', '--sandbox', '--sandbox-now', BUSY, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(want);
  });

  it('--ndjson', async () => {
    const r = await runCli(['queue-stats', ...SB, '--ndjson']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Obj)).toEqual(expected);
  });

  it('--csv', async () => {
    const r = await runCli(['queue-stats', ...SB, '--csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\r\n')[0]).toBe(COLUMNS.join(','));
    expect(parseCsv(r.stdout)).toEqual(expected.map(asText));
  });

  it('piped: TSV (no wait: an empty cell), no ANSI', async () => {
    const r = await runCli(['queue-stats', ...SB]);
    expect(r.code).toBe(0);
    const { header, rows } = parseTsv(r.stdout);
    expect(header).toEqual(COLUMNS);
    expect(rows).toEqual(expected.map(asText));
    expect(r.stdout + r.stderr).not.toContain('\x1b');
  });

  it('on a terminal: an aligned table; the longest wait for people', async () => {
    const want = await expectedAt(BUSY);
    const { code, out } = await inPty(['queue-stats', '--sandbox', '--sandbox-now', BUSY]);
    expect(code).toBe(0);
    const lines = out.split('\r\n').filter((l) => l !== '');
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
    const r = await runCli(['queue-stats', ...SB, '--queue', `${a.name.toUpperCase()},${b.id}`, '--queue', a.id, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(await expectedAt(NOW, [a.id, b.id]));
  });

  it('an unknown queue: exit 2 naming the known ones', async () => {
    const r = await runCli(['queue-stats', ...SB, '--queue', 'Billing,Nowhere']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown queue "Nowhere". Queues (by name or id): ');
    for (const q of queues) expect(r.stderr).toContain(q.name);
    expect(r.stdout).toBe('');
  });

  it('--fields picks and orders; unknown field and two formats: exit 2', async () => {
    const r = await runCli(['queue-stats', ...SB, '--fields', 'waiting,queue', '--csv']);
    expect(r.stdout.split('\r\n')[0]).toBe('waiting,queue');
    expect(parseCsv(r.stdout)).toEqual(expected.map((e) => asText({ waiting: e.waiting!, queue: e.queue! })));
    const bad = await runCli(['queue-stats', ...SB, '--fields', 'queue,abandoned']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown field "abandoned". Available fields: queue, waiting, interacting, alerting, agentsOnQueue, longestWaitMs, members.');
    const two = await runCli(['queue-stats', ...SB, '--csv', '--json']);
    expect(two.code).toBe(2);
  });

  it('--watch 1 on a terminal: a wallboard redrawn in place with a trend column; Ctrl-C exits 0', async () => {
    const frames = (out: string) => out.split(CLEAR).length - 1;
    const { code, out } = await inPty(['queue-stats', ...SB, '--watch', '1'], { until: (o) => frames(o) >= 3 && o.endsWith('\r\n') });
    expect(code).toBe(0);
    expect(frames(out)).toBeGreaterThanOrEqual(3);
    const last = out.slice(out.lastIndexOf(CLEAR) + CLEAR.length).split('\r\n');
    expect(last[0]).toBe(`cxgraph queue-stats: ${queues.length} queues, 0 waiting at 2026-03-10 14:30:00Z  (every 1s; Ctrl-C to stop)`);
    expect(last[2]).toMatch(/^QUEUE +WAITING .* MEMBERS +WAITING TREND$/);
    // Nobody waits at this instant: a flat trend, one mark per refresh so far.
    expect(last[3]).toMatch(/ ▁{3,}$/);
  });

  it('--watch piped: one CSV snapshot (with its header) per interval; SIGINT exits 0', async () => {
    const { child, output } = await startCli(['queue-stats', ...SB, '--csv', '--watch', '1'], new RegExp(`(?:^queue,[^]*){2}(?:.*\\r\\n){${queues.length}}`, 'm'));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await closed).toBe(0);
    const text = output();
    const snapshots = text.split(/(?=^queue,waiting,)/m).filter((s) => s.startsWith('queue,'));
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    expect(parseCsv(snapshots[0]!)).toEqual(expected.map(asText));
    expect(parseCsv(snapshots[1]!.split('cxgraph: snapshot')[0]!)).toEqual(expected.map(asText));
    expect(text).not.toContain('\x1b');
  });
});
