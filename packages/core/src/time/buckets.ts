/**
 * Bucket edges of a range for a granularity, computed the way Genesys (and the sandbox) cut an aggregates
 * interval: bucket k starts at `start + k × granularity`, each computed from the start (no drift); months,
 * weeks and days on the calendar of the range's time zone, hours and minutes as elapsed time; the last bucket
 * ends at the range's end.
 *
 * Calendar arithmetic is Temporal's `ZonedDateTime.add`: the start's local wall-clock time is kept (so a `P1D`
 * bucket on a DST day lasts 23 or 25 hours), `overflow: 'constrain'` clamps the day (Jan 31 + 1 month = Feb 29
 * or 28), and `disambiguation: 'compatible'` (ZonedDateTime's only behaviour when adding) moves a wall-clock
 * time in a DST gap forward by the gap and takes the earlier of two in an overlap.
 */
import { InvalidQueryError } from '../errors.js';
import { checkGranularity, DEFAULT_GRANULARITY_RULE, type Granularity, type GranularityRule } from './granularity.js';
import { isoInterval, type ResolvedRange } from './range.js';
import { zoned } from './zone.js';

export interface Bucket {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  /** `start/end`, ISO-8601 in UTC, as Genesys writes a bucket's interval. */
  interval: string;
}

type Span = Pick<ResolvedRange, 'start' | 'end' | 'timeZone'>;

/** The k-th bucket edge from `start`: `start + k × g` in `timeZone`. */
export function bucketEdge(start: number, g: Granularity, k: number, timeZone: string): number {
  if (g.months === 0 && g.days === 0) return start + k * g.ms;
  return zoned(start, timeZone).add({ months: k * g.months, days: k * g.days, milliseconds: k * g.ms }, { overflow: 'constrain' }).epochMilliseconds;
}

/** Start instants of the buckets of `[start, end)`, at most `max` + 1 (so a caller can tell "too many" without listing them all). */
export function bucketStarts(range: Span, g: Granularity, max = Number.POSITIVE_INFINITY): number[] {
  const starts: number[] = [];
  for (let k = 0; starts.length <= max; k++) {
    const t = bucketEdge(range.start, g, k, range.timeZone);
    if (t >= range.end) break;
    starts.push(t);
  }
  return starts;
}

/**
 * Every bucket of a range, in order: what a dense answer lists (empty buckets included). Rejected with an
 * {@link InvalidQueryError} (before any upstream call): a granularity the rule does not allow, or more than
 * `rule.maxBuckets` buckets. An empty range has no buckets. A granularity longer than the range is one bucket,
 * cut at the range's end ("today" by P1D is today so far), as Genesys cuts its last bucket.
 */
export function rangeBuckets(range: Span & Partial<Pick<ResolvedRange, 'label'>>, g: Granularity, rule: GranularityRule = DEFAULT_GRANULARITY_RULE): Bucket[] {
  checkGranularity(g, rule);
  if (range.end <= range.start) return [];
  const what = range.label ?? isoInterval(range.start, range.end);
  const starts = bucketStarts(range, g, rule.maxBuckets);
  if (starts.length > rule.maxBuckets) {
    throw new InvalidQueryError(`Granularity ${g.text} cuts ${what} into more than ${rule.maxBuckets} buckets, the most one query may have.`, 'granularity', {
      hint: `Use a coarser granularity or a shorter range, for example P1D over 30 days (30 buckets) instead of PT1M.`,
    });
  }
  return starts.map((start, i) => {
    const end = starts[i + 1] ?? range.end;
    return { start, end, interval: isoInterval(start, end) };
  });
}
