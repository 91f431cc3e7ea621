/**
 * Granularity for `cxgraph metrics`: parsing the ISO-8601 duration up front (so a typo is a usage error, not
 * a 400 from Genesys), and the bucket edges an aggregates query cuts a range into, so that every group's
 * buckets can be listed densely (Genesys leaves out buckets without data).
 *
 * Buckets follow Genesys's (and the sandbox's) rule: bucket k starts at `start + k × granularity`, computed
 * from the start each time; months, weeks and days are calendar units in the query's time zone (the start's
 * local wall-clock time is kept, so a `P1D` bucket on a DST day lasts 23 or 25 hours), hours and minutes are
 * elapsed time; the last bucket ends at the range's end.
 */

export interface Granularity {
  /** Upper-cased ISO text, as sent to Genesys. */
  text: string;
  months: number;
  /** Weeks × 7 + days. */
  days: number;
  /** Hours and minutes, ms. */
  ms: number;
}

/** The most buckets one run lists (Genesys caps one query's buckets; very fine buckets over long ranges are rarely meant). */
export const MAX_BUCKETS = 5_000;

export const GRANULARITY_EXAMPLES = 'PT15M, PT30M, PT1H, P1D, P1W or P1M';

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Parses a granularity; the thrown Error's message says what is wrong and what is allowed. */
export function parseGranularity(value: string): Granularity {
  const text = value.trim().toUpperCase();
  const m = DURATION.exec(text);
  const allowed = `an ISO-8601 duration of months, weeks, days, hours or minutes, for example ${GRANULARITY_EXAMPLES}`;
  if (!m || text === 'P' || text.endsWith('T')) throw new Error(`"${value}" is not ${allowed}.`);
  const [, y, mo = '0', w = '0', d = '0', h = '0', mi = '0', s] = m;
  if (y !== undefined) throw new Error(`"${value}": years are not supported (use P12M); expected ${allowed}.`);
  if (s !== undefined) throw new Error(`"${value}": seconds are not supported, the smallest unit is a minute (PT1M).`);
  const g: Granularity = { text, months: Number(mo), days: Number(w) * 7 + Number(d), ms: Number(h) * 3_600_000 + Number(mi) * 60_000 };
  if (![g.months, g.days, g.ms].every((n) => Number.isSafeInteger(n) && n <= 1e9)) throw new Error(`"${value}" is too large.`);
  if (g.months === 0 && g.days === 0 && g.ms === 0) throw new Error(`"${value}" must be longer than zero; expected ${allowed}.`);
  return g;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at instant t (local wall clock = t + offset), ms. */
function offsetMs(timeZone: string, t: number): number {
  if (timeZone === 'UTC') return 0;
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    partsFormatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(t))) p[part.type] = Number(part.value);
  const local = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return local - (t - (((t % 1000) + 1000) % 1000));
}

/** The instant at which the zone's wall clock reads `local`: the earlier one in an overlap, moved past a gap. */
function toInstant(timeZone: string, local: number): number {
  if (timeZone === 'UTC') return local;
  const before = offsetMs(timeZone, local - 86_400_000);
  const after = offsetMs(timeZone, local + 86_400_000);
  const a = local - before;
  const b = local - after;
  const aOk = offsetMs(timeZone, a) === before;
  const bOk = offsetMs(timeZone, b) === after;
  if (aOk && bOk) return Math.min(a, b);
  if (bOk && !aOk) return b;
  return a;
}

/**
 * Start instants of the buckets of [start, end); stops (returning what it has) past `max` buckets so a
 * caller can tell "too many" without listing them all.
 */
export function bucketStarts(start: number, end: number, g: Granularity, timeZone: string, max = MAX_BUCKETS): number[] {
  const starts: number[] = [];
  const calendar = g.months > 0 || g.days > 0;
  const wall = start + offsetMs(timeZone, start);
  const w = new Date(wall);
  for (let k = 0; starts.length <= max; k++) {
    let t: number;
    if (!calendar) t = start + k * g.ms;
    else {
      // Months clamp to the month's length (Jan 31 + 1 month = Feb 28/29), as java.time does.
      const targetMonth = w.getUTCMonth() + k * g.months;
      const y = w.getUTCFullYear() + Math.floor(targetMonth / 12);
      const mo = ((targetMonth % 12) + 12) % 12;
      const day = Math.min(w.getUTCDate(), new Date(Date.UTC(y, mo + 1, 0)).getUTCDate());
      const local = Date.UTC(y, mo, day + k * g.days, w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds(), w.getUTCMilliseconds()) + k * g.ms;
      t = toInstant(timeZone, local);
    }
    if (t >= end) break;
    starts.push(t);
  }
  return starts;
}

/** `start/end` intervals (ISO, UTC, as Genesys writes them) of the buckets of [start, end). */
export function bucketIntervals(start: number, end: number, g: Granularity, timeZone: string): string[] {
  const starts = bucketStarts(start, end, g, timeZone);
  return starts.map((s, i) => `${new Date(s).toISOString()}/${new Date(starts[i + 1] ?? end).toISOString()}`);
}
