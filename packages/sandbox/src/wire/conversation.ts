/**
 * The live conversation model: `GET /api/v2/conversations/{id}` (`Conversation`) and
 * `GET /api/v2/conversations/calls[/{id}]` (`CallConversation`).
 *
 * Input conversations are already cut by `viewAt(c, now)`: an open segment (no `end`) is what the
 * participant is doing at `now`. Communication states are derived from each session's segments:
 *  - open `alert` → `alerting`; open `interact`/`ivr`/`dialing`/`contacting`/`callback` → `connected`;
 *    open `hold` → `connected` with `held: true`;
 *  - otherwise (last segment ended, or only a wrap-up segment is running) → `disconnected`. An agent in
 *    wrap-up is still listed, with `wrapupRequired: true`, `startAcwTime` and no `wrapup` yet.
 * `Conversation.state` is never emitted (Genesys never sends it on reads); `terminated` is never used.
 */
import type platformClient from 'purecloud-platform-client-v2';
import type { MediaType, Org, SimConversation, SimParticipant, SimSegment, SimSession } from '../model.js';
import { entityListing, type Paging } from './listing.js';
import {
  callConversationUri,
  conversationUri,
  divisionUri,
  iso,
  JABBER_DOMAIN,
  LIVE_DISCONNECT_TYPE,
  LIVE_SEGMENT_TYPE,
  MESSAGE_TYPE,
  queueUri,
  userUri,
} from './util.js';

type Conversation = platformClient.Models.Conversation;
type CallConversation = platformClient.Models.CallConversation;
type Participant = platformClient.Models.Participant;
type CallMediaParticipant = platformClient.Models.CallMediaParticipant;
type Call = platformClient.Models.Call;
type Callback = platformClient.Models.Callback;
type ConversationChat = platformClient.Models.ConversationChat;
type Email = platformClient.Models.Email;
type Message = platformClient.Models.Message;
type Segment = platformClient.Models.Segment;
type Wrapup = platformClient.Models.Wrapup;
type DivisionMembership = platformClient.Models.ConversationDivisionMembership;
type DomainEntityRef = platformClient.Models.DomainEntityRef;

/**
 * A media segment as it appears on the wire. The SDK types `Segment.endTime` as required, but Genesys omits
 * it on the segment that is still running, so open segments are emitted without it.
 */
type LiveSegment = Omit<Segment, 'endTime'> & Partial<Pick<Segment, 'endTime'>>;

/** Fields every media type's model (Call, Callback, ConversationChat, Email, Message) has. */
type CommonMediaKeys =
  | 'state' | 'id' | 'direction' | 'held' | 'disconnectType' | 'startHoldTime' | 'startAlertingTime'
  | 'connectedTime' | 'disconnectedTime' | 'afterCallWorkRequired';
type CommonMedia = Pick<Call, CommonMediaKeys> & Pick<Callback, CommonMediaKeys> & Pick<ConversationChat, CommonMediaKeys> &
  Pick<Email, CommonMediaKeys> & Pick<Message, CommonMediaKeys>;

/** Segment types during which the participant counts as connected (the first one sets `connectedTime`). */
const CONNECTED_SEGMENTS: ReadonlySet<SimSegment['type']> = new Set(['interact', 'hold', 'ivr', 'callback']);

/** What a session is doing at the view's instant. */
export interface SessionState {
  state: 'alerting' | 'connected' | 'disconnected';
  held: boolean;
  connectedTime?: number;
  disconnectedTime?: number;
  /** Already mapped to the live model's enum. */
  disconnectType?: string;
  startAlertingTime?: number;
  startHoldTime?: number;
}

