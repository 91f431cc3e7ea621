import type { CxGraphClient, LiveConversation } from '@cxgraph/core';
import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveRows, run } from '../../src/commands/live.js';
import { CLEAR_SCREEN } from '../../src/output/watch.js';
import { fakeIo, type FakeIoOptions } from '../support/io.js';
import { asText, parseCsv, parseTsv, type Obj } from '../support/parse.js';
import { coreClient, startSandbox, testDeps, type TestDepsOptions } from '../support/sandbox.js';

const COLUMNS = ['id', 'startTime', 'durationMs', 'mediaType', 'direction', 'queue', 'queueId', 'agents', 'state'];

// The independent path: core on the sandbox, names from the sandbox's own records.
let sandbox: Sandbox;
let client: CxGraphClient;
let live: LiveConversation[];
let queueName: Map<string, string>;
let userName: Map<string, string>;

const expectedRow = (c: LiveConversation): Obj => {
  // Agents: users in the conversation, as `agent` (ACD) or `user` (an agent's own outbound call).
  const agentIds = [...new Set(c.participants.filter((p) => (p.purpose === 'agent' || p.purpose === 'user') && p.userId).map((p) => p.userId!))];
  const customer = c.participants.find((p) => p.purpose === 'customer') ?? c.participants.find((p) => p.purpose === 'external');
  return {
    id: c.id,
    startTime: c.startTime,
    durationMs: c.durationMs,
    mediaType: c.mediaType ?? null,
    direction: c.direction ?? null,
    queue: c.queueId ? (queueName.get(c.queueId) ?? null) : null,
    queueId: c.queueId ?? null,
    agents: agentIds.map((id) => ({ id, name: userName.get(id) ?? null })),
    state: customer?.state ?? null,
  };
};

beforeAll(async () => {
  sandbox = await startSandbox();
  client = coreClient(sandbox);
  live = await client.live.list();
  queueName = new Map(sandbox.store.org.queues.map((q) => [q.id, q.name]));
  userName = new Map(sandbox.store.org.agents.map((a) => [a.id, a.name]));
});
afterAll(() => sandbox?.close());

/** A client whose live state cannot stream (notifications off): the polling path. */
const pollingClient = (): CxGraphClient => {
  const c = coreClient(sandbox);
  c.liveState({ notifications: false });
  return c;
};

async function runLive(opts: Parameters<typeof run>[0], io: FakeIoOptions = {}, deps: TestDepsOptions = {}) {
  const fake = fakeIo(io);
  const rows = await run(opts, testDeps(sandbox, fake, deps));
  return { rows, out: fake.stdout(), err: fake.stderrText() };
}

