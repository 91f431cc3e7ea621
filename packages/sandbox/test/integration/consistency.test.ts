import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { allDetails, sdkClient, type Sdk } from './sdk-client.js';

/**
 * The views agree: aggregates equal sums over the details records (bucketed by each metric's emitDate),
 * and the live set from the details query equals what GET /conversations/{id} shows as live. Every figure
 * on both sides comes over HTTP through the unchanged SDK; the expected side is summed here, by hand.
 */

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Case {
  seed: number;
  now: string;
  /** Interval [start, end) of the aggregate; the details query covers the days from a day earlier. */
  interval: [string, string];
}

const CASES: Case[] = [
  { seed: 1, now: '2026-03-12T09:00:00Z', interval: ['2026-03-04T00:00:00Z', '2026-03-11T00:00:00Z'] },
  { seed: 7, now: '2026-03-10T14:30:00Z', interval: ['2026-03-09T13:17:00Z', '2026-03-10T14:30:00Z'] },
  { seed: 42, now: '2026-07-01T03:20:00Z', interval: ['2026-06-30T18:00:00Z', '2026-07-01T06:00:00Z'] },
];

/** Sum and count of one metric over the participants of `userId` (or all), emitted in [start, end). */
type Details = Awaited<ReturnType<typeof allDetails>>;
interface DetailMetric {
  t: number;
  value: number;
  userId: string | undefined;
  /** The queues of the session that carries it: a metric belongs to the queue of its segment; our sessions keep one queue. */
  queues: Set<string | undefined>;
}

/**
 * The records' metrics by name, flattened once per records array: the sums below run over them many times (168
 * hourly buckets, every queue), and a test that blocks its event loop for a minute loses its keep-alive sockets.
 */
const metricIndex = new WeakMap<Details, Map<string, DetailMetric[]>>();
function metricsByName(conversations: Details): Map<string, DetailMetric[]> {
  let index = metricIndex.get(conversations);
  if (index) return index;
  index = new Map();
  for (const c of conversations) {
    for (const p of c.participants ?? []) {
      for (const s of p.sessions ?? []) {
        const queues = new Set((s.segments ?? []).map((x) => x.queueId).filter(Boolean));
        for (const m of s.metrics ?? []) {
          const list = index.get(m.name ?? '') ?? [];
          list.push({ t: Date.parse(m.emitDate ?? ''), value: m.value ?? 0, userId: p.userId, queues });
          index.set(m.name ?? '', list);
        }
      }
    }
  }
  metricIndex.set(conversations, index);
  return index;
}

function detailSum(conversations: Details, metric: string, start: number, end: number, who: { userId?: string; queueId?: string }) {
  let sum = 0;
  let count = 0;
  for (const m of metricsByName(conversations).get(metric) ?? []) {
    if (who.userId !== undefined && m.userId !== who.userId) continue;
    if (who.queueId !== undefined && !m.queues.has(who.queueId)) continue;
    if (m.t >= start && m.t < end) {
      sum += m.value;
      count++;
    }
  }
  return { sum, count };
}

