import { z } from 'zod';
import { DEFAULT_LIMITS, type SandboxLimits } from '../options.js';

/**
 * Per-token fixed-window rate limiting, in REAL time (a frozen data clock must not freeze rate windows).
 * A token's window opens at its first request and lasts `rateWindowMs`; every request in it counts
 * (refused ones too), and those past `requestsPerMinute` get 429.
 */

export interface RateState {
  /** Requests counted in the current window (this one included). */
  count: number;
  /** The budget of a window. */
  allowed: number;
  /** Real ms until the window resets. */
  resetMs: number;
  /** Whether this request fits the budget. */
  ok: boolean;
}

type RateSettings = Pick<SandboxLimits, 'requestsPerMinute' | 'rateWindowMs'>;

interface Window {
  start: number;
  count: number;
}

const PRUNE_ABOVE = 10_000;

export class RateLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #settings: () => RateSettings;

  /** `settings` is read on every request, so changes to the object it returns apply at once. */
  constructor(settings: RateSettings | (() => RateSettings)) {
    if (typeof settings === 'function') {
      this.#settings = settings;
    } else {
      const own = { requestsPerMinute: settings.requestsPerMinute, rateWindowMs: settings.rateWindowMs };
      this.#settings = () => own;
    }
  }

  get settings(): RateSettings {
    const s = this.#settings();
    return { requestsPerMinute: s.requestsPerMinute, rateWindowMs: s.rateWindowMs };
  }

  /** Counts one request for `key` (a token id) and says whether it fits. */
  hit(key: string, now = Date.now()): RateState {
    const { requestsPerMinute, rateWindowMs } = this.#settings();
    let w = this.#windows.get(key);
    if (!w || now >= w.start + rateWindowMs) {
      if (!w && this.#windows.size >= PRUNE_ABOVE) this.#prune(now, rateWindowMs);
      w = { start: now, count: 0 };
      this.#windows.set(key, w);
    }
    w.count++;
    return { count: w.count, allowed: requestsPerMinute, resetMs: w.start + rateWindowMs - now, ok: w.count <= requestsPerMinute };
  }

  /** The state of `key`'s window without counting a request (an unseen key: empty, full window). */
  peek(key: string | undefined, now = Date.now()): RateState {
    const { requestsPerMinute, rateWindowMs } = this.#settings();
    const w = key === undefined ? undefined : this.#windows.get(key);
    if (!w || now >= w.start + rateWindowMs) return { count: 0, allowed: requestsPerMinute, resetMs: rateWindowMs, ok: true };
    return { count: w.count, allowed: requestsPerMinute, resetMs: w.start + rateWindowMs - now, ok: w.count <= requestsPerMinute };
  }

  /** Forgets every window. */
  reset(): void {
    this.#windows.clear();
  }

  #prune(now: number, windowMs: number): void {
    for (const [k, w] of this.#windows) if (now >= w.start + windowMs) this.#windows.delete(k);
  }
}

/** Whole seconds until a reset, at least 1 (what `inin-ratelimit-reset` and `Retry-After` carry). */
export const secondsUntil = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/** The `inin-ratelimit-*` headers for a state. */
export function rateHeaders(s: RateState): Record<string, string> {
  return {
    'inin-ratelimit-count': String(s.count),
    'inin-ratelimit-allowed': String(s.allowed),
    'inin-ratelimit-reset': String(secondsUntil(s.resetMs)),
  };
}

// ---------------------------------------------------------------------------------------------------
// Validation of runtime limit changes

const positiveInt = z.number().int().positive();
const httpErrorStatus = z.number().int().min(400).max(599);

/** Stricter rules for some keys; every other key is validated by the type of its default. */
const SPECIAL: Partial<Record<keyof SandboxLimits, z.ZodType>> = {
  requestsPerMinute: positiveInt,
  rateWindowMs: positiveInt,
  tokenLifetimeSeconds: z.number().positive().finite(),
  maxRequestBytes: positiveInt,
  userContextErrorStatus: httpErrorStatus,
  invalidClientStatus: httpErrorStatus,
  stormRetryAfterSeconds: positiveInt,
  notificationChannelsPerClient: positiveInt,
  notificationTopicsPerChannel: positiveInt,
  notificationChannelLifetimeSeconds: z.number().positive().finite(),
  notificationHeartbeatMs: positiveInt,
  notificationDeliveryTickMs: z.number().int().min(5).max(60_000),
  notificationSocketHighWaterBytes: positiveInt,
};

function schemaFor(value: unknown): z.ZodType {
  switch (typeof value) {
    case 'number':
      return z.number().finite().nonnegative();
    case 'boolean':
      return z.boolean();
    case 'string':
      return z.string();
    default:
      return z.unknown();
  }
}

/** A partial SandboxLimits: known keys only (unknown keys are rejected by name), each of the right type. */
export const limitsPatchSchema = z
  .object(
    Object.fromEntries(
      Object.entries(DEFAULT_LIMITS).map(([k, v]) => [k, (SPECIAL[k as keyof SandboxLimits] ?? schemaFor(v)).optional()]),
    ),
  )
  .strict();

/** Formats zod issues as one line naming each bad key. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      if (i.code === 'unrecognized_keys') return `unknown key(s): ${i.keys.join(', ')}`;
      const where = i.path.length > 0 ? i.path.join('.') : 'body';
      return `${where}: ${i.message}`;
    })
    .join('; ');
}

/** Validates a partial SandboxLimits; throws RangeError naming the bad keys. */
export function parseLimitsPatch(input: unknown): Partial<SandboxLimits> {
  const r = limitsPatchSchema.safeParse(input);
  if (!r.success) throw new RangeError(`Invalid limits: ${describeIssues(r.error)}`);
  return r.data as Partial<SandboxLimits>;
}
