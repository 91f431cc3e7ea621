import type platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { eventsBetween, type NotificationEvent } from '../../src/notifications/events.js';
import { sdkClient, type Sdk } from '../integration/sdk-client.js';
import { allTopics, idOfTopic, sdkModelFields, undeclaredFields } from './events-support.js';

/**
 * Queue observation topics over a busy span: each event's counts equal POST
 * /api/v2/analytics/queues/observations/query over HTTP at the event's instant, they stay so until the next
 * event of the same group (checked at sampled instants in between), and the bodies are the SDK's model. Media
 * type groups carry the conversation metrics; the queue's {queueId} group carries its user metrics.
 */

const NOW = Date.parse('2026-03-11T11:00:00Z'); // a Wednesday, late morning
const FROM = NOW - 15 * 60_000;
const METRICS = ['oWaiting', 'oInteracting', 'oAlerting'];
const USER_METRICS = ['oOnQueueUsers', 'oOffQueueUsers', 'oActiveUsers', 'oMemberUsers'];

type Stat = platformClient.Models.StatEventQueueTopicStatsNotification;

/** An event's figures, `metric` or `metric:qualifier` → count. */
const countsOf = (e: NotificationEvent): Record<string, number> =>
  Object.fromEntries(((e.eventBody as Stat).data?.[0]?.metrics ?? []).map((m) => [m.qualifier ? `${m.metric}:${m.qualifier}` : m.metric!, m.stats?.count ?? -1]));
const groupOf = (e: NotificationEvent): string => `${(e.eventBody as Stat).group?.queueId}|${(e.eventBody as Stat).group?.mediaType ?? 'users'}`;

describe('queue observation events', () => {
  let sandbox: Sandbox;
  let sdk: Sdk;
  let events: NotificationEvent[];

  beforeAll(async () => {
    sandbox = await createSandbox({ seed: 5, now: NOW, historyDays: 30, limits: { requestsPerMinute: 100_000 } });
    sdk = await sdkClient(sandbox.url);
    events = eventsBetween(sandbox.store, FROM, NOW, new Set(allTopics(sandbox.store).observations));
  });
  afterAll(() => sandbox?.close());

  /** Every group's figures as the observations query answers over HTTP at `at`: "queue|media" or "queue|users" → figures. */
  async function queried(queueIds: readonly string[], at: number): Promise<Map<string, Record<string, number>>> {
    sandbox.clock.set(at);
    const res = await sdk.analytics.postAnalyticsQueuesObservationsQuery({
      filter: { type: 'or', predicates: queueIds.map((id) => ({ dimension: 'queueId', value: id })) },
      metrics: [...METRICS, ...USER_METRICS],
    });
    const out = new Map<string, Record<string, number>>();
    for (const r of res.results ?? []) {
      const figures: Record<string, number> = {};
      if (r.group?.mediaType !== undefined) for (const m of METRICS) figures[m] = r.data?.find((d) => d.metric === m)?.stats?.count ?? 0;
      else for (const d of r.data ?? []) figures[d.qualifier ? `${d.metric}:${d.qualifier}` : d.metric!] = d.stats?.count ?? 0;
      out.set(`${r.group?.queueId}|${r.group?.mediaType ?? 'users'}`, figures);
    }
    return out;
  }

  it('are instantaneous observations of one queue and media type, ordered, in the SDK model', () => {
    expect(events.length).toBeGreaterThan(50);
    const fieldsOf = sdkModelFields();
    const seen = new Set<string>();
    events.forEach((e, i) => {
      if (i > 0) expect(e.at).toBeGreaterThanOrEqual(events[i - 1]!.at);
      const body = e.eventBody as Stat;
      expect(body.group?.queueId).toBe(idOfTopic(e.topicName));
      const iso = new Date(e.at).toISOString();
      expect(body.data).toHaveLength(1);
      expect(body.data?.[0]?.interval).toBe(`${iso}/${iso}`);
      if (body.group?.mediaType !== undefined) expect(Object.keys(countsOf(e))).toEqual(METRICS);
      else {
        // Qualified metrics list only qualifiers with members (so oOffQueueUsers can be absent); the plain ones are always there.
        const names = new Set(Object.keys(countsOf(e)).map((k) => k.split(':')[0]!));
        for (const n of names) expect(USER_METRICS).toContain(n);
        expect(names).toContain('oActiveUsers');
        expect(names).toContain('oMemberUsers');
      }
      expect(undeclaredFields(body, 'StatEventQueueTopicStatsNotification', fieldsOf, {
        'StatEventQueueTopicStatsNotification.data': 'StatEventQueueTopicIntervalMetrics',
        'StatEventQueueTopicIntervalMetrics.metrics': 'StatEventQueueTopicMetricStats',
      })).toEqual([]);
      const key = `${groupOf(e)}|${e.at}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    });
    const media = new Set(events.map((e) => (e.eventBody as Stat).group?.mediaType));
    expect(media.size).toBeGreaterThanOrEqual(4);
    expect(media).toContain(undefined);
  });

  it('equal the observations query over HTTP at the event and until the next change', async () => {
    const byGroup = new Map<string, NotificationEvent[]>();
    for (const e of events) byGroup.set(groupOf(e), [...(byGroup.get(groupOf(e)) ?? []), e]);
    const steps = [...byGroup.values()].flatMap((list) => list.map((e, i) => ({ e, next: list[i + 1]?.at })));
    steps.sort((a, b) => a.e.at - b.e.at);
    const media = steps.filter((s) => !groupOf(s.e).endsWith('|users'));
    const users = steps.filter((s) => groupOf(s.e).endsWith('|users'));
    const pick = <T>(xs: T[], n: number): T[] => Array.from({ length: n }, (_, i) => xs[Math.floor(((i + 0.5) * xs.length) / n)]!);
    for (const { e, next } of [...pick(media, 10), ...pick(users, 6)]) {
      const queueId = (e.eventBody as Stat).group!.queueId!;
      expect((await queried([queueId], e.at)).get(groupOf(e)), `${groupOf(e)} at ${e.at}`).toEqual(countsOf(e));
      // Between two changes nothing moves: halfway, and just before the next one.
      const until = next ?? NOW;
      for (const at of [Math.floor((e.at + until) / 2), until - 1]) {
        if (at > e.at) expect((await queried([queueId], at)).get(groupOf(e))).toEqual(countsOf(e));
      }
    }
  });

  it('replayed from the figures at the start, give every queue\'s figures at sampled instants', async () => {
    const queueIds = sandbox.store.org.queues.map((q) => q.id);
    const state = await queried(queueIds, FROM);
    let next = 0;
    let nonZero = 0;
    for (let i = 1; i <= 10; i++) {
      const at = FROM + Math.round(((NOW - FROM) * i) / 10) - 3;
      for (; next < events.length && events[next]!.at <= at; next++) state.set(groupOf(events[next]!), countsOf(events[next]!));
      const truth = await queried(queueIds, at);
      expect(new Map([...state].sort()), `at ${new Date(at).toISOString()}`).toEqual(new Map([...truth].sort()));
      nonZero += [...truth.values()].filter((c) => Object.values(c).some((n) => n > 0)).length;
    }
    expect(nonZero).toBeGreaterThan(10);
  });

  it('split into pieces, give the same events', () => {
    const topics = new Set(allTopics(sandbox.store).observations);
    const mid = FROM + 6 * 60_000 + 17;
    expect(JSON.stringify([...eventsBetween(sandbox.store, FROM, mid, topics), ...eventsBetween(sandbox.store, mid, NOW, topics)])).toBe(JSON.stringify(events));
  });
});
