/**
 * Small helpers shared by the wire builders: time formatting, self URIs and the enum mappings between the
 * internal model and Genesys's wire vocabularies.
 */
import type { DisconnectType, MediaType, SegmentType, SystemPresence } from '../model.js';

/** Epoch ms → the ISO-8601 form Genesys sends (`2024-05-01T10:00:00.123Z`). */
export const iso = (ms: number): string => new Date(ms).toISOString();

export const userUri = (id: string): string => `/api/v2/users/${id}`;
export const queueUri = (id: string): string => `/api/v2/routing/queues/${id}`;
export const divisionUri = (id: string): string => `/api/v2/authorization/divisions/${id}`;
export const conversationUri = (id: string): string => `/api/v2/conversations/${id}`;
export const callConversationUri = (id: string): string => `/api/v2/conversations/calls/${id}`;
export const presenceDefinitionUri = (id: string): string => `/api/v2/presencedefinitions/${id}`;

/** Domain of the sandbox's jabber ids and chat rooms. */
export const JABBER_DOMAIN = 'sandbox.inin.com';

/** The sandbox's messaging sessions are all web messaging (the model has no message subtype). */
export const MESSAGE_TYPE = 'webmessaging';

/** Analytics `disconnectType` → the live Conversation model's `disconnectType` enum. */
export const LIVE_DISCONNECT_TYPE: Readonly<Record<DisconnectType, string>> = {
  client: 'client',
  endpoint: 'endpoint',
  transfer: 'transfer',
  consultTransfer: 'transfer.consult',
  peer: 'peer',
  system: 'system',
  noAnswerTransfer: 'transfer.noanswer',
  error: 'error',
};

/** Segment types as the live model's media `segments[].type` spells them (capitalised, e.g. "Interact"). */
export const LIVE_SEGMENT_TYPE: Readonly<Record<SegmentType, string>> = {
  ivr: 'Ivr',
  interact: 'Interact',
  alert: 'Alert',
  hold: 'Hold',
  wrapup: 'Wrapup',
  dialing: 'Dialing',
  contacting: 'Contacting',
  callback: 'Callback',
};

/** Internal media type → the key of `Queue.mediaSettings`. */
export const QUEUE_MEDIA_KEY = {
  voice: 'call',
  callback: 'callback',
  chat: 'chat',
  email: 'email',
  message: 'message',
} as const satisfies Record<MediaType, string>;

/**
 * System presences as the REST user/presence-definition resources spell them ("Available", "On Queue").
 * The upper-snake form (`ON_QUEUE`) is what analytics and observation queries use.
 */
export const SYSTEM_PRESENCE_LABEL: Readonly<Record<SystemPresence, string>> = {
  AVAILABLE: 'Available',
  AWAY: 'Away',
  BREAK: 'Break',
  BUSY: 'Busy',
  IDLE: 'Idle',
  MEAL: 'Meal',
  MEETING: 'Meeting',
  OFFLINE: 'Offline',
  ON_QUEUE: 'On Queue',
  TRAINING: 'Training',
};
