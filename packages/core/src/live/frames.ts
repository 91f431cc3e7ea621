/**
 * Frames of a Genesys notifications WebSocket (genesys-push-jobs-users.md §B2, genesys-api.md §10.10), parsed
 * into a small union. Nothing here throws: a frame that is not JSON, or not a shape we know, is `malformed`
 * and the caller logs and counts it.
 */

export type Frame =
  | { kind: 'heartbeat' }
  | { kind: 'pong' }
  /** `v2.system.socket_closing`: a planned close is coming (about a minute ahead); move to a new channel. */
  | { kind: 'socket_closing' }
  /** The answer to a subscribe sent over the socket, or any other `channel.metadata` message. */
  | { kind: 'metadata'; message: string }
  | { kind: 'event'; topicName: string; eventBody: unknown; correlationId: string | undefined }
  | { kind: 'malformed'; reason: string };

export const METADATA_TOPIC = 'channel.metadata';
export const SOCKET_CLOSING_TOPIC = 'v2.system.socket_closing';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseFrame(data: string): Frame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { kind: 'malformed', reason: `not JSON (${data.length} bytes)` };
  }
  if (!isObject(parsed)) return { kind: 'malformed', reason: 'not a JSON object' };
  const topicName = parsed.topicName;
  if (typeof topicName !== 'string') {
    // The reply to a socket subscribe: {"result":"200","status":"subscribed",…}.
    if (typeof parsed.status === 'string' || typeof parsed.result === 'string') return { kind: 'metadata', message: String(parsed.status ?? parsed.result) };
    return { kind: 'malformed', reason: 'no topicName' };
  }
  const body = parsed.eventBody;
  if (topicName === METADATA_TOPIC) {
    const message = isObject(body) && typeof body.message === 'string' ? body.message : '';
    if (message === 'WebSocket Heartbeat') return { kind: 'heartbeat' };
    if (message === 'pong') return { kind: 'pong' };
    return { kind: 'metadata', message };
  }
  if (topicName === SOCKET_CLOSING_TOPIC) return { kind: 'socket_closing' };
  if (!isObject(body)) return { kind: 'malformed', reason: `event on ${topicName} without an eventBody object` };
  const metadata = parsed.metadata;
  const correlationId = isObject(metadata) && typeof metadata.CorrelationId === 'string' ? metadata.CorrelationId : undefined;
  return { kind: 'event', topicName, eventBody: body, correlationId };
}
