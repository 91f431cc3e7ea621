import platformClient from 'purecloud-platform-client-v2';
import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timeStat, countOf, InvalidQueryError, parseGranularity, resolveTimeRange, type CxGraphClient, type TimeRangeInput } from '../src/index.js';
import { clientFor, startSandbox, upstreamCalls } from './helpers.js';

const DAY = 86_400_000;
const DETAILS = 'POST /api/v2/analytics/conversations/details/query';
const AGGREGATES = 'POST /api/v2/analytics/conversations/aggregates/query';

/** The raw SDK, as a tutorial would use it: the independent side of every comparison. */
async function rawSdk(sandbox: Sandbox) {
  const c = new platformClient.ApiClientClass();
  c.config.live_reload_config = false;
  // A loaded 2-core machine can take far longer than the SDK's 16 s on one cold request.
  (c as unknown as { timeout: number }).timeout = 120_000;
  c.setGateway({ host: '127.0.0.1', protocol: 'http', port: sandbox.port, path_params_login: '', path_params_api: '' });
  await c.loginClientCredentialsGrant('cxgraph-demo', 'cxgraph-demo-secret');
  return new platformClient.AnalyticsApi(c);
}

/** Every details record of whole UTC days [fromDay, toDay), one day per query. */
async function rawDetails(api: platformClient.AnalyticsApi, from: number, to: number, body: Partial<platformClient.Models.ConversationQuery> = {}) {
  const out: platformClient.Models.AnalyticsConversationWithoutAttributes[] = [];
  for (let d = from; d < to; d += DAY) {
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await api.postAnalyticsConversationsDetailsQuery({ ...body, interval: `${new Date(d).toISOString()}/${new Date(d + DAY).toISOString()}`, paging: { pageSize: 100, pageNumber } });
      out.push(...(page.conversations ?? []));
      if ((page.conversations ?? []).length < 100) break;
    }
  }
  return out;
}

