/**
 * Keeps a set of topics subscribed through as many channels as they need (≤ `topicsPerChannel` each), and keeps
 * those channels alive: a heartbeat watchdog (no frame for `heartbeatTimeoutMs` → the socket is dead: reconnect),
 * reconnects with capped, jittered exponential backoff, and rotation to a fresh channel before the old one
 * expires or when Genesys announces `socket_closing` — the new channel is subscribed before the old one closes,
 * so rotation has no gap. Every time events may have been missed it reports `onGap`, and `onResumed` once every
 * shard is subscribed again, so the state can reconcile.
 */
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Transport } from '../transport-types.js';
import { NotificationChannel, type ChannelListener } from './channel.js';
import type { Frame } from './frames.js';

export interface ChannelManagerOptions {
  /** Topics per channel (Genesys: at most 1,000). @default 1000 */
  topicsPerChannel?: number;
  /** No frame at all for this long → the socket is treated as dead. @default 75000 (2.5 × Genesys's 30 s heartbeat) */
  heartbeatTimeoutMs?: number;
  /** Open the replacement channel this long before a channel's `expires`. @default 600000 (10 min) */
  rotateBeforeExpiryMs?: number;
  /** After rotation, the old channel stays open this long so frames in flight on it still arrive. @default 1000 */
  rotationDrainMs?: number;
  /** Reconnect backoff: base and cap, ms (full jitter). @default 500 and 30000 */
  reconnectBaseDelayMs?: number;
  reconnectMaxDelayMs?: number;
  /** How often the watchdog looks. @default min(heartbeatTimeoutMs / 3, 5000) */
  watchdogIntervalMs?: number;
  /** Send `{"message":"ping"}` when a socket has been quiet this long (off by default: heartbeats suffice). */
  pingAfterIdleMs?: number;
  /** The clock `expires` is compared with: Genesys's channel lifetimes are wall-clock time. @default Date.now */
  expiryClock?: () => number;
  random?: () => number;
  logger?: Logger | undefined;
}

export interface ChannelManagerListener {
  /** `stream` names where the frame came from (channel and topic): the same event may come on two streams. */
  onEvent(stream: string, topicName: string, eventBody: unknown, streamBornAt: number): void;
  onGap(reason: string): void;
  onResumed(): void;
}

export interface ChannelManagerStats {
  channels: number;
  topics: number;
  reconnects: number;
  rotations: number;
  gaps: number;
  malformedFrames: number;
  events: number;
}

interface Shard {
  index: number;
  topics: string[];
  channel: NotificationChannel | undefined;
  /** Consecutive failed attempts to (re)open, for the backoff. */
  attempts: number;
  /** A reconnect or rotation is under way. */
  busy: boolean;
  retry: NodeJS.Timeout | undefined;
}

/** Bad channel options as a ConfigError naming the option and what is allowed (before anything opens). */
export function checkChannelOptions(o: ChannelManagerOptions): void {
  if (o.topicsPerChannel !== undefined && (!Number.isInteger(o.topicsPerChannel) || o.topicsPerChannel < 1 || o.topicsPerChannel > 1000)) {
    throw new ConfigError(`topicsPerChannel must be a whole number from 1 to 1000 (Genesys's limit per channel), got ${String(o.topicsPerChannel)}.`, 'topicsPerChannel', 'Leave it unset for 1000.');
  }
  for (const key of ['heartbeatTimeoutMs', 'rotateBeforeExpiryMs', 'rotationDrainMs', 'reconnectBaseDelayMs', 'reconnectMaxDelayMs', 'watchdogIntervalMs', 'pingAfterIdleMs'] as const) {
    const v = o[key];
    if (v !== undefined && (!Number.isFinite(v) || v < 0)) throw new ConfigError(`${key} must be a number of milliseconds ≥ 0, got ${String(v)}.`, key, 'Leave it unset for the default.');
  }
}

export class ChannelManager implements ChannelListener {
  private readonly shards: Shard[] = [];
  private readonly opts: Required<Omit<ChannelManagerOptions, 'logger' | 'pingAfterIdleMs'>> & Pick<ChannelManagerOptions, 'logger' | 'pingAfterIdleMs'>;
  private watchdog: NodeJS.Timeout | undefined;
  private closed = false;
  /** Shards without a working channel right now. */
  private readonly down = new Set<number>();
  private readonly retiring = new Set<NotificationChannel>();
  private readonly counts = { reconnects: 0, rotations: 0, gaps: 0, events: 0, malformedGone: 0 };