describe.each(CASES)('seed $seed, now $now', ({ seed, now, interval }) => {
  let sandbox: Sandbox;
  let sdk: Sdk;
  let details: Awaited<ReturnType<typeof allDetails>>;
  const start = Date.parse(interval[0]);
  const end = Date.parse(interval[1]);

  beforeAll(async () => {
    sandbox = await createSandbox({ seed, now, limits: { requestsPerMinute: 100_000 } });
    sdk = await sdkClient(sandbox.url);
    // Conversations that started the day before can still emit inside the interval (they last < 6 h).
    details = await allDetails(sdk, { interval: `${iso(start - DAY)}/${interval[1]}` });
  });
  afterAll(() => sandbox.close());

  it("an agent's aggregates equal the sums over their details metrics", async () => {
    // The agent with the most handle-time emissions in the interval, found from the details records.
    const handled = new Map<string, number>();
    for (const c of details) {
      for (const p of c.participants ?? []) {
        if (!p.userId) continue;
        const n = detailSum([{ participants: [p] }], 'tHandle', start, end, {}).count;
        handled.set(p.userId, (handled.get(p.userId) ?? 0) + n);
      }
    }
    const userId = [...handled.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const metrics = ['tHandle', 'tTalk', 'tHeld', 'tAcw', 'tAnswered', 'tAlert'];
    const res = await sdk.analytics.postAnalyticsConversationsAggregatesQuery({
      interval: interval.join('/'),
      groupBy: ['userId'],
      metrics,
      filter: { type: 'and', predicates: [{ type: 'dimension', dimension: 'userId', operator: 'matches', value: userId }] },
    });
    expect(res.results).toHaveLength(1);
    const data = res.results![0]!.data!;
    expect(data).toHaveLength(1);
    for (const metric of metrics) {
      const expected = detailSum(details, metric, start, end, { userId });
      const got = data[0]!.metrics!.find((m) => m.metric === metric)?.stats;
      if (expected.count === 0) expect(got, metric).toBeUndefined();
      else expect({ metric, sum: got?.sum, count: got?.count }).toEqual({ metric, sum: expected.sum, count: expected.count });
    }
    expect(detailSum(details, 'tHandle', start, end, { userId }).count).toBeGreaterThan(0);
  });

  it('hourly buckets add up to the whole interval, each equal to its own details sum', async () => {
    const res = await sdk.analytics.postAnalyticsConversationsAggregatesQuery({ interval: interval.join('/'), granularity: 'PT1H', metrics: ['tHandle', 'nOffered'] });
    const buckets = res.results?.[0]?.data ?? [];
    expect(buckets.length).toBeGreaterThan(0);
    let total = 0;
    for (const b of buckets) {
      const [bs, be] = b.interval!.split('/').map((x) => Date.parse(x));
      const handle = b.metrics!.find((m) => m.metric === 'tHandle')?.stats;
      const expected = detailSum(details, 'tHandle', bs!, be!, {});
      expect(handle?.sum ?? 0).toBe(expected.sum);
      expect(handle?.count ?? 0).toBe(expected.count);
      total += expected.count;
    }
    expect(total).toBe(detailSum(details, 'tHandle', start, end, {}).count);
  });

  it("each queue's offers, abandons and service level equal the details records", async () => {
    const res = await sdk.analytics.postAnalyticsConversationsAggregatesQuery({
      interval: interval.join('/'),
      groupBy: ['queueId'],
      metrics: ['nOffered', 'tAbandon', 'tAnswered', 'nOverSla', 'oServiceLevel'],
    });
    const groups = res.results ?? [];
    expect(groups.length).toBeGreaterThanOrEqual(5);
    for (const g of groups) {
      const queueId = g.group!.queueId!;
      const stats = (m: string) => g.data![0]!.metrics!.find((x) => x.metric === m)?.stats;
      const offered = detailSum(details, 'nOffered', start, end, { queueId }).count;
      const abandoned = detailSum(details, 'tAbandon', start, end, { queueId }).count;
      const answered = detailSum(details, 'tAnswered', start, end, { queueId }).count;
      const overSla = detailSum(details, 'nOverSla', start, end, { queueId }).count;
      expect(stats('nOffered')?.count ?? 0).toBe(offered);
      expect(stats('tAbandon')?.count ?? 0).toBe(abandoned);
      expect(stats('tAnswered')?.count ?? 0).toBe(answered);
      if (answered + abandoned > 0) {
        const sl = stats('oServiceLevel')!;
        expect(sl.numerator).toBe(answered - overSla);
        expect(sl.denominator).toBe(answered + abandoned);
        expect(sl.ratio).toBeCloseTo((answered - overSla) / (answered + abandoned), 12);
        expect(sl.target).toBe(sandbox.store.org.queueById.get(queueId)!.serviceLevel.percentage);
      }
    }
  });

  it('live conversations from the details query are exactly those GET /conversations/{id} shows as live', async () => {
    const nowMs = Date.parse(now);
    const window = `${iso(nowMs - 2 * DAY)}/${iso(nowMs + 60_000)}`;
    const live = await allDetails(sdk, {
      interval: window,
      conversationFilters: [{ type: 'and', predicates: [{ type: 'dimension', dimension: 'conversationEnd', operator: 'notExists' }] }],
    });
    const everything = await allDetails(sdk, { interval: window });
    expect(live.length).toBeGreaterThan(0);
    // The filter keeps exactly the conversations without an end.
    expect(new Set(live.map((c) => c.conversationId))).toEqual(new Set(everything.filter((c) => !c.conversationEnd).map((c) => c.conversationId)));
    for (const c of live) {
      const full = await sdk.conversations.getConversation(c.conversationId!);
      expect(full.endTime, c.conversationId).toBeUndefined();
      // Someone is still connected, or an agent is still in after-call work.
      expect(full.participants!.some((p) => !p.endTime || (p.wrapupRequired && !p.wrapup))).toBe(true);
    }
    // And a sample of the ended ones has an end time on the live API too, the same instant.
    const ended = everything.filter((c) => c.conversationEnd);
    for (const c of ended.filter((_, i) => i % Math.max(1, Math.floor(ended.length / 25)) === 0)) {
      const full = await sdk.conversations.getConversation(c.conversationId!);
      expect(full.endTime).toBe(c.conversationEnd);
    }
  });

  it("queue observations' waiting and interacting counts equal the live details records", async () => {
    const nowMs = Date.parse(now);
    const live = await allDetails(sdk, {
      interval: `${iso(nowMs - 2 * DAY)}/${iso(nowMs + 60_000)}`,
      conversationFilters: [{ type: 'and', predicates: [{ type: 'dimension', dimension: 'conversationEnd', operator: 'notExists' }] }],
    });
    const expectedWaiting = new Map<string, number>();
    const expectedInteracting = new Map<string, number>();
    for (const c of live) {
      for (const p of c.participants ?? []) {
        for (const s of p.sessions ?? []) {
          const open = (s.segments ?? []).find((x) => !x.segmentEnd);
          if (!open?.queueId) continue;
          const key = `${open.queueId}/${s.mediaType}`;
          if (p.purpose === 'acd' && open.segmentType === 'interact') expectedWaiting.set(key, (expectedWaiting.get(key) ?? 0) + 1);
          if (p.purpose === 'agent' && (open.segmentType === 'interact' || open.segmentType === 'hold')) {
            expectedInteracting.set(key, (expectedInteracting.get(key) ?? 0) + 1);
          }
        }
      }
    }
    const res = await sdk.analytics.postAnalyticsQueuesObservationsQuery({
      filter: { type: 'or', predicates: sandbox.store.org.queues.map((q) => ({ type: 'dimension', dimension: 'queueId', value: q.id })) },
      metrics: ['oWaiting', 'oInteracting'],
    });
    const seen = (metric: string) => {
      const m = new Map<string, number>();
      for (const r of res.results ?? []) {
        const count = r.data?.find((d) => d.metric === metric)?.stats?.count ?? 0;
        if (r.group?.mediaType && count > 0) m.set(`${r.group.queueId}/${r.group.mediaType}`, count);
      }
      return m;
    };
    expect(seen('oWaiting')).toEqual(expectedWaiting);
    expect(seen('oInteracting')).toEqual(expectedInteracting);
  });
});
