import type { Sandbox, SimConversation } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type HistoryOptions } from '../../src/commands/history.js';
import { fakeIo } from '../support/io.js';
import { startSandbox, testDeps } from '../support/sandbox.js';

/**
 * `cxgraph history` in-process on a sandbox, checked against the raw simulated records (the sandbox's store,
 * no HTTP, none of core).
 */
const DAY = 86_400_000;
const YESTERDAY = { from: Date.parse('2026-03-09T00:00:00Z'), to: Date.parse('2026-03-10T00:00:00Z') };
const COLUMNS = ['conversationId', 'start', 'end', 'durationMs', 'mediaType', 'direction', 'queues', 'agents', 'wrapUpCodes'];

type Row = Record<string, string | number | null>;

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox?.close());

/** Conversations that started in [from, to), from the store, oldest first. */
function started(from: number, to: number, keep: (c: SimConversation) => boolean = () => true): SimConversation[] {
  const out: SimConversation[] = [];
  for (let day = Math.floor(from / DAY); day <= Math.floor((to - 1) / DAY); day++) {
    for (const c of sandbox.store.conversationsOfDay(day)) if (c.start >= from && c.start < to && keep(c)) out.push(c);
  }
  return out.sort((a, b) => a.start - b.start);
}

const segments = (c: SimConversation) => c.participants.flatMap((p) => p.sessions.flatMap((s) => s.segments));
const inQueue = (q: string) => (c: SimConversation) => segments(c).some((s) => s.queueId === q);
const ofMedia = (m: string) => (c: SimConversation) => c.participants.some((p) => p.sessions.some((s) => s.mediaType === m));
const withAgent = (u: string) => (c: SimConversation) => c.participants.some((p) => p.userId === u && p.sessions.length > 0);

const queueNamed = (name: string) => sandbox.store.org.queues.find((q) => q.name === name)!.id;
const ndjson = (text: string): Row[] => text.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);

async function history(opts: Partial<HistoryOptions>) {
  const fake = fakeIo();
  const { count, capped } = await run({ limit: 100, ...opts }, testDeps(sandbox, fake));
  const err = fake.stderrText();
  // Nothing on stderr but, when the list is cut at --limit, the one line saying so.
  if (capped) expect(err).toMatch(new RegExp(`^cxgraph: showing the first ${count.toLocaleString('en-US')} conversations; more started in \\S+\\. Raise --limit \\(at most 100,000\\), or use \`cxgraph export\` for all of them\\.\n$`));
  else expect(err).toBe('');
  return { count, capped, err, out: fake.stdout() };
}