  constructor(
    private readonly t: Transport,
    private readonly listener: ChannelManagerListener,
    options: ChannelManagerOptions = {},
  ) {
    const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 75_000;
    this.opts = {
      topicsPerChannel: options.topicsPerChannel ?? 1000,
      heartbeatTimeoutMs,
      rotateBeforeExpiryMs: options.rotateBeforeExpiryMs ?? 600_000,
      rotationDrainMs: options.rotationDrainMs ?? 1000,
      reconnectBaseDelayMs: options.reconnectBaseDelayMs ?? 500,
      reconnectMaxDelayMs: options.reconnectMaxDelayMs ?? 30_000,
      watchdogIntervalMs: options.watchdogIntervalMs ?? Math.max(10, Math.min(heartbeatTimeoutMs / 3, 5000)),
      expiryClock: options.expiryClock ?? Date.now,
      random: options.random ?? Math.random,
      logger: options.logger,
      pingAfterIdleMs: options.pingAfterIdleMs,
    };
    checkChannelOptions(this.opts);
  }

  /** Opens and subscribes every shard; any failure (a refused channel, a rejected topic) closes all and throws. */
  async start(topics: readonly string[]): Promise<void> {
    const unique = [...new Set(topics)];
    for (let i = 0; i < unique.length; i += this.opts.topicsPerChannel) {
      this.shards.push({ index: this.shards.length, topics: unique.slice(i, i + this.opts.topicsPerChannel), channel: undefined, attempts: 0, busy: false, retry: undefined });
    }
    if (this.shards.length > 19) this.opts.logger?.warn({ channels: this.shards.length }, 'more than 19 channels: Genesys keeps 20 per client, so rotation will evict one');
    try {
      for (const shard of this.shards) shard.channel = await this.openFor(shard);
    } catch (e) {
      this.close();
      throw e;
    }
    this.watchdog = setInterval(() => this.tick(), this.opts.watchdogIntervalMs);
    this.watchdog.unref();
  }

  stats(): ChannelManagerStats {
    let malformed = this.counts.malformedGone;
    let channels = 0;
    for (const s of this.shards) if (s.channel) {
      channels++;
      malformed += s.channel.malformedFrames;
    }
    return { channels, topics: this.shards.reduce((n, s) => n + s.topics.length, 0), reconnects: this.counts.reconnects, rotations: this.counts.rotations, gaps: this.counts.gaps, malformedFrames: malformed, events: this.counts.events };
  }

  /** Every shard has a working channel (no gap open). */
  get healthy(): boolean {
    return !this.closed && this.down.size === 0 && this.shards.every((s) => s.channel !== undefined);
  }

  /** The channels currently serving (for tests and diagnostics). */
  channels(): readonly NotificationChannel[] {
    return this.shards.flatMap((s) => (s.channel ? [s.channel] : []));
  }

  /**
   * Resolves once every serving channel has answered a ping: frames are in order on a socket, so everything the
   * server sent before it saw the ping has been handled. For tests and tools that need "caught up".
   */
  async sync(timeoutMs = 10_000): Promise<void> {
    await Promise.all(this.channels().map((c) => c.pingAndWait(timeoutMs)));
  }

  close(): void {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    for (const s of this.shards) {
      if (s.retry) clearTimeout(s.retry);
      s.channel?.close();
      s.channel = undefined;
    }
    for (const c of this.retiring) c.close();
    this.retiring.clear();
  }

  // --- ChannelListener ---------------------------------------------------------------------------------

  onFrame(channel: NotificationChannel, frame: Frame): void {
    if (this.closed) return;
    switch (frame.kind) {
      case 'event':
        this.counts.events++;
        this.listener.onEvent(`${channel.localId}:${frame.topicName}`, frame.topicName, frame.eventBody, channel.bornAt);
        return;
      case 'socket_closing': {
        const shard = this.shardOf(channel);
        this.opts.logger?.info({ channel: channel.localId }, 'socket_closing announced: rotating to a new channel');
        if (shard) void this.rotate(shard, 'socket_closing');
        return;
      }
      default:
        return;
    }
  }

  onLost(channel: NotificationChannel, reason: string): void {
    if (this.closed) return;
    if (this.retiring.delete(channel)) return;
    const shard = this.shardOf(channel);
    if (shard) this.lose(shard, reason);
  }

  // --- internals ---------------------------------------------------------------------------------------

  private shardOf(channel: NotificationChannel): Shard | undefined {
    return this.shards.find((s) => s.channel === channel);
  }

  private async openFor(shard: Shard): Promise<NotificationChannel> {
    const channel = await NotificationChannel.open(this.t, this, { logger: this.opts.logger });
    try {
      await channel.subscribe(shard.topics, 'replace');
    } catch (e) {
      channel.close();
      throw e;
    }
    return channel;
  }

