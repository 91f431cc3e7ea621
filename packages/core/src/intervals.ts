/**
 * Interval arithmetic for queries that must be cut into several: ISO-8601 durations, `[start, end)` chunks no
 * longer than what one query may cover, and chunk boundaries that never cut a granularity bucket in two.
 *
 * Aggregate buckets start at the query interval's start and follow each other by the granularity (months,
 * weeks and days on the calendar of the query's `timeZone`, hours and minutes as elapsed time: the Genesys
 * model says only "default = whole interval"; this is what the sandbox does). A chunk boundary is therefore safe
 * only where a bucket boundary of the WHOLE interval falls, i.e. at `start + k × granularity`.
 *
 * - {@link splitInterval}: fixed-length granularities (elapsed ms), boundaries at `start + k × granularityMs`.
 * - {@link splitByCalendarMonths}: `P1M`, boundaries at `start + k months` (wall-clock time kept, day clamped to
 *   the month's length). When `start` is a local 1st at midnight (this month, last month…) these are calendar
 *   months.
 * - {@link splitForGranularity}: any granularity, calendar-aware in `timeZone` (a `P1D` bucket on a DST day lasts
 *   23 or 25 h, which {@link durationMs}'s fixed 24 h cannot know). Prefer it when the zone is not UTC.
 *
 * Every function takes and returns epoch milliseconds; chunks are `[start, end)` tuples.
 */
import { ConfigError, InvalidQueryError } from './errors.js';
import { localToInstant, resolveTimeZone, zoneOffsetMs } from './time-range.js';

export type Chunk = [start: number, end: number];

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const GRANULARITY_HINT = 'Use an ISO-8601 duration such as PT15M, PT30M, PT1H, P1D, P1DT12H, P1W or P1M.';

/** `2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z` */
export function formatInterval(start: number | Date, end: number | Date): string {
  return `${new Date(start).toISOString()}/${new Date(end).toISOString()}`;
}

// ---------------------------------------------------------------------------------------------------------
// Durations

export interface IsoDuration {
  /** Calendar months (years × 12 + months). */
  months: number;
  /** Calendar days (weeks × 7 + days). */
  days: number;
  /** Elapsed milliseconds (hours, minutes, seconds). */
  ms: number;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Parses `PnYnMnWnDTnHnMnS` (any subset, in that order; seconds may have a fraction). Zero, signs and junk → {@link InvalidQueryError}. */
export function parseIsoDuration(text: string, field = 'granularity'): IsoDuration {
  const upper = text.trim().toUpperCase();
  const m = DURATION.exec(upper);
  if (!m || upper === 'P' || upper.endsWith('T')) {
    throw new InvalidQueryError(`Invalid duration "${text}": not an ISO-8601 duration.`, field, { hint: GRANULARITY_HINT });
  }
  const [, y = '0', mo = '0', w = '0', d = '0', h = '0', mi = '0', s = '0'] = m;
  const duration: IsoDuration = {
    months: Number(y) * 12 + Number(mo),
    days: Number(w) * 7 + Number(d),
    ms: Number(h) * HOUR_MS + Number(mi) * MINUTE_MS + Math.round(Number(s.replace(',', '.')) * SECOND_MS),
  };
  if (!Object.values(duration).every(Number.isSafeInteger)) {
    throw new InvalidQueryError(`Invalid duration "${text}": too large.`, field, { hint: GRANULARITY_HINT });
  }
  if (duration.months === 0 && duration.days === 0 && duration.ms === 0) {
    throw new InvalidQueryError(`Invalid duration "${text}": it must be longer than zero.`, field, { hint: GRANULARITY_HINT });
  }
  return duration;
}

/**
 * Milliseconds of a fixed-length ISO-8601 duration (`PT15M`, `PT1H`, `P1D` = 24 h, `P1W` = 7 × 24 h, `P1DT12H`);
 * `undefined` for durations with months or years (`P1M`), whose length depends on the calendar: split those
 * with {@link splitByCalendarMonths}. Anything that is not a positive ISO-8601 duration → {@link InvalidQueryError}.
 */
export function durationMs(iso: string): number | undefined {
  const d = parseIsoDuration(iso);
  return d.months > 0 ? undefined : d.days * DAY_MS + d.ms;
}

/** `start` plus `months` and `days` on `timeZone`'s calendar (local wall-clock time kept, day clamped), plus `ms` elapsed. */
export function addDuration(start: number, d: IsoDuration, timeZone = 'UTC'): number {
  if (d.months === 0 && d.days === 0) return start + d.ms;
  const local = start + zoneOffsetMs(timeZone, start);
  const t = new Date(local);
  const timeOfDay = local - Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
  const monthIndex = t.getUTCMonth() + d.months;
  const year = t.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const targetLocal = Date.UTC(year, month, Math.min(t.getUTCDate(), lastDay) + d.days) + timeOfDay;
  return localToInstant(timeZone, targetLocal) + d.ms;
}

// ---------------------------------------------------------------------------------------------------------
// Splitting

function checkRange(start: number, end: number): void {
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) {
    throw new InvalidQueryError(`Invalid interval ${String(start)}..${String(end)}: expected two instants, the end not before the start.`, 'interval', {
      hint: 'For example 2024-05-01T00:00:00Z/2024-05-08T00:00:00Z.',
    });
  }
}

