/**
 * Merging the answers of several conversation-aggregates queries over consecutive chunks of one interval into
 * the answer one query over the whole interval would have given.
 *
 * - Groups match when their `group` objects are deep-equal (key order does not matter). They come out in the
 *   order they were first seen (parts in the order given); a missing `results` (Genesys answers `{}` when
 *   nothing matched) is an empty part. No group at all → `{}`, as Genesys answers.
 * - With a granularity, each group's buckets are concatenated in time order (by the start of their `interval`);
 *   buckets with the same interval (start and end instants, however written) are merged into one, whose interval
 *   is written `….000Z/….000Z`.
 * - Without one, every part holds at most one bucket per group: they merge into ONE bucket whose `interval` is
 *   the whole interval.
 * - Metrics (and views) inside a bucket are matched by name (and qualifier) and merged with {@link mergeStats},
 *   earlier buckets first, keeping first-seen order.
 */
import type platformClient from 'purecloud-platform-client-v2';

type AggregateResponse = platformClient.Models.ConversationAggregateQueryResponse;
type DataContainer = platformClient.Models.ConversationAggregateDataContainer;
type StatisticalResponse = platformClient.Models.StatisticalResponse;
type AggregateMetricData = platformClient.Models.AggregateMetricData;
type AggregateViewData = platformClient.Models.AggregateViewData;
type StatisticalSummary = platformClient.Models.StatisticalSummary;

export interface MergeAggregateOptions {
  /** The whole interval (ISO `start/end`): the interval of the merged bucket when there is no granularity. */
  interval: string;
  /** The query's granularity; when absent each group ends up with a single bucket. */
  granularity?: string;
}

const add = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : a + b);
const pick = (a: number | undefined, b: number | undefined, f: (x: number, y: number) => number): number | undefined =>
  a === undefined ? b : b === undefined ? a : f(a, b);

/**
 * The summary of two disjoint stretches of time, `a` before `b`:
 * - `count`, `sum`, `countNegative`, `countPositive`, `numerator`, `denominator` add;
 * - `max` is the larger, `min` the smaller;
 * - `ratio` = merged numerator / merged denominator when both sides carry them and the denominator is not 0
 *   (a ratio alone cannot be weighted, so two bare ratios are dropped; a ratio on one side only is kept);
 * - `current` and `target` take the later value (`b`'s when it has one);
 * - `p95`, `p99` and `calculatedMetricValue` are dropped: percentiles of two halves do not give the percentile
 *   of the whole, and the calculated value's formula is not known here.
 * A field absent on both sides stays absent.
 */
export function mergeStats(a: StatisticalSummary | undefined, b: StatisticalSummary | undefined): StatisticalSummary {
  if (!a) return { ...(b ?? {}) };
  if (!b) return { ...a };
  const out: StatisticalSummary = {};
  const set = (key: keyof StatisticalSummary, v: number | undefined): void => {
    if (v !== undefined) out[key] = v;
  };
  set('max', pick(a.max, b.max, Math.max));
  set('min', pick(a.min, b.min, Math.min));
  set('count', add(a.count, b.count));
  set('countNegative', add(a.countNegative, b.countNegative));
  set('countPositive', add(a.countPositive, b.countPositive));
  set('sum', add(a.sum, b.sum));
  set('current', b.current ?? a.current);
  const hasRatioData = (s: StatisticalSummary): boolean => s.numerator !== undefined || s.denominator !== undefined || s.ratio !== undefined;
  if (hasRatioData(a) && hasRatioData(b)) {
    const numerator = add(a.numerator, b.numerator);
    const denominator = add(a.denominator, b.denominator);
    set('numerator', numerator);
    set('denominator', denominator);
    const complete = a.numerator !== undefined && b.numerator !== undefined && a.denominator !== undefined && b.denominator !== undefined;
    if (complete && denominator !== undefined && numerator !== undefined && denominator !== 0) out.ratio = numerator / denominator;
  } else {
    const only = hasRatioData(a) ? a : b;
    set('numerator', only.numerator);
    set('denominator', only.denominator);
    set('ratio', only.ratio);
  }
  set('target', b.target ?? a.target);
  return out;
}

/** A JSON text that is the same for deep-equal values, whatever the key order. */
function stableKey(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map(stableKey).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableKey(o[k])}`)
    .join(',')}}`;
}

