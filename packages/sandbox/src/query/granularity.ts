/**
 * Aggregate granularity: ISO-8601 durations and the time buckets they cut an interval into, on Temporal
 * (`temporal-polyfill`): its ZonedDateTime arithmetic is exactly the rule Genesys's Java back end follows
 * (`disambiguation: 'compatible'`, `overflow: 'constrain'`).
 *
 * Choices (the fact sheet gives only the examples "P1D or P1DT12H" and "default = whole interval"; the allowed set
 * is UNCONFIRMED, genesys-push-jobs-users.md §(a)11, §(c)4):
 * - Accepted: months (M), weeks (W), days (D), hours (H), minutes (M after T), combinable in ISO order
 *   (`P1M2W3DT4H5M`), whose hours-and-minutes part is a whole multiple of `stepMinutes` (the sandbox limit
 *   `granularityStepMinutes`, default 15: PT15M, PT45M, PT1H, P1DT12H, P1D, P1W, P1M). Years (use `P12M`),
 *   seconds, fractions, signs and zero are rejected.
 * - Buckets start at the interval's start instant. Bucket k starts at `start + k × granularity`, computed from the
 *   start each time (not by repeated addition), so `P1M` from Jan 31 gives Feb 29/28, Mar 31, Apr 30 … without drift.
 * - Months, weeks and days are calendar units in `timeZone` (default UTC): the local wall-clock time of the start is
 *   kept, so on a DST day a `P1D` bucket lasts 23 or 25 hours; a day of the month past the month's end is clamped
 *   (`overflow: 'constrain'`). Hours and minutes are exact elapsed time. A local time that falls in a DST gap
 *   moves forward by the gap; an ambiguous one takes the earlier instant (`disambiguation: 'compatible'`).
 * - The last bucket ends at the interval's end even when that cuts it short.
 */
import { Temporal } from 'temporal-polyfill';

export interface Duration {
  /** The text as given (normalised to upper case). */
  text: string;
  /** Calendar months. */
  months: number;
  /** Calendar days (weeks × 7 + days). */
  days: number;
  /** Exact milliseconds (hours and minutes). */
  ms: number;
}

/** What the granularity may be, for error messages. */
function granularityHint(stepMinutes: number): string {
  const step = stepMinutes > 1 ? `, whose hours and minutes make a whole multiple of ${stepMinutes} minutes` : '';
  return `Granularity must be an ISO-8601 duration of months, weeks, days, hours and minutes${step}, for example PT15M, PT30M, PT1H, P1D, P1DT12H, P1W or P1M`;
}

/** Thrown by {@link parseDuration}; the message says what is wrong and what is allowed. */
export class DurationError extends Error {
  override name = 'DurationError';
}

const MINUTE_MS = 60_000;
/** Keeps arithmetic far from overflow; larger values could never fit in an allowed interval anyway. */
const MAX_COMPONENT = 1_000_000;

/** Parses an aggregate granularity (see the module notes); throws {@link DurationError} naming the problem. */
export function parseDuration(text: string, stepMinutes = 1): Duration {
  const upper = text.trim().toUpperCase();
  const step = Math.max(1, Math.floor(stepMinutes));
  const hint = granularityHint(step);
  let d: Temporal.Duration;
  try {
    if (/[+-]/.test(upper)) throw new RangeError('signed');
    d = Temporal.Duration.from(upper);
  } catch {
    throw new DurationError(`Invalid granularity [${text}]. ${hint}.`);
  }
  if (d.years !== 0) throw new DurationError(`Invalid granularity [${text}]: years are not supported (use P12M). ${hint}.`);
  if (upper.endsWith('S')) {
    throw new DurationError(`Invalid granularity [${text}]: seconds are not supported, the smallest unit is a minute. ${hint}.`);
  }
  // Temporal reads a fraction of the smallest unit (PT1.5H); the sandbox does not.
  if (/[.,]/.test(upper)) throw new DurationError(`Invalid granularity [${text}]. ${hint}.`);
  if ([d.months, d.weeks, d.days, d.hours, d.minutes].some((n) => n > MAX_COMPONENT)) {
    throw new DurationError(`Invalid granularity [${text}]: a component is too large. ${hint}.`);
  }
  const minutes = d.hours * 60 + d.minutes;
  const duration: Duration = { text: upper, months: d.months, days: d.weeks * 7 + d.days, ms: minutes * MINUTE_MS };
  if (duration.months === 0 && duration.days === 0 && duration.ms === 0) {
    throw new DurationError(`Invalid granularity [${text}]: it must be longer than zero. ${hint}.`);
  }
  if (minutes % step !== 0) {
    throw new DurationError(`Invalid granularity [${text}]: ${minutes} minute${minutes === 1 ? '' : 's'} is not a whole multiple of ${step} minutes. ${hint}.`);
  }
  return duration;
}

/** The canonical name of an IANA time zone, or undefined when it is not one (offsets such as +05:30 are not). */
export function canonicalTimeZone(name: string): string | undefined {
  if (name.trim() === '' || /^[+-]/.test(name.trim())) return undefined;
  try {
    return new Temporal.ZonedDateTime(0n, name).timeZoneId;
  } catch {
    return undefined;
  }
}

/** `start` plus `months` and `days` on `timeZone`'s calendar (wall-clock time kept), plus `ms` elapsed. */
export function addDuration(start: number, months: number, days: number, ms: number, timeZone: string): number {
  if (months === 0 && days === 0) return start + ms;
  const local = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(timeZone);
  // One add: Temporal applies months (constrained to the month's length), then days, then the exact time.
  return local.add({ months, days, milliseconds: ms }, { overflow: 'constrain' }).epochMilliseconds;
}

/**
 * Start instants of the buckets `granularity` cuts `interval` into (bucket i runs to starts[i+1], the last to
 * interval.end). No granularity: one bucket. Stops once it has `max + 1` starts, so callers can detect "too many"
 * without building millions.
 */
export function bucketStarts(
  interval: { start: number; end: number },
  granularity: Duration | undefined,
  timeZone = 'UTC',
  max = Number.POSITIVE_INFINITY,
): number[] {
  const starts = [interval.start];
  if (!granularity) return starts;
  for (let k = 1; starts.length <= max; k++) {
    const t = addDuration(interval.start, granularity.months * k, granularity.days * k, granularity.ms * k, timeZone);
    if (t >= interval.end) break;
    starts.push(t);
  }
  return starts;
}

/** Index of the bucket holding `t` (largest i with starts[i] <= t); -1 before the first. */
export function bucketIndex(starts: readonly number[], t: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] ?? Number.POSITIVE_INFINITY) <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
