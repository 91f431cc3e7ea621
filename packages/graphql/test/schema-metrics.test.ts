import { parseGranularity, resolveTimeRange } from '@cxgraph/core';
import { NOW as SETUP_NOW } from './schema-setup.js';

const NOW_MS = Date.parse(SETUP_NOW);
import type { MetricsRow } from '@cxgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes, startHarness, type Harness } from './schema-setup.js';

let h: Harness;
let agentIds: string[];
let queueIds: string[];
/** core's per-agent rows for the last 7 days: the independent path. */
let week: Map<string, MetricsRow>;

type Metric = MetricsRow['metrics'][number];

// Expected figures straight from the raw aggregate metrics (not through core's KPI helpers).
const raw = (metrics: Metric[], name: string) => metrics.find((m) => m.metric === name && !m.qualifier)?.stats;
const rawCount = (metrics: Metric[], name: string) => raw(metrics, name)?.count ?? 0;
const rawStat = (metrics: Metric[], name: string) => {
  const s = raw(metrics, name);
  return s?.count ? { sum: s.sum, count: s.count, avg: s.sum! / s.count, max: s.max, min: s.min } : null;
};

const STAT = '{ sum count avg max min }';
const FIGURES = `interval offered answered handled transferred abandoned outbound
  handleTime ${STAT} talkTime ${STAT} holdTime ${STAT} acwTime ${STAT} waitTime ${STAT} alertTime ${STAT} averageHandleTimeMs`;

function expectedAgentFigures(metrics: Metric[], interval: string) {
  const h = raw(metrics, 'tHandle');
  return {
    interval,
    offered: rawCount(metrics, 'tAlert'),
    answered: rawCount(metrics, 'tAnswered'),
    handled: rawCount(metrics, 'tHandle'),
    transferred: rawCount(metrics, 'nTransferred'),
    abandoned: 0,
    outbound: rawCount(metrics, 'nOutbound'),
    handleTime: rawStat(metrics, 'tHandle'),
    talkTime: rawStat(metrics, 'tTalk'),
    holdTime: rawStat(metrics, 'tHeld'),
    acwTime: rawStat(metrics, 'tAcw'),
    waitTime: rawStat(metrics, 'tAnswered'),
    alertTime: rawStat(metrics, 'tAlert'),
    averageHandleTimeMs: h?.count ? h.sum! / h.count : null,
  };
}

beforeAll(async () => {
  h = await startHarness();
  agentIds = [];
  for await (const u of h.client.directory.listUsers()) agentIds.push(u.id!);
  queueIds = [];
  for await (const q of h.client.directory.listQueues()) queueIds.push(q.id!);
  const res = await h.client.metrics.agents({ range: resolveTimeRange({ relative: 'LAST_7_DAYS' }, NOW_MS) });
  week = new Map(res.rows.map((r) => [r.group.userId!, r]));
  // The sandbox clock is frozen at NOW; the generous timeouts are for a loaded 2-core machine, not for speed.
}, 180_000);
afterAll(() => h.close());

