import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { SandboxClock } from '../clock.js';
import type { AuthContext } from '../http/router.js';
import type { SandboxLimits } from '../options.js';
import type { OrgStore } from '../store.js';
import { ChannelRegistry, ownerKeyOf, type Channel } from './channels.js';
import { ChannelDelivery, SLICE_MS } from './delivery.js';
import { eventsBetween } from './events.js';
import { CLOSE, heartbeatFrame, MALFORMED_FRAME, pongFrame, replyFrame, socketClosingFrame } from './frames.js';
import { judgeTopics, parseTopicList, tooManyTopicsMessage, type ChannelTopicEntity } from './subscriptions.js';

/**
 * The Notifications API's moving parts: channels, their sockets (the `ws` package on the sandbox's own HTTP
 * server, `noServer`), the delivery loop (heartbeats, events, expiry) and the faults tests inject. The REST
 * routes (routes/notifications.ts) and the control API (notifications/control.ts) call into it.
 *
 * One real-time loop runs every `limits.notificationDeliveryTickMs`: it removes expired channels (closing their
 * sockets), sends due heartbeats, and gives each socket its delivery turn (delivery.ts).
 */

/** What a channel's owner may subscribe to (kept from the token that created it: the socket has no token). */
interface Grants {
  permissions: ReadonlySet<string>;
  userId?: string;
}

interface Connection {
  ws: WebSocket;
  delivery: ChannelDelivery;
  lastHeartbeat: number;
  heartbeats: boolean;
  heartbeatsSent: number;
  closing?: NodeJS.Timeout;
}

export interface ChannelJson {
  connectUri: string;
  id: string;
  expires: string;
}

export type SubscribeMode = 'add' | 'replace';

export type SubscribeResult =
  | { ok: true; entities: ChannelTopicEntity[] }
  | { ok: false; reason: 'too-many-topics' | 'rejected'; message: string; entities: ChannelTopicEntity[] };

/** A channel as the control API shows it. */
export interface ChannelStatus {
  id: string;
  owner: string;
  connected: boolean;
  expires: string;
  topics: number;
  heartbeats: boolean;
  heartbeatsSent: number;
  delayMs: number;
  eventsSent: number;
  backlog: number;
  /** Sandbox time delivery has reached (ISO), while connected. */
  cursor?: string;
}

export interface NotificationHubOptions {
  store: OrgStore;
  clock: SandboxClock;
  /** The live limits object (changes apply at the next use). */
  limits: Readonly<SandboxLimits>;
}

export class NotificationFaultError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'NotificationFaultError';
  }
}

