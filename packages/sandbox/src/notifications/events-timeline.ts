/**
 * Where the timeline can change: the instants at which a conversation's live view, or an agent's state, may
 * differ from the instant before. The events are computed only at these instants, never by scanning time.
 *
 * Everything here is derived from the stored records (whole simulated lives) and cached per day's array of
 * conversations (a WeakMap, so a day the store evicts and regenerates is simply indexed again, and an index never
 * outlives its day).
 */
import { dayOf, MAX_CONVERSATION_MS, type Org, type SimConversation } from '../model.js';
import { NOT_RESPONDING_PENALTY_MS } from '../sim/day.js';
import { shiftBlocks } from '../sim/schedule.js';
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
  conversations: readonly SimConversation[];
  /**
   * Per minute of the clock (epoch minute), the indexes of the day's conversations alive during it (start to end),
   * ascending: a span reads the minutes it covers, not the day.
   */
  minutes: Map<number, number[]>;
  /** Every instant at which some agent's state may change under this day's schedule and work, ascending, with the agent. */
  agentTimes: Float64Array;
  agentIds: string[];
}

const MINUTE = 60_000;
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
    let obs: number[] | undefined;
    if (observedQueue !== undefined) {
      obs = observation.get(observedQueue);
      if (!obs) observation.set(observedQueue, (obs = []));
    }
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

/** The instants at which agents' states may change under `day`'s schedule and work, per agent. */
function agentEdges(org: Org, day: number, conversations: readonly SimConversation[]): Map<string, number[]> {
  const edges = new Map<string, number[]>();
  const of = (id: string): number[] => {
    let xs = edges.get(id);
    if (!xs) edges.set(id, (xs = []));
    return xs;
  };
  for (const agent of org.agents) {
    const xs = of(agent.id);
    for (const b of shiftBlocks(agent, day)) xs.push(b.start, b.end);
  }
  for (const c of conversations) {
    for (const p of c.participants) {
      if (p.userId === undefined) continue;
      const xs = of(p.userId);
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
  }
  return edges;
}

function dayIndex(store: OrgStore, day: number): DayIndex {
  const conversations = store.conversationsOfDay(day);
  let ix = dayIndexes.get(conversations);
  if (ix) return ix;
  const minutes = new Map<number, number[]>();
  conversations.forEach((c, i) => {
    const last = Math.floor((c.end ?? c.start) / MINUTE);
    for (let m = Math.floor(c.start / MINUTE); m <= last; m++) {
      const list = minutes.get(m);
      if (list) list.push(i);
      else minutes.set(m, [i]);
    }
  });
  const pairs: Array<[number, string]> = [];
  for (const [id, xs] of agentEdges(store.org, day, conversations)) for (const t of sortedUnique(xs)) pairs.push([t, id]);
  pairs.sort((a, b) => a[0] - b[0]);
  ix = { conversations, minutes, agentTimes: Float64Array.from(pairs, (p) => p[0]), agentIds: pairs.map((p) => p[1]) };
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

/**
 * The indexed days a span (from, to] may see changes from: conversations (and agents' work) last at most
 * MAX_CONVERSATION_MS, so days that ended longer ago than that before `from` are done. Within the store's history
 * at `to`.
 */
export class SpanDays {
  private readonly days: DayIndex[] = [];

  constructor(store: OrgStore, readonly from: number, readonly to: number) {
    const { first, last } = store.historyDays(to);
    for (let d = Math.max(first, dayOf(from - MAX_CONVERSATION_MS)); d <= Math.min(last, dayOf(to)); d++) this.days.push(dayIndex(store, d));
  }

  /** Conversations with at least one change in (from, to]: started by `to` and not ended by `from`. */
  conversationsChanging(): SimConversation[] {
    const { from, to } = this;
    const out: SimConversation[] = [];
    const m0 = Math.floor(from / MINUTE);
    const m1 = Math.floor(to / MINUTE);
    for (const ix of this.days) {
      for (let m = m0; m <= m1; m++) {
        for (const i of ix.minutes.get(m) ?? []) {
          const c = ix.conversations[i]!;
          // Each conversation once: in the first minute of the span it is alive in.
          if (m !== Math.max(m0, Math.floor(c.start / MINUTE))) continue;
          if (c.start > to || (c.end !== undefined && c.end <= from)) continue;
          out.push(c);
        }
      }
    }
    return out;
  }

  /**
   * Per agent (only those `wanted`), the instants in (from, to] at which their state may change, ascending: the
   * edges of their shift blocks (sim/schedule.ts) and of their work (from the conversations they work).
   */
  agentChanges(wanted: (agentId: string) => boolean): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const ix of this.days) {
      for (let i = upperBound(ix.agentTimes, this.from); i < ix.agentTimes.length && ix.agentTimes[i]! <= this.to; i++) {
        const id = ix.agentIds[i]!;
        if (!wanted(id)) continue;
        const list = out.get(id);
        if (list) list.push(ix.agentTimes[i]!);
        else out.set(id, [ix.agentTimes[i]!]);
      }
    }
    for (const [id, xs] of out) out.set(id, sortedUnique(xs));
    return out;
  }
}

/** Values of `xs` (ascending) in (from, to]. */
export function within(xs: readonly number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = upperBound(xs, from); i < xs.length && xs[i]! <= to; i++) out.push(xs[i]!);
  return out;
}
