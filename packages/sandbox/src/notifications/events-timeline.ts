/**
 * Where the timeline can change: the instants at which a conversation's live view, or an agent's state, may
 * differ from the instant before. The events are computed only at these instants, never by scanning time.
 *
 * Everything here is derived from the stored records (whole simulated lives) and cached per day's array of
 * conversations (a WeakMap, so a day the store evicts and regenerates is simply indexed again).
 */
import { dayOf, MAX_CONVERSATION_MS, type SimConversation } from '../model.js';
import { NOT_RESPONDING_PENALTY_MS } from '../sim/day.js';
import type { OrgStore } from '../store.js';

export interface ConversationTimeline {
  /** Every instant at which `viewAt(c, t)` differs from just before `t`, ascending (start and end included). */
  changes: number[];
  /** When the conversation entered each queue (its first acd participant of that queue joined). */
  queues: ReadonlyMap<string, number>;
  /** When each user (agent or outbound user) first joined it. */
  users: ReadonlyMap<string, number>;
  /** Per queue, the instants at which that queue's observations of this conversation may change. */
  observationChanges: ReadonlyMap<string, number[]>;
}

interface DayIndex {
  /** `start` of each conversation, in the day's order (the store sorts by start). */
  starts: Float64Array;
  /** Per user id, the instants at which their work (and so their routing status) may change, ascending. */
  agentWork: Map<string, number[]>;
}

const timelines = new WeakMap<SimConversation, ConversationTimeline>();
const dayIndexes = new WeakMap<readonly SimConversation[], DayIndex>();

const sortedUnique = (xs: number[]): number[] => {
  xs.sort((a, b) => a - b);
  return xs.filter((x, i) => i === 0 || x !== xs[i - 1]);
};

/**
 * The change instants of one conversation: a participant joins or leaves, gets connected, a segment starts or
 * ends (alerting, talk, hold, wrap-up…), a wrap-up is entered, the conversation ends. Each of these shows in
 * `GET /api/v2/conversations/{id}` (segments are on the wire), so each is a real change of the live view.
 */
export function timelineOf(c: SimConversation): ConversationTimeline {
  let t = timelines.get(c);
  if (t) return t;
  const changes: number[] = [c.start];
  if (c.end !== undefined) changes.push(c.end);
  const queues = new Map<string, number>();
  const users = new Map<string, number>();
  const observation = new Map<string, number[]>();
  for (const p of c.participants) {
    changes.push(p.start);
    if (p.end !== undefined) changes.push(p.end);
    if (p.connected !== undefined) changes.push(p.connected);
    if (p.wrapup) changes.push(p.wrapup.endTime);
    if (p.purpose === 'acd' && p.queueId !== undefined && !queues.has(p.queueId)) queues.set(p.queueId, p.start);
    if (p.userId !== undefined && !users.has(p.userId)) users.set(p.userId, p.start);
    // Observations of a queue read its acd participants and the agents it routed to (query/observations/run.ts).
    const observedQueue = p.purpose === 'acd' || p.purpose === 'agent' ? p.queueId : undefined;
    const obs = observedQueue !== undefined ? (observation.get(observedQueue) ?? []) : undefined;
    if (obs && observedQueue !== undefined) observation.set(observedQueue, obs);
    for (const s of p.sessions) {
      for (const seg of s.segments) {
        changes.push(seg.start);
        if (seg.end !== undefined) changes.push(seg.end);
        if (obs) {
          obs.push(seg.start);
          if (seg.end !== undefined) obs.push(seg.end);
        }
      }
    }
  }
  const observationChanges = new Map<string, number[]>();
  for (const [q, xs] of observation) observationChanges.set(q, sortedUnique(xs));
  t = { changes: sortedUnique(changes), queues, users, observationChanges };
  timelines.set(c, t);
  return t;
}

function dayIndex(conversations: readonly SimConversation[]): DayIndex {
  let ix = dayIndexes.get(conversations);
  if (ix) return ix;
  const starts = new Float64Array(conversations.length);
  const work = new Map<string, number[]>();
  conversations.forEach((c, i) => {
    starts[i] = c.start;
    for (const p of c.participants) {
      if (p.userId === undefined) continue;
      let xs = work.get(p.userId);
      if (!xs) work.set(p.userId, (xs = []));
      // An agent is busy from joining to the end of their last segment, the wrap-up (sim/day.ts `busy`: one
      // work span per participant); an offer left to ring out is followed by a NOT_RESPONDING penalty.
      xs.push(p.start);
      let last = p.start;
      for (const s of p.sessions) {
        for (const seg of s.segments) {
          if (seg.end !== undefined) last = Math.max(last, seg.end);
          if (seg.type === 'alert' && seg.disconnectType === 'noAnswerTransfer' && seg.end !== undefined) xs.push(seg.end + NOT_RESPONDING_PENALTY_MS);
        }
      }
      xs.push(last);
    }
  });
  for (const [k, xs] of work) work.set(k, sortedUnique(xs));
  ix = { starts, agentWork: work };
  dayIndexes.set(conversations, ix);
  return ix;
}

/** First index whose value is > x (values ascending). */
export function upperBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The days (UTC day numbers) whose conversations may change in (from, to], within the store's history at `to`. */
export function daysTouching(store: OrgStore, from: number, to: number): number[] {
  const { first, last } = store.historyDays(to);
  const days: number[] = [];
  for (let d = Math.max(first, dayOf(from - MAX_CONVERSATION_MS)); d <= Math.min(last, dayOf(to)); d++) days.push(d);
  return days;
}

/**
 * Conversations with at least one change in (from, to]: started by `to` and not ended by `from`. Only
 * conversations that started in the last MAX_CONVERSATION_MS before `from` can still be running, and the day's
 * conversations are sorted by start, so this reads a window of each day, not the whole day.
 */
export function conversationsChangingIn(store: OrgStore, from: number, to: number): SimConversation[] {
  const out: SimConversation[] = [];
  for (const day of daysTouching(store, from, to)) {
    const conversations = store.conversationsOfDay(day);
    const { starts } = dayIndex(conversations);
    const lo = upperBound(starts, from - MAX_CONVERSATION_MS - 1);
    const hi = upperBound(starts, to);
    for (let i = lo; i < hi; i++) {
      const c = conversations[i]!;
      if (c.end !== undefined && c.end <= from) continue;
      out.push(c);
    }
  }
  return out;
}

/** Instants in (from, to] at which the user's work may change their routing status (from the conversations they work). */
export function workChangesIn(store: OrgStore, userId: string, from: number, to: number): number[] {
  const out: number[] = [];
  const { first, last } = store.historyDays(to);
  // Work of a day ends at most MAX_CONVERSATION_MS after the day's last start.
  for (let d = Math.max(first, dayOf(from - MAX_CONVERSATION_MS)); d <= Math.min(last, dayOf(to)); d++) {
    const xs = dayIndex(store.conversationsOfDay(d)).agentWork.get(userId);
    if (!xs) continue;
    for (let i = upperBound(xs, from); i < xs.length && xs[i]! <= to; i++) out.push(xs[i]!);
  }
  return out;
}

/** Values of `xs` (ascending) in (from, to]. */
export function within(xs: readonly number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = upperBound(xs, from); i < xs.length && xs[i]! <= to; i++) out.push(xs[i]!);
  return out;
}
