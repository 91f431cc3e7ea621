import type platformClient from 'purecloud-platform-client-v2';
import { mergeAggregateResponses } from '../aggregate-merge.js';
import { abandonRate, answerRate, averageHandleTimeMs, averageSpeedOfAnswerMs, serviceLevel, timeStat, countOf, transferRate } from '../kpis.js';
import { DEFAULT_GRANULARITY_RULE, parseGranularity, rangeBuckets, splitEvenly, splitOnBuckets, type Bucket, type Granularity, type GranularityRule, type ResolvedRange } from '../time/index.js';
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
  /** Resolved once by the caller (`resolveTimeRange`), never re-parsed here. */
  range: ResolvedRange;
  groupBy?: string[];
  metrics?: string[];
  /** Buckets inside the range, from `parseGranularity` / `client.metrics.parseGranularity` (`PT30M`, `PT1H`, `P1D`, `P1W`, `P1M`). */
  granularity?: Granularity;
  /**
   * `dense` (default): every bucket of the range in order, the ones without data with no metrics (zero counts),
   * so every front-end shows the same buckets. `sparse`: only the buckets with data, as Genesys answers.
   */
  buckets?: 'dense' | 'sparse';
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

/** One group (an agent, a queue, a media type…) over the whole range, with its buckets when a granularity was given (dense unless asked otherwise). */
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
  /** Longest interval one aggregates query covers before it is split (days). */
  maxIntervalDays?: number;
  /** Which granularities are allowed (see time/granularity.ts). */
  granularityRule?: GranularityRule;
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

  /** The longest interval one aggregates query covers before a range is split (Genesys: 31 days). */
  get maxIntervalDays(): number {
    return this.options.maxIntervalDays ?? 31;
  }

  /** The granularity rule this service checks queries against. */
  get granularityRule(): GranularityRule {
    return this.options.granularityRule ?? DEFAULT_GRANULARITY_RULE;
  }

  /** A granularity under this service's rule (what front-ends call on user input); a clear InvalidQueryError otherwise. */
  parseGranularity(text: string, field = 'granularity'): Granularity {
    return parseGranularity(text, this.granularityRule, field);
  }

  /**
   * Every bucket of the range for a granularity: the check every query passes before any upstream call (the
   * rule, at most maxBuckets; a granularity longer than the range is one bucket).
   */
  buckets(range: ResolvedRange, granularity: Granularity): Bucket[] {
    return rangeBuckets(range, granularity, this.granularityRule);
  }

  /** The raw aggregate response for the whole range, however many queries it took (sparse buckets, as Genesys answers). */
  async aggregate(q: MetricsQuery, opts: CallOptions = {}): Promise<{ range: ResolvedRange; response: AggregateResponse; buckets: Bucket[] }> {
    const { range, granularity: g } = q;
    const buckets = g ? this.buckets(range, g) : [];
    // An empty range ("today" at midnight) has nothing to ask: Genesys wants an end after the start.
    if (range.end <= range.start) return { range, response: {}, buckets };
    const metrics = q.metrics?.length ? q.metrics : [...DEFAULT_METRICS];
    const base: Omit<platformClient.Models.ConversationAggregationQuery, 'interval'> = {
      metrics,
      ...(q.groupBy?.length ? { groupBy: q.groupBy } : {}),
      ...(g ? { granularity: g.text } : {}),
      ...(range.timeZone !== 'UTC' ? { timeZone: range.timeZone } : {}),
      ...aggregateFilter(q.filter),
    };
    const parts: AggregateResponse[] = [];
    for (const [start, end] of this.chunks(range, g, buckets)) {
      const interval = `${new Date(start).toISOString()}/${new Date(end).toISOString()}`;
      parts.push(await this.t.call('POST /api/v2/analytics/conversations/aggregates/query', (api) => api.analytics.postAnalyticsConversationsAggregatesQuery({ ...base, interval }), opts));
    }
    const response = parts.length === 1 ? parts[0]! : mergeAggregateResponses(parts, { interval: range.interval, ...(g ? { granularity: g.text } : {}) });
    return { range, response, buckets };
  }

  /** Rows with totals, KPIs and buckets (dense by default). */
  async query(q: MetricsQuery, opts: CallOptions = {}): Promise<MetricsResult> {
    const { range, response, buckets } = await this.aggregate(q, opts);
    const dense = q.granularity && q.buckets !== 'sparse' ? buckets : undefined;
    return { range, rows: (response.results ?? []).map((r) => toRow(r, range.interval, Boolean(q.granularity), dense)) };
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
  private chunks(range: ResolvedRange, g: Granularity | undefined, buckets: Bucket[]): Array<[number, number]> {
    const maxMs = this.maxIntervalDays * 86_400_000;
    if (range.end - range.start <= maxMs) return [[range.start, range.end]];
    if (!g) return splitEvenly(range.start, range.end, maxMs);
    return splitOnBuckets(buckets.map((b) => b.start), range.end, maxMs, g.text);
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

function toRow(r: platformClient.Models.ConversationAggregateDataContainer, interval: string, bucketed: boolean, dense: Bucket[] | undefined): MetricsRow {
  const data = r.data ?? [];
  const returned = data.map((d) => ({ interval: d.interval ?? '', metrics: d.metrics ?? [] }));
  const buckets = (dense ? fill(returned, dense) : returned).map((b) => ({ ...b, kpis: kpisOf(b.metrics) }));
  const totals = bucketed ? totalOf(data) : (data[0]?.metrics ?? []);
  return { group: (r.group ?? {}) as Record<string, string>, interval, metrics: totals, kpis: kpisOf(totals), buckets: bucketed ? buckets : [] };
}

type Returned = { interval: string; metrics: MetricData[] };

/**
 * Every bucket of the range, in order, with the returned figures where Genesys had data and none (zero counts)
 * elsewhere. A returned bucket the computed edges do not have is kept too, in time order: data is never dropped.
 */
function fill(returned: Returned[], buckets: Bucket[]): Returned[] {
  const startOf = (interval: string): number => Date.parse(interval.split('/')[0] ?? '');
  const byStart = new Map(returned.map((b) => [startOf(b.interval), b]));
  const out: Returned[] = buckets.map((b) => {
    const hit = byStart.get(b.start);
    byStart.delete(b.start);
    return { interval: b.interval, metrics: hit?.metrics ?? [] };
  });
  if (byStart.size === 0) return out;
  return [...out, ...byStart.values()].sort((a, b) => startOf(a.interval) - startOf(b.interval));
}

/** Totals over buckets: the same merge as split intervals, as one bucket. */
function totalOf(data: platformClient.Models.StatisticalResponse[]): MetricData[] {
  const merged = mergeAggregateResponses(data.map((d) => ({ results: [{ group: {}, data: [{ ...d, interval: 'x/y' }] }] })), { interval: 'x/y' });
  return merged.results?.[0]?.data?.[0]?.metrics ?? [];
}

export { timeStat, countOf };
