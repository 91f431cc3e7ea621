import { randomUUID } from 'node:crypto';

/**
 * Notification channels and who owns them: creation with the per-client cap and its eviction order, expiry,
 * and each channel's topics. No sockets and no timers here: the hub connects sockets and sweeps expiries.
 *
 * Lifetimes are REAL time (like tokens): the data clock is often frozen or jumped by hours in tests, and a jump
 * must not expire every channel. Ownership is the OAuth client plus the user of a user token ("user/app
 * combination"); the token that created a channel is kept for `includechannels=token`.
 */

export interface ChannelOwner {
  clientId: string;
  userId?: string;
  tokenId: string;
}

/** A subscribed topic and the sandbox-clock instant its events start after. */
export interface TopicSubscription {
  name: string;
  since: number;
}

export interface Channel {
  readonly id: string;
  readonly ownerKey: string;
  readonly tokenId: string;
  readonly createdAt: number;
  /** Real epoch ms. */
  expiresAt: number;
  /** Bumped by every use (REST call on it, socket connect, subscription change): the eviction order. */
  lastUsed: number;
  /** Whether a socket is connected now (the hub keeps this up to date). */
  connected: boolean;
  /** In subscription order. */
  readonly topics: Map<string, TopicSubscription>;
}

export const ownerKeyOf = (o: Pick<ChannelOwner, 'clientId' | 'userId'>): string => `${o.clientId}/${o.userId ?? ''}`;

export interface ChannelRegistryOptions {
  /** Read at each creation, so runtime limit changes apply. */
  maxPerOwner: () => number;
  lifetimeMs: () => number;
  realNow?: () => number;
}

export class ChannelRegistry {
  readonly #channels = new Map<string, Channel>();
  readonly #opts: ChannelRegistryOptions;
  readonly #realNow: () => number;
  /** A counter, not a timestamp: two uses in the same millisecond still have an order. */
  #useSeq = 0;

  constructor(opts: ChannelRegistryOptions) {
    this.#opts = opts;
    this.#realNow = opts.realNow ?? Date.now;
  }

  /** Creates a channel; returns it and the channels evicted to stay within the per-owner cap. */
  create(owner: ChannelOwner): { channel: Channel; evicted: Channel[] } {
    const ownerKey = ownerKeyOf(owner);
    const mine = this.ofOwner(ownerKey);
    const evicted: Channel[] = [];
    const max = this.#opts.maxPerOwner();
    if (mine.length >= max) {
      // Idle (unconnected) channels go first; within each group the least recently used.
      const order = [...mine].sort((a, b) => Number(a.connected) - Number(b.connected) || a.lastUsed - b.lastUsed);
      for (const c of order.slice(0, mine.length - max + 1)) {
        this.#channels.delete(c.id);
        evicted.push(c);
      }
    }
    const now = this.#realNow();
    const channel: Channel = {
      id: `streaming-${randomUUID()}`,
      ownerKey,
      tokenId: owner.tokenId,
      createdAt: now,
      expiresAt: now + this.#opts.lifetimeMs(),
      lastUsed: ++this.#useSeq,
      connected: false,
      topics: new Map(),
    };
    this.#channels.set(channel.id, channel);
    return { channel, evicted };
  }

  /** A live channel by id (an expired one is undefined: the hub's sweep removes it). */
  get(id: string): Channel | undefined {
    const c = this.#channels.get(id);
    return c && c.expiresAt > this.#realNow() ? c : undefined;
  }

  /** A live channel of this owner; another owner's channel is as good as absent. */
  getOwned(id: string, owner: Pick<ChannelOwner, 'clientId' | 'userId'>): Channel | undefined {
    const c = this.get(id);
    return c && c.ownerKey === ownerKeyOf(owner) ? c : undefined;
  }

  ofOwner(ownerKey: string): Channel[] {
    const now = this.#realNow();
    return [...this.#channels.values()].filter((c) => c.ownerKey === ownerKey && c.expiresAt > now);
  }

  all(): Channel[] {
    return [...this.#channels.values()];
  }

  touch(c: Channel): void {
    c.lastUsed = ++this.#useSeq;
  }

  /** A subscription change extends the lifetime ("to maintain a channel for longer than 24 hours, resubscribe"). */
  extend(c: Channel): void {
    c.expiresAt = this.#realNow() + this.#opts.lifetimeMs();
  }

  /** Makes a channel expire now; the next sweep removes it. */
  expireNow(c: Channel): void {
    c.expiresAt = this.#realNow();
  }

  /** Removes and returns the channels whose lifetime is over. */
  sweepExpired(): Channel[] {
    const now = this.#realNow();
    const gone: Channel[] = [];
    for (const c of this.#channels.values()) {
      if (c.expiresAt <= now) {
        this.#channels.delete(c.id);
        gone.push(c);
      }
    }
    return gone;
  }

  remove(c: Channel): void {
    this.#channels.delete(c.id);
  }

  clear(): void {
    this.#channels.clear();
  }
}
