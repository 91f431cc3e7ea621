/**
 * Queue observation events (`v2.analytics.queues.{id}.observations` → StatEventQueueTopicStatsNotification):
 * an instantaneous observation (interval `t/t`, as in the real capture of genesys-push-jobs-users.md §B2) of
 * oWaiting, oInteracting and oAlerting for one {queueId, mediaType} group, each time one of its counts changes.
 *
 * The counts come from the observations engine's own scan (`scanLive` in query/observations/run.ts), so they
 * equal what `POST /api/v2/analytics/queues/observations/query` answers at that instant. The engine's counts are
 * sums over conversations, so each conversation's share is scanned only at its own change instants and the
 * queue's counts are kept as the sum of the shares. A media type whose counts never change (zero all along)
 * sends nothing.
 *
 * The same topic carries the queue's user observations in a {queueId} group (as the query groups them):
 * oOnQueueUsers (by routing status), oOffQueueUsers (by presence), oActiveUsers and oMemberUsers, computed by the
 * engine from the members' states, each time one of those figures changes (a member's presence or routing
 * status changed). Detail observations are never sent.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { viewAt, type AgentState, type Org, type OrgQueue, type SimConversation } from '../model.js';
import type { ObservationQuery, QueueObservationMetric } from '../query/observations/parse.js';
import { runObservationQuery, scanLive, type ConversationMetric } from '../query/observations/run.js';
import { timelineOf, within } from './events-timeline.js';

export type ObservationEventBody = platformClient.Models.StatEventQueueTopicStatsNotification;

/** The metrics each event carries, in this order. */
export const OBSERVED_METRICS: readonly ConversationMetric[] = ['oWaiting', 'oInteracting', 'oAlerting'];

export interface ObservationChange {
  at: number;
  queueId: string;
  /** Undefined for the queue's user observations group. */
  mediaType?: string;
  body: ObservationEventBody;
}

const iso = (t: number): string => new Date(t).toISOString();

/** Per `queueId|mediaType`, a count per OBSERVED_METRICS (only groups with something in them). */
type Share = ReadonlyMap<string, readonly number[]>;
const NONE: Share = new Map();

/** One conversation's share of every queue's counts at `at`. */
function shareOf(c: SimConversation, at: number): Share {
  if (c.start > at || (c.end !== undefined && c.end <= at)) return NONE;
  const out = new Map<string, number[]>();
  for (const [key, found] of scanLive([viewAt(c, at)!])) {
    const counts = OBSERVED_METRICS.map((m) => found[m].length);
    if (counts.some((n) => n !== 0)) out.set(key, counts);
  }
  return out;
}

class Totals {
  private readonly counts = new Map<string, number[]>();
  add(share: Share, sign: 1 | -1, queueId: string): void {
    for (const [key, counts] of share) {
      if (!key.startsWith(`${queueId}|`)) continue;
      let t = this.counts.get(key);
      if (!t) this.counts.set(key, (t = OBSERVED_METRICS.map(() => 0)));
      counts.forEach((n, i) => (t[i]! += sign * n));
    }
  }
  get(key: string): readonly number[] {
    return this.counts.get(key) ?? OBSERVED_METRICS.map(() => 0);
  }
}

/**
 * Every change of the given queues' observations in (from, to], per queue. `conversations` must hold every
 * conversation that changes in the span or is live at `from` (SpanDays.conversationsChanging); those that concern
 * none of the queues are ignored.
 */
