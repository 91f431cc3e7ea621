/**
 * The wire response of an aggregates query, from the groups a {@link Collector} filled. Choices where the fact
 * sheets are silent or UNCONFIRMED:
 * - `n*` → {count}; `t*` and other emitted metrics → {max, min, count, sum}; metrics, buckets and groups with no
 *   data are omitted; no group at all → `{}`. With no `groupBy` the single group is `group: {}`.
 * - `oServiceLevel` per bucket and group (genesys-metrics.md §4): numerator = tAnswered.count − nOverSla.count,
 *   denominator = tAnswered.count + tAbandon.count (− tShortAbandon.count when short abandons are excluded; no
 *   abandons at all when abandons are excluded) + tFlowOut.count (when flow-outs are included); omitted when the
 *   denominator is 0; ratio is the exact float. `target` = the mean `serviceLevel.percentage` of the distinct queues
 *   whose SL inputs are in the cell (the queue's own target when the group is one queue); left out when no queue
 *   is known.
 * - `oServiceTarget` → {target}: mean target of the distinct queues among all the cell's emissions.
 * - Views (`rangeBound`): {count} of the target metric's emissions with gte <= value < lt, reported in every cell
 *   where the target metric has data (so 0 is possible) and nowhere else.
 * - `topN`/`bottomN`: groups are ranked by the sort function over the whole interval (groups without the sort
 *   metric rank last, ties by group key) and results come back in rank order.
 * - Groups sort by their group values (code-unit order, in `groupBy` order); buckets by time. Bucket intervals are
 *   formatted in UTC (`…Z`, as in observed Genesys payloads), whatever `timeZone` says.
 */
import type platformClient from 'purecloud-platform-client-v2';
import type { Org } from '../../model.js';
import type { Acc, Cell, Group } from './collect.js';
import type { AggregatesQuery } from './parse.js';
import type { SortFunction } from './vocabulary.js';

type AggregateResponse = platformClient.Models.ConversationAggregateQueryResponse;
type DataContainer = platformClient.Models.ConversationAggregateDataContainer;
type StatisticalResponse = platformClient.Models.StatisticalResponse;
type AggregateMetricData = platformClient.Models.AggregateMetricData;
type AggregateViewData = platformClient.Models.AggregateViewData;
type StatisticalSummary = platformClient.Models.StatisticalSummary;

export interface ServiceLevelOptions {
  /** Count short abandons in the denominator (Genesys "Include Short Abandons"; default true). */
  includeShortAbandons?: boolean;
  /** Count abandons in the denominator (Genesys "Include Abandons"; default true). */
  includeAbandons?: boolean;
  /** Count flow-outs in the denominator (Genesys "Include Flowouts"; default false). */
  includeFlowOuts?: boolean;
}

const iso = (t: number): string => new Date(t).toISOString();

/** Mean SL target of the queues, summed in id order so the float is the same whatever order they were seen in. */
function meanTarget(queueIds: Iterable<string>, org: Org): number | undefined {
  let sum = 0;
  let n = 0;
  for (const id of [...queueIds].sort()) {
    const q = org.queueById.get(id);
    if (!q) continue;
    sum += q.serviceLevel.percentage;
    n++;
  }
  return n === 0 ? undefined : sum / n;
}

function serviceLevel(cell: Cell, org: Org, options: Required<ServiceLevelOptions>): StatisticalSummary | undefined {
  const count = (m: string): number => cell.metrics.get(m)?.count ?? 0;
  const answered = count('tAnswered');
  const numerator = answered - count('nOverSla');
  let denominator = answered;
  if (options.includeAbandons) {
    denominator += count('tAbandon');
    if (!options.includeShortAbandons) denominator -= count('tShortAbandon');
  }
  if (options.includeFlowOuts) denominator += count('tFlowOut');
  if (denominator <= 0) return undefined;
  const stats: StatisticalSummary = { ratio: numerator / denominator, numerator, denominator };
  const target = meanTarget(cell.slQueues, org);
  if (target !== undefined) stats.target = target;
  return stats;
}