/** The communication state of one session, from its (cut) segments. Wrap-up segments are not communication. */
export function sessionState(s: SimSession, p: SimParticipant): SessionState {
  const comm = s.segments.filter((seg) => seg.type !== 'wrapup');
  const out: SessionState = { state: 'connected', held: false };
  const firstConnected = comm.find((seg) => CONNECTED_SEGMENTS.has(seg.type));
  if (firstConnected) out.connectedTime = firstConnected.start;
  const firstAlert = comm.find((seg) => seg.type === 'alert');
  if (firstAlert) out.startAlertingTime = firstAlert.start;
  const last = comm[comm.length - 1];
  if (last === undefined) {
    // Nothing communicated yet: a participant that is already over (or only wrapping up) is gone; an agent
    // offered the interaction is alerting; anyone else is on the line.
    if (p.end !== undefined || s.segments.length > 0) out.state = 'disconnected';
    else if (p.purpose === 'agent' || p.purpose === 'user') out.state = 'alerting';
    return out;
  }
  if (last.end === undefined) {
    if (last.type === 'alert') out.state = 'alerting';
    if (last.type === 'hold') {
      out.held = true;
      out.startHoldTime = last.start;
    }
    return out;
  }
  out.state = 'disconnected';
  out.disconnectedTime = last.end;
  for (let i = comm.length - 1; i >= 0; i--) {
    const d = comm[i]?.disconnectType;
    if (d !== undefined) {
      out.disconnectType = LIVE_DISCONNECT_TYPE[d];
      break;
    }
  }
  return out;
}

/** The participant's wrap-up (after-call work) segment, if it has started. */
function acwSegment(p: SimParticipant): SimSegment | undefined {
  for (const s of p.sessions) {
    const w = s.segments.find((seg) => seg.type === 'wrapup');
    if (w) return w;
  }
  return undefined;
}

/**
 * Agents must wrap up, except those who never connected and are already gone (a missed offer); customers,
 * flows and queues never do.
 */
function wrapupRequired(p: SimParticipant): boolean {
  if (p.purpose !== 'agent') return false;
  return !(p.connected === undefined && p.end !== undefined && acwSegment(p) === undefined);
}

function liveSegments(s: SimSession): LiveSegment[] {
  const comm = s.segments.filter((seg) => seg.type !== 'wrapup');
  return comm.map((seg, i) => {
    const out: LiveSegment = { startTime: iso(seg.start) };
    if (seg.end !== undefined) out.endTime = iso(seg.end);
    out.type = LIVE_SEGMENT_TYPE[seg.type];
    if (seg.end !== undefined) {
      const next = comm[i + 1];
      out.howEnded = next ? LIVE_SEGMENT_TYPE[next.type] : 'Disconnect';
      if (seg.disconnectType !== undefined) out.disconnectType = LIVE_DISCONNECT_TYPE[seg.disconnectType];
    }
    return out;
  });
}

function commonMedia(s: SimSession, p: SimParticipant): CommonMedia & { segments: Segment[] } {
  const st = sessionState(s, p);
  const out: CommonMedia & { segments: Segment[] } = {
    state: st.state,
    id: s.id,
    direction: s.direction,
    held: st.held,
    // Open segments lack `endTime` (see LiveSegment); the SDK's type insists on it.
    segments: liveSegments(s) as Segment[],
  };
  if (st.disconnectType !== undefined) out.disconnectType = st.disconnectType;
  if (st.startHoldTime !== undefined) out.startHoldTime = iso(st.startHoldTime);
  if (st.startAlertingTime !== undefined) out.startAlertingTime = iso(st.startAlertingTime);
  if (st.connectedTime !== undefined) out.connectedTime = iso(st.connectedTime);
  if (st.disconnectedTime !== undefined) out.disconnectedTime = iso(st.disconnectedTime);
  out.afterCallWorkRequired = wrapupRequired(p);
  return out;
}

export function toCall(s: SimSession, p: SimParticipant): Call {
  const base = commonMedia(s, p);
  const recording = s.recording ?? false;
  const call: Call = {
    ...base,
    recording,
    recordingState: recording && base.state !== 'disconnected' ? 'active' : 'none',
    muted: false,
    confined: false,
  };
  return call;
}

export function toCallback(s: SimSession, p: SimParticipant): Callback {
  const cb: Callback = { ...commonMedia(s, p) };
  if (s.callbackNumbers !== undefined) cb.callbackNumbers = [...s.callbackNumbers];
  if (s.callbackScheduledTime !== undefined) cb.callbackScheduledTime = iso(s.callbackScheduledTime);
  return cb;
}

export function toChat(s: SimSession, p: SimParticipant, conversationId: string): ConversationChat {
  return { ...commonMedia(s, p), roomId: chatRoomId(conversationId) };
}

export function toEmail(s: SimSession, p: SimParticipant): Email {
  const email: Email = { ...commonMedia(s, p) };
  if (s.subject !== undefined) email.subject = s.subject;
  return email;
}