export function observationChangesIn(queueIds: Iterable<string>, conversations: readonly SimConversation[], from: number, to: number): ObservationChange[] {
  // A conversation's share is the same for every queue: scan it once per instant.
  const shares = new Map<SimConversation, Map<number, Share>>();
  const shareAt = (c: SimConversation, at: number): Share => {
    let byAt = shares.get(c);
    if (!byAt) shares.set(c, (byAt = new Map()));
    let s = byAt.get(at);
    if (!s) byAt.set(at, (s = shareOf(c, at)));
    return s;
  };
  const out: ObservationChange[] = [];
  for (const queueId of queueIds) {
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
    if (steps.size === 0) continue;
    // The counts at `from`: every conversation of the queue live then, changing in the span or not.
    const totals = new Totals();
    const current = new Map<SimConversation, Share>();
    for (const c of mine) {
      const s = shareAt(c, from);
      current.set(c, s);
      totals.add(s, 1, queueId);
    }
    for (const t of [...steps.keys()].sort((a, b) => a - b)) {
      const changed = steps.get(t)!.map((c) => ({ c, old: current.get(c)!, now: shareAt(c, t) }));
      const keys = new Set<string>();
      for (const x of changed) for (const share of [x.old, x.now]) for (const k of share.keys()) if (k.startsWith(`${queueId}|`)) keys.add(k);
      const before = new Map([...keys].map((k) => [k, totals.get(k).join(',')]));
      for (const x of changed) {
        totals.add(x.old, -1, queueId);
        totals.add(x.now, 1, queueId);
        current.set(x.c, x.now);
      }
      for (const key of [...keys].sort()) {
        const counts = totals.get(key);
        if (before.get(key) === counts.join(',')) continue;
        const mediaType = key.slice(queueId.length + 1);
        const metrics = OBSERVED_METRICS.map((metric, i) => ({ metric, stats: { count: counts[i]! } }));
        out.push({ at: t, queueId, mediaType, body: { group: { queueId, mediaType }, data: [{ interval: `${iso(t)}/${iso(t)}`, metrics }] } });
      }
    }
  }
  return out;
}

/** The user metrics each {queueId} event carries, in this order (qualified ones list only qualifiers with members). */
export const OBSERVED_USER_METRICS: readonly QueueObservationMetric[] = ['oOnQueueUsers', 'oOffQueueUsers', 'oActiveUsers', 'oMemberUsers'];

/** A member's state change (from the same computation as the presence and routing status events). */
export interface MemberChange {
  at: number;
  state: AgentState;
}

type UserMetrics = Array<{ metric: string; qualifier?: string; stats: { count: number } }>;

/**
 * One member's share of the queue's user figures: the engine run over the queue with that member alone. The
 * engine's user figures are counts over members, so the queue's figures are the sums of the shares. Without
 * detail observations a share depends only on the queue and the member's routing status and presence, so it is
 * computed once per such triple.
 */
const sharesByState = new WeakMap<Org, Map<string, UserMetrics>>();