describe('Agent.metrics', () => {
  it('gives every agent the figures core gives, for ONE aggregates call (and one users call)', async () => {
    h.reset();
    const d = await h.data<{ agents: { edges: Array<{ node: { id: string; metrics: Record<string, unknown> & { agent: { id: string } } } }> } }>(
      `{ agents(first: 60) { edges { node { id metrics(range: { relative: LAST_7_DAYS }) { agent { id } ${FIGURES} } } } } }`,
    );
    expect(h.calls('aggregates')).toBe(1);
    expect(h.calls('users')).toBe(1);
    const got = nodes(d.agents);
    expect(got).toHaveLength(60);
    let withData = 0;
    for (const a of got) {
      const row = week.get(a.id);
      const interval = '2026-03-03T00:00:00.000Z/2026-03-10T14:30:00.000Z';
      expect(a.metrics).toEqual({ agent: { id: a.id }, ...expectedAgentFigures(row?.metrics ?? [], interval) });
      if (row) withData++;
    }
    expect(withData).toBeGreaterThan(50);
  });

  it('handleTime { sum count } of one agent equals client.metrics.agents for that agent', async () => {
    const id = [...week.keys()][3]!;
    const direct = await h.client.metrics.agents({ range: resolveTimeRange({ relative: 'LAST_7_DAYS' }, NOW_MS), agentIds: [id] });
    const s = raw(direct.rows[0]!.metrics, 'tHandle')!;
    const d = await h.data<{ agent: { metrics: { handleTime: { sum: number; count: number } } } }>(
      `query($id: ID!) { agent(id: $id) { metrics(range: { relative: LAST_7_DAYS }) { handleTime { sum count } } } }`,
      { id },
    );
    expect(d.agent.metrics.handleTime).toEqual({ sum: s.sum, count: s.count });
    expect(s.count).toBeGreaterThan(0);
  });

  it('the live↔historical join: 1 aggregates call and 1 users call in one request', async () => {
    const live = await h.client.live.list({});
    h.reset();
    const d = await h.data<{
      liveConversations: { edges: Array<{ node: { id: string; participants: Array<{ agent: { name: string; metrics: { handleTime: { avg: number } | null } } | null }> } }> };
    }>(
      `{ liveConversations(first: 50) { edges { node { id participants { agent { name metrics(range: {relative: LAST_7_DAYS}) { handleTime { avg } } } } } } } }`,
    );
    const counts = {
      aggregates: h.calls('aggregates'),
      users: h.calls('users'),
      details: h.calls('details'),
      conversation: h.calls('conversation'),
      queues: h.calls('queues'),
    };
    expect(counts).toEqual({ aggregates: 1, users: 1, details: 1, conversation: live.length, queues: 0 });

    const agents = nodes(d.liveConversations).flatMap((c) => c.participants.map((p) => p.agent)).filter((a) => a !== null);
    const userIds = live.flatMap((c) => c.participants.map((p) => p.userId)).filter((id): id is string => !!id);
    expect(agents).toHaveLength(userIds.length);
    expect(new Set(userIds).size).toBeGreaterThan(8);
    for (const [i, id] of userIds.entries()) {
      const s = raw(week.get(id)?.metrics ?? [], 'tHandle');
      expect(agents[i]!.metrics.handleTime).toEqual(s?.count ? { avg: s.sum! / s.count } : null);
    }
  });

  it('one call per distinct (range, granularity, time zone); equal ranges share it', async () => {
    h.reset();
    await h.data(`{
      agents(first: 10) { edges { node {
        w: metrics(range: { relative: LAST_7_DAYS }) { handled }
        same: metrics(range: { interval: "2026-03-03T00:00:00Z/2026-03-10T14:30:00Z" }) { handled }
        y: metrics(range: { relative: YESTERDAY }) { handled }
        d: metrics(range: { relative: LAST_7_DAYS }, granularity: "P1D") { handled }
        ny: metrics(range: { relative: LAST_7_DAYS, timeZone: "America/New_York" }) { handled }
      } } }
    }`);
    // LAST_7_DAYS (and the same interval written out), YESTERDAY, P1D, New York.
    expect(h.calls('aggregates')).toBe(4);

    // Query.agentMetrics(agentIds) fills the same loader: the agents' own metrics for that key cost nothing more.
    h.reset();
    const d = await h.data<{ agentMetrics: Array<{ handled: number; agent: { w: { handled: number }; y: { handled: number } } }> }>(
      `query($a: [ID!]) { agentMetrics(range: { relative: LAST_7_DAYS }, agentIds: $a) { handled agent { w: metrics(range: { relative: LAST_7_DAYS }) { handled } y: metrics(range: { relative: YESTERDAY }) { handled } } } }`,
      { a: [...week.keys()].slice(0, 5) },
    );
    expect(h.calls('aggregates')).toBe(2);
    for (const r of d.agentMetrics) expect(r.agent.w.handled).toBe(r.handled);
  });

  it('buckets per granularity equal core\'s', async () => {
    const id = [...week.keys()][0]!;
    const direct = await h.client.metrics.agents({ range: resolveTimeRange({ relative: 'LAST_7_DAYS' }, NOW_MS), granularity: parseGranularity('P1D'), agentIds: [id] });
    const d = await h.data<{ agent: { metrics: { handled: number; buckets: Array<Record<string, unknown>> } } }>(
      `query($id: ID!) { agent(id: $id) { metrics(range: { relative: LAST_7_DAYS }, granularity: "P1D") { handled buckets { ${FIGURES} } } } }`,
      { id },
    );
    const row = direct.rows[0]!;
    expect(d.agent.metrics.buckets).toEqual(row.buckets.map((b) => expectedAgentFigures(b.metrics, b.interval)));
    expect(d.agent.metrics.buckets.length).toBeGreaterThanOrEqual(7);
    expect(d.agent.metrics.handled).toBe(row.buckets.reduce((n, b) => n + rawCount(b.metrics, 'tHandle'), 0));
  });
});

