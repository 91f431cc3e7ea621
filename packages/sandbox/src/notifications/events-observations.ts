/**
 * Queue observation events (`v2.analytics.queues.{id}.observations` → StatEventQueueTopicStatsNotification):
 * an instantaneous observation (interval `t/t`, as in the real capture of genesys-push-jobs-users.md §B2) of
 * oWaiting, oInteracting and oAlerting for one {queueId, mediaType} group, each time one of its counts changes.
 *
 * The counts come from the observations engine itself (query/observations/run.ts), fed the conversations of
 * this queue cut at the instant, so they equal what `POST /api/v2/analytics/queues/observations/query` answers
 * at that instant. A media type whose counts never change (zero all along) sends nothing. The user metrics
 * (oOnQueueUsers…) are not published on this topic by the sandbox.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { viewAt, type Org, type SimConversation } from '../model.js';
import type { ObservationQuery, QueueObservationMetric } from '../query/observations/parse.js';
import { runObservationQuery } from '../query/observations/run.js';
import { timelineOf, within } from './events-timeline.js';

export type ObservationEventBody = platformClient.Models.StatEventQueueTopicStatsNotification;

/** The metrics each event carries, in this order. */
export const OBSERVED_METRICS: readonly QueueObservationMetric[] = ['oWaiting', 'oInteracting', 'oAlerting'];

export interface ObservationChange {
  at: number;
  mediaType: string;
  body: ObservationEventBody;
}

const iso = (t: number): string => new Date(t).toISOString();

function queryFor(queueId: string): ObservationQuery {
  return {
    filter: { type: 'and', clauses: [], predicates: [{ dimension: 'queueId', operator: 'matches', value: queueId }] },
    metrics: [...OBSERVED_METRICS],
    detailMetrics: new Set(),
  };
}

type Counts = ReadonlyMap<string, readonly number[]>;
const NONE: Counts = new Map();

/**
 * One conversation's share of the queue's counts at `at` (media type → a count per OBSERVED_METRICS), from the
 * observations engine run over that conversation alone. The engine's counts are sums over conversations, so the
 * queue's counts are the sum of the shares, and a share changes only at that conversation's own change instants.
 */
function shareOf(org: Org, query: ObservationQuery, queueId: string, c: SimConversation, at: number): Counts {
  if (c.start > at || (c.end !== undefined && c.end <= at)) return NONE;
  const res = runObservationQuery(query, { now: at, org, live: [viewAt(c, at)!], agentStates: new Map() });
  const out = new Map<string, number[]>();
  for (const r of res.results ?? []) {
    if (r.group?.queueId !== queueId || r.group.mediaType === undefined) continue;
    const counts = OBSERVED_METRICS.map((m) => r.data?.find((d) => d.metric === m)?.stats?.count ?? 0);
    if (counts.some((n) => n !== 0)) out.set(r.group.mediaType, counts);
  }
  return out;
}

function addInto(total: Map<string, number[]>, share: Counts, sign: 1 | -1, touched: Set<string>): void {
  for (const [media, counts] of share) {
    const t = total.get(media) ?? OBSERVED_METRICS.map(() => 0);
    counts.forEach((n, i) => (t[i]! += sign * n));
    total.set(media, t);
    touched.add(media);
  }
}

/**
 * Every change of the queue's observations in (from, to]. `conversations` must hold every conversation that
 * changes in the span or is live at `from` (conversationsChangingIn); those that do not concern the queue are
 * ignored.
 */
export function observationChangesIn(org: Org, queueId: string, conversations: readonly SimConversation[], from: number, to: number): ObservationChange[] {
  const query = queryFor(queueId);
  const steps = new Map<number, SimConversation[]>();
  const mine: SimConversation[] = [];
  for (const c of conversations) {
    const changes = timelineOf(c).observationChanges.get(queueId);
    if (!changes) continue;
    mine.push(c);
    for (const t of within(changes, from, to)) {
      const list = steps.get(t);
      if (list) list.push(c);
      else steps.set(t, [c]);
    }
  }
  if (steps.size === 0) return [];
  // The counts at `from`: every conversation of the queue live then, changing in the span or not.
  const shares = new Map<SimConversation, Counts>();
  const total = new Map<string, number[]>();
  for (const c of mine) {
    const share = shareOf(org, query, queueId, c, from);
    shares.set(c, share);
    addInto(total, share, 1, new Set());
  }
  const out: ObservationChange[] = [];
  for (const t of [...steps.keys()].sort((a, b) => a - b)) {
    const before = new Map([...total].map(([m, xs]) => [m, xs.join(',')]));
    const touched = new Set<string>();
    for (const c of steps.get(t)!) {
      addInto(total, shares.get(c)!, -1, touched);
      const share = shareOf(org, query, queueId, c, t);
      shares.set(c, share);
      addInto(total, share, 1, touched);
    }
    for (const mediaType of [...touched].sort()) {
      const counts = total.get(mediaType)!;
      if (before.get(mediaType) === counts.join(',')) continue;
      const metrics = OBSERVED_METRICS.map((metric, i) => ({ metric, stats: { count: counts[i]! } }));
      out.push({ at: t, mediaType, body: { group: { queueId, mediaType }, data: [{ interval: `${iso(t)}/${iso(t)}`, metrics }] } });
    }
  }
  return out;
}
