/**
 * Aggregate granularity: ISO-8601 durations and the time buckets they cut an interval into.
 *
 * Choices (the fact sheet gives only the examples "P1D or P1DT12H" and "default = whole interval"):
 * - Accepted units: months (M), weeks (W), days (D), hours (H), minutes (M after T), combinable in ISO order
 *   (`P1M2W3DT4H5M`, like Java's `Period`). Years (use `P12M`), seconds, fractions, signs and zero are rejected.
 * - Buckets start at the interval's start instant. Bucket k starts at `start + k × granularity`, computed from the
 *   start each time (not by repeated addition), so `P1M` from Jan 31 gives Feb 29/28, Mar 31, Apr 30 … without drift.
 * - Months, weeks and days are calendar units in `timeZone` (default UTC): the local wall-clock time of the start is
 *   kept, so on a DST day a `P1D` bucket lasts 23 or 25 hours. Hours and minutes are exact elapsed time.
 *   A local time that falls in a DST gap moves forward by the gap; an ambiguous one takes the earlier instant
 *   (java.time's rules).
 * - The last bucket ends at the interval's end even when that cuts it short.
 */

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

export const GRANULARITY_HINT =
  'Granularity must be an ISO-8601 duration of months, weeks, days, hours and minutes, for example PT15M, PT30M, PT1H, P1D, P1DT12H, P1W or P1M';

/** Thrown by {@link parseDuration}; the message says what is wrong and what is allowed. */
export class DurationError extends Error {
  override name = 'DurationError';
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Keeps arithmetic far from overflow; larger values could never fit in an allowed interval anyway. */
const MAX_COMPONENT = 1_000_000;

/** Parses an aggregate granularity; throws {@link DurationError} naming the problem. */
export function parseDuration(text: string): Duration {
  const upper = text.trim().toUpperCase();
  const m = DURATION.exec(upper);
  if (!m || upper === 'P' || upper.endsWith('T')) {
    throw new DurationError(`Invalid granularity [${text}]. ${GRANULARITY_HINT}.`);
  }
  const [, years, months = '0', weeks = '0', days = '0', hours = '0', minutes = '0', seconds] = m;
  if (years !== undefined) {
    throw new DurationError(`Invalid granularity [${text}]: years are not supported (use P12M). ${GRANULARITY_HINT}.`);
  }
  if (seconds !== undefined) {
    throw new DurationError(`Invalid granularity [${text}]: seconds are not supported, the smallest unit is a minute. ${GRANULARITY_HINT}.`);
  }
  const parts = [months, weeks, days, hours, minutes].map(Number);
  if (parts.some((n) => n > MAX_COMPONENT)) {
    throw new DurationError(`Invalid granularity [${text}]: a component is too large. ${GRANULARITY_HINT}.`);
  }
  const [mo = 0, w = 0, d = 0, h = 0, mi = 0] = parts;
  const duration: Duration = { text: upper, months: mo, days: w * 7 + d, ms: h * HOUR_MS + mi * MINUTE_MS };
  if (duration.months === 0 && duration.days === 0 && duration.ms === 0) {
    throw new DurationError(`Invalid granularity [${text}]: it must be longer than zero. ${GRANULARITY_HINT}.`);
  }
  return duration;
}

// ---------------------------------------------------------------------------------------------------------------
// Time zones (IANA, through Intl)

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The canonical name of an IANA time zone, or undefined when Intl does not know it. */
export function canonicalTimeZone(name: string): string | undefined {
  if (name.trim() === '') return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const isUtc = (tz: string): boolean => tz === 'UTC' || tz === 'Etc/UTC' || tz === 'Etc/GMT' || tz === 'GMT';

/** Offset of `timeZone` from UTC at instant `t`, ms (local = t + offset). */
export function zoneOffsetMs(timeZone: string, t: number): number {
  if (isUtc(timeZone)) return 0;
  const fields: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) fields[p.type] = p.value;
  let year = Number(fields.year);
  if (fields.era === 'BC' || fields.era === 'B') year = 1 - year;
  const local = Date.UTC(year, Number(fields.month) - 1, Number(fields.day), Number(fields.hour), Number(fields.minute), Number(fields.second));
  const wholeSecond = t - (((t % 1000) + 1000) % 1000);
  return local - wholeSecond;
}

/** The instant at which `timeZone` reads the wall-clock time `local` (ms as if UTC); see the module notes. */
export function localToInstant(timeZone: string, local: number): number {
  if (isUtc(timeZone)) return local;
  const before = zoneOffsetMs(timeZone, local - DAY_MS);
  const after = zoneOffsetMs(timeZone, local + DAY_MS);
  const a = local - before;
  const b = local - after;
  const aOk = zoneOffsetMs(timeZone, a) === before;
  const bOk = zoneOffsetMs(timeZone, b) === after;
  if (aOk && bOk) return Math.min(a, b); // overlap (or no transition): the earlier instant
  if (aOk) return a;
  if (bOk) return b;
  return a; // gap: shifted forward by the gap length
}

/** `start` plus `months` and `days` on `timeZone`'s calendar (wall-clock time kept), plus `ms` elapsed. */
export function addDuration(start: number, months: number, days: number, ms: number, timeZone: string): number {
  if (months === 0 && days === 0) return start + ms;
  const local = start + zoneOffsetMs(timeZone, start);
  const d = new Date(local);
  const timeOfDay = local - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const monthIndex = d.getUTCMonth() + months;
  const targetYear = d.getUTCFullYear() + Math.floor(monthIndex / 12);
  const targetMonth = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  const targetLocal = Date.UTC(targetYear, targetMonth, day + days) + timeOfDay;
  return localToInstant(timeZone, targetLocal) + ms;
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
    const prev = starts[starts.length - 1] ?? interval.start;
    if (t <= prev) continue; // cannot happen for positive durations; guards against a zone-data oddity
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
