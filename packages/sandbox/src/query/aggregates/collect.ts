/**
 * The accumulators both aggregates engines fill: per group (the groupBy values) and bucket, count/sum/min/max of
 * each metric, the queues seen (oServiceTarget, oServiceLevel's target) and the view hits. The raw scan adds one
 * emission at a time, the cube engine one pre-aggregated cell at a time; both go through {@link Collector.add}, so
 * the two can only differ in which rows they feed, which the oracle test checks.
 */
import type { DetailMetricName, Emission } from '../../model.js';
import { matchesFilter } from '../predicates.js';
import type { AggregatesQuery } from './parse.js';

export interface Acc {
  count: number;
  sum: number;
  min: number;
  max: number;
}

export interface Cell {
  metrics: Map<string, Acc>;
  /** Queues of every emission in the cell (oServiceTarget). */
  queues: Set<string>;
  /** Queues of the service-level inputs in the cell (oServiceLevel's target). */
  slQueues: Set<string>;
  viewHits: Map<string, number>;
}

export interface Group {
  values: string[];
  /** By bucket index. */
  cells: Map<number, Cell>;
  /** Over the whole interval (topN/bottomN ranking). */
  totals: Map<string, Acc>;
}

/** The dimensions an emission carries (conversationId and sessionId are left out of the cubes). */
export type EmissionDimensions = Omit<Emission, 'metric' | 'value' | 'emit' | 'conversationId' | 'sessionId'> &
  Partial<Pick<Emission, 'conversationId' | 'sessionId'>>;

/** The value of a dimension; undefined for dimensions the sandbox does not carry. */
function emissionDimension(e: EmissionDimensions, dimension: string): string | undefined {
  switch (dimension) {
    case 'mediaType':
      return e.mediaType;
    case 'direction':
      return e.direction;
    case 'originatingDirection':
      return e.originatingDirection;
    case 'userId':
      return e.userId;
    case 'queueId':
      return e.queueId;
    case 'wrapUpCode':
      return e.wrapUpCode;
    case 'purpose':
      return e.purpose;
    case 'divisionId':
      return e.divisionId;
    case 'conversationId':
      return e.conversationId;
    case 'sessionId':
      return e.sessionId;
    default:
      return undefined;
  }
}

/** The emissions behind oServiceLevel (see respond.ts). */
const SERVICE_LEVEL_INPUTS: readonly DetailMetricName[] = ['tAnswered', 'nOverSla', 'tAbandon', 'tShortAbandon', 'tFlowOut'];
const SL_INPUTS: ReadonlySet<string> = new Set(SERVICE_LEVEL_INPUTS);

export class Collector {
  readonly groups = new Map<string, Group>();
  /** Metrics whose values are accumulated (asked for, behind oServiceLevel, a view or the sort). */
  readonly needed: ReadonlySet<string>;
  /** oServiceTarget reads the queues of every emission, whatever its metric. */
  readonly wantsEveryMetric: boolean;

  constructor(private readonly q: AggregatesQuery) {
    const needed = new Set<string>(q.metrics);
    if (q.metrics.includes('oServiceLevel')) for (const m of SERVICE_LEVEL_INPUTS) needed.add(m);
    for (const v of q.views) needed.add(v.target);
    if (q.sortMetric) needed.add(q.sortMetric.name);
    this.needed = needed;
    this.wantsEveryMetric = q.metrics.includes('oServiceTarget');
  }

  /** Whether rows of `metric` matter to the query at all. */
  wants(metric: string): boolean {
    return this.wantsEveryMetric || this.needed.has(metric);
  }

  /**
   * The group of an item with these dimensions, or undefined when the filter drops it or it lacks a groupBy
   * dimension (an emission lacking one is left out of that grouping).
   */
  groupOf(item: EmissionDimensions): Group | undefined {
    const q = this.q;
    if (q.filter && !matchesFilter(q.filter, (d) => emissionDimension(item, d))) return undefined;
    const values: string[] = [];
    for (const d of q.groupBy) {
      const v = emissionDimension(item, d);
      if (v === undefined) return undefined;
      values.push(v);
    }
    // NUL cannot occur in a dimension value: a cheap, unambiguous key.
    const key = values.join('\u0000');
    let group = this.groups.get(key);
    if (!group) {
      group = { values, cells: new Map(), totals: new Map() };
      this.groups.set(key, group);
    }
    return group;
  }

  /**
   * Adds `count` rows of `metric` (their sum, min and max, and their values `values[from..to)` for the views) to
   * bucket `bucket` of `group`.
   */
  add(
    group: Group,
    bucket: number,
    metric: string,
    queueId: string | undefined,
    acc: Acc,
    values: ArrayLike<number>,
    from: number,
    to: number,
  ): void {
    let cell = group.cells.get(bucket);
    if (!cell) {
      cell = { metrics: new Map(), queues: new Set(), slQueues: new Set(), viewHits: new Map() };
      group.cells.set(bucket, cell);
    }
    if (queueId !== undefined) cell.queues.add(queueId);
    if (!this.needed.has(metric)) return;
    merge(cell.metrics, metric, acc);
    merge(group.totals, metric, acc);
    if (queueId !== undefined && SL_INPUTS.has(metric)) cell.slQueues.add(queueId);
    for (const v of this.q.views) {
      if (v.target !== metric) continue;
      let hits = 0;
      for (let i = from; i < to; i++) {
        const x = values[i]!;
        if ((v.range.gte === undefined || x >= v.range.gte) && (v.range.lt === undefined || x < v.range.lt)) hits++;
      }
      if (hits > 0) cell.viewHits.set(v.name, (cell.viewHits.get(v.name) ?? 0) + hits);
    }
  }
}

function merge(map: Map<string, Acc>, metric: string, x: Acc): void {
  const a = map.get(metric);
  if (a) {
    a.count += x.count;
    a.sum += x.sum;
    if (x.min < a.min) a.min = x.min;
    if (x.max > a.max) a.max = x.max;
  } else {
    map.set(metric, { count: x.count, sum: x.sum, min: x.min, max: x.max });
  }
}
