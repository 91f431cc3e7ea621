/**
 * Deterministic pseudo-random numbers. Every random choice of the simulation comes from a generator seeded
 * by a hash of (org seed, purpose, day, index…), so any day or conversation can be regenerated on its own.
 */

/** 32-bit hash of a list of integers (murmur3-style finaliser over a running mix). */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Fold doubles above 2^32 (e.g. epoch days, ms) into the mix losslessly enough for seeding.
    let k = (part | 0) ^ Math.floor(part / 4294967296);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A small, fast, seedable generator (mulberry32) with the distributions the simulation needs. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static of(...parts: number[]): Rng {
    return new Rng(hash32(...parts));
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Index chosen with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Log-normal with the given median and shape, clamped to [min, max]. */
  logNormal(median: number, sigma: number, min: number, max: number): number {
    // Box–Muller for one standard normal.
    const u = 1 - this.next();
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.min(max, Math.max(min, median * Math.exp(sigma * z)));
  }

  /** A random-looking version-4 UUID. */
  uuid(): string {
    const a = this.uint32();
    const b = this.uint32();
    const c = this.uint32();
    const d = this.uint32();
    return formatUuid(a, b, c, d);
  }
}

/** Lower-case hex digits as char codes. */
const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = 0x2d;

/**
 * Builds the 36-character ids (UUIDs and conversation ids) in one reused buffer of char codes: a single
 * String.fromCharCode makes one flat string (template concatenation leaves rope strings that cost ~3× the
 * memory), and it is ~3× faster than formatting each part with toString(16) (ids are a quarter of a day's
 * simulation time otherwise).
 */
export class IdWriter {
  private readonly codes = new Uint16Array(36);
  private at = 0;

  /** Appends the low `width` hex digits of `n`. */
  hex(n: number, width: number): this {
    const end = this.at + width;
    for (let i = end - 1; i >= this.at; i--) {
      this.codes[i] = HEX_DIGITS[n & 15]!;
      n >>>= 4;
    }
    this.at = end;
    return this;
  }

  dash(): this {
    this.codes[this.at++] = DASH;
    return this;
  }

  /** The 36 characters written since the last take (the buffer is reused). */
  take(): string {
    if (this.at !== 36) throw new Error(`an id has 36 characters, not ${this.at}`);
    this.at = 0;
    return String.fromCharCode.apply(null, this.codes as unknown as number[]);
  }
}

const uuids = new IdWriter();

/** Formats four 32-bit words as a version-4, variant-1 UUID. */
export function formatUuid(a: number, b: number, c: number, d: number): string {
  return uuids
    .hex(a, 8).dash()
    .hex(b >>> 16, 4).dash()
    .hex(4, 1).hex(b & 0xfff, 3).dash()
    .hex(8 | ((c >>> 30) & 3), 1).hex(c & 0xfff, 3).dash()
    .hex((c >>> 12) & 0xffff, 4).hex(d, 8)
    .take();
}
