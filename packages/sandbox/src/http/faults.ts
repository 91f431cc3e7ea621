import { z } from 'zod';
import { GenesysHttpError } from './errors.js';
import { describeIssues } from './limits.js';

/**
 * Injected faults: 5xx answers, added latency, dropped connections and 429 storms. They apply to
 * /api/v2 and /oauth/token requests (storms: /api/v2 only), never to the control API.
 *
 * Randomness comes from mulberry32 PRNGs seeded from the sandbox seed, one stream per fault kind (so
 * switching latency jitter on does not change which requests fail), and every stream is re-seeded on each
 * `set()`/`clear()`: the same settings over the same request sequence give the same pattern.
 */

export type FaultErrorStatus = 500 | 502 | 503 | 504;

export interface FaultSettings {
  /** 0..1 share of /api/v2 and /oauth requests answered `errorStatus`. */
  errorRate: number;
  errorStatus: FaultErrorStatus;
  /** Added to every response, ms. */
  latencyMs: number;
  /** Up to this much more, uniformly drawn per request, ms. */
  latencyJitterMs: number;
  /** 0..1: share of requests whose socket is destroyed with no response. */
  dropRate: number;
  /** Real-time epoch ms: until then every /api/v2 request gets 429 (Retry-After = limits.stormRetryAfterSeconds). */
  stormUntil: number | null;
  /** Alternatively: the next N /api/v2 requests get 429. */
  stormRemaining?: number;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  errorRate: 0,
  errorStatus: 500,
  latencyMs: 0,
  latencyJitterMs: 0,
  dropRate: 0,
  stormUntil: null,
  stormRemaining: 0,
});

/** Genesys code and message for each injectable 5xx (fact sheet §8.1; 502's text is the sandbox's choice). */
export const FAULT_ERRORS: Record<FaultErrorStatus, { code: string; message: string }> = {
  500: { code: 'internal.server.error', message: 'The server encountered an unexpected condition which prevented it from fulfilling the request.' },
  502: { code: 'bad.gateway', message: 'Bad Gateway - The server received an invalid response from an upstream server.' },
  503: { code: 'service.unavailable', message: 'Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance).' },
  504: { code: 'request.timeout', message: 'The request timed out.' },
};

export function faultError(status: FaultErrorStatus): GenesysHttpError {
  const e = FAULT_ERRORS[status];
  return new GenesysHttpError(status, e.code, e.message);
}

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rate = z.number().min(0).max(1);
const ms = z.number().finite().min(0).max(600_000);

/** A partial FaultSettings as the control API takes it, plus `stormSeconds` (→ stormUntil = now + s). */
export const faultsPatchSchema = z
  .object({
    errorRate: rate.optional(),
    errorStatus: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
    latencyMs: ms.optional(),
    latencyJitterMs: ms.optional(),
    dropRate: rate.optional(),
    stormUntil: z.union([z.number().finite(), z.iso.datetime({ offset: true }), z.null()]).optional(),
    stormRemaining: z.number().int().min(0).optional(),
    stormSeconds: z.number().finite().positive().optional(),
  })
  .strict();

export type FaultsPatch = z.infer<typeof faultsPatchSchema>;

/** Validates a control-API faults patch into a partial FaultSettings; throws RangeError naming bad keys. */
export function parseFaultsPatch(input: unknown, now = Date.now()): Partial<FaultSettings> {
  const r = faultsPatchSchema.safeParse(input);
  if (!r.success) throw new RangeError(`Invalid faults: ${describeIssues(r.error)}`);
  const { stormSeconds, stormUntil, ...rest } = r.data;
  const out: Partial<FaultSettings> = { ...rest };
  if (stormUntil !== undefined) out.stormUntil = typeof stormUntil === 'string' ? Date.parse(stormUntil) : stormUntil;
  if (stormSeconds !== undefined) out.stormUntil = now + stormSeconds * 1000;
  return out;
}

export class Faults {
  readonly #seed: number;
  #s: FaultSettings = { ...NO_FAULTS };
  #dropRng!: () => number;
  #latencyRng!: () => number;
  #errorRng!: () => number;

  constructor(seed: number) {
    this.#seed = seed >>> 0;
    this.#reseed();
  }

  get settings(): FaultSettings {
    return { ...this.#s };
  }

  /** Changes some settings (validated; throws RangeError) and re-seeds the fault streams. */
  set(partial: Partial<FaultSettings>): FaultSettings {
    const next: FaultSettings = { ...this.#s };
    for (const [k, v] of Object.entries(partial)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
    const check = faultsPatchSchema.safeParse(next);
    if (!check.success) throw new RangeError(`Invalid faults: ${describeIssues(check.error)}`);
    this.#s = next;
    this.#reseed();
    return this.settings;
  }

  /** Back to no faults. */
  clear(): void {
    this.#s = { ...NO_FAULTS };
    this.#reseed();
  }

  #reseed(): void {
    this.#dropRng = mulberry32(this.#seed ^ 0x0d0f0a17);
    this.#latencyRng = mulberry32(this.#seed ^ 0x1a7e0c11);
    this.#errorRng = mulberry32(this.#seed ^ 0x5e77e500);
  }

  /** Whether this request's connection is dropped (draws only when 0 < dropRate < 1). */
  shouldDrop(): boolean {
    return draw(this.#s.dropRate, this.#dropRng);
  }

  /** The latency to add to this request, ms. */
  latency(): number {
    const { latencyMs, latencyJitterMs } = this.#s;
    return latencyJitterMs > 0 ? latencyMs + this.#latencyRng() * latencyJitterMs : latencyMs;
  }

  /** Whether this /api/v2 request falls in a storm (uses up one of `stormRemaining` when no timed storm runs). */
  takeStorm(now = Date.now()): boolean {
    if (this.#s.stormUntil !== null && now < this.#s.stormUntil) return true;
    const left = this.#s.stormRemaining ?? 0;
    if (left > 0) {
      this.#s.stormRemaining = left - 1;
      return true;
    }
    return false;
  }

  /** The injected 5xx for this request, if any. */
  takeError(): GenesysHttpError | undefined {
    return draw(this.#s.errorRate, this.#errorRng) ? faultError(this.#s.errorStatus) : undefined;
  }

  /** Whether any fault is switched on. */
  get active(): boolean {
    const s = this.#s;
    return s.errorRate > 0 || s.latencyMs > 0 || s.latencyJitterMs > 0 || s.dropRate > 0 || (s.stormUntil !== null && Date.now() < s.stormUntil) || (s.stormRemaining ?? 0) > 0;
  }
}

function draw(p: number, rng: () => number): boolean {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return rng() < p;
}