const CHANNEL_PATH = /^\/channels\/([^/?#]+)$/;

export class NotificationHub {
  readonly registry: ChannelRegistry;
  readonly #store: OrgStore;
  readonly #clock: SandboxClock;
  readonly #limits: Readonly<SandboxLimits>;
  readonly #grants = new Map<string, Grants>();
  readonly #connections = new Map<string, Connection>();
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  #wsBase = '';
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #debug = Boolean(process.env['SANDBOX_DEBUG']);

  constructor(opts: NotificationHubOptions) {
    this.#store = opts.store;
    this.#clock = opts.clock;
    this.#limits = opts.limits;
    this.registry = new ChannelRegistry({
      maxPerOwner: () => this.#limits.notificationChannelsPerClient,
      lifetimeMs: () => this.#limits.notificationChannelLifetimeSeconds * 1000,
    });
  }

  /** Sets where sockets connect (`http://127.0.0.1:PORT` → `ws://127.0.0.1:PORT`) and starts the loop. */
  listen(httpUrl: string): void {
    this.#wsBase = httpUrl.replace(/^http/, 'ws');
    this.#schedule();
  }

  // -----------------------------------------------------------------------------------------------
  // Channels (REST)

  toJson(c: Channel): ChannelJson {
    return { connectUri: `${this.#wsBase}/channels/${c.id}`, id: c.id, expires: new Date(c.expiresAt).toISOString() };
  }

  createChannel(auth: AuthContext): Channel {
    const { channel, evicted } = this.registry.create({ clientId: auth.clientId, tokenId: auth.tokenId, ...(auth.userId !== undefined ? { userId: auth.userId } : {}) });
    this.#grants.set(channel.id, { permissions: auth.permissions, ...(auth.userId !== undefined ? { userId: auth.userId } : {}) });
    for (const c of evicted) this.#forget(c, CLOSE.evicted);
    return channel;
  }

  /** `includechannels=token`: those this token created; `oauthclient`: all of the client's (and user's). */
  listChannels(auth: AuthContext, include: 'token' | 'oauthclient'): Channel[] {
    const mine = this.registry.ofOwner(ownerKeyOf(auth));
    return include === 'token' ? mine.filter((c) => c.tokenId === auth.tokenId) : mine;
  }

  /** The caller's live channel, marked as used; undefined when absent, expired or someone else's. */
  useChannel(id: string, auth: AuthContext): Channel | undefined {
    const c = this.registry.getOwned(id, auth);
    if (c) this.registry.touch(c);
    return c;
  }

  /**
   * Adds or replaces a channel's topics. Nothing changes when the result is not ok. `failOnRejected`: a rejected
   * topic fails the whole request (REST without ignoreErrors); otherwise the permitted ones are subscribed.
   */
  subscribe(c: Channel, names: readonly string[], mode: SubscribeMode, failOnRejected: boolean): SubscribeResult {
    const grants = this.#grants.get(c.id) ?? { permissions: new Set<string>() };
    const verdicts = judgeTopics(this.#store.org, grants, names);
    const entities = verdicts.map((v) => v.entity);
    const rejected = entities.filter((e) => e.state === 'Rejected');
    if (rejected.length > 0 && failOnRejected) {
      const shown = rejected.slice(0, 10).map((e) => `${e.id} (${e.rejectionReason ?? 'rejected'})`);
      if (rejected.length > shown.length) shown.push(`and ${rejected.length - shown.length} more`);
      const list = shown.join('; ');
      return { ok: false, reason: 'rejected', message: `${rejected.length} topic(s) were rejected: ${list}. Nothing was subscribed; fix or drop them, or pass ignoreErrors=true.`, entities };
    }
    const permitted = verdicts.filter((v) => v.entity.state === 'Permitted').map((v) => v.entity.id);
    const after = new Set(mode === 'add' ? [...c.topics.keys(), ...permitted] : permitted);
    const max = this.#limits.notificationTopicsPerChannel;
    if (after.size > max) return { ok: false, reason: 'too-many-topics', message: tooManyTopicsMessage(after.size, max), entities };
    const now = this.#clock.now();
    if (mode === 'replace') for (const name of [...c.topics.keys()]) if (!after.has(name)) c.topics.delete(name);
    for (const name of permitted) if (!c.topics.has(name)) c.topics.set(name, { name, since: now });
    this.registry.extend(c);
    this.registry.touch(c);
    return { ok: true, entities };
  }

  /** Whether a rejected topic fails a REST subscription made without ignoreErrors (a limit). */
  rejectedTopicsFail(): boolean {
    return this.#limits.notificationRejectedTopicsFail;
  }

  unsubscribeAll(c: Channel): void {
    c.topics.clear();
    this.registry.touch(c);
  }

  // -----------------------------------------------------------------------------------------------
  // Sockets

  /** The HTTP server's `upgrade` listener: `/channels/<id>` of a live channel, one socket at a time. */
  handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const m = CHANNEL_PATH.exec(path);
    let channel: Channel | undefined;
    try {
      channel = m ? this.registry.get(decodeURIComponent(m[1] as string)) : undefined;
    } catch {
      return refuseUpgrade(socket, 404, `The channel id in ${path} is not valid percent-encoding.`);
    }
    if (this.#closed) return refuseUpgrade(socket, 503, 'The sandbox is shutting down.');
    if (!channel) return refuseUpgrade(socket, 404, `No notification channel at ${path}. Create one with POST /api/v2/notifications/channels and connect to its connectUri.`);
    if (this.#connections.has(channel.id)) return refuseUpgrade(socket, 409, `Channel ${channel.id} already has a connected socket; a channel takes one connection at a time.`);
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#attach(channel, ws));
  };

  #attach(channel: Channel, ws: WebSocket): void {
    if (this.#closed || this.registry.get(channel.id) !== channel) {
      ws.close(CLOSE.expired.code, CLOSE.expired.reason);
      return;
    }
    // Two upgrades raced past the check in handleUpgrade: the first one keeps the channel.
    if (this.#connections.has(channel.id)) {
      ws.close(CLOSE.taken.code, CLOSE.taken.reason);
      return;
    }
    const conn: Connection = { ws, delivery: new ChannelDelivery(this.#clock.now()), lastHeartbeat: Date.now(), heartbeats: true, heartbeatsSent: 0 };
    this.#connections.set(channel.id, conn);
    channel.connected = true;
    this.registry.touch(channel);
    ws.on('message', (data, isBinary) => this.#onMessage(channel, conn, data, isBinary));
    ws.on('error', (e) => {
      if (this.#debug) console.error(`[sandbox] socket of ${channel.id}:`, e);
    });
    ws.on('close', () => {
      if (conn.closing) clearTimeout(conn.closing);
      if (this.#connections.get(channel.id) === conn) {
        this.#connections.delete(channel.id);
        channel.connected = false;
      }
    });
  }

  #onMessage(channel: Channel, conn: Connection, data: RawData, isBinary: boolean): void {
    const reply = (r: Record<string, unknown>): void => sendIfOpen(conn.ws, replyFrame(r));
    let msg: unknown;
    try {
      msg = JSON.parse(isBinary ? '' : rawText(data));
    } catch {
      return reply({ result: '400', message: 'The message is not valid JSON. Send {"message":"ping"} or {"message":"subscribe","topics":[…],"correlationId":"…"}.' });
    }
    const m = (typeof msg === 'object' && msg !== null ? msg : {}) as { message?: unknown; topics?: unknown; correlationId?: unknown };
    const correlationId = typeof m.correlationId === 'string' ? m.correlationId : undefined;
    const withId = (r: Record<string, unknown>) => (correlationId === undefined ? r : { ...r, correlationId });
    if (m.message === 'ping') return sendIfOpen(conn.ws, pongFrame());
    if (m.message !== 'subscribe') {
      return reply(withId({ result: '400', message: `Unknown message ${JSON.stringify(m.message ?? null)}. Send {"message":"ping"} or {"message":"subscribe","topics":[…]}.` }));
    }
    const names = parseTopicList(m.topics);
    if ('error' in names) return reply(withId({ result: '400', message: names.error }));
    if (this.registry.get(channel.id) !== channel) return reply(withId({ result: '404', message: `Channel ${channel.id} no longer exists.` }));
    const r = this.subscribe(channel, names, 'add', false);
    if (!r.ok) return reply(withId({ result: '400', status: 'error', message: r.message, topics: r.entities }));
    const rejected = r.entities.some((e) => e.state === 'Rejected');
    reply(withId({ result: rejected ? '400' : '200', status: rejected ? 'partially subscribed' : 'subscribed', topics: r.entities }));
  }

  // -----------------------------------------------------------------------------------------------
  // The loop

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      try {
        this.tick();
      } catch (e) {
        if (this.#debug) console.error('[sandbox] notification loop:', e);
      }
      this.#schedule();
    }, this.#limits.notificationDeliveryTickMs);
    this.#timer.unref();
  }

  /** One turn of the loop (public so tests and tools can run one without waiting). */
  tick(): void {
    for (const c of this.registry.sweepExpired()) this.#forget(c, CLOSE.expired);
    const realNow = Date.now();
    const now = this.#clock.now();
    this.#shareSlices(now, realNow);
    for (const [id, conn] of this.#connections) {
      const channel = this.registry.get(id);
      if (!channel || conn.ws.readyState !== WebSocket.OPEN) continue;
      try {
        if (conn.heartbeats && realNow - conn.lastHeartbeat >= this.#limits.notificationHeartbeatMs) {
          conn.lastHeartbeat = realNow;
          conn.heartbeatsSent++;
          conn.ws.send(heartbeatFrame());
        }
        conn.delivery.turn({ store: this.#store, now, realNow, topics: channel.topics, highWaterBytes: this.#limits.notificationSocketHighWaterBytes, socket: conn.ws });
      } catch (e) {
        if (this.#debug) console.error(`[sandbox] delivery to ${id}:`, e);
      }
    }
  }

  /**
   * Sockets that are caught up at the same cursor (the usual case with a running clock) get one
   * `eventsBetween` call over the union of their topics, routed by topic name, instead of one call each.
   */
  #shareSlices(now: number, realNow: number): void {
    const byCursor = new Map<number, Array<{ conn: Connection; topics: Channel['topics'] }>>();
    for (const [id, conn] of this.#connections) {
      const channel = this.registry.get(id);
      const cursor = conn.delivery.cursor;
      if (!channel || channel.topics.size === 0 || !conn.delivery.idle || cursor >= now || conn.ws.readyState !== WebSocket.OPEN) continue;
      const group = byCursor.get(cursor) ?? [];
      group.push({ conn, topics: channel.topics });
      byCursor.set(cursor, group);
    }
    for (const [from, group] of byCursor) {
      if (group.length < 2) continue;
      const to = Math.min(now, from + SLICE_MS);
      const union = new Set<string>();
      for (const g of group) for (const name of g.topics.keys()) union.add(name);
      const events = eventsBetween(this.#store, from, to, union);
      for (const g of group) g.conn.delivery.offer(from, to, events, g.topics, realNow);
    }
  }

  /** Removes a channel: its socket is closed with `why`. */
  #forget(c: Channel, why: { code: number; reason: string }): void {
    this.registry.remove(c);
    this.#grants.delete(c.id);
    const conn = this.#connections.get(c.id);
    if (conn) {
      this.#connections.delete(c.id);
      c.connected = false;
      conn.ws.close(why.code, why.reason);
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Faults (the control API and the in-process Sandbox object)

  #connection(channelId: string): Connection {
    const c = this.#channel(channelId);
    const conn = this.#connections.get(c.id);
    if (!conn) throw new NotificationFaultError(409, `Channel ${channelId} has no connected socket; connect to its connectUri first.`);
    return conn;
  }

  #channel(channelId: string): Channel {
    const c = this.registry.get(channelId);
    if (!c) throw new NotificationFaultError(404, `No live notification channel ${channelId}. GET /__sandbox/notifications/channels lists them.`);
    return c;
  }

  /** Destroys the channel's TCP connection with no close frame, as a network failure would. The channel stays. */
  dropSocket(channelId: string): void {
    this.#connection(channelId).ws.terminate();
  }

  /** Stops (or restarts) heartbeats on the socket connected now; a new connection starts with heartbeats on. */
  setHeartbeats(channelId: string, on: boolean): void {
    const conn = this.#connection(channelId);
    conn.heartbeats = on;
    conn.lastHeartbeat = Date.now();
  }

  /** Holds every event frame of the socket connected now back by `ms` real ms (0 ends the delay). */
  delayEvents(channelId: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0 || ms > 600_000) throw new NotificationFaultError(400, `delayMs must be a number of ms from 0 to 600000, got ${String(ms)}.`);
    this.#connection(channelId).delivery.delayMs = ms;
  }

  /** Ends the channel's lifetime now: its socket closes (4001) and HEAD answers 404. */
  expire(channelId: string): void {
    this.#forget(this.#channel(channelId), CLOSE.expired);
  }

  /** Sends `v2.system.socket_closing`, then closes the socket (1001) `afterMs` later (default the limit). The channel stays. */
  announceClosing(channelId: string, afterMs = this.#limits.notificationClosingNoticeMs): { closeAt: string } {
    if (!Number.isFinite(afterMs) || afterMs < 0 || afterMs > 600_000) throw new NotificationFaultError(400, `closeAfterMs must be a number of ms from 0 to 600000, got ${String(afterMs)}.`);
    const conn = this.#connection(channelId);
    const closeAt = Date.now() + afterMs;
    conn.ws.send(socketClosingFrame(closeAt));
    if (conn.closing) clearTimeout(conn.closing);
    conn.closing = setTimeout(() => conn.ws.close(CLOSE.goingAway.code, CLOSE.goingAway.reason), afterMs);
    conn.closing.unref();
    return { closeAt: new Date(closeAt).toISOString() };
  }

  /** Sends one frame that is not valid JSON (or `text`, when given). */
  sendMalformedFrame(channelId: string, text = MALFORMED_FRAME): void {
    this.#connection(channelId).ws.send(text);
  }

  status(): ChannelStatus[] {
    return this.registry.all().map((c) => {
      const conn = this.#connections.get(c.id);
      const s: ChannelStatus = {
        id: c.id,
        owner: c.ownerKey,
        connected: conn !== undefined,
        expires: new Date(c.expiresAt).toISOString(),
        topics: c.topics.size,
        heartbeats: conn?.heartbeats ?? true,
        heartbeatsSent: conn?.heartbeatsSent ?? 0,
        delayMs: conn?.delivery.delayMs ?? 0,
        eventsSent: conn?.delivery.sent ?? 0,
        backlog: conn?.delivery.backlog ?? 0,
      };
      if (conn) s.cursor = new Date(conn.delivery.cursor).toISOString();
      return s;
    });
  }

  /** Closes every socket (1001) and stops the loop. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    for (const conn of this.#connections.values()) {
      if (conn.closing) clearTimeout(conn.closing);
      conn.ws.close(CLOSE.shutdown.code, CLOSE.shutdown.reason);
      // A peer that never answers the close frame must not keep the server open.
      setTimeout(() => conn.ws.terminate(), 200).unref();
    }
    this.#connections.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.registry.clear();
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function sendIfOpen(ws: WebSocket, frame: string): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(frame);
}

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ message });
  const text = status === 404 ? 'Not Found' : status === 409 ? 'Conflict' : 'Service Unavailable';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