function summary(metric: string, a: Acc): StatisticalSummary {
  return metric.startsWith('n') ? { count: a.count } : { max: a.max, min: a.min, count: a.count, sum: a.sum };
}

function sortValue(a: Acc | undefined, fn: SortFunction): number | undefined {
  if (!a || a.count === 0) return undefined;
  switch (fn) {
    case 'count':
      return a.count;
    case 'sum':
      return a.sum;
    case 'max':
      return a.max;
    case 'min':
      return a.min;
    case 'average':
      return a.sum / a.count;
  }
}

function compareValues(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/** The `ConversationAggregateQueryResponse` of the collected groups. */
export function aggregatesResponse(
  q: AggregatesQuery,
  groups: Iterable<Group>,
  org: Org,
  serviceLevelOptions: ServiceLevelOptions = {},
): AggregateResponse {
  const slOptions: Required<ServiceLevelOptions> = {
    includeShortAbandons: serviceLevelOptions.includeShortAbandons ?? true,
    includeAbandons: serviceLevelOptions.includeAbandons ?? true,
    includeFlowOuts: serviceLevelOptions.includeFlowOuts ?? false,
  };
  const { start, end } = q.interval;
  const built: Array<{ values: string[]; totals: Map<string, Acc>; container: DataContainer }> = [];
  for (const group of groups) {
    const data: StatisticalResponse[] = [];
    for (const b of [...group.cells.keys()].sort((x, y) => x - y)) {
      const cell = group.cells.get(b);
      if (!cell) continue;
      const metrics: AggregateMetricData[] = [];
      for (const m of q.metrics) {
        if (m === 'oServiceLevel') {
          const stats = serviceLevel(cell, org, slOptions);
          if (stats) metrics.push({ metric: m, stats });
        } else if (m === 'oServiceTarget') {
          const target = meanTarget(cell.queues, org);
          if (target !== undefined) metrics.push({ metric: m, stats: { target } });
        } else {
          const a = cell.metrics.get(m);
          if (a && a.count > 0) metrics.push({ metric: m, stats: summary(m, a) });
        }
      }
      const views: AggregateViewData[] = [];
      for (const v of q.views) {
        if ((cell.metrics.get(v.target)?.count ?? 0) > 0) views.push({ name: v.name, stats: { count: cell.viewHits.get(v.name) ?? 0 } });
      }
      if (metrics.length === 0 && views.length === 0) continue;
      const bucketStart = q.bucketStarts[b] ?? start;
      const bucketEnd = q.bucketStarts[b + 1] ?? end;
      const entry: StatisticalResponse = { interval: `${iso(bucketStart)}/${iso(bucketEnd)}`, metrics };
      if (views.length > 0) entry.views = views;
      data.push(entry);
    }
    if (data.length === 0) continue;
    const groupObject: Record<string, string> = {};
    q.groupBy.forEach((d, i) => {
      groupObject[d] = group.values[i] ?? '';
    });
    built.push({ values: group.values, totals: group.totals, container: { group: groupObject, data } });
  }

  let ordered: typeof built;
  if (q.queryType === 'groupBy' || !q.sortMetric) {
    ordered = built.sort((a, b) => compareValues(a.values, b.values));
  } else {
    const { name, function: fn } = q.sortMetric;
    const descending = q.queryType === 'topN';
    const ranked = built.map((g) => ({ g, v: sortValue(g.totals.get(name), fn) }));
    ranked.sort((a, b) => {
      if (a.v === undefined || b.v === undefined) {
        if (a.v !== b.v) return a.v === undefined ? 1 : -1;
      } else if (a.v !== b.v) {
        return descending ? b.v - a.v : a.v - b.v;
      }
      return compareValues(a.g.values, b.g.values);
    });
    ordered = ranked.slice(0, q.limit ?? ranked.length).map((r) => r.g);
  }
  if (ordered.length === 0) return {};
  return { results: ordered.map((g) => g.container) };
}
