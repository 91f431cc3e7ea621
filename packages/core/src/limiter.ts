/**
 * The rate limiter every call of a credential set goes through.
 *
 * Genesys counts requests per token in fixed windows (300 per minute by default) that open with the
 * token's first request. A token bucket whose burst plus refill over one window exceeds the budget is
 * answered with 429s at window boundaries, so this limiter keeps a rolling window instead: a request may be
 * sent once fewer than `limit` requests were sent in the last `windowMs` (plus a small margin for clock and
 * network skew). That is the most the budget allows, never more. Requests are served first come, first
 * served, by reservation: each caller learns at once when its slot is and sleeps until then.
 *
 * A 429 pauses every caller of the budget until the server's Retry-After (see `pause`).
 */
import { LRUCache } from 'lru-cache';

/**
 * Where the limiter keeps its state: in memory by default; a shared store (Redis, each method one atomic
 * script) can implement it later to put several processes on one budget.
 */
export interface LimiterStore {
  /** Reserves the next send slot for `key`, never before its pause ends, and returns when it is (epoch ms, ≥ now). */
  reserve(key: string, limit: number, windowMs: number, now: number): Promise<number>;
  /** No request of `key` may be sent before `until` (a later pause wins; an earlier one changes nothing). */
  pause(key: string, until: number): Promise<void>;
  /** When the pause of `key` ends (epoch ms; 0 if it never paused): callers holding a slot reserved before a 429 read it before sending. */
  pausedUntil(key: string): Promise<number>;
}

const MAX_DEFAULT_MARGIN_MS = 250;

interface KeyState {
  limit: number;
  /** Send times of the last `limit` reservations (a ring; `next` is the oldest once full). */
  slots: number[];
  next: number;
  pausedUntil: number;
}

export class MemoryLimiterStore implements LimiterStore {
  private readonly keys = new Map<string, KeyState>();

  /** `marginMs`: extra wait past the window for clock and network skew (default: 0.5% of the window, 25–250 ms). */
  constructor(private readonly marginMs?: number) {}

  private margin(windowMs: number): number {
    return this.marginMs ?? Math.min(MAX_DEFAULT_MARGIN_MS, Math.max(25, windowMs * 0.005));
  }

  async reserve(key: string, limit: number, windowMs: number, now: number): Promise<number> {
    let s = this.keys.get(key);
    if (!s || s.limit !== limit) {
      // A new budget starts from what the old one sent: keep the latest sends, up to the new limit.
      const recent = s ? [...s.slots.slice(s.next), ...s.slots.slice(0, s.next)].slice(-limit) : [];
      s = { limit, slots: recent, next: 0, pausedUntil: s?.pausedUntil ?? 0 };
      this.keys.set(key, s);
    }
    let at = Math.max(now, s.pausedUntil);
    if (s.slots.length === limit) {
      // The slot `limit` reservations ago must have left the window.
      const oldest = s.slots[s.next]!;
      at = Math.max(at, oldest + windowMs + this.margin(windowMs));
      s.slots[s.next] = at;
      s.next = (s.next + 1) % limit;
    } else {
      s.slots.push(at);
    }
    return at;
  }

  async pause(key: string, until: number): Promise<void> {
    const s = this.keys.get(key) ?? { limit: 0, slots: [], next: 0, pausedUntil: 0 };
    s.pausedUntil = Math.max(s.pausedUntil, until);
    // Reservations already handed out for earlier slots are honoured by the callers re-checking `pausedUntil`.
    this.keys.set(key, s);
  }

  async pausedUntil(key: string): Promise<number> {
    return this.keys.get(key)?.pausedUntil ?? 0;
  }
}

/** A counting semaphore: at most `max` holders at once, FIFO. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private max: number) {}

  resize(max: number): void {
    this.max = max;
    while (this.active < this.max && this.waiting.length > 0) this.waiting.shift()?.();
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.active < this.max) {
      this.active++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const entry = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason ?? new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
    this.active++;
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }
}

/** What one budget allows. */
export interface Budget {
  /** Requests per window (Genesys default 300 per minute). */
  limit: number;
  windowMs: number;
  /** Requests in flight at once. */
  maxConcurrency: number;
}

export interface RateLimiterOptions extends Budget {
  store?: LimiterStore;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told when the budget starts or stops holding callers, or is paused (see `quietAt`). */
  onChange?: () => void;
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** One budget: a rolling-window rate plus a concurrency cap, shared by everything using one credential set. */
export class RateLimiter {
  readonly store: LimiterStore;
  private readonly semaphore: Semaphore;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Callers between `acquire` and their release: waiting for a place or a slot, or in flight. */
  private holders = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private pausedTill = 0;