function memberShare(org: Org, query: ObservationQuery, queue: OrgQueue, memberId: string, state: AgentState, at: number): UserMetrics {
  let cache = sharesByState.get(org);
  if (!cache) sharesByState.set(org, (cache = new Map()));
  const key = `${queue.id}|${state.routingStatus}|${state.presence}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const alone: Org = { ...org, queues: [{ ...queue, memberIds: [memberId] }] };
  const res = runObservationQuery(query, { now: at, org: alone, live: [], agentStates: new Map([[memberId, state]]) });
  const group = (res.results ?? []).find((r) => r.group?.queueId === queue.id && r.group.mediaType === undefined);
  const share = (group?.data ?? []).map((d) => {
    const m: UserMetrics[number] = { metric: d.metric ?? '', stats: { count: d.stats?.count ?? 0 } };
    if (d.qualifier !== undefined) m.qualifier = d.qualifier;
    return m;
  });
  cache.set(key, share);
  return share;
}

/** Sums of members' shares, formatted as the engine formats a queue's figures. */
class UserTotals {
  private readonly sums = new Map<string, { metric: string; qualifier?: string; count: number }>();
  add(share: UserMetrics, sign: 1 | -1): void {
    for (const m of share) {
      const key = `${m.metric}\u0000${m.qualifier ?? ''}`;
      let e = this.sums.get(key);
      if (!e) {
        e = { metric: m.metric, count: 0 };
        if (m.qualifier !== undefined) e.qualifier = m.qualifier;
        this.sums.set(key, e);
      }
      e.count += sign * m.stats.count;
    }
  }
  /** Metrics in request order; qualified ones sorted by qualifier, only those with members; plain ones always. */
  metrics(): UserMetrics {
    const out: UserMetrics = [];
    for (const metric of OBSERVED_USER_METRICS) {
      const entries = [...this.sums.values()].filter((e) => e.metric === metric);
      const plain = entries.find((e) => e.qualifier === undefined);
      if (plain) out.push({ metric, stats: { count: plain.count } });
      const qualified = entries.filter((e) => e.qualifier !== undefined && e.count > 0).sort((a, b) => (a.qualifier! < b.qualifier! ? -1 : a.qualifier! > b.qualifier! ? 1 : 0));
      for (const e of qualified) out.push({ metric, qualifier: e.qualifier!, stats: { count: e.count } });
    }
    return out;
  }
}

/**
 * Members' states at the end of the last span computed per queue: the next tick's span starts there, so its
 * members' states at `from` need not be read again (a state at an instant never changes, whoever computed it).
 */
const lastStates = new WeakMap<Org, Map<string, { at: number; states: ReadonlyMap<string, AgentState> }>>();

/**
 * Every change of the queue's user observations in (from, to]. `changes` holds, per member, every change of their
 * state in the span (ascending); `stateAt` reads a member's state at `from`.
 */
export function userObservationChangesIn(
  org: Org,
  queueId: string,
  from: number,
  to: number,
  changes: ReadonlyMap<string, readonly MemberChange[]>,
  stateAt: (agentId: string, at: number) => AgentState,
): ObservationChange[] {
  const queue = org.queueById.get(queueId);
  if (!queue) return [];
  const steps = new Map<number, Array<[string, AgentState]>>();
  for (const id of queue.memberIds) {
    for (const ch of changes.get(id) ?? []) {
      const list = steps.get(ch.at);
      if (list) list.push([id, ch.state]);
      else steps.set(ch.at, [[id, ch.state]]);
    }
  }
  let cache = lastStates.get(org);
  if (!cache) lastStates.set(org, (cache = new Map()));
  const known = cache.get(queueId);
  if (steps.size === 0) {
    // Nothing moved: the states at `from` hold at `to` too.
    if (known?.at === from) cache.set(queueId, { at: to, states: known.states });
    return [];
  }
  const query: ObservationQuery = {
    filter: { type: 'and', clauses: [], predicates: [{ dimension: 'queueId', operator: 'matches', value: queueId }] },
    metrics: [...OBSERVED_USER_METRICS],
    detailMetrics: new Set(),
  };
  const states = new Map(known?.at === from ? known.states : queue.memberIds.map((id) => [id, stateAt(id, from)]));
  const shares = new Map<string, UserMetrics>();
  const totals = new UserTotals();
  for (const [id, state] of states) {
    const share = memberShare(org, query, queue, id, state, from);
    shares.set(id, share);
    totals.add(share, 1);
  }
  let prev = JSON.stringify(totals.metrics());
  const out: ObservationChange[] = [];
  for (const t of [...steps.keys()].sort((a, b) => a - b)) {
    for (const [id, state] of steps.get(t)!) {
      states.set(id, state);
      totals.add(shares.get(id)!, -1);
      const share = memberShare(org, query, queue, id, state, t);
      shares.set(id, share);
      totals.add(share, 1);
    }
    const metrics = totals.metrics();
    const key = JSON.stringify(metrics);
    if (key === prev) continue;
    prev = key;
    out.push({ at: t, queueId, body: { group: { queueId }, data: [{ interval: `${iso(t)}/${iso(t)}`, metrics }] } });
  }
  cache.set(queueId, { at: to, states });
  return out;
}
