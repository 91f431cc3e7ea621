/**
 * The sandbox's data clock: what "now" means for the simulated org (which conversations are live, which
 * have ended, what observations show). It reads real time by default, and tests can set it, freeze it,
 * advance it and let it run again.
 *
 * Only the simulated data follows this clock. Token lifetimes, rate-limit windows, fault storms and the
 * request log use real time (`Date.now()`), because the data clock is often frozen or far in the past in
 * tests, and a frozen clock must not stop tokens expiring or rate windows resetting.
 */

export type ClockInstant = number | string | Date;

export interface SandboxClockOptions {
  /** Starting reading. Default: real time. */
  now?: ClockInstant;
  /** Whether the clock stays put. Default: true when `now` is given (like `set()`), false otherwise. */
  frozen?: boolean;
}

/** Parses an instant: epoch ms, an ISO-8601 string or a Date. Throws RangeError on anything unusable. */
export function toEpochMs(at: ClockInstant): number {
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`Not a valid instant: ${String(at)}`);
  return ms;
}

export class SandboxClock {
  /** Frozen: the reading. Running: reading minus real time (the offset from real time). */
  #value: number;
  #frozen: boolean;

  constructor(opts: SandboxClockOptions = {}) {
    const start = opts.now === undefined ? Date.now() : toEpochMs(opts.now);
    this.#frozen = opts.frozen ?? opts.now !== undefined;
    this.#value = this.#frozen ? start : start - Date.now();
  }

  /** The current reading, epoch ms. */
  now(): number {
    return this.#frozen ? this.#value : Date.now() + this.#value;
  }

  get frozen(): boolean {
    return this.#frozen;
  }

  /** Jumps to `at`. Frozen there by default; `{ frozen: false }` runs forward from `at` at real speed. */
  set(at: ClockInstant, opts: { frozen?: boolean } = {}): void {
    const ms = toEpochMs(at);
    this.#frozen = opts.frozen ?? true;
    this.#value = this.#frozen ? ms : ms - Date.now();
  }

  /** Moves the reading by `ms` (negative moves it back); a running clock keeps running. */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`advance() needs a finite number of ms, got ${String(ms)}`);
    this.#value += ms;
  }

  /** Stops the clock at its current reading. */
  freeze(): void {
    if (!this.#frozen) this.set(this.now(), { frozen: true });
  }

  /** Keeps running at real speed from the current reading. */
  resume(): void {
    if (this.#frozen) this.set(this.#value, { frozen: false });
  }

  toJSON(): { now: string; frozen: boolean } {
    return { now: new Date(this.now()).toISOString(), frozen: this.#frozen };
  }
}