  constructor(
    readonly key: string,
    private options: RateLimiterOptions,
  ) {
    this.store = options.store ?? new MemoryLimiterStore();
    this.semaphore = new Semaphore(options.maxConcurrency);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleep;
  }

  /** Waits for a slot in the budget and a place among the requests in flight; returns the release and the wait. */
  async acquire(signal?: AbortSignal): Promise<{ release: () => void; waitedMs: number }> {
    const started = this.now();
    this.hold(1);
    let release: (() => void) | undefined;
    try {
      release = await this.semaphore.acquire(signal);
      const at = await this.store.reserve(this.key, this.options.limit, this.options.windowMs, this.now());
      await this.sleep(at - this.now(), signal);
      // A 429 seen while we slept pauses us too.
      const paused = await this.store.pausedUntil(this.key);
      if (paused > this.now()) await this.sleep(paused - this.now(), signal);
    } catch (e) {
      release?.();
      this.hold(-1);
      throw e;
    }
    this.lastSentAt = Math.max(this.lastSentAt, this.now());
    let released = false;
    const done = release;
    return {
      release: () => {
        if (released) return;
        released = true;
        done();
        this.hold(-1);
      },
      waitedMs: this.now() - started,
    };
  }

  /** Changes the figures (clients of one credential set with different settings: the latest call's win; what was sent still counts). */
  configure(budget: Budget): void {
    this.options = { ...this.options, ...budget };
    this.semaphore.resize(budget.maxConcurrency);
  }

  /** Every caller of this budget waits until `until` (a 429's Retry-After). */
  async pause(until: number): Promise<void> {
    this.pausedTill = Math.max(this.pausedTill, until);
    await this.store.pause(this.key, until);
    this.options.onChange?.();
  }

  /**
   * From when on this budget holds nothing, so that a fresh one would behave the same (with the default
   * store): never while callers wait or are in flight; else once its latest send has left the window and
   * its pause is over.
   */
  quietAt(): number {
    if (this.holders > 0) return Number.POSITIVE_INFINITY;
    return Math.max(this.lastSentAt + this.options.windowMs + MAX_DEFAULT_MARGIN_MS, this.pausedTill);
  }

  private hold(delta: 1 | -1): void {
    this.holders += delta;
    if (this.holders === (delta > 0 ? 1 : 0)) this.options.onChange?.();
  }
}

/**
 * The budgets of a process by key (one per credential set). A budget is kept while it holds anything, and
 * dropped once `quietAt` has passed: a fresh budget then behaves exactly as the old one would, so a gateway
 * that meets a new bearer token every minute stays bounded by the tokens active in the last window, and
 * no budget with callers waiting, in flight, sends in its window or a pause is ever dropped. Callers look
 * their budget up for every request (`get`), so none keeps using one that was dropped.
 */
export class LimiterRegistry {
  private readonly budgets: LRUCache<string, RateLimiter>;
  private readonly now: () => number;

  constructor(private readonly clock: { now?: () => number; sleep?: (ms: number, signal?: AbortSignal) => Promise<void> } = {}) {
    this.now = clock.now ?? Date.now;
    // Each entry's TTL is set to its budget's quiet time (`keep`); the constructor's is never used.
    this.budgets = new LRUCache({ ttl: 1, ttlAutopurge: true, ttlResolution: 0, perf: { now: this.now } });
  }

  /** The budget of `key`, made with `budget` if there is none; the latest figures win. */
  get(key: string, budget: Budget): RateLimiter {
    const found = this.budgets.get(key);
    if (found) {
      found.configure(budget);
      return found;
    }
    const made: RateLimiter = new RateLimiter(key, { ...budget, ...this.clock, onChange: () => this.keep(key, made) });
    this.keep(key, made);
    return made;
  }

  /** Budgets held now. */
  get size(): number {
    this.budgets.purgeStale();
    return this.budgets.size;
  }

  private keep(key: string, limiter: RateLimiter): void {
    const quietAt = limiter.quietAt();
    // A TTL of 0 never expires: the budget is in use.
    const ttl = quietAt === Number.POSITIVE_INFINITY ? 0 : Math.max(1, Math.ceil(quietAt - this.now()));
    this.budgets.set(key, limiter, { ttl });
  }
}
