/**
 * The sandbox's internal model: one seeded org and the conversations it simulates.
 *
 * Every view the server offers (live conversations, analytics details, aggregates, queue observations,
 * users' routing status) is computed from these records, so the views agree exactly. Times are epoch
 * milliseconds (UTC); wire builders format them as ISO-8601 strings.
 *
 * A record describes the conversation's whole simulated life, including the part after the sandbox clock's
 * "now". {@link viewAt} cuts it down to what has happened by a given instant; no other code may show a
 * conversation without passing it through `viewAt` first.
 */

export const MEDIA_TYPES = ['voice', 'callback', 'chat', 'message', 'email'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export type Direction = 'inbound' | 'outbound';

/** Participant purposes used by the simulation (a subset of Genesys's analytics purpose enum). */
export type Purpose = 'customer' | 'external' | 'ivr' | 'acd' | 'agent' | 'user';

/** Segment types used by the simulation (a subset of Genesys's analytics segmentType enum). */
export type SegmentType = 'ivr' | 'interact' | 'alert' | 'hold' | 'wrapup' | 'dialing' | 'contacting' | 'callback';

/** Disconnect types used by the simulation (a subset of Genesys's analytics disconnectType enum). */
export type DisconnectType = 'client' | 'endpoint' | 'transfer' | 'consultTransfer' | 'peer' | 'system' | 'noAnswerTransfer' | 'error';

/** Metrics the simulation emits into detail records (and aggregates are built from). */
export const DETAIL_METRICS = [
  'nConnected', 'tConnected', 'nFlow', 'tIvr',
  'nOffered', 'tAcd', 'tAbandon', 'tShortAbandon', 'tWait', 'tFlowOut', 'nOverSla',
  'tAlert', 'tNotResponding', 'tAnswered', 'tTalk', 'tTalkComplete', 'tHeld', 'tHeldComplete', 'tAcw', 'tHandle',
  'tContacting', 'tDialing', 'nOutbound', 'nTransferred', 'nBlindTransferred', 'nConsultTransferred', 'nConsult', 'nError',
] as const;
export type DetailMetricName = (typeof DETAIL_METRICS)[number];

export interface SimMetric {
  name: DetailMetricName;
  /** ms for t* metrics, 1 for n* metrics. */
  value: number;
  /** When Genesys stamps the metric; aggregates bucket by this. */
  emit: number;
  /** Queue of the segment that carries the metric (aggregates' queueId dimension). */
  queueId?: string;
  /** Wrap-up code, only on metrics emitted when the wrap-up completes (tAcw, tHandle). */
  wrapUpCode?: string;
}

export interface SimSegment {
  type: SegmentType;
  start: number;
  /** Undefined only in a view cut at an instant before the segment ended. */
  end?: number;
  queueId?: string;
  disconnectType?: DisconnectType;
  wrapUpCode?: string;
  wrapUpNote?: string;
  errorCode?: string;
  /** Set on the agent's interact segment of a consult (the consulting agent talks to a second agent). */
  conference?: boolean;
}

export interface SimSession {
  id: string;
  mediaType: MediaType;
  direction: Direction;
  /** Customer's address (tel:+1…, an email address, or a chat/message handle). */
  ani: string;
  /** Address the customer contacted (tel:+1800…, support@…). */
  dnis: string;
  addressFrom: string;
  addressTo: string;
  /** Voice only. */
  recording?: boolean;
  /** Email only. */
  subject?: string;
  /** Callback only: the number to call back, and when it was requested to happen. */
  callbackNumbers?: string[];
  callbackScheduledTime?: number;
  /** Set on agent sessions that are a transfer target (blind or consult), naming who transferred. */
  transferredFromUserId?: string;
  segments: SimSegment[];
  metrics: SimMetric[];
}

export interface SimParticipant {
  id: string;
  purpose: Purpose;
  /** Customer's display name, the queue's name (acd), the flow's name (ivr) or the agent's name. */
  name: string;
  /** Agents and users only. */
  userId?: string;
  /** acd participants: the queue; agents: the queue that routed the interaction to them (none for direct outbound). */
  queueId?: string;
  start: number;
  /** Undefined only in a view cut before the participant disconnected (wrap-up excluded). */
  end?: number;
  /** When the participant was connected (agents: answer time), if it ever was. */
  connected?: number;
  /** Agents: the wrap-up they entered, known once their wrap-up segment has ended. */
  wrapup?: { code: string; name: string; notes?: string; durationSeconds: number; endTime: number };
  sessions: SimSession[];
}

export interface SimConversation {
  id: string;
  /** UTC day number (days since 1970-01-01) the conversation started on, and its index in that day (by start). */
  day: number;
  index: number;
  start: number;
  /** End of the last segment (wrap-up included). Undefined only in a view cut before it ended. */
  end?: number;
  /** Media of the conversation (every session in it uses this media). */
  mediaType: MediaType;
  originatingDirection: Direction;
  divisionId: string;
  /** First queue the conversation entered, if any. */
  queueId?: string;
  externalTag?: string;
  /** Voice only: lowest MOS over the conversation's media endpoints. */
  mos?: number;
  participants: SimParticipant[];
}

/** The org's agents, queues and the rest of its directory; deterministic from the seed. */
export interface Org {
  id: string;
  name: string;
  /** Every entity lives in the one home division. */
  divisionId: string;
  divisionName: string;
  agents: OrgAgent[];
  queues: OrgQueue[];
  wrapUpCodes: OrgWrapUpCode[];
  agentById: ReadonlyMap<string, OrgAgent>;
  queueById: ReadonlyMap<string, OrgQueue>;
  wrapUpCodeById: ReadonlyMap<string, OrgWrapUpCode>;
  /** The org's presence definitions, one per system presence (ids are per org, as in Genesys). */
  presences: OrgPresence[];
  /** When the org (and everyone in it) was created. */
  dateCreated: number;
}

export interface OrgAgent {
  id: string;
  index: number;
  name: string;
  email: string;
  username: string;
  title: string;
  department: string;
  /** Queues the agent is a member of (and takes interactions from). */
  queueIds: string[];
  /**
   * Night crews (0 or 1) work the night on alternate days; day agents have none. See sim/schedule.ts for why
   * the crews alternate (it keeps every day's simulation independent of the day before).
   */
  nightCrew?: 0 | 1;
  /** Day agents: daily shift start (minutes after 00:00 UTC) and length. Night crews: see sim/schedule.ts. */
  shiftStartMinute: number;
  shiftLengthMinutes: number;
}

export interface OrgQueue {
  id: string;
  index: number;
  name: string;
  description: string;
  mediaTypes: MediaType[];
  /** Service-level goal: `percentage` (0..1) of interactions answered within `durationMs`. */
  serviceLevel: { percentage: number; durationMs: number };
  alertingTimeoutSeconds: number;
  /** Abandons shorter than this are short abandons (tShortAbandon). */
  shortAbandonMs: number;
  memberIds: string[];
  wrapUpCodeIds: string[];
}

export interface OrgWrapUpCode {
  id: string;
  name: string;
}

export type SystemPresence = 'AVAILABLE' | 'AWAY' | 'BREAK' | 'BUSY' | 'IDLE' | 'MEAL' | 'MEETING' | 'OFFLINE' | 'ON_QUEUE' | 'TRAINING';

export interface OrgPresence {
  id: string;
  systemPresence: SystemPresence;
  label: string;
}

export type RoutingStatus = 'OFF_QUEUE' | 'IDLE' | 'INTERACTING' | 'NOT_RESPONDING' | 'COMMUNICATING';

/** An agent's state at one instant, derived from their shift and the conversations they work. */
export interface AgentState {
  routingStatus: RoutingStatus;
  routingSince: number;
  presence: SystemPresence;
  presenceSince: number;
}

/**
 * A conversation cut to what has happened by `at`, or undefined before it started. Ended conversations come
 * back as the stored record itself: never mutate a view.
 */
export function viewAt(conversation: SimConversation, at: number): SimConversation | undefined {
  if (conversation.start > at) return undefined;
  if (conversation.end !== undefined && conversation.end <= at) return conversation;
  const participants: SimParticipant[] = [];
  for (const p of conversation.participants) {
    if (p.start > at) continue;
    const sessions = p.sessions.map((s) => ({
      ...s,
      segments: s.segments
        .filter((seg) => seg.start <= at)
        .map((seg) => (seg.end !== undefined && seg.end > at ? cutSegment(seg) : seg)),
      metrics: s.metrics.filter((m) => m.emit <= at),
    }));
    const view: SimParticipant = { ...p, sessions };
    if (p.end !== undefined && p.end > at) delete view.end;
    if (p.connected !== undefined && p.connected > at) delete view.connected;
    if (p.wrapup && p.wrapup.endTime > at) delete view.wrapup;
    participants.push(view);
  }
  const { end: _end, queueId, ...rest } = conversation;
  const view: SimConversation = { ...rest, participants };
  // The first queue is known only once the conversation has reached it.
  if (queueId !== undefined && participants.some((p) => p.purpose === 'acd' && p.queueId === queueId)) view.queueId = queueId;
  return view;
}

function cutSegment(seg: SimSegment): SimSegment {
  // What is decided at a segment's end (how it ended, the wrap-up code) is unknown while it runs.
  const { end: _e, disconnectType: _d, wrapUpCode: _w, wrapUpNote: _n, ...open } = seg;
  return open;
}

/** True when the conversation has started and not ended at `at`. */
export function isLiveAt(conversation: SimConversation, at: number): boolean {
  return conversation.start <= at && (conversation.end === undefined || conversation.end > at);
}

export const DAY_MS = 86_400_000;
export const dayOf = (t: number): number => Math.floor(t / DAY_MS);

/** Longest a conversation can last from start to the end of its last wrap-up (the simulation guarantees it). */
export const MAX_CONVERSATION_MS = 6 * 3_600_000;

/**
 * One metric emission with the dimensions aggregates group and filter by. Aggregates are computed only
 * from these rows, bucketed by `emit` (Genesys buckets each metric by its own emitDate).
 */
export interface Emission {
  metric: DetailMetricName;
  value: number;
  emit: number;
  conversationId: string;
  sessionId: string;
  mediaType: MediaType;
  /** The carrying session's direction. */
  direction: Direction;
  originatingDirection: Direction;
  purpose: Purpose;
  divisionId: string;
  /** Only for agent/user participants. */
  userId?: string;
  queueId?: string;
  wrapUpCode?: string;
}

/** Every metric of a conversation as an aggregate row (the conversation may be a view cut by {@link viewAt}). */
export function emissionsOf(conversation: SimConversation): Emission[] {
  const rows: Emission[] = [];
  for (const p of conversation.participants) {
    for (const s of p.sessions) {
      for (const m of s.metrics) {
        const row: Emission = {
          metric: m.name,
          value: m.value,
          emit: m.emit,
          conversationId: conversation.id,
          sessionId: s.id,
          mediaType: s.mediaType,
          direction: s.direction,
          originatingDirection: conversation.originatingDirection,
          purpose: p.purpose,
          divisionId: conversation.divisionId,
        };
        if (p.userId !== undefined) row.userId = p.userId;
        if (m.queueId !== undefined) row.queueId = m.queueId;
        if (m.wrapUpCode !== undefined) row.wrapUpCode = m.wrapUpCode;
        rows.push(row);
      }
    }
  }
  return rows;
}