function checkMax(maxMs: number): void {
  if (!Number.isFinite(maxMs) || maxMs <= 0) {
    throw new ConfigError(`Invalid longest query interval ${String(maxMs)} ms: it must be a positive number.`, undefined, 'Set the maximum interval (days) to a positive number, e.g. 31.');
  }
}

const tooCoarse = (granularity: string, maxMs: number): InvalidQueryError =>
  new InvalidQueryError(`Granularity ${granularity} is longer than one query may cover (${+(maxMs / DAY_MS).toFixed(3)} days).`, 'granularity', {
    hint: 'Use a finer granularity, or no granularity for one total over the whole interval.',
  });

/**
 * Consecutive `[start, end)` chunks covering `[start, end)`, each at most `maxMs` long. With
 * `alignTo.granularityMs` every boundary falls on `start + k × granularityMs` (each chunk holds whole buckets;
 * only the last may end early, at `end`). `start === end` → `[]`.
 */
export function splitInterval(start: number, end: number, maxMs: number, alignTo: { granularityMs?: number } = {}): Chunk[] {
  checkRange(start, end);
  checkMax(maxMs);
  let step = maxMs;
  const g = alignTo.granularityMs;
  if (g !== undefined) {
    if (!Number.isFinite(g) || g <= 0) throw new InvalidQueryError(`Invalid granularity ${String(g)} ms: it must be positive.`, 'granularity', { hint: GRANULARITY_HINT });
    if (g > maxMs) throw tooCoarse(`${g} ms`, maxMs);
    step = Math.floor(maxMs / g) * g;
  }
  const out: Chunk[] = [];
  for (let k = 0; start + k * step < end; k++) out.push([start + k * step, Math.min(end, start + (k + 1) * step)]);
  return out;
}

/**
 * One chunk per month from `start`: boundaries at `start + k months` in `timeZone` (local wall-clock time kept;
 * Jan 31 → Feb 29/28 → Mar 31, each computed from `start`, without drift); the last chunk ends at `end`. Every
 * chunk is at most 31 days. For `P1M` granularity, since its buckets follow exactly these boundaries.
 */
export function splitByCalendarMonths(start: number, end: number, timeZone = 'UTC'): Chunk[] {
  checkRange(start, end);
  const tz = resolveTimeZone(timeZone);
  return boundariesToChunks(start, end, (k) => addDuration(start, { months: k, days: 0, ms: 0 }, tz), 32 * DAY_MS, 'P1M');
}

/**
 * Chunks of at most `maxMs` whose boundaries are bucket boundaries of `granularity` over the whole interval,
 * calendar-aware in `timeZone` (months, weeks and days keep the local wall-clock time across DST). Each chunk
 * holds as many whole buckets as fit. A single bucket longer than `maxMs` → {@link InvalidQueryError}.
 */
export function splitForGranularity(start: number, end: number, maxMs: number, granularity: string, timeZone = 'UTC'): Chunk[] {
  checkRange(start, end);
  checkMax(maxMs);
  const d = parseIsoDuration(granularity);
  const tz = resolveTimeZone(timeZone);
  if (d.months === 0 && d.days === 0) return splitInterval(start, end, maxMs, { granularityMs: d.ms });
  const boundary = (k: number): number => addDuration(start, { months: d.months * k, days: d.days * k, ms: d.ms * k }, tz);
  return boundariesToChunks(start, end, boundary, maxMs, granularity);
}

/** Greedy packing of the buckets `[boundary(k), boundary(k+1))` into chunks of at most `maxMs`. */
function boundariesToChunks(start: number, end: number, boundary: (k: number) => number, maxMs: number, granularity: string): Chunk[] {
  const out: Chunk[] = [];
  let from = start;
  let k = 1;
  while (from < end) {
    let to = from;
    for (;;) {
      const b = Math.min(boundary(k), end);
      if (b <= to) {
        k++; // cannot happen for a positive duration; guards against a zone-data oddity
        continue;
      }
      if (b - from > maxMs) break;
      to = b;
      if (b >= end) break;
      k++;
    }
    if (to === from) throw tooCoarse(granularity, maxMs);
    out.push([from, to]);
    from = to;
  }
  return out;
}