describe('cxgraph live', () => {
  it('the sandbox has live conversations to show, some with a queue and agents', () => {
    expect(live.length).toBeGreaterThan(5);
    expect(live.some((c) => c.queueId && c.participants.some((p) => p.purpose === 'agent'))).toBe(true);
  });

  it('--json: every conversation with its queue and agent names, as core sees them', async () => {
    const r = await runLive({ format: 'json' });
    const rows = JSON.parse(r.out) as Obj[];
    expect(rows).toEqual(live.map(expectedRow));
    expect(Object.keys(rows[0]!)).toEqual(COLUMNS);
    expect(rows.some((x) => x.queue && (x.agents as unknown[]).length > 0)).toBe(true);
    // Machine formats carry lists as lists: each agent with its id (a script needs no second lookup).
    expect(rows.some((x) => (x.agents as unknown[]).length > 1)).toBe(true);
    expect(r.err).toBe('');
    expect(r.rows.map((x) => x.conversation.id)).toEqual(live.map((c) => c.id));
  });

  it('--ndjson: one object per line, the same figures', async () => {
    const r = await runLive({ format: 'ndjson' });
    expect(r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Obj)).toEqual(live.map(expectedRow));
  });

  it('--csv: RFC 4180 (agents with commas quoted), the same figures', async () => {
    const r = await runLive({ format: 'csv' });
    expect(r.out.startsWith(`${COLUMNS.join(',')}\r\n`)).toBe(true);
    const rows = parseCsv(r.out);
    expect(rows).toEqual(live.map(expectedRow).map(asText));
    expect(rows.some((x) => x.agents!.includes(', '))).toBe(true); // a transferred one: two agents
    expect(r.out).toMatch(/,"[^",]+, [^",]+",/);
  });

  it('piped with no flag: TSV with a header line, no ANSI, no progress', async () => {
    const r = await runLive({});
    const { header, rows } = parseTsv(r.out);
    expect(header).toEqual(COLUMNS);
    expect(rows).toEqual(live.map(expectedRow).map(asText));
    expect(r.out + r.err).not.toContain('\x1b');
    expect(r.err).toBe('');
  });

  it('on a terminal: an aligned table with a header, times and durations for people', async () => {
    const r = await runLive({}, { isTTY: true, env: { NO_COLOR: '1' } });
    const lines = r.out.split('\n').filter((l) => l !== '');
    const header = lines[0]!;
    expect(header).toMatch(/^ID +START +DURATION +MEDIA +DIRECTION +QUEUE +AGENTS +STATE$/);
    expect(lines).toHaveLength(live.length + 1);
    const at = (name: string) => header.indexOf(name);
    lines.slice(1).forEach((line, i) => {
      const c = live[i]!;
      expect(line.startsWith(c.id)).toBe(true);
      expect(line.indexOf('2026-03-')).toBe(at('START'));
      expect(line.slice(at('MEDIA')).startsWith(c.mediaType!)).toBe(true);
      // DURATION is right-aligned: it ends where its header ends.
      expect(line[at('DURATION') + 'DURATION'.length - 1]).toMatch(/[0-9sm]/);
    });
    expect(r.out).not.toContain('\x1b');
  });

  it('on a terminal without NO_COLOR: a bold header; with NO_COLOR, or TERM=dumb: no escape at all', async () => {
    const coloured = await runLive({ fields: ['id', 'state'] }, { isTTY: true, env: { TERM: 'xterm' } });
    expect(coloured.out).toMatch(/^\x1b\[1mID +STATE\x1b\[22m\n/);
    for (const env of [{ TERM: 'xterm', NO_COLOR: '1' }, { TERM: 'dumb' }]) expect((await runLive({ fields: ['id', 'state'] }, { isTTY: true, env })).out).not.toContain('\x1b');
  });

  it('--fields picks and orders the columns, in every format', async () => {
    const r = await runLive({ format: 'json', fields: ['state', 'id', 'queue'] });
    const rows = JSON.parse(r.out) as Obj[];
    expect(rows.map((x) => Object.keys(x))).toEqual(live.map(() => ['state', 'id', 'queue']));
    expect(rows).toEqual(live.map(expectedRow).map((e) => ({ state: e.state, id: e.id, queue: e.queue })));
    expect((await runLive({ fields: ['durationMs', 'id'] })).out.split('\n')[0]).toBe('durationMs\tid');
  });

  it('filters: --media, --queue (by id or by name) and --agent ask core for the same conversations', async () => {
    const withQueue = live.find((c) => c.queueId && c.participants.some((p) => p.purpose === 'agent'))!;
    const agentId = withQueue.participants.find((p) => p.purpose === 'agent')!.userId!;
    const name = queueName.get(withQueue.queueId!)!;
    const cases: Array<[Parameters<typeof run>[0], Parameters<CxGraphClient['live']['list']>[0]]> = [
      [{ media: ['voice'] }, { mediaTypes: ['voice'] }],
      [{ media: ['chat', 'message', 'email'] }, { mediaTypes: ['chat', 'message', 'email'] }],
      [{ queue: [withQueue.queueId!] }, { queueIds: [withQueue.queueId!] }],
      [{ queue: [name.toLowerCase()] }, { queueIds: [withQueue.queueId!] }],
      [{ agent: [agentId] }, { agentIds: [agentId] }],
      [{ agent: [userName.get(agentId)!.toUpperCase()] }, { agentIds: [agentId] }],
    ];
    for (const [opts, filter] of cases) {
      const r = await runLive({ ...opts, format: 'json' });
      const want = await client.live.list(filter);
      expect(want.length, JSON.stringify(opts)).toBeGreaterThan(0);
      expect(JSON.parse(r.out), JSON.stringify(opts)).toEqual(want.map(expectedRow));
    }
  });

  it('an unknown --queue name is a usage error naming the queues', async () => {
    await expect(run({ queue: ['Nowhere'] }, testDeps(sandbox, fakeIo()))).rejects.toMatchObject({ name: 'UsageError', message: expect.stringContaining('Unknown queue "Nowhere". Queues (by name or id): ') });
  });

  it('an unknown --agent name is a usage error naming the closest agents, never an empty list', async () => {
    const vera = sandbox.store.org.agents.find((a) => a.name.split(' ').length === 2)!;
    const typo = `${vera.name.slice(0, -1)}x`; // the last letter wrong
    await expect(run({ agent: [typo] }, testDeps(sandbox, fakeIo()))).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringMatching(new RegExp(`^Unknown agent "${typo}"\\. Closest: [^.]*"${vera.name}"`)),
    });
  });

  it('names queues and agents with one getQueues and one getUsers call', async () => {
    const fresh = coreClient(sandbox);
    const rows = await liveRows(fresh, {});
    expect(rows.map((r) => r.conversation.id)).toEqual(live.map((c) => c.id));
    const calls = fresh.stats().byEndpoint;
    expect(calls['GET /api/v2/routing/queues']?.calls).toBe(1);
    expect(calls['GET /api/v2/users']?.calls).toBe(1);
    expect(calls['POST /api/v2/analytics/conversations/details/query']?.calls).toBe(1);
  });

  it('--watch without notifications (polling) redraws the table in place under its title until interrupted', async () => {
    const r = await runLive({ watch: 1 }, { isTTY: true, env: { NO_COLOR: '1' } }, { interruptAfterSleeps: 2, client: pollingClient() });
    const frames = r.out.split(CLEAR_SCREEN).slice(1);
    expect(frames).toHaveLength(2);
    expect(frames[1]).toMatch(new RegExp(`^cxgraph live: ${live.length} conversations at 2026-03-10 14:30:00Z  \\(every 1s; Ctrl-C to stop\\)\\n\\nID +START +DURATION`));
    expect(r.out.startsWith('\x1b[?25l')).toBe(true); // the cursor hidden, then shown again
    expect(r.out.endsWith('\x1b[?25h')).toBe(true);
  });

  it('--watch piped without notifications (polling): one NDJSON snapshot per interval, each announced on stderr', async () => {
    const r = await runLive({ format: 'ndjson', watch: 10 }, {}, { interruptAfterSleeps: 2, client: pollingClient() });
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(2 * live.length);
    expect(lines.slice(0, live.length).map((l) => JSON.parse(l) as Obj)).toEqual(live.map(expectedRow));
    expect(lines.slice(live.length)).toEqual(lines.slice(0, live.length)); // a frozen clock: the same snapshot
    expect(r.err).toBe(`cxgraph: snapshot 2026-03-10T14:30:00.000Z, ${live.length} rows\n`.repeat(2));
    expect(r.out).not.toContain('\x1b');
  });

  it('--watch with notifications: frames read the live state (no details query, no conversation read) and say they are pushed', async () => {
    const before = sandbox.log.counters();
    const r = await runLive({ format: 'ndjson', watch: 10 }, {}, { interruptAfterSleeps: 2 });
    const after = sandbox.log.counters();
    // What notifications follow: conversations that have reached a queue or an agent (one still in the IVR is not notified).
    const routed = live.filter((c) => c.participants.some((p) => (p.purpose === 'acd' && p.queueId) || ((p.purpose === 'agent' || p.purpose === 'user') && p.userId)));
    expect(routed.length).toBeGreaterThan(5);
    const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Obj);
    const byId = (a: Obj, b: Obj) => (String(a.id) < String(b.id) ? -1 : 1);
    expect(lines.slice(0, routed.length).sort(byId)).toEqual(routed.map(expectedRow).sort(byId));
    expect(lines).toHaveLength(2 * routed.length);
    // The live state's snapshot read the details once; the frames after it read memory.
    const details = 'POST /api/v2/analytics/conversations/details/query';
    expect((after[details]?.requests ?? 0) - (before[details]?.requests ?? 0)).toBeLessThanOrEqual(1);
  });

  it('--watch on a terminal with notifications: the title says the table is pushed', async () => {
    const r = await runLive({ watch: 1 }, { isTTY: true, env: { NO_COLOR: '1' } }, { interruptAfterSleeps: 2 });
    const frames = r.out.split(CLEAR_SCREEN).slice(1);
    expect(frames).toHaveLength(2);
    expect(frames[1]).toMatch(/^cxgraph live: \d+ conversations at 2026-03-10 14:30:00Z \(pushed\)  \(every 1s; Ctrl-C to stop\)\n\nID +START +DURATION/);
  });
});