describe('Query.agentMetrics', () => {
  it('with agentIds: one row per id in order; an agent without data gets zeros and nulls, not an error', async () => {
    const known = [...week.keys()].slice(0, 3);
    const unknown = '00000000-0000-4000-8000-000000000000';
    h.reset();
    const d = await h.data<{ agentMetrics: Array<Record<string, unknown> & { agentId: string; agent: { name: string } | null }> }>(
      `query($ids: [ID!]) { agentMetrics(range: { relative: LAST_7_DAYS }, agentIds: $ids) { agentId agent { name } ${FIGURES} buckets { interval } } }`,
      { ids: [known[0], unknown, known[1], known[2]] },
    );
    expect(h.calls('aggregates')).toBe(1);
    expect(d.agentMetrics.map((r) => r.agentId)).toEqual([known[0], unknown, known[1], known[2]]);
    const none = d.agentMetrics[1]!;
    expect(none).toMatchObject({ agent: null, offered: 0, answered: 0, handled: 0, handleTime: null, talkTime: null, averageHandleTimeMs: null, buckets: [] });
    const { agentId: _a, agent: _b, buckets: _c, ...first } = d.agentMetrics[0]!;
    expect(first).toEqual(expectedAgentFigures(week.get(known[0]!)!.metrics, '2026-03-03T00:00:00.000Z/2026-03-10T14:30:00.000Z'));
  });

  it('without agentIds: every agent with data, as core', async () => {
    const d = await h.data<{ agentMetrics: Array<{ agentId: string; handled: number }> }>(`{ agentMetrics(range: { relative: LAST_7_DAYS }) { agentId handled } }`);
    expect(new Set(d.agentMetrics.map((r) => r.agentId))).toEqual(new Set(week.keys()));
    for (const r of d.agentMetrics) expect(r.handled).toBe(rawCount(week.get(r.agentId)!.metrics, 'tHandle'));
  });

  it('filters by queue and media type like core', async () => {
    const queueId = queueIds[1]!;
    const direct = await h.client.metrics.agents({ range: resolveTimeRange({ relative: 'YESTERDAY' }, NOW_MS), filter: { queueIds: [queueId], mediaTypes: ['voice'] } });
    const d = await h.data<{ agentMetrics: Array<{ agentId: string; handled: number; talkTime: { sum: number } | null }> }>(
      `query($q: [ID!]) { agentMetrics(range: { relative: YESTERDAY }, queueIds: $q, mediaTypes: ["voice"]) { agentId handled talkTime { sum } } }`,
      { q: [queueId] },
    );
    expect(d.agentMetrics.length).toBe(direct.rows.length);
    expect(d.agentMetrics.length).toBeGreaterThan(0);
    for (const r of d.agentMetrics) {
      const row = direct.rows.find((x) => x.group.userId === r.agentId)!;
      expect(r.handled).toBe(rawCount(row.metrics, 'tHandle'));
      expect(r.talkTime?.sum ?? null).toBe(raw(row.metrics, 'tTalk')?.sum ?? null);
    }
  });

  it('more than 100 ids: still ONE call (every agent asked for, the ones requested picked)', async () => {
    const fake = Array.from({ length: 50 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    h.reset();
    const d = await h.data<{ agentMetrics: Array<{ agentId: string; handled: number }> }>(`query($ids: [ID!]) { agentMetrics(range: { relative: LAST_7_DAYS }, agentIds: $ids) { agentId handled } }`, {
      ids: [...agentIds, ...fake],
    });
    expect(h.calls('aggregates')).toBe(1);
    expect(d.agentMetrics).toHaveLength(110);
    for (const r of d.agentMetrics) expect(r.handled).toBe(rawCount(week.get(r.agentId)?.metrics ?? [], 'tHandle'));
  });

  it('a range over 31 days is split by core (2 calls), totals equal core\'s', async () => {
    const interval = '2026-01-01T00:00:00Z/2026-02-15T00:00:00Z';
    const direct = await h.client.metrics.agents({ range: resolveTimeRange({ interval }, NOW_MS) });
    h.reset();
    const d = await h.data<{ agentMetrics: Array<{ agentId: string; handled: number; handleTime: { sum: number; max: number } | null }> }>(
      `{ agentMetrics(range: { interval: "${interval}" }) { agentId handled handleTime { sum max } } }`,
    );
    expect(h.calls('aggregates')).toBe(2);
    expect(d.agentMetrics).toHaveLength(direct.rows.length);
    for (const r of d.agentMetrics) {
      const row = direct.rows.find((x) => x.group.userId === r.agentId)!;
      expect(r.handled).toBe(rawCount(row.metrics, 'tHandle'));
      expect(r.handleTime).toEqual({ sum: raw(row.metrics, 'tHandle')!.sum, max: raw(row.metrics, 'tHandle')!.max });
    }
  }, 180_000);
});

describe('queues', () => {
  const QUEUE_FIGURES = `${FIGURES} abandonTime ${STAT} queueTime ${STAT} serviceLevel abandonRate answerRate averageSpeedOfAnswer`;

  it('Queue.metrics on every queue: ONE aggregates call; figures and KPIs from the raw metrics', async () => {
    const direct = await h.client.metrics.queues({ range: resolveTimeRange({ relative: 'LAST_7_DAYS' }, NOW_MS) });
    h.reset();
    const d = await h.data<{ queues: { edges: Array<{ node: { id: string; name: string; metrics: Record<string, unknown> } }> } }>(
      `{ queues { edges { node { id name metrics(range: { relative: LAST_7_DAYS }) { queue { name } ${QUEUE_FIGURES} } } } } }`,
    );
    expect(h.calls('aggregates')).toBe(1);
    expect(h.calls('queues')).toBe(1);
    for (const q of nodes(d.queues)) {
      const m = direct.rows.find((r) => r.group.queueId === q.id)?.metrics ?? [];
      const offered = rawCount(m, 'nOffered');
      const answered = raw(m, 'tAnswered');
      const abandoned = rawCount(m, 'tAbandon');
      const sl = raw(m, 'oServiceLevel');
      expect(q.metrics).toMatchObject({
        queue: { name: q.name },
        offered,
        answered: answered?.count ?? 0,
        abandoned,
        abandonTime: rawStat(m, 'tAbandon'),
        queueTime: rawStat(m, 'tWait'),
        waitTime: rawStat(m, 'tAnswered'),
        handleTime: rawStat(m, 'tHandle'),
        abandonRate: offered ? abandoned / offered : null,
        answerRate: offered ? (answered?.count ?? 0) / offered : null,
        averageSpeedOfAnswer: answered?.count ? answered.sum! / answered.count : null,
        serviceLevel: sl?.ratio ?? null,
      });
      if (offered > 0) {
        expect(q.metrics.serviceLevel as number).toBeGreaterThan(0);
        expect(q.metrics.serviceLevel as number).toBeLessThanOrEqual(1);
      }
    }
    expect(nodes(d.queues).filter((q) => (q.metrics.abandoned as number) > 0).length).toBeGreaterThan(3);
  });

  it('queueMetrics(queueIds, mediaTypes, granularity) equals core', async () => {
    const ids = queueIds.slice(0, 3);
    const direct = await h.client.metrics.queues({ range: resolveTimeRange({ relative: 'YESTERDAY' }, NOW_MS), queueIds: ids, granularity: parseGranularity('PT1H'), filter: { mediaTypes: ['voice'] } });
    const d = await h.data<{ queueMetrics: Array<{ queueId: string; offered: number; buckets: Array<{ interval: string; offered: number; serviceLevel: number | null }> }> }>(
      `query($ids: [ID!]) { queueMetrics(range: { relative: YESTERDAY }, queueIds: $ids, mediaTypes: ["voice"], granularity: "PT1H") { queueId offered buckets { interval offered serviceLevel } } }`,
      { ids },
    );
    expect(d.queueMetrics.map((r) => r.queueId)).toEqual(ids);
    for (const r of d.queueMetrics) {
      const row = direct.rows.find((x) => x.group.queueId === r.queueId);
      expect(r.buckets).toEqual((row?.buckets ?? []).map((b) => ({ interval: b.interval, offered: rawCount(b.metrics, 'nOffered'), serviceLevel: raw(b.metrics, 'oServiceLevel')?.ratio ?? null })));
    }
    expect(d.queueMetrics.some((r) => r.buckets.length > 10)).toBe(true);
  });
});

describe('TimeRangeInput errors', () => {
  const run = (range: string, extra = '') => h.query(`{ agentMetrics(range: ${range}${extra}) { agentId } }`);

  it('needs exactly one of interval or relative (INVALID_QUERY), before any upstream call', async () => {
    h.reset();
    const both = await run('{ relative: TODAY, interval: "2026-03-01T00:00:00Z/2026-03-02T00:00:00Z" }');
    expect(both.errors?.[0]).toMatchObject({ message: 'TimeRangeInput takes exactly one of `interval` or `relative`, not both.', extensions: { code: 'INVALID_QUERY' } });
    const neither = await run('{ timeZone: "UTC" }');
    expect(neither.errors?.[0]?.message).toMatch(/^TimeRangeInput needs exactly one of `interval`/);
    expect(neither.errors?.[0]?.extensions?.code).toBe('INVALID_QUERY');
    expect(h.calls('aggregates')).toBe(0);
  });

  it('a bad interval, time zone or granularity is INVALID_QUERY with core\'s message and hint', async () => {
    h.reset();
    const badInterval = await run('{ interval: "last tuesday" }');
    expect(badInterval.errors?.[0]?.extensions?.code).toBe('INVALID_QUERY');
    expect(badInterval.errors?.[0]?.message).toMatch(/interval/i);
    const badZone = await run('{ relative: TODAY, timeZone: "Mars/Olympus" }');
    expect(badZone.errors?.[0]?.extensions?.code).toBe('INVALID_QUERY');
    expect(badZone.errors?.[0]?.message).toMatch(/Mars\/Olympus/);
    const badGranularity = await run('{ relative: TODAY }', ', granularity: "hourly"');
    expect(badGranularity.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_QUERY' } });
    expect(badGranularity.errors?.[0]?.message).toMatch(/^Invalid granularity "hourly"/);
    // Nested: an Agent.metrics error is on that field, the rest of the query stands.
    const nested = await h.query(`{ agent(id: "${agentIds[0]}") { name metrics(range: {}) { handled } } }`);
    expect(nested.data).toEqual({ agent: { name: expect.any(String), metrics: null } });
    expect(nested.errors?.[0]?.path).toEqual(['agent', 'metrics']);
    expect(h.calls('aggregates')).toBe(0);
  });

  it('a time zone moves day boundaries like core', async () => {
    const direct = await h.client.metrics.agents({ range: resolveTimeRange({ relative: 'TODAY', timeZone: 'America/New_York' }, NOW_MS) });
    const d = await h.data<{ agentMetrics: Array<{ agentId: string; interval: string; handled: number }> }>(
      `{ agentMetrics(range: { relative: TODAY, timeZone: "America/New_York" }) { agentId interval handled } }`,
    );
    expect(d.agentMetrics[0]?.interval).toBe('2026-03-10T04:00:00.000Z/2026-03-10T14:30:00.000Z');
    expect(d.agentMetrics.map((r) => [r.agentId, r.handled]).sort()).toEqual(direct.rows.map((r) => [r.group.userId, rawCount(r.metrics, 'tHandle')]).sort());
  });
});
