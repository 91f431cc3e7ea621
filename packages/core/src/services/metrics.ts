import type platformClient from 'purecloud-platform-client-v2';
import { mergeAggregateResponses } from '../aggregate-merge.js';
import { splitForGranularity, splitInterval } from '../intervals.js';
import { abandonRate, answerRate, averageHandleTimeMs, averageSpeedOfAnswerMs, serviceLevel, timeStat, countOf, transferRate } from '../kpis.js';
import { resolveTimeRange, type ResolvedRange, type TimeRangeInput } from '../time-range.js';
import type { CallOptions, Transport } from '../transport-types.js';

type AggregateResponse = platformClient.Models.ConversationAggregateQueryResponse;
type MetricData = platformClient.Models.AggregateMetricData;

/** The metrics asked for when the caller names none: what agent and queue dashboards show. */
export const DEFAULT_METRICS = [
  'nOffered', 'tAnswered', 'tAbandon', 'tHandle', 'tTalk', 'tHeld', 'tAcw', 'tAlert', 'tWait', 'nTransferred', 'nOutbound', 'nOverSla', 'oServiceLevel',
] as const;

export interface AggregateFilter {
  userIds?: string[];
  queueIds?: string[];
  mediaTypes?: string[];
  directions?: string[];
  wrapUpCodes?: string[];
}

export interface MetricsQuery {
  range: TimeRangeInput;
  groupBy?: string[];
  metrics?: string[];
  /** ISO-8601 duration (`PT30M`, `PT1H`, `P1D`, `P1W`, `P1M`): buckets inside the range. */
  granularity?: string;
  filter?: AggregateFilter;
}

export interface TimeStat {
  sum: number;
  count: number;
  avg: number;
  max: number;
  min: number;
}

export interface Kpis {
  averageHandleTimeMs: number | undefined;
  averageSpeedOfAnswerMs: number | undefined;
  /** 0..1 */
  serviceLevel: number | undefined;
  abandonRate: number | undefined;
  answerRate: number | undefined;
  transferRate: number | undefined;
}

export interface MetricsBucket {
  interval: string;
  metrics: MetricData[];
  kpis: Kpis;
}

/** One group (an agent, a queue, a media type…) over the whole range, with its buckets when a granularity was given. */
export interface MetricsRow {
  group: Record<string, string>;
  interval: string;
  /** Totals over the range. */
  metrics: MetricData[];
  kpis: Kpis;
  buckets: MetricsBucket[];
}

export interface MetricsResult {
  range: ResolvedRange;
  rows: MetricsRow[];
}

export interface MetricsServiceOptions {
  now?: () => number;
  /** Longest interval one aggregates query covers before it is split (days). */
  maxIntervalDays?: number;
}

/**
 * Aggregates (the conversation aggregates query): grouped, bucketed, filtered; long ranges split into
 * several queries and merged (sums and counts add, max/min combine, ratios recomputed from numerator and
 * denominator), with the KPIs people ask for derived from the same figures.
 */
export class MetricsService {
  constructor(
    private readonly t: Transport,
    private readonly options: MetricsServiceOptions = {},
  ) {}

  /** The raw aggregate response for the whole range, however many queries it took. */
  async aggregate(q: MetricsQuery, opts: CallOptions = {}): Promise<{ range: ResolvedRange; response: AggregateResponse }> {
    const range = resolveTimeRange(q.range, (this.options.now ?? Date.now)());
    const metrics = q.metrics?.length ? q.metrics : [...DEFAULT_METRICS];
    const base: Omit<platformClient.Models.ConversationAggregationQuery, 'interval'> = {
      metrics,
      ...(q.groupBy?.length ? { groupBy: q.groupBy } : {}),
      ...(q.granularity ? { granularity: q.granularity } : {}),
      ...(range.timeZone !== 'UTC' ? { timeZone: range.timeZone } : {}),
      ...aggregateFilter(q.filter),
    };
    const chunks = this.chunks(range, q.granularity);
    const parts: AggregateResponse[] = [];
    for (const [start, end] of chunks) {
      const interval = `${new Date(start).toISOString()}/${new Date(end).toISOString()}`;
      parts.push(await this.t.call('POST /api/v2/analytics/conversations/aggregates/query', (api) => api.analytics.postAnalyticsConversationsAggregatesQuery({ ...base, interval }), opts));
    }
    const response = parts.length === 1 ? parts[0]! : mergeAggregateResponses(parts, { interval: range.interval, ...(q.granularity ? { granularity: q.granularity } : {}) });
    return { range, response };
  }