export function toMessage(s: SimSession, p: SimParticipant): Message {
  return { ...commonMedia(s, p), type: MESSAGE_TYPE };
}

/** The chat room of a conversation (one room per chat conversation). */
export const chatRoomId = (conversationId: string): string => `${conversationId}@conference.${JABBER_DOMAIN}`;

/** Keys of `Participant` that hold media arrays, per internal media type. */
const MEDIA_KEY = {
  voice: 'calls',
  callback: 'callbacks',
  chat: 'chats',
  message: 'messages',
  email: 'emails',
} as const satisfies Record<MediaType, keyof Participant>;

/**
 * The participant's address: the customer's own address for customers/external parties, otherwise the
 * address the customer contacted.
 */
function participantAddress(p: SimParticipant, s: SimSession): string {
  return p.purpose === 'customer' || p.purpose === 'external' ? s.ani : s.dnis;
}

function wrapupOf(p: SimParticipant): Wrapup | undefined {
  if (!p.wrapup) return undefined;
  const w: Wrapup = { code: p.wrapup.code, name: p.wrapup.name };
  if (p.wrapup.notes !== undefined) w.notes = p.wrapup.notes;
  w.durationSeconds = p.wrapup.durationSeconds;
  w.endTime = iso(p.wrapup.endTime);
  return w;
}

export function toParticipant(p: SimParticipant, c: SimConversation, org: Org): Participant {
  const out: Participant = { id: p.id, startTime: iso(p.start) };
  if (p.end !== undefined) out.endTime = iso(p.end);
  if (p.connected !== undefined) out.connectedTime = iso(p.connected);
  out.name = p.name;
  if (p.userId !== undefined) {
    out.userUri = userUri(p.userId);
    out.userId = p.userId;
  }
  if (p.queueId !== undefined) {
    out.queueId = p.queueId;
    const queue = org.queueById.get(p.queueId);
    if (queue) out.queueName = queue.name;
  }
  out.purpose = p.purpose;
  const first = p.sessions[0];
  if (first) {
    out.address = participantAddress(p, first);
    out.ani = first.ani;
    out.dnis = first.dnis;
  }
  out.wrapupRequired = wrapupRequired(p);
  const wrapup = wrapupOf(p);
  if (wrapup) out.wrapup = wrapup;
  switch (MEDIA_KEY[c.mediaType]) {
    case 'calls':
      out.calls = p.sessions.map((s) => toCall(s, p));
      break;
    case 'callbacks':
      out.callbacks = p.sessions.map((s) => toCallback(s, p));
      break;
    case 'chats':
      out.chats = p.sessions.map((s) => toChat(s, p, c.id));
      break;
    case 'emails':
      out.emails = p.sessions.map((s) => toEmail(s, p));
      break;
    case 'messages':
      out.messages = p.sessions.map((s) => toMessage(s, p));
      break;
  }
  const acw = acwSegment(p);
  if (acw) {
    out.startAcwTime = iso(acw.start);
    if (acw.end !== undefined) out.endAcwTime = iso(acw.end);
  }
  return out;
}

/**
 * The queues the conversation has entered by the view's instant, in order. (`c.queueId` is not used: `viewAt`
 * leaves it set before the conversation reaches its queue.)
 */
function queueIdsOf(c: SimConversation): string[] {
  const ids: string[] = [];
  for (const p of c.participants) {
    if (p.purpose === 'acd' && p.queueId !== undefined && !ids.includes(p.queueId)) ids.push(p.queueId);
  }
  return ids;
}

function divisionsOf(c: SimConversation): DivisionMembership[] {
  return [
    {
      division: { id: c.divisionId, selfUri: divisionUri(c.divisionId) },
      entities: queueIdsOf(c).map((id) => ({ id, selfUri: queueUri(id) })),
    },
  ];
}

/** "ACTIVE" while a recorded voice leg is still up, otherwise "NONE". */
function recordingStateOf(c: SimConversation): 'ACTIVE' | 'NONE' {
  if (c.mediaType !== 'voice' || c.end !== undefined) return 'NONE';
  for (const p of c.participants) {
    for (const s of p.sessions) {
      if (s.recording === true && sessionState(s, p).state !== 'disconnected') return 'ACTIVE';
    }
  }
  return 'NONE';
}