describe('services against the sandbox', () => {
  let sandbox: Sandbox;
  let client: CxGraphClient;
  let raw: platformClient.AnalyticsApi;
  const NOW = Date.parse('2026-03-10T14:30:00Z');

  beforeAll(async () => {
    sandbox = await startSandbox({ now: NOW, limits: { requestsPerMinute: 100_000 } });
    client = clientFor(sandbox, { rateLimitPerMinute: 100_000, maxConcurrency: 16 });
    raw = await rawSdk(sandbox);
  });
  afterAll(() => sandbox.close());
  /** The range as every front-end does: resolved once against the (frozen) now. */
  const range = (input: TimeRangeInput) => resolveTimeRange(input, NOW);

  it("the seed's question: one agent's calls and handle time over the last 7 days equal a sum over their details records", async () => {
    const agent = sandbox.store.org.agents[20]!;
    const result = await client.metrics.agents({ range: range({ relative: 'last 7 days' }), agentIds: [agent.id], metrics: ['tHandle', 'tAnswered', 'tTalk'] });
    expect(result.range.interval).toBe('2026-03-03T00:00:00.000Z/2026-03-10T14:30:00.000Z');
    expect(result.rows).toHaveLength(1);
    const row = result.rows[0]!;
    expect(row.group).toEqual({ userId: agent.id });

    // Independently: the agent's metrics in the details records, emitted inside the range (a day earlier too:
    // a conversation that started before the range can emit inside it).
    const records = await rawDetails(raw, result.range.start - DAY, Math.ceil(NOW / DAY) * DAY, {
      segmentFilters: [{ type: 'or', predicates: [{ dimension: 'userId', value: agent.id }] }],
    });
    const sum = (name: string) => {
      let total = 0;
      let count = 0;
      for (const c of records) for (const p of c.participants ?? []) if (p.userId === agent.id) for (const s of p.sessions ?? []) for (const m of s.metrics ?? []) {
        const t = Date.parse(m.emitDate!);
        if (m.name === name && t >= result.range.start && t < result.range.end) {
          total += m.value!;
          count++;
        }
      }
      return { total, count };
    };
    const handle = sum('tHandle');
    expect(handle.count).toBeGreaterThan(20);
    expect(timeStat(row.metrics, 'tHandle')).toMatchObject({ sum: handle.total, count: handle.count });
    expect(timeStat(row.metrics, 'tAnswered')?.count).toBe(sum('tAnswered').count);
    expect(row.kpis.averageHandleTimeMs).toBeCloseTo(handle.total / handle.count, 6);
  });

  it('a long range is split, and the merged figures equal one query over the whole range', async () => {
    const long = range({ interval: '2026-01-20T00:00:00Z/2026-03-06T00:00:00Z' }); // 45 days
    sandbox.log.reset();
    const split = await client.metrics.queues({ range: long, granularity: parseGranularity('P1D'), metrics: ['nOffered', 'tHandle', 'tAnswered', 'tAbandon', 'nOverSla', 'oServiceLevel'] });
    expect(upstreamCalls(sandbox, AGGREGATES)).toBe(2);
    const whole = await raw.postAnalyticsConversationsAggregatesQuery({ interval: long.interval, groupBy: ['queueId'], metrics: ['nOffered', 'tHandle', 'tAnswered', 'tAbandon', 'nOverSla', 'oServiceLevel'] });
    expect(split.rows.length).toBe(whole.results!.length);
    for (const g of whole.results!) {
      const row = split.rows.find((r) => r.group.queueId === g.group!.queueId)!;
      const metrics = g.data![0]!.metrics!;
      expect(row.buckets.length).toBe(45);
      expect(countOf(row.metrics, 'nOffered')).toBe(countOf(metrics, 'nOffered'));
      expect(timeStat(row.metrics, 'tHandle')).toEqual(timeStat(metrics, 'tHandle'));
      const sl = row.metrics.find((m) => m.metric === 'oServiceLevel')!.stats!;
      const expected = metrics.find((m) => m.metric === 'oServiceLevel')!.stats!;
      expect([sl.numerator, sl.denominator]).toEqual([expected.numerator, expected.denominator]);
      expect(sl.ratio).toBeCloseTo(expected.ratio!, 12);
    }
    // 47 cold simulated days behind the first query: minutes on a loaded 2-core machine.
  }, 300_000);

  it('buckets are dense by default: every bucket of the range, the ones Genesys leaves out empty; sparse on request', async () => {
    // Yesterday in PT1H for one queue's calls: nights have no data, so Genesys leaves buckets out.
    const q = { range: range({ relative: 'yesterday' }), granularity: parseGranularity('PT1H'), queueIds: [sandbox.store.org.queues[0]!.id], filter: { mediaTypes: ['voice'] }, metrics: ['nOffered', 'tHandle'] };
    const dense = await client.metrics.queues(q);
    const sparse = await client.metrics.queues({ ...q, buckets: 'sparse' });
    const whole = await raw.postAnalyticsConversationsAggregatesQuery({
      interval: '2026-03-09T00:00:00Z/2026-03-10T00:00:00Z',
      granularity: 'PT1H',
      groupBy: ['queueId'],
      filter: { type: 'and', clauses: [{ type: 'or', predicates: [{ type: 'dimension', dimension: 'queueId', operator: 'matches', value: q.queueIds[0] }] }, { type: 'or', predicates: [{ type: 'dimension', dimension: 'mediaType', operator: 'matches', value: 'voice' }] }] },
      metrics: ['nOffered', 'tHandle'],
    });
    const returned = whole.results?.[0]?.data ?? [];
    expect(returned.length).toBeGreaterThan(0);
    expect(returned.length).toBeLessThan(24);
    // Independently: the 24 hours of 9 March (UTC).
    const hours = Array.from({ length: 24 }, (_, h) => `${new Date(Date.UTC(2026, 2, 9, h)).toISOString()}/${new Date(Date.UTC(2026, 2, 9, h + 1)).toISOString()}`);
    const row = dense.rows[0]!;
    expect(row.buckets.map((b) => b.interval)).toEqual(hours);
    const byStart = new Map(returned.map((d) => [Date.parse(d.interval!.split('/')[0]!), d.metrics]));
    for (const b of row.buckets) expect(b.metrics).toEqual(byStart.get(Date.parse(b.interval.split('/')[0]!)) ?? []);
    expect(row.buckets.filter((b) => b.metrics.length === 0 && countOf(b.metrics, 'nOffered') === 0)).toHaveLength(24 - returned.length);
    expect(sparse.rows[0]!.buckets.map((b) => b.metrics)).toEqual(returned.map((d) => d.metrics));
    expect(sparse.rows[0]!.metrics).toEqual(row.metrics);
  });

  it.each([
    ['more than 5000 buckets', { relative: 'last 60 days' }, 'PT15M', /more than 5000 buckets/],
  ] as const)('a granularity %s is an InvalidQueryError before any upstream call', async (_name, input, g, message) => {
    sandbox.log.reset();
    const e = await client.metrics.queues({ range: range(input), granularity: parseGranularity(g) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidQueryError);
    expect((e as InvalidQueryError).field).toBe('granularity');
    expect((e as InvalidQueryError).message).toMatch(message);
    expect(upstreamCalls(sandbox, AGGREGATES)).toBe(0);
  });

  it('a granularity rule set on the client is the one its metrics check', async () => {
    const strict = clientFor(sandbox, { granularityRule: { stepMinutes: 60, maxBuckets: 10 } });
    expect(() => strict.metrics.parseGranularity('PT30M')).toThrow(/multiple of 60 minutes/);
    expect(strict.metrics.parseGranularity('PT2H').text).toBe('PT2H');
    sandbox.log.reset();
    await expect(strict.metrics.queues({ range: range({ relative: 'yesterday' }), granularity: parseGranularity('PT1H') })).rejects.toThrow(/multiple of 60|more than 10 buckets/);
    expect(upstreamCalls(sandbox, AGGREGATES)).toBe(0);
  });

  it('an empty range ("today" at midnight) answers no rows without asking', async () => {
    sandbox.log.reset();
    const midnight = resolveTimeRange({ relative: 'today' }, Date.parse('2026-03-10T00:00:00Z'));
    expect((await client.metrics.queues({ range: midnight, granularity: parseGranularity('PT1H') })).rows).toEqual([]);
    expect(upstreamCalls(sandbox, AGGREGATES)).toBe(0);
  });

  it('live conversations: the details query plus GET per conversation, filtered, equal to the raw view', async () => {
    sandbox.log.reset();
    const live = await client.live.list();
    expect(live.length).toBeGreaterThan(3);
    expect(live.every((c) => c.isLive && !c.endTime)).toBe(true);
    // Independently: yesterday and today's records without an end.
    const from = (Math.floor(NOW / DAY) - 1) * DAY;
    const records = await rawDetails(raw, from, from + 2 * DAY);
    const expected = records.filter((c) => !c.conversationEnd).map((c) => c.conversationId).sort();
    expect(live.map((c) => c.id).sort()).toEqual(expected);
    expect(upstreamCalls(sandbox, 'GET /api/v2/conversations/{conversationId}')).toBe(live.length);
    const voice = await client.live.list({ mediaTypes: ['voice'] });
    expect(voice.map((c) => c.id).sort()).toEqual(live.filter((c) => c.mediaType === 'voice').map((c) => c.id).sort());
    const withAgent = live.find((c) => c.participants.some((p) => p.purpose === 'agent' && p.userId && !p.endTime))!;
    const agentId = withAgent.participants.find((p) => p.purpose === 'agent' && !p.endTime)!.userId!;
    expect((await client.live.list({ agentIds: [agentId] })).map((c) => c.id)).toContain(withAgent.id);
    expect(withAgent.durationMs).toBe(NOW - Date.parse(withAgent.startTime));
  });

  it('queue live stats agree with the live conversations', async () => {
    const queues = sandbox.store.org.queues.map((q) => q.id);
    const stats = await client.live.queueStats(queues);
    const live = await client.live.list();
    for (const s of stats) {
      const waiting = live.filter((c) => c.participants.some((p) => p.purpose === 'acd' && p.queueId === s.queueId && !p.endTime)).length;
      expect({ queue: s.queueId, waiting: s.waiting }).toEqual({ queue: s.queueId, waiting });
      expect(s.members).toBe(sandbox.store.org.queueById.get(s.queueId)!.memberIds.length);
      if (s.waiting > 0) expect(s.longestWaitMs).toBeGreaterThan(0);
    }
  });

  it('directory: 150 ids → 2 calls, results in the order asked, unknown ids undefined', async () => {
    sandbox.log.reset();
    const ids = [...sandbox.store.org.agents.map((a) => a.id), '00000000-0000-4000-8000-000000000000'];
    const many = Array.from({ length: 150 }, (_, i) => ids[i % ids.length]!);
    const users = await client.directory.getUsers(many);
    // 61 distinct ids: one call.
    expect(upstreamCalls(sandbox, 'GET /api/v2/users')).toBe(1);
    expect(users.map((u) => u?.id)).toEqual(many.map((id) => (id.startsWith('00000000') ? undefined : id)));
    const queues = await client.directory.getQueues(sandbox.store.org.queues.map((q) => q.id).reverse());
    expect(queues.map((q) => q?.name)).toEqual(sandbox.store.org.queues.map((q) => q.name).reverse());
    let listed = 0;
    for await (const _ of client.directory.listUsers()) listed++;
    expect(listed).toBe(sandbox.store.org.agents.length);
  });

  it('history: a filtered 10-day range equals the raw records of those days, in range, without duplicates', async () => {
    const queue = sandbox.store.org.queues[1]!;
    const tenDays = range({ interval: '2026-02-20T06:00:00Z/2026-03-02T18:00:00Z' });
    const got: string[] = [];
    for await (const c of client.history.conversations({ range: tenDays, filter: { mediaTypes: ['voice'], queueIds: [queue.id] } })) got.push(c.conversationId!);
    const from = Date.parse('2026-02-20T00:00:00Z');
    const records = await rawDetails(raw, from, from + 11 * DAY, {
      segmentFilters: [
        { type: 'or', predicates: [{ dimension: 'mediaType', value: 'voice' }] },
        { type: 'or', predicates: [{ dimension: 'queueId', value: queue.id }] },
      ],
    });
    const [start, end] = [Date.parse('2026-02-20T06:00:00Z'), Date.parse('2026-03-02T18:00:00Z')];
    const expected = records.filter((c) => Date.parse(c.conversationStart!) >= start && Date.parse(c.conversationStart!) < end).map((c) => c.conversationId!);
    expect(got.length).toBeGreaterThan(100);
    expect(new Set(got).size).toBe(got.length);
    expect(got).toEqual(expected);
  });

  it('history: breaking out of for-await stops fetching', async () => {
    sandbox.log.reset();
    let n = 0;
    for await (const _ of client.history.conversations({ range: range({ interval: '2026-02-01T00:00:00Z/2026-02-05T00:00:00Z' }) })) if (++n === 150) break;
    // Pages 1 and 2, and page 3 fetched ahead while page 2 was read; nothing after.
    await new Promise((r) => setTimeout(r, 200));
    expect(upstreamCalls(sandbox, DETAILS)).toBe(3);

    // A caller that says how much it will read gets no page ahead past it.
    sandbox.log.reset();
    n = 0;
    for await (const _ of client.history.conversations({ range: range({ interval: '2026-02-01T00:00:00Z/2026-02-05T00:00:00Z' }), limit: 150 })) if (++n === 150) break;
    await new Promise((r) => setTimeout(r, 200));
    expect(upstreamCalls(sandbox, DETAILS)).toBe(2);
  });
});