  /** Rows with totals, KPIs and buckets. */
  async query(q: MetricsQuery, opts: CallOptions = {}): Promise<MetricsResult> {
    const { range, response } = await this.aggregate(q, opts);
    return { range, rows: (response.results ?? []).map((r) => toRow(r, range.interval, Boolean(q.granularity))) };
  }

  /** Per agent: ONE aggregates query grouped by userId (more only where the range must be split). */
  async agents(q: Omit<MetricsQuery, 'groupBy'> & { agentIds?: string[] }, opts: CallOptions = {}): Promise<MetricsResult> {
    const { agentIds, ...rest } = q;
    return this.query({ ...rest, groupBy: ['userId'], filter: { ...rest.filter, ...(agentIds?.length ? { userIds: agentIds } : {}) } }, opts);
  }

  /** Per queue: ONE aggregates query grouped by queueId (more only where the range must be split). */
  async queues(q: Omit<MetricsQuery, 'groupBy'> & { queueIds?: string[] }, opts: CallOptions = {}): Promise<MetricsResult> {
    const { queueIds, ...rest } = q;
    return this.query({ ...rest, groupBy: ['queueId'], filter: { ...rest.filter, ...(queueIds?.length ? { queueIds } : {}) } }, opts);
  }

  /** Pieces of at most maxIntervalDays whose edges are bucket edges (in the range's time zone, DST included). */
  private chunks(range: ResolvedRange, granularity: string | undefined): Array<[number, number]> {
    const maxMs = (this.options.maxIntervalDays ?? 31) * 86_400_000;
    if (range.end - range.start <= maxMs) return [[range.start, range.end]];
    if (!granularity) return splitInterval(range.start, range.end, maxMs);
    return splitForGranularity(range.start, range.end, maxMs, granularity, range.timeZone);
  }
}

function aggregateFilter(f: AggregateFilter | undefined): Pick<platformClient.Models.ConversationAggregationQuery, 'filter'> {
  const clauses: platformClient.Models.ConversationAggregateQueryClause[] = [];
  const add = (dimension: string, values: string[] | undefined) => {
    const list = (values ?? []).filter((v) => v !== '');
    if (list.length > 0) clauses.push({ type: 'or', predicates: list.map((value) => ({ type: 'dimension', dimension, operator: 'matches', value })) });
  };
  add('userId', f?.userIds);
  add('queueId', f?.queueIds);
  add('mediaType', f?.mediaTypes);
  add('direction', f?.directions);
  add('wrapUpCode', f?.wrapUpCodes);
  return clauses.length > 0 ? { filter: { type: 'and', clauses } } : {};
}

export function kpisOf(metrics: MetricData[]): Kpis {
  return {
    averageHandleTimeMs: averageHandleTimeMs(metrics),
    averageSpeedOfAnswerMs: averageSpeedOfAnswerMs(metrics),
    serviceLevel: serviceLevel(metrics),
    abandonRate: abandonRate(metrics),
    answerRate: answerRate(metrics),
    transferRate: transferRate(metrics),
  };
}

function toRow(r: platformClient.Models.ConversationAggregateDataContainer, interval: string, bucketed: boolean): MetricsRow {
  const data = r.data ?? [];
  const buckets = data.map((d) => ({ interval: d.interval ?? '', metrics: d.metrics ?? [], kpis: kpisOf(d.metrics ?? []) }));
  const totals = bucketed ? totalOf(data) : (data[0]?.metrics ?? []);
  return { group: (r.group ?? {}) as Record<string, string>, interval, metrics: totals, kpis: kpisOf(totals), buckets: bucketed ? buckets : [] };
}

/** Totals over buckets: the same merge as split intervals, as one bucket. */
function totalOf(data: platformClient.Models.StatisticalResponse[]): MetricData[] {
  const merged = mergeAggregateResponses(data.map((d) => ({ results: [{ group: {}, data: [{ ...d, interval: 'x/y' }] }] })), { interval: 'x/y' });
  return merged.results?.[0]?.data?.[0]?.metrics ?? [];
}

export { timeStat, countOf };
