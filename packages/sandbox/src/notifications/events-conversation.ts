/**
 * The body of a conversation event (`v2.users.{id}.conversations` → ConversationEventTopicConversation,
 * `v2.routing.queues.{id}.conversations` → QueueConversationEventTopicConversation; the two models have the same
 * fields). It is built from the very wire object `GET /api/v2/conversations/{id}` returns at the same instant,
 * keeping the fields the event models have, so ids, states and times agree by construction.
 *
 * What the event models lack and is therefore left out: the participant's `startTime`, media `segments` and
 * `startAlertingTime`, the wrap-up's `name`, the conversation's `startTime`/`endTime`/`selfUri`.
 * What they add and the sandbox knows: each media object's `afterCallWork {state, startTime, endTime}` once the
 * participant's after-call work has started, with state `pending` while it runs and `complete` once done
 * (the state vocabulary is UNCONFIRMED; Genesys's SDKs list pending, notApplicable, skipped, timeout, complete).
 *
 * The ENDED signal: a conversation has ended when every media object of every participant is `disconnected`
 * and no after-call work is `pending` ({@link isEndedConversationEvent}). While agents wrap up after the
 * customer has gone, every media object is already `disconnected` (as in GET), so the pending after-call work
 * is what tells a client that the conversation is not over yet.
 */
import type platformClient from 'purecloud-platform-client-v2';
import type { Org, SimConversation } from '../model.js';
import { toConversation } from '../wire/conversation.js';

type Conversation = platformClient.Models.Conversation;
type Participant = platformClient.Models.Participant;
export type ConversationEventBody = platformClient.Models.ConversationEventTopicConversation;
type EventParticipant = platformClient.Models.ConversationEventTopicParticipant;
type EventWrapup = platformClient.Models.ConversationEventTopicWrapup;
type AfterCallWork = platformClient.Models.ConversationEventTopicAfterCallWork;

/** Media fields every event media model has, copied from the wire media object when present. */
const COMMON_MEDIA_FIELDS = ['id', 'state', 'held', 'disconnectType', 'startHoldTime', 'connectedTime', 'disconnectedTime', 'afterCallWorkRequired'] as const;

/**
 * Per media array, the fields its event model shares with the REST model (and the sandbox fills). The chat event
 * model has no `direction`.
 */
const MEDIA_FIELDS = {
  calls: [...COMMON_MEDIA_FIELDS, 'direction', 'recording', 'recordingState', 'muted', 'confined'],
  callbacks: [...COMMON_MEDIA_FIELDS, 'direction', 'callbackNumbers', 'callbackScheduledTime'],
  chats: [...COMMON_MEDIA_FIELDS, 'roomId'],
  emails: [...COMMON_MEDIA_FIELDS, 'direction', 'subject'],
  messages: [...COMMON_MEDIA_FIELDS, 'direction', 'type'],
} as const;

type MediaKey = keyof typeof MEDIA_FIELDS;
const MEDIA_KEYS = Object.keys(MEDIA_FIELDS) as MediaKey[];
const PARTICIPANT_FIELDS = ['id', 'connectedTime', 'endTime', 'userId', 'name', 'queueId', 'purpose', 'address', 'wrapupRequired'] as const;

/**
 * Copies the defined `keys` of `from`. The wire object is built for this body alone and then dropped, so its
 * values (callbackNumbers included) can be taken as they are.
 */
function copy(from: object, keys: readonly string[]): Record<string, unknown> {
  const src = from as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = src[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function afterCallWorkOf(p: Participant): AfterCallWork | undefined {
  if (p.startAcwTime === undefined) return undefined;
  const acw: AfterCallWork = { state: p.endAcwTime === undefined ? 'pending' : 'complete', startTime: p.startAcwTime };
  if (p.endAcwTime !== undefined) acw.endTime = p.endAcwTime;
  return acw;
}

function toEventParticipant(p: Participant): EventParticipant {
  const out = copy(p, PARTICIPANT_FIELDS) as EventParticipant;
  if (p.wrapup) {
    const w: EventWrapup = {};
    if (p.wrapup.code !== undefined) w.code = p.wrapup.code;
    if (p.wrapup.notes !== undefined) w.notes = p.wrapup.notes;
    if (p.wrapup.durationSeconds !== undefined) w.durationSeconds = p.wrapup.durationSeconds;
    if (p.wrapup.endTime !== undefined) w.endTime = p.wrapup.endTime;
    out.wrapup = w;
  }
  if (p.startAcwTime !== undefined) out.startAcwTime = p.startAcwTime;
  if (p.endAcwTime !== undefined) out.endAcwTime = p.endAcwTime;
  const acw = afterCallWorkOf(p);
  for (const key of MEDIA_KEYS) {
    const media = p[key] as readonly object[] | undefined;
    if (media === undefined) continue;
    (out as Record<string, unknown>)[key] = media.map((m) => {
      const e = copy(m, MEDIA_FIELDS[key]);
      if (acw) e.afterCallWork = { ...acw };
      return e;
    });
  }
  return out;
}

/** The event body for a REST `Conversation` (the wire object of GET /api/v2/conversations/{id}). */
export function conversationEventFromWire(c: Conversation): ConversationEventBody {
  const out: ConversationEventBody = { id: c.id };
  out.participants = c.participants.map(toEventParticipant);
  if (c.recordingState !== undefined) out.recordingState = c.recordingState;
  if (c.address !== undefined) out.address = c.address;
  if (c.externalTag !== undefined) out.externalTag = c.externalTag;
  if (c.divisions !== undefined) {
    out.divisions = c.divisions.map((d) => ({
      division: { id: d.division?.id, selfUri: d.division?.selfUri },
      entities: (d.entities ?? []).map((e) => ({ id: e.id, selfUri: e.selfUri })),
    }));
  }
  return out;
}

/** The event body for a conversation cut by `viewAt(c, at)`. */
export function conversationEventBody(view: SimConversation, org: Org, at: number): ConversationEventBody {
  return conversationEventFromWire(toConversation(view, org, at));
}

const MEDIA_ARRAYS = ['calls', 'callbacks', 'chats', 'cobrowsesessions', 'emails', 'messages', 'screenshares', 'socialExpressions', 'videos'] as const;

/**
 * The ENDED rule for a conversation event body: every media object of every participant is disconnected and
 * no after-call work is still pending.
 */
export function isEndedConversationEvent(body: ConversationEventBody): boolean {
  for (const p of body.participants ?? []) {
    for (const key of MEDIA_ARRAYS) {
      for (const m of (p[key] ?? []) as Array<{ state?: string; afterCallWork?: AfterCallWork }>) {
        if (m.state !== 'disconnected') return false;
        if (m.afterCallWork?.state === 'pending') return false;
      }
    }
  }
  return true;
}