describe('cxgraph history: rows equal the raw detail records', () => {
  it('yesterday, one queue (by name), voice: the same conversations (count and ids), oldest first, every column right', async () => {
    const support = queueNamed('Support');
    const want = started(YESTERDAY.from, YESTERDAY.to, (c) => inQueue(support)(c) && ofMedia('voice')(c));
    expect(want.length).toBeGreaterThan(100);
    const r = await history({ range: 'yesterday', queue: ['Support'], media: ['voice'], limit: 100_000, format: 'ndjson' });
    const got = ndjson(r.out);
    expect(r.count).toBe(want.length);
    expect(got).toHaveLength(want.length);
    expect(got.map((g) => g.conversationId)).toEqual(want.map((c) => c.id));
    expect(Object.keys(got[0]!)).toEqual(COLUMNS);
    const org = sandbox.store.org;
    want.forEach((c, i) => {
      const g = got[i]!;
      const distinct = (xs: Array<string | undefined>) => [...new Set(xs.filter((x): x is string => Boolean(x)))];
      const agents = distinct(c.participants.filter((p) => p.userId && p.sessions.length > 0).map((p) => p.userId));
      const queues = distinct(segments(c).map((s) => s.queueId));
      const codes = distinct(segments(c).map((s) => s.wrapUpCode));
      expect(g.start).toBe(new Date(c.start).toISOString());
      expect(g.end).toBe(new Date(c.end!).toISOString());
      expect(g.durationMs).toBe(c.end! - c.start);
      expect(g.mediaType).toBe('voice');
      expect(g.direction).toBe(c.originatingDirection);
      expect(g.queues).toBe(queues.map((q) => org.queueById.get(q)!.name).join(', '));
      expect(g.agents).toBe(agents.length ? agents.map((a) => org.agentById.get(a)!.name).join(', ') : null);
      expect(g.wrapUpCodes).toBe(codes.length ? codes.join(', ') : null);
    });
  });

  it('--queue by id gives what --queue by name gives', async () => {
    const byId = await history({ range: 'yesterday', queue: [queueNamed('Support')], media: ['voice'], limit: 100_000, format: 'ndjson' });
    const byName = await history({ range: 'yesterday', queue: ['support'], media: ['voice'], limit: 100_000, format: 'ndjson' });
    expect(byName.out).toBe(byId.out);
  });

  it('--agent and --direction over two days: the same conversations', async () => {
    const from = YESTERDAY.from - DAY;
    const agent = started(from, YESTERDAY.to).flatMap((c) => c.participants).find((p) => p.userId)!.userId!;
    const want = started(from, YESTERDAY.to, (c) => withAgent(agent)(c) && c.originatingDirection === 'inbound');
    expect(want.length).toBeGreaterThan(5);
    const interval = `${new Date(from).toISOString()}/${new Date(YESTERDAY.to).toISOString()}`;
    const got = JSON.parse((await history({ interval, agent: [agent], direction: 'inbound', limit: 100_000, format: 'json' })).out) as Row[];
    expect(got.map((g) => g.conversationId)).toEqual(want.map((c) => c.id));
    const name = sandbox.store.org.agentById.get(agent)!.name;
    expect(got.every((g) => String(g.agents).split(', ').includes(name) && g.direction === 'inbound')).toBe(true);
  });

  it('limit: the first N conversations, and --fields picks columns', async () => {
    const all = started(YESTERDAY.from, YESTERDAY.to);
    const five = await history({ range: 'yesterday', limit: 5, format: 'csv', fields: ['conversationId', 'start'] });
    expect(five.out).toBe(`conversationId,start\r\n${all.slice(0, 5).map((c) => `${c.id},${new Date(c.start).toISOString()}\r\n`).join('')}`);
    expect(five.count).toBe(5);
    expect(all.length).toBeGreaterThan(100);
    expect(five.capped).toBe(true); // the sandbox has more than 5 that day: the cut is said
    const whole = await history({ range: 'yesterday', limit: all.length, format: 'ndjson' });
    expect(whole.count).toBe(all.length);
    expect(whole.capped).toBe(false); // exactly all of them: nothing is cut, nothing is said
    expect(ndjson((await history({ range: 'yesterday', format: 'ndjson' })).out).map((g) => g.conversationId)).toEqual(all.slice(0, 100).map((c) => c.id));
  });

  it('the limit is passed to core: no details page is fetched past it (counted by the sandbox)', async () => {
    const interval = '2026-03-09T00:00:00Z/2026-03-10T00:00:00Z';
    const calls = (endpoint: string) => sandbox.log.counters()[endpoint]?.requests ?? 0;
    const ENDPOINTS = ['POST /api/v2/analytics/conversations/details/query', 'GET /api/v2/users', 'GET /api/v2/routing/queues'];
    const count = async (limit: number) => {
      const before = ENDPOINTS.map(calls);
      expect(ndjson((await history({ interval, limit, format: 'ndjson' })).out)).toHaveLength(limit);
      const [details, users, queues] = ENDPOINTS.map((e, i) => calls(e) - before[i]!);
      return { details, users, queues };
    };
    expect((await count(5)).details).toBe(1);
    // 100 rows of a day with more: the second page is read for its first record only, to know the list is cut
    // (and say so); the names of all their agents and queues in one call each.
    expect(await count(100)).toEqual({ details: 2, users: 1, queues: 1 });
    expect((await count(150)).details).toBe(2);
  });

  it('piped with no format: TSV with a header; an empty range prints just the header', async () => {
    const r = await history({ interval: '2030-01-01T00:00:00Z/2030-01-02T00:00:00Z' });
    expect(r.out).toBe(`${COLUMNS.join('\t')}\n`);
    expect(r.count).toBe(0);
  });

  it('an unknown --queue name is a usage error before any details query', async () => {
    const before = sandbox.log.counters()['POST /api/v2/analytics/conversations/details/query']?.requests ?? 0;
    await expect(history({ queue: ['Nowhere'] })).rejects.toMatchObject({ name: 'UsageError', message: expect.stringContaining('Unknown queue "Nowhere". Queues (by name or id): ') });
    expect(sandbox.log.counters()['POST /api/v2/analytics/conversations/details/query']?.requests ?? 0).toBe(before);
  });
});
