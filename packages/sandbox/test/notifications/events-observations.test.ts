import type platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { eventsBetween, type NotificationEvent } from '../../src/notifications/events.js';
import { sdkClient, type Sdk } from '../integration/sdk-client.js';
import { allTopics, idOfTopic, sdkModelFields, undeclaredFields } from './events-support.js';

/**
 * Queue observation topics over a busy span: each event's counts equal POST
 * /api/v2/analytics/queues/observations/query over HTTP at the event's instant, they stay so until the next
 * event of the same group (checked at sampled instants in between), and the bodies are the SDK's model.
 */

const NOW = Date.parse('2026-03-11T11:00:00Z'); // a Wednesday, late morning
const FROM = NOW - 15 * 60_000;
const METRICS = ['oWaiting', 'oInteracting', 'oAlerting'];

type Stat = platformClient.Models.StatEventQueueTopicStatsNotification;

const countsOf = (e: NotificationEvent): Record<string, number> =>
  Object.fromEntries(((e.eventBody as Stat).data?.[0]?.metrics ?? []).map((m) => [m.metric!, m.stats?.count ?? -1]));

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

  /** The counts the observations query answers over HTTP for one queue and media type at `at`. */
  async function queried(queueId: string, mediaType: string, at: number): Promise<Record<string, number>> {
    sandbox.clock.set(at);
    const res = await sdk.analytics.postAnalyticsQueuesObservationsQuery({
      filter: { type: 'and', predicates: [{ dimension: 'queueId', value: queueId }, { dimension: 'mediaType', value: mediaType }] },
      metrics: METRICS,
    });
    const group = (res.results ?? []).find((r) => r.group?.queueId === queueId && r.group?.mediaType === mediaType);
    return Object.fromEntries(METRICS.map((m) => [m, group?.data?.find((d) => d.metric === m)?.stats?.count ?? 0]));
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
      expect(Object.keys(countsOf(e))).toEqual(METRICS);
      expect(undeclaredFields(body, 'StatEventQueueTopicStatsNotification', fieldsOf, {
        'StatEventQueueTopicStatsNotification.data': 'StatEventQueueTopicIntervalMetrics',
        'StatEventQueueTopicIntervalMetrics.metrics': 'StatEventQueueTopicMetricStats',
      })).toEqual([]);
      const key = `${e.topicName}|${body.group?.mediaType}|${e.at}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    });
    expect(new Set(events.map((e) => (e.eventBody as Stat).group?.mediaType)).size).toBeGreaterThanOrEqual(3);
  });

  it('equal the observations query over HTTP at the event and until the next change', async () => {
    const byGroup = new Map<string, NotificationEvent[]>();
    for (const e of events) {
      const k = `${e.topicName}|${(e.eventBody as Stat).group?.mediaType}`;
      byGroup.set(k, [...(byGroup.get(k) ?? []), e]);
    }
    const steps = [...byGroup.values()].flatMap((list) => list.map((e, i) => ({ e, next: list[i + 1]?.at })));
    steps.sort((a, b) => a.e.at - b.e.at);
    const samples = Array.from({ length: 12 }, (_, i) => steps[Math.floor(((i + 0.5) * steps.length) / 12)]!);
    for (const { e, next } of samples) {
      const { queueId, mediaType } = (e.eventBody as Stat).group as { queueId: string; mediaType: string };
      expect(await queried(queueId, mediaType, e.at), `${queueId} ${mediaType} at ${e.at}`).toEqual(countsOf(e));
      // Between two changes nothing moves: halfway, and just before the next one.
      const until = next ?? NOW;
      for (const at of [Math.floor((e.at + until) / 2), until - 1]) {
        if (at > e.at) expect(await queried(queueId, mediaType, at)).toEqual(countsOf(e));
      }
    }
  });

  it('replayed from the counts at the start, give every queue\'s counts at sampled instants', async () => {
    const queueIds = sandbox.store.org.queues.map((q) => q.id);
    /** Every queue × media type group's counts over HTTP, as "queue|media" → counts. */
    const all = async (at: number): Promise<Map<string, Record<string, number>>> => {
      sandbox.clock.set(at);
      const res = await sdk.analytics.postAnalyticsQueuesObservationsQuery({
        filter: { type: 'or', predicates: queueIds.map((id) => ({ dimension: 'queueId', value: id })) },
        metrics: METRICS,
      });
      const out = new Map<string, Record<string, number>>();
      for (const r of res.results ?? []) {
        if (r.group?.mediaType === undefined) continue;
        out.set(`${r.group.queueId}|${r.group.mediaType}`, Object.fromEntries(METRICS.map((m) => [m, r.data?.find((d) => d.metric === m)?.stats?.count ?? 0])));
      }
      return out;
    };
    const state = await all(FROM);
    let next = 0;
    let nonZero = 0;
    for (let i = 1; i <= 10; i++) {
      const at = FROM + Math.round(((NOW - FROM) * i) / 10) - 3;
      for (; next < events.length && events[next]!.at <= at; next++) {
        const e = events[next]!;
        state.set(`${idOfTopic(e.topicName)}|${(e.eventBody as Stat).group?.mediaType}`, countsOf(e));
      }
      const truth = await all(at);
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