/** The address of the conversation as an external party sees it: the address the customer contacted. */
function conversationAddress(c: SimConversation): string | undefined {
  const external = c.participants.find((p) => p.purpose === 'customer' || p.purpose === 'external');
  return (external ?? c.participants[0])?.sessions[0]?.dnis;
}

/**
 * `GET /api/v2/conversations/{id}`. `now` is the instant the view was cut at (states are read from the
 * cut segments, so it only documents the contract).
 */
export function toConversation(c: SimConversation, org: Org, now: number): Conversation {
  void now;
  const out: Conversation = { id: c.id, startTime: iso(c.start), participants: [] };
  if (c.end !== undefined) out.endTime = iso(c.end);
  if (c.externalTag !== undefined) out.externalTag = c.externalTag;
  const address = conversationAddress(c);
  if (address !== undefined) out.address = address;
  out.participants = c.participants.map((p) => toParticipant(p, c, org));
  out.recordingState = recordingStateOf(c);
  out.divisions = divisionsOf(c);
  out.selfUri = conversationUri(c.id);
  return out;
}

function userRef(userId: string, fallbackName: string, org: Org): DomainEntityRef {
  return { id: userId, name: org.agentById.get(userId)?.name ?? fallbackName, selfUri: userUri(userId) };
}

function queueRef(queueId: string, org: Org): DomainEntityRef {
  const ref: DomainEntityRef = { id: queueId };
  const queue = org.queueById.get(queueId);
  if (queue) ref.name = queue.name;
  ref.selfUri = queueUri(queueId);
  return ref;
}

/** A participant of a call conversation: its latest call leg flattened into the participant. */
export function toCallMediaParticipant(p: SimParticipant, org: Org): CallMediaParticipant {
  const s = p.sessions[p.sessions.length - 1];
  const out: CallMediaParticipant = { id: p.id, name: p.name };
  if (s) out.address = participantAddress(p, s);
  out.startTime = iso(p.start);
  const st = s ? sessionState(s, p) : undefined;
  if (st?.startAlertingTime !== undefined) out.startAlertingTime = iso(st.startAlertingTime);
  if (p.connected !== undefined) out.connectedTime = iso(p.connected);
  else if (st?.connectedTime !== undefined) out.connectedTime = iso(st.connectedTime);
  if (p.end !== undefined) out.endTime = iso(p.end);
  if (st?.startHoldTime !== undefined) out.startHoldTime = iso(st.startHoldTime);
  out.purpose = p.purpose;
  if (s && st) {
    out.state = st.state;
    out.direction = s.direction;
    if (st.disconnectType !== undefined) out.disconnectType = st.disconnectType;
    out.held = st.held;
  }
  out.wrapupRequired = wrapupRequired(p);
  if (p.userId !== undefined) out.user = userRef(p.userId, p.name, org);
  if (p.queueId !== undefined) out.queue = queueRef(p.queueId, org);
  const wrapup = wrapupOf(p);
  if (wrapup) out.wrapup = wrapup;
  const acw = acwSegment(p);
  if (acw) {
    out.startAcwTime = iso(acw.start);
    if (acw.end !== undefined) out.endAcwTime = iso(acw.end);
  }
  if (s && st) {
    const recording = s.recording ?? false;
    out.muted = false;
    out.confined = false;
    out.recording = recording;
    out.recordingState = recording && st.state !== 'disconnected' ? 'active' : 'none';
    out.ani = s.ani;
    out.dnis = s.dnis;
  }
  return out;
}

/** `GET /api/v2/conversations/calls/{id}` (and the entities of `/api/v2/conversations/calls`). */
export function toCallConversation(c: SimConversation, org: Org, now: number): CallConversation {
  void now;
  return {
    id: c.id,
    participants: c.participants.map((p) => toCallMediaParticipant(p, org)),
    divisions: divisionsOf(c),
    recordingState: recordingStateOf(c),
    selfUri: callConversationUri(c.id),
  };
}

export function toConversationListing(
  entities: readonly Conversation[],
  page: Paging,
  basePath: string,
  query: URLSearchParams,
): platformClient.Models.ConversationEntityListing {
  return entityListing(entities, page, basePath, query);
}

export function toCallConversationListing(
  entities: readonly CallConversation[],
  page: Paging,
  basePath: string,
  query: URLSearchParams,
): platformClient.Models.CallConversationEntityListing {
  return entityListing(entities, page, basePath, query);
}
