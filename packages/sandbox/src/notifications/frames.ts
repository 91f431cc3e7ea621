import { randomUUID } from 'node:crypto';
import type { NotificationEvent } from './events.js';

/**
 * The text frames the sandbox sends on a channel's socket. Shapes from genesys-push-jobs-users.md §B2; the event
 * envelope's `version` and `metadata` keys, the pong's envelope and the socket_closing body are UNCONFIRMED.
 */

export const METADATA_TOPIC = 'channel.metadata';
export const SOCKET_CLOSING_TOPIC = 'v2.system.socket_closing';

export const heartbeatFrame = (): string => JSON.stringify({ topicName: METADATA_TOPIC, eventBody: { message: 'WebSocket Heartbeat' } });

export const pongFrame = (): string => JSON.stringify({ topicName: METADATA_TOPIC, eventBody: { message: 'pong' } });

export const eventFrame = (e: NotificationEvent): string =>
  JSON.stringify({ topicName: e.topicName, version: '2', eventBody: e.eventBody, metadata: { CorrelationId: randomUUID() } });

/** Warns that the socket closes at `closeAt` (real time): reconnect, or open a new channel, before then. */
export const socketClosingFrame = (closeAt: number): string =>
  JSON.stringify({
    topicName: SOCKET_CLOSING_TOPIC,
    version: '2',
    eventBody: { message: 'This socket is closing; reconnect before it does.', closeAt: new Date(closeAt).toISOString() },
    metadata: { CorrelationId: randomUUID() },
  });

/** What the malformed-frame fault sends: the start of a frame, cut off (not valid JSON). */
export const MALFORMED_FRAME = '{"topicName":"channel.metadata","eventBody":{"message":';

/** Answer to a client message (subscribe, or one the sandbox does not understand). */
export const replyFrame = (reply: Record<string, unknown>): string => JSON.stringify(reply);

/** Close codes the sandbox uses (4000–4999 is the application range; the meanings are the sandbox's own). */
export const CLOSE = {
  /** After a socket_closing notice: the announced maintenance close. */
  goingAway: { code: 1001, reason: 'socket closing as announced' },
  expired: { code: 4001, reason: 'channel expired' },
  evicted: { code: 4002, reason: 'channel removed: the client opened more channels than allowed' },
  /** Another socket connected to the channel first. */
  taken: { code: 4009, reason: 'channel already has a connected socket' },
  /** The sandbox itself is shutting down. */
  shutdown: { code: 1001, reason: 'sandbox shutting down' },
} as const;