function intervalBounds(interval: string | undefined): [number, number] {
  const [a, b] = (interval ?? '').split('/');
  return [Date.parse(a ?? ''), Date.parse(b ?? '')];
}

/** Named entries (metrics by metric+qualifier, views by name) merged with mergeStats, first-seen order. */
function mergeNamed<T extends { stats?: StatisticalSummary }>(lists: Array<T[] | undefined>, keyOf: (x: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const list of lists) {
    for (const item of list ?? []) {
      const key = keyOf(item);
      const seen = byKey.get(key);
      byKey.set(key, seen ? { ...seen, stats: mergeStats(seen.stats, item.stats) } : { ...item, ...(item.stats ? { stats: { ...item.stats } } : {}) });
    }
  }
  return [...byKey.values()];
}

const metricKey = (m: AggregateMetricData): string => `${m.metric ?? ''}\u0000${m.qualifier ?? ''}`;
const viewKey = (v: AggregateViewData): string => v.name ?? '';

/** Buckets merged into one with the given interval (metrics and views merged in the buckets' order). */
function mergeBuckets(buckets: StatisticalResponse[], interval: string | undefined): StatisticalResponse {
  const out: StatisticalResponse = {};
  if (interval !== undefined) out.interval = interval;
  const metrics = mergeNamed(buckets.map((b) => b.metrics), metricKey);
  if (buckets.some((b) => b.metrics)) out.metrics = metrics;
  const views = mergeNamed(buckets.map((b) => b.views), viewKey);
  if (buckets.some((b) => b.views)) out.views = views;
  return out;
}

/** `start/end` rewritten as `….000Z/….000Z` when it parses; as given otherwise. */
function canonicalInterval(interval: string | undefined): string | undefined {
  const [s, e] = intervalBounds(interval);
  return Number.isFinite(s) && Number.isFinite(e) ? `${new Date(s).toISOString()}/${new Date(e).toISOString()}` : interval;
}

/** Same start and end instants, however they are written; unparseable intervals by their text. */
function bucketKey(b: StatisticalResponse): string {
  const [s, e] = intervalBounds(b.interval);
  return Number.isFinite(s) && Number.isFinite(e) ? `${s}/${e}` : `?${b.interval ?? ''}`;
}

/** Sorts by interval start (unparseable intervals last), keeping the given order among equals. */
function byTime(buckets: StatisticalResponse[]): StatisticalResponse[] {
  return buckets
    .map((b, i) => ({ b, i, start: intervalBounds(b.interval)[0] }))
    .sort((x, y) => {
      const sx = Number.isFinite(x.start) ? x.start : Number.POSITIVE_INFINITY;
      const sy = Number.isFinite(y.start) ? y.start : Number.POSITIVE_INFINITY;
      return sx === sy ? x.i - y.i : sx < sy ? -1 : 1;
    })
    .map((x) => x.b);
}

/**
 * One response as if `opts.interval` had been queried once: see the module notes. The parts are not changed.
 */
export function mergeAggregateResponses(parts: readonly AggregateResponse[], opts: MergeAggregateOptions): AggregateResponse {
  const groups = new Map<string, { group: DataContainer['group']; buckets: StatisticalResponse[] }>();
  for (const part of parts) {
    for (const r of part?.results ?? []) {
      const key = stableKey(r.group ?? {});
      let g = groups.get(key);
      if (!g) {
        g = { group: r.group ? { ...r.group } : undefined, buckets: [] };
        groups.set(key, g);
      }
      g.buckets.push(...(r.data ?? []));
    }
  }
  if (groups.size === 0) return {};
  const results: DataContainer[] = [];
  for (const { group, buckets } of groups.values()) {
    const sorted = byTime(buckets);
    let data: StatisticalResponse[];
    if (opts.granularity) {
      const byInterval = new Map<string, StatisticalResponse[]>();
      for (const b of sorted) {
        const key = bucketKey(b);
        const same = byInterval.get(key);
        if (same) same.push(b);
        else byInterval.set(key, [b]);
      }
      data = [...byInterval.values()].map((list) => mergeBuckets(list, list.length > 1 ? canonicalInterval(list[0]?.interval) : list[0]?.interval));
    } else {
      data = sorted.length === 0 ? [] : [mergeBuckets(sorted, opts.interval)];
    }
    results.push({ ...(group !== undefined ? { group } : {}), data });
  }
  return { results };
}
