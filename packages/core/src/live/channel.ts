/**
 * One Genesys notifications channel: created through the transport (so it counts in the rate budget and the
 * stats), its topics subscribed over REST, and a `ws` WebSocket to its `connectUri` whose frames are parsed and
 * handed to the listener. The channel knows nothing about reconnecting or sharding: the manager does that.
 */
import WebSocket from 'ws';
import type platformClient from 'purecloud-platform-client-v2';
import { NetworkError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Transport } from '../transport-types.js';
import { TopicRejectedError, type RejectedTopic } from './errors.js';
import { parseFrame, type Frame } from './frames.js';

export interface ChannelListener {
  onFrame(channel: NotificationChannel, frame: Frame): void;
  /** The socket closed without `close()` being called (dropped, or closed by the server). */
  onLost(channel: NotificationChannel, reason: string): void;
}

export interface ChannelOptions {
  logger?: Logger | undefined;
  /** How long to wait for the socket to open (default 10 s). */
  connectTimeoutMs?: number;
}

const CHANNELS = 'POST /api/v2/notifications/channels';
const REPLACE = 'PUT /api/v2/notifications/channels/{channelId}/subscriptions';
const ADD = 'POST /api/v2/notifications/channels/{channelId}/subscriptions';

let nextLocalId = 0;

export class NotificationChannel {
  /** Frames that were not JSON or not a known shape (logged and dropped). */
  malformedFrames = 0;
  /**
   * Real time (Date.now) just before its topics were last replaced: what it delivers happens after the server
   * takes that subscription, so nothing that arrived on another channel before this can be its copy.
   */
  bornAt = Date.now();
  /** Real time (Date.now) of the last frame of any kind: what the heartbeat watchdog reads. */
  lastFrameAt = Date.now();
  /** A number that tells channels apart in logs and streams (the Genesys id is a capability: kept out of logs). */
  readonly localId = ++nextLocalId;
  readonly topics = new Set<string>();
  private socket: WebSocket | undefined;
  private closedByUs = false;
  private readonly pongWaiters = new Set<() => void>();

  private constructor(
    private readonly t: Transport,
    readonly id: string,
    readonly connectUri: string,
    /** Epoch ms the channel expires (Genesys: 24 h after creation); NaN when Genesys gave none. */
    readonly expiresAt: number,
    private readonly listener: ChannelListener,
    private readonly options: ChannelOptions,
  ) {}

  /** Creates a channel (one REST call) and opens its socket. */
  static async open(t: Transport, listener: ChannelListener, options: ChannelOptions = {}): Promise<NotificationChannel> {
    const created: platformClient.Models.Channel = await t.call(CHANNELS, (api) => api.notifications.postNotificationsChannels());
    if (!created.id || !created.connectUri) throw new NetworkError('Genesys Cloud created a notifications channel without an id or connectUri.', { endpoint: CHANNELS });
    const channel = new NotificationChannel(t, created.id, created.connectUri, Date.parse(created.expires ?? ''), listener, options);
    await channel.connect();
    return channel;
  }

  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /**
   * Subscribes `topics`: `replace` sets exactly these (PUT), otherwise they are added (POST). Topics Genesys
   * rejects come back as a {@link TopicRejectedError} naming each with its reason; the permitted ones stay.
   */
  async subscribe(topics: readonly string[], mode: 'replace' | 'add' = 'replace'): Promise<void> {
    const body = topics.map((id) => ({ id }));
    if (mode === 'replace') this.bornAt = Date.now();
    const res: platformClient.Models.ChannelTopicEntityListing = await (mode === 'replace'
      ? this.t.call(REPLACE, (api) => api.notifications.putNotificationsChannelSubscriptions(this.id, body, { ignoreErrors: true }))
      : this.t.call(ADD, (api) => api.notifications.postNotificationsChannelSubscriptions(this.id, body, { ignoreErrors: true })));
    const rejected: RejectedTopic[] = [];
    const asked = new Set(topics);
    for (const e of res?.entities ?? []) {
      const state = (e as { state?: string }).state;
      if (e.id && state !== undefined && state !== 'Permitted') {
        const extra = e as { rejectionReason?: string; missingPermissions?: string[] };
        rejected.push({ topic: e.id, reason: extra.rejectionReason ?? state, missingPermissions: extra.missingPermissions ?? [] });
      }
    }
    if (mode === 'replace') this.topics.clear();
    const refused = new Set(rejected.map((r) => r.topic));
    for (const topic of asked) if (!refused.has(topic)) this.topics.add(topic);
    if (rejected.length > 0) throw new TopicRejectedError(rejected, { endpoint: mode === 'replace' ? REPLACE : ADD });
  }

  /** `{"message":"ping"}`; Genesys answers with a `pong` frame. */
  ping(): void {
    if (this.open) this.socket?.send(JSON.stringify({ message: 'ping' }));
  }

  /** Pings and resolves at the pong (rejects after `timeoutMs`, or when the socket is not open). */
  pingAndWait(timeoutMs: number): Promise<void> {
    if (!this.open) return Promise.reject(new NetworkError('The notifications socket is not open.'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pongWaiters.delete(done);
        reject(new NetworkError(`No pong on the notifications socket within ${timeoutMs} ms.`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.pongWaiters.add(done);
      this.ping();
    });
  }

  /** Closes the socket; no `onLost` follows. */
  close(): void {
    this.closedByUs = true;
    const s = this.socket;
    this.socket = undefined;
    if (!s) return;
    s.removeAllListeners('message');
    s.on('error', () => undefined);
    if (s.readyState === WebSocket.CONNECTING) s.terminate();
    else s.close(1000);
  }

  private connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = new WebSocket(this.connectUri, { handshakeTimeout: this.options.connectTimeoutMs ?? 10_000 });
      this.socket = s;
      let opened = false;
      s.once('open', () => {
        opened = true;
        this.lastFrameAt = Date.now();
        resolve();
      });
      s.on('message', (data: WebSocket.RawData) => {
        this.lastFrameAt = Date.now();
        const frame = parseFrame(textOf(data));
        if (frame.kind === 'malformed') {
          this.malformedFrames++;
          this.options.logger?.warn({ channel: this.localId, reason: frame.reason }, 'malformed notification frame dropped');
        }
        if (frame.kind === 'pong') {
          for (const w of this.pongWaiters) w();
          this.pongWaiters.clear();
        }
        this.listener.onFrame(this, frame);
      });
      s.on('error', (e: Error) => {
        if (!opened) reject(new NetworkError(`Could not open the notifications socket: ${e.message}.`, { hint: 'Check that the host allows WebSocket connections to the channel connectUri.' }));
      });
      s.on('close', (code: number) => {
        if (this.socket === s) this.socket = undefined;
        if (!opened) {
          reject(new NetworkError(`The notifications socket closed before it opened (code ${code}).`));
          return;
        }
        if (!this.closedByUs) this.listener.onLost(this, `socket closed (code ${code})`);
      });
    });
  }

  /** Drops the socket as a network fault would (no close handshake), for the watchdog. */
  terminate(): void {
    this.closedByUs = true;
    const s = this.socket;
    this.socket = undefined;
    s?.removeAllListeners('message');
    s?.on('error', () => undefined);
    s?.terminate();
  }
}

function textOf(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