  /** A shard's channel is gone: report the gap (once per outage) and reconnect. */
  private lose(shard: Shard, reason: string): void {
    const old = shard.channel;
    if (old) this.counts.malformedGone += old.malformedFrames;
    old?.terminate();
    shard.channel = undefined;
    this.opts.logger?.warn({ shard: shard.index, reason }, 'notifications channel lost; reconnecting');
    if (!this.down.has(shard.index)) {
      const first = this.down.size === 0;
      this.down.add(shard.index);
      this.counts.gaps++;
      if (first) this.listener.onGap(reason);
    }
    this.scheduleReconnect(shard);
  }

  private scheduleReconnect(shard: Shard): void {
    if (this.closed || shard.retry || shard.busy) return;
    const cap = Math.min(this.opts.reconnectMaxDelayMs, this.opts.reconnectBaseDelayMs * 2 ** shard.attempts);
    const delay = shard.attempts === 0 ? 0 : Math.round(cap * this.opts.random());
    shard.retry = setTimeout(() => {
      shard.retry = undefined;
      void this.reconnect(shard);
    }, delay);
    shard.retry.unref();
  }

  private async reconnect(shard: Shard): Promise<void> {
    if (this.closed || shard.busy) return;
    shard.busy = true;
    try {
      const channel = await this.openFor(shard);
      if (this.closed) {
        channel.close();
        return;
      }
      this.adopt(shard, channel);
    } catch (e) {
      shard.attempts++;
      this.opts.logger?.warn({ shard: shard.index, attempts: shard.attempts, err: e }, 'could not reopen the notifications channel; backing off');
    } finally {
      shard.busy = false;
    }
    if (!shard.channel && !this.closed) this.scheduleReconnect(shard);
  }

  /** A fresh channel, subscribed, before the old one goes: no gap. If that fails, it is an ordinary loss. */
  private async rotate(shard: Shard, why: string): Promise<void> {
    if (this.closed || shard.busy || !shard.channel) return;
    shard.busy = true;
    const old = shard.channel;
    try {
      const fresh = await this.openFor(shard);
      if (this.closed) {
        fresh.close();
        return;
      }
      if (shard.channel !== old) {
        // The old one was lost meanwhile (reported as a gap): the fresh channel is the reconnect.
        this.adopt(shard, fresh);
        return;
      }
      shard.channel = fresh;
      this.counts.rotations++;
      this.counts.malformedGone += old.malformedFrames;
      this.retiring.add(old);
      this.opts.logger?.info({ shard: shard.index, from: old.localId, to: fresh.localId, why }, 'notifications channel rotated');
      const drain = setTimeout(() => {
        this.retiring.delete(old);
        old.close();
      }, this.opts.rotationDrainMs);
      drain.unref();
    } catch (e) {
      this.opts.logger?.warn({ shard: shard.index, err: e, why }, 'rotation failed; the old channel stays until it goes');
    } finally {
      shard.busy = false;
    }
    if (shard.channel === undefined && !this.closed) this.scheduleReconnect(shard);
  }

  /** A reopened shard serves again; when none is down any more, the stream has resumed. */
  private adopt(shard: Shard, channel: NotificationChannel): void {
    shard.channel = channel;
    shard.attempts = 0;
    this.counts.reconnects++;
    this.down.delete(shard.index);
    this.opts.logger?.info({ shard: shard.index, channel: channel.localId }, 'notifications channel reconnected');
    if (this.down.size === 0) this.listener.onResumed();
  }

  private tick(): void {
    if (this.closed) return;
    const realNow = Date.now();
    const wallNow = this.opts.expiryClock();
    for (const shard of this.shards) {
      const c = shard.channel;
      if (!c || shard.busy) continue;
      const quiet = realNow - c.lastFrameAt;
      if (quiet > this.opts.heartbeatTimeoutMs) {
        // After a stalled event loop, timers run before the frames waiting on the socket are read: look again
        // once pending I/O has been handled, so a busy process does not drop a healthy socket.
        setImmediate(() => {
          const still = Date.now() - c.lastFrameAt;
          if (!this.closed && shard.channel === c && !shard.busy && still > this.opts.heartbeatTimeoutMs) {
            this.lose(shard, `no frame for ${still} ms (heartbeat timeout ${this.opts.heartbeatTimeoutMs} ms)`);
          }
        });
        continue;
      }
      if (Number.isFinite(c.expiresAt) && c.expiresAt - wallNow <= this.opts.rotateBeforeExpiryMs) {
        void this.rotate(shard, 'expiry');
        continue;
      }
      if (this.opts.pingAfterIdleMs !== undefined && quiet > this.opts.pingAfterIdleMs) c.ping();
    }
  }
}
