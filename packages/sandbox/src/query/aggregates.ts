/**
 * `POST /api/v2/analytics/conversations/aggregates/query`: body parsing and evaluation over metric emissions.
 *
 * Aggregates are built only from {@link Emission} rows and bucket every metric by its own `emit` time
 * (genesys-metrics.md §1). Choices where the fact sheets are silent or UNCONFIRMED:
 * - Unknown fields (with `rejectUnknownFields`), unknown metrics and dimensions, bad enum values: 400 `bad.request`
 *   naming the field; interval problems: 400 `invalid.date` (from `parseInterval`).
 * - Metric names: the §4.1 n/o/t lists plus every metric the simulation emits (`nFlow` is emitted but absent from
 *   §4.1). Duplicates in `metrics`/`groupBy` are ignored. Metrics appear in each bucket in request order.
 * - An emission that lacks a `groupBy` dimension (e.g. nOffered has no userId) is left out of that query's groups;
 *   it does not form a group with the dimension missing.
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
 * - Filters: `dimension` predicates only (the model has no `metric`/`property` field to name what a `metric` or
 *   `property` predicate would test, so those types are rejected as unsupported). `matches` compares exactly
 *   (`value`) or numerically (`range`); dimensions the sandbox does not carry never have a value.
 * - `flattenMultivaluedDimensions` is accepted and has no effect (no sandbox dimension is multi-valued);
 *   `alternateTimeDimension` accepts only `eventTime`, which is what the sandbox does anyway.
 * - `topN`/`bottomN` need `sortMetric` and `limit`; `sortMetric`/`limit` with `groupBy` queries are rejected.
 *   Groups are ranked by the sort function over the whole interval (groups without the sort metric rank last,
 *   ties by group key) and results come back in rank order.
 * - Groups sort by their group values (code-unit order, in `groupBy` order); buckets by time. Bucket intervals are
 *   formatted in UTC (`…Z`, as in observed Genesys payloads), whatever `timeZone` says.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { z } from 'zod';
import { badRequest } from '../http/errors.js';
import type { DetailMetricName, Emission, Org } from '../model.js';
import { DETAIL_METRICS } from '../model.js';
import type { SandboxLimits } from '../options.js';
import { DurationError, bucketIndex, bucketStarts, canonicalTimeZone, parseDuration } from './granularity.js';
import type { Duration } from './granularity.js';
import { parseInterval } from './interval.js';
import type { Interval } from './interval.js';

type AggregateResponse = platformClient.Models.ConversationAggregateQueryResponse;
type DataContainer = platformClient.Models.ConversationAggregateDataContainer;
type StatisticalResponse = platformClient.Models.StatisticalResponse;
type AggregateMetricData = platformClient.Models.AggregateMetricData;
type AggregateViewData = platformClient.Models.AggregateViewData;
type StatisticalSummary = platformClient.Models.StatisticalSummary;

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary (genesys-api.md §4.1)

export const COUNT_METRICS = [
  'nBlindTransferred', 'nBotInteractions', 'nCallbackAttempts', 'nCallbackOverSla', 'nCallbackScheduled', 'nCobrowseSessions',
  'nConnected', 'nConsult', 'nConsultTransferred', 'nConversations', 'nError', 'nOffered', 'nOutbound', 'nOutboundAbandoned',
  'nOutboundAttempted', 'nOutboundConnected', 'nOverSla', 'nStateTransitionError', 'nTakeover', 'nTransferred',
] as const;
export const OBSERVATION_METRICS = [
  'oAudioMessageCount', 'oExternalAudioMessageCount', 'oExternalMediaCount', 'oMediaCount', 'oMessageCount',
  'oMessageSegmentCount', 'oMessageTurn', 'oServiceLevel', 'oServiceTarget', 'oSkillExpressionApplications',
] as const;
export const TIME_METRICS = [
  'tAbandon', 'tAcd', 'tActiveCallback', 'tActiveCallbackComplete', 'tAcw', 'tAgentResponseTime', 'tAgentVideoConnected',
  'tAlert', 'tAnswered', 'tAverageAgentResponseTime', 'tAverageCustomerResponseTime', 'tBarging', 'tCallbackAbandon',
  'tCallbackConnect', 'tCallbackNotReached', 'tCoaching', 'tCoachingComplete', 'tConnected', 'tContacting', 'tDialing',
  'tFirstConnect', 'tFirstDial', 'tFirstEngagement', 'tFirstResponse', 'tFlowOut', 'tHandle', 'tHeld', 'tHeldComplete',
  'tIvr', 'tMonitoring', 'tMonitoringComplete', 'tNotResponding', 'tPark', 'tParkComplete', 'tScreenMonitoring',
  'tShortAbandon', 'tSnippetRecord', 'tTalk', 'tTalkComplete', 'tTransmitting', 'tUserResponseTime', 'tVoicemail', 'tWait',
] as const;

/** Every metric name the aggregates query accepts, sorted. */
export const AGGREGATE_METRICS: readonly string[] = [
  ...new Set<string>([...COUNT_METRICS, ...OBSERVATION_METRICS, ...TIME_METRICS, ...DETAIL_METRICS]),
].sort();
const AGGREGATE_METRIC_SET: ReadonlySet<string> = new Set(AGGREGATE_METRICS);

/** Metrics `sortMetric` cannot name (absent from the ConversationAggregationSort enum, genesys-api.md §4.1). */
const UNSORTABLE_METRICS: ReadonlySet<string> = new Set(['oServiceLevel', 'tShortAbandon', 'tWait']);

export const AGGREGATE_DIMENSIONS = [
  'activeRouting', 'activeSkillId', 'addressFrom', 'addressTo', 'agentAssistantId', 'agentBullseyeRing', 'agentOwned',
  'agentRank', 'agentScore', 'ani', 'assignerId', 'authenticated', 'canonicalExternalContactId', 'conversationId',
  'conversationInitiator', 'convertedFrom', 'convertedTo', 'customerParticipation', 'deliveryStatus', 'destinationAddress',
  'direction', 'disconnectType', 'divisionId', 'dnis', 'edgeId', 'eligibleAgentCount', 'errorCode', 'extendedDeliveryStatus',
  'externalContactId', 'externalMediaCount', 'externalOrganizationId', 'externalTag', 'firstQueue', 'flaggedReason',
  'flowInType', 'flowOutType', 'groupId', 'interactionType', 'journeyActionId', 'journeyActionMapId',
  'journeyActionMapVersion', 'journeyCustomerId', 'journeyCustomerIdType', 'journeyCustomerSessionId',
  'journeyCustomerSessionIdType', 'knowledgeBaseId', 'mediaCount', 'mediaType', 'messageType', 'originatingDirection',
  'originatingSocialMediaPublic', 'outboundCampaignId', 'outboundContactId', 'outboundContactListId', 'participantName',
  'peerId', 'proposedAgentId', 'provider', 'purpose', 'queueId', 'remote', 'removedSkillId', 'requestedLanguageId',
  'requestedRouting', 'requestedRoutingSkillId', 'roomId', 'routingPriority', 'routingRing', 'routingRule',
  'routingRuleType', 'scoredAgentId', 'selectedAgentId', 'selectedAgentRank', 'selfServed', 'sessionDnis', 'sessionId',
  'skillExpressionId', 'stationId', 'teamId', 'usedRouting', 'userId', 'videoPresent', 'waitingInteractionCount',
  'wrapUpCode',
] as const;

const AGGREGATE_FIELDS = [
  'interval', 'granularity', 'timeZone', 'groupBy', 'filter', 'metrics', 'flattenMultivaluedDimensions', 'views',
  'alternateTimeDimension', 'queryType', 'sortMetric', 'limit',
] as const;

/** Hints for fields people send to the aggregates endpoint by mistake. */
const FIELD_HINTS: Record<string, string> = {
  paging: 'Aggregate results are not paged',
  pageSize: 'Aggregate results are not paged',
  metric_ids: 'Did you mean "metrics"?',
  metricIds: 'Did you mean "metrics"?',
  group_by: 'Did you mean "groupBy"?',
  groupby: 'Did you mean "groupBy"?',
  segmentFilters: 'Filters go in "filter" (one ConversationAggregateQueryFilter)',
  conversationFilters: 'Filters go in "filter" (one ConversationAggregateQueryFilter)',
  filters: 'Did you mean "filter" (one ConversationAggregateQueryFilter)?',
  order: 'Use queryType topN/bottomN with sortMetric and limit',
  orderBy: 'Use queryType topN/bottomN with sortMetric and limit',
  time_zone: 'Did you mean "timeZone"?',
  timezone: 'Did you mean "timeZone"?',
};

const QUERY_TYPES = ['groupBy', 'topN', 'bottomN'] as const;
export type AggregateQueryType = (typeof QUERY_TYPES)[number];
const SORT_FUNCTIONS = ['average', 'count', 'max', 'min', 'sum'] as const;
export type SortFunction = (typeof SORT_FUNCTIONS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Filters (shared with queue observations)

export interface NumericRangeSpec {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

export type PredicateOperator = 'matches' | 'exists' | 'notExists';

export interface FilterPredicate {
  dimension: string;
  operator: PredicateOperator;
  value?: string;
  range?: NumericRangeSpec;
}

export interface FilterClause {
  type: 'and' | 'or';
  predicates: FilterPredicate[];
}

export interface QueryFilter {
  type: 'and' | 'or';
  clauses: FilterClause[];
  predicates: FilterPredicate[];
}

/** True when the item whose dimensions `valueOf` reads passes the filter. */
export function matchesFilter(filter: QueryFilter, valueOf: (dimension: string) => string | undefined): boolean {
  const results: boolean[] = [];
  for (const p of filter.predicates) results.push(matchesPredicate(p, valueOf));
  for (const c of filter.clauses) {
    const r = c.predicates.map((p) => matchesPredicate(p, valueOf));
    results.push(c.type === 'and' ? r.every(Boolean) : r.some(Boolean));
  }
  return filter.type === 'and' ? results.every(Boolean) : results.some(Boolean);
}

function matchesPredicate(p: FilterPredicate, valueOf: (dimension: string) => string | undefined): boolean {
  const v = valueOf(p.dimension);
  switch (p.operator) {
    case 'exists':
      return v !== undefined;
    case 'notExists':
      return v === undefined;
    case 'matches':
      if (v === undefined) return false;
      if (p.value !== undefined) return v === p.value;
      return p.range !== undefined && inNumericRange(Number(v), p.range);
  }
}

function inNumericRange(n: number, r: NumericRangeSpec): boolean {
  if (!Number.isFinite(n)) return false;
  return (
    (r.gt === undefined || n > r.gt) &&
    (r.gte === undefined || n >= r.gte) &&
    (r.lt === undefined || n < r.lt) &&
    (r.lte === undefined || n <= r.lte)
  );
}

// Zod shapes: strict (unknown keys rejected) or stripping, per `rejectUnknownFields`.
const opt = <T extends z.ZodType>(t: T) => t.nullish();

function filterSchemas(strict: boolean) {
  const obj = <S extends z.ZodRawShape>(shape: S) => (strict ? z.strictObject(shape) : z.object(shape));
  const range = obj({ gt: opt(z.number()), gte: opt(z.number()), lt: opt(z.number()), lte: opt(z.number()) });
  const predicate = obj({
    type: opt(z.string()),
    dimension: opt(z.string()),
    operator: opt(z.string()),
    value: opt(z.string()),
    range: opt(range),
  });
  const clause = obj({ type: z.string(), predicates: z.array(predicate) });
  const filter = obj({ type: z.string(), clauses: opt(z.array(clause)), predicates: opt(z.array(predicate)) });
  return { obj, filter };
}

type RawFilter = z.infer<ReturnType<typeof filterSchemas>['filter']>;
type RawPredicate = NonNullable<RawFilter['predicates']>[number];

export interface FilterRules {
  /** Dimensions a predicate may name. */
  dimensions: readonly string[];
  /** Operators allowed (default `matches` when absent). */
  operators: readonly PredicateOperator[];
  /** Whether `range` may replace `value`. */
  allowRange: boolean;
  /** Validates a `matches` value (returns an error message, or undefined when fine). */
  checkValue?: (dimension: string, value: string, field: string) => string | undefined;
}

/** Turns a zod-checked filter into a {@link QueryFilter}, with 400s naming what is wrong. */
export function checkFilter(raw: RawFilter, rules: FilterRules, field = 'filter'): QueryFilter {
  const type = checkJunction(raw.type, `${field}.type`);
  const predicates = (raw.predicates ?? []).map((p, i) => checkPredicate(p, rules, `${field}.predicates[${i}]`));
  const clauses = (raw.clauses ?? []).map((c, i): FilterClause => {
    const at = `${field}.clauses[${i}]`;
    if (c.predicates.length === 0) throw badRequest(`The clause ${at} has no predicates; a clause needs at least one.`, `${at}.predicates`);
    return {
      type: checkJunction(c.type, `${at}.type`),
      predicates: c.predicates.map((p, j) => checkPredicate(p, rules, `${at}.predicates[${j}]`)),
    };
  });
  if (predicates.length === 0 && clauses.length === 0) {
    throw badRequest(`The ${field} has no predicates and no clauses; give at least one predicate.`, field);
  }
  return { type, clauses, predicates };
}

function checkJunction(value: string, field: string): 'and' | 'or' {
  if (value === 'and' || value === 'or') return value;
  throw badRequest(`Invalid ${field} [${value}]. Allowable values are: and, or.`, field);
}

function checkPredicate(p: RawPredicate, rules: FilterRules, at: string): FilterPredicate {
  const type = p.type ?? 'dimension';
  if (type === 'property' || type === 'metric') {
    throw badRequest(
      `Predicate type [${type}] at ${at} is not supported by the sandbox: predicates filter on dimensions (type "dimension").`,
      `${at}.type`,
    );
  }
  if (type !== 'dimension') {
    throw badRequest(`Invalid ${at}.type [${type}]. Allowable values are: dimension, property, metric.`, `${at}.type`);
  }
  const dimension = p.dimension;
  if (dimension === undefined || dimension === null || dimension === '') {
    throw badRequest(`The predicate ${at} has no dimension. Allowable values are: ${rules.dimensions.join(', ')}.`, `${at}.dimension`);
  }
  if (!rules.dimensions.includes(dimension)) {
    throw badRequest(`Unknown dimension [${dimension}] at ${at}.dimension. Allowable values are: ${rules.dimensions.join(', ')}.`, `${at}.dimension`);
  }
  const operator = p.operator ?? 'matches';
  if (!(rules.operators as readonly string[]).includes(operator)) {
    throw badRequest(`Invalid ${at}.operator [${operator}]. Allowable values are: ${rules.operators.join(', ')}.`, `${at}.operator`);
  }
  const out: FilterPredicate = { dimension, operator: operator as PredicateOperator };
  const value = p.value ?? undefined;
  const range = p.range ?? undefined;
  if (operator === 'matches') {
    if (range !== undefined && !rules.allowRange) {
      throw badRequest(`The predicate ${at} has a range; these predicates match a value only.`, `${at}.range`);
    }
    if (value !== undefined && range !== undefined) {
      throw badRequest(`The predicate ${at} has both a value and a range; give one of them.`, `${at}.value`);
    }
    if (value === undefined && range === undefined) {
      throw badRequest(`The predicate ${at} (operator matches) needs a value${rules.allowRange ? ' or a range' : ''}.`, `${at}.value`);
    }
    if (value !== undefined) {
      const problem = rules.checkValue?.(dimension, value, `${at}.value`);
      if (problem) throw badRequest(problem, `${at}.value`);
      out.value = value;
    }
    if (range !== undefined) {
      const r: NumericRangeSpec = {};
      if (range.gt != null) r.gt = range.gt;
      if (range.gte != null) r.gte = range.gte;
      if (range.lt != null) r.lt = range.lt;
      if (range.lte != null) r.lte = range.lte;
      if (Object.keys(r).length === 0) throw badRequest(`The range of ${at} is empty; give gt, gte, lt or lte.`, `${at}.range`);
      out.range = r;
    }
  }
  return out;
}

/** Formats zod issues as one 400 naming the field. */
export function zodFailure(error: z.ZodError, what: string): Error {
  const issue = error.issues[0];
  if (!issue) return badRequest(`Invalid ${what}.`);
  const field = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const where = field === '' ? '' : ` in ${field}`;
    const keys = issue.keys.join(', ');
    return badRequest(`Unknown field(s) [${keys}]${where} of the ${what}.`, field === '' ? keys : `${field}.${issue.keys[0] ?? ''}`);
  }
  if (issue.code === 'invalid_type') {
    return badRequest(`Invalid value for ${field || what}: expected ${issue.expected}.`, field || undefined);
  }
  return badRequest(`Invalid value for ${field || what}: ${issue.message}.`, field || undefined);
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? String(k) : `.${String(k)}`;
  return out;
}

/** Rejects unknown top-level fields with a message listing what the body takes (and a hint for common slips). */
export function rejectUnknownTopLevel(body: Record<string, unknown>, fields: readonly string[], what: string, hints: Record<string, string> = {}): void {
  const unknown = Object.keys(body).filter((k) => !fields.includes(k));
  if (unknown.length === 0) return;
  const first = unknown[0] ?? '';
  const hint = hints[first] ? ` ${hints[first]}.` : '';
  throw badRequest(
    `Unknown field [${unknown.join(', ')}] in the ${what}.${hint} The ${what} takes: ${fields.join(', ')}.`,
    first,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

export interface AggregateView {
  target: string;
  name: string;
  range: { gte?: number; lt?: number };
}

export interface AggregatesQuery {
  interval: Interval;
  /** Absent: one bucket for the whole interval. */
  granularity?: Duration;
  /** Canonical IANA zone (default UTC). */
  timeZone: string;
  /** Start instants of the buckets (see granularity.ts); bucket i ends at the next start or interval.end. */
  bucketStarts: number[];
  groupBy: string[];
  filter?: QueryFilter;
  metrics: string[];
  flattenMultivaluedDimensions: boolean;
  views: AggregateView[];
  alternateTimeDimension: 'eventTime';
  queryType: AggregateQueryType;
  sortMetric?: { name: string; function: SortFunction };
  limit?: number;
}

const aggregateSchemaCache = new Map<boolean, z.ZodType>();

function aggregateSchema(strict: boolean) {
  const { obj, filter } = filterSchemas(strict);
  return obj({
    interval: z.unknown().optional(),
    granularity: opt(z.string()),
    timeZone: opt(z.string()),
    groupBy: opt(z.array(z.string())),
    filter: opt(filter),
    metrics: opt(z.array(z.string())),
    flattenMultivaluedDimensions: opt(z.boolean()),
    views: opt(z.array(obj({ target: z.string(), name: z.string(), function: z.string(), range: opt(obj({ gte: opt(z.number()), lt: opt(z.number()) })) }))),
    alternateTimeDimension: opt(z.string()),
    queryType: opt(z.string()),
    sortMetric: opt(obj({ name: z.string(), function: z.string() })),
    limit: opt(z.number().int()),
  });
}
type RawAggregateQuery = z.infer<ReturnType<typeof aggregateSchema>>;

const DAY_MS = 86_400_000;
const AGGREGATE_FILTER_RULES: FilterRules = {
  dimensions: AGGREGATE_DIMENSIONS,
  operators: ['matches', 'exists', 'notExists'],
  allowRange: true,
};

/** Validates a `ConversationAggregationQuery` body; throws 400s that name the problem. */
export function parseAggregatesQuery(body: unknown, limits: SandboxLimits): AggregatesQuery {
  const what = 'aggregates query';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object (ConversationAggregationQuery).');
  }
  if (limits.rejectUnknownFields) rejectUnknownTopLevel(body as Record<string, unknown>, AGGREGATE_FIELDS, what, FIELD_HINTS);
  let schema = aggregateSchemaCache.get(limits.rejectUnknownFields);
  if (!schema) {
    schema = aggregateSchema(limits.rejectUnknownFields);
    aggregateSchemaCache.set(limits.rejectUnknownFields, schema);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw zodFailure(parsed.error, what);
  const raw = parsed.data as RawAggregateQuery;

  // interval
  const interval = parseInterval(raw.interval);
  const maxDays = limits.aggregatesMaxIntervalDays;
  if (interval.end - interval.start > maxDays * DAY_MS) {
    throw badRequest(
      `The interval [${String(raw.interval)}] is longer than ${maxDays} days, the longest an aggregates query allows. Split it into shorter queries.`,
      'interval',
    );
  }

  // metrics
  if (!raw.metrics || raw.metrics.length === 0) {
    throw badRequest('The aggregates query needs at least one metric in "metrics" (for example ["nOffered","tHandle"]).', 'metrics');
  }
  const metrics = [...new Set(raw.metrics)];
  for (const m of metrics) {
    if (!AGGREGATE_METRIC_SET.has(m)) {
      throw badRequest(`Unknown metric [${m}] in metrics. Allowable values are: ${AGGREGATE_METRICS.join(', ')}.`, 'metrics');
    }
  }

  // groupBy
  const groupBy = [...new Set(raw.groupBy ?? [])];
  for (const d of groupBy) {
    if (!(AGGREGATE_DIMENSIONS as readonly string[]).includes(d)) {
      throw badRequest(`Unknown groupBy dimension [${d}]. Allowable values are: ${AGGREGATE_DIMENSIONS.join(', ')}.`, 'groupBy');
    }
  }
  if (groupBy.length > limits.aggregatesMaxGroupBy) {
    throw badRequest(
      `The aggregates query groups by ${groupBy.length} dimensions; at most ${limits.aggregatesMaxGroupBy} are allowed.`,
      'groupBy',
    );
  }

  // timeZone and granularity
  let timeZone = 'UTC';
  if (raw.timeZone != null) {
    const tz = canonicalTimeZone(raw.timeZone);
    if (!tz) {
      throw badRequest(`Unknown timeZone [${raw.timeZone}]. Use an IANA time zone name such as UTC, Europe/London or America/New_York.`, 'timeZone');
    }
    timeZone = tz;
  }
  let granularity: Duration | undefined;
  if (raw.granularity != null) {
    try {
      granularity = parseDuration(raw.granularity);
    } catch (e) {
      if (e instanceof DurationError) throw badRequest(e.message, 'granularity');
      throw e;
    }
  }
  const starts = bucketStarts(interval, granularity, timeZone, limits.aggregatesMaxBuckets);
  if (starts.length > limits.aggregatesMaxBuckets) {
    throw badRequest(
      `The granularity [${granularity?.text ?? ''}] cuts the interval into more than ${limits.aggregatesMaxBuckets} buckets, the most an aggregates query allows. Use a coarser granularity or a shorter interval.`,
      'granularity',
    );
  }

  const query: AggregatesQuery = {
    interval,
    timeZone,
    bucketStarts: starts,
    groupBy,
    metrics,
    flattenMultivaluedDimensions: raw.flattenMultivaluedDimensions ?? false,
    views: [],
    alternateTimeDimension: 'eventTime',
    queryType: 'groupBy',
  };
  if (granularity) query.granularity = granularity;

  // filter
  if (raw.filter != null) query.filter = checkFilter(raw.filter, AGGREGATE_FILTER_RULES);

  // views
  const viewNames = new Set<string>();
  (raw.views ?? []).forEach((v, i) => {
    const at = `views[${i}]`;
    if (!AGGREGATE_METRIC_SET.has(v.target)) {
      throw badRequest(`Unknown metric [${v.target}] in ${at}.target. Allowable values are: ${AGGREGATE_METRICS.join(', ')}.`, `${at}.target`);
    }
    if (v.name.trim() === '') throw badRequest(`The view ${at} needs a name.`, `${at}.name`);
    if (viewNames.has(v.name)) throw badRequest(`Two views are named [${v.name}]; view names must be unique.`, `${at}.name`);
    viewNames.add(v.name);
    if (v.function !== 'rangeBound') {
      throw badRequest(`Invalid ${at}.function [${v.function}]. Allowable values are: rangeBound.`, `${at}.function`);
    }
    const range: AggregateView['range'] = {};
    if (v.range?.gte != null) range.gte = v.range.gte;
    if (v.range?.lt != null) range.lt = v.range.lt;
    if (range.gte === undefined && range.lt === undefined) {
      throw badRequest(`The rangeBound view ${at} needs a range with gte and/or lt.`, `${at}.range`);
    }
    if (range.gte !== undefined && range.lt !== undefined && range.gte >= range.lt) {
      throw badRequest(`The range of ${at} is empty: gte (${range.gte}) must be below lt (${range.lt}).`, `${at}.range`);
    }
    query.views.push({ target: v.target, name: v.name, range });
  });

  // alternateTimeDimension
  if (raw.alternateTimeDimension != null && raw.alternateTimeDimension !== 'eventTime') {
    throw badRequest(`Invalid alternateTimeDimension [${raw.alternateTimeDimension}]. Allowable values are: eventTime.`, 'alternateTimeDimension');
  }

  // queryType, sortMetric, limit
  const queryType = raw.queryType ?? 'groupBy';
  if (!(QUERY_TYPES as readonly string[]).includes(queryType)) {
    throw badRequest(`Invalid queryType [${queryType}]. Allowable values are: ${QUERY_TYPES.join(', ')}.`, 'queryType');
  }
  query.queryType = queryType as AggregateQueryType;
  if (query.queryType === 'groupBy') {
    if (raw.sortMetric != null || raw.limit != null) {
      throw badRequest('sortMetric and limit apply only to queryType topN or bottomN.', raw.sortMetric != null ? 'sortMetric' : 'limit');
    }
  } else {
    if (raw.sortMetric == null) throw badRequest(`queryType ${queryType} needs a sortMetric {name, function}.`, 'sortMetric');
    if (raw.limit == null) throw badRequest(`queryType ${queryType} needs a limit (how many groups to keep).`, 'limit');
    const { name, function: fn } = raw.sortMetric;
    if (!AGGREGATE_METRIC_SET.has(name) || UNSORTABLE_METRICS.has(name)) {
      const allowed = AGGREGATE_METRICS.filter((m) => !UNSORTABLE_METRICS.has(m));
      throw badRequest(`Invalid sortMetric.name [${name}]. Allowable values are: ${allowed.join(', ')}.`, 'sortMetric.name');
    }
    if (!(SORT_FUNCTIONS as readonly string[]).includes(fn)) {
      throw badRequest(`Invalid sortMetric.function [${fn}]. Allowable values are: ${SORT_FUNCTIONS.join(', ')}.`, 'sortMetric.function');
    }
    if (raw.limit < 1) throw badRequest(`Invalid limit [${raw.limit}]: it must be at least 1.`, 'limit');
    query.sortMetric = { name, function: fn as SortFunction };
    query.limit = raw.limit;
  }
  return query;
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

export interface ServiceLevelOptions {
  /** Count short abandons in the denominator (Genesys "Include Short Abandons"; default true). */
  includeShortAbandons?: boolean;
  /** Count abandons in the denominator (Genesys "Include Abandons"; default true). */
  includeAbandons?: boolean;
  /** Count flow-outs in the denominator (Genesys "Include Flowouts"; default false). */
  includeFlowOuts?: boolean;
}

const SERVICE_LEVEL_INPUTS: readonly DetailMetricName[] = ['tAnswered', 'nOverSla', 'tAbandon', 'tShortAbandon', 'tFlowOut'];

/** The value of an Emission dimension; undefined for dimensions the sandbox does not carry. */
export function emissionDimension(e: Emission, dimension: string): string | undefined {
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

interface Acc {
  count: number;
  sum: number;
  min: number;
  max: number;
}

interface Cell {
  metrics: Map<string, Acc>;
  /** Queues of every emission in the cell (oServiceTarget). */
  queues: Set<string>;
  /** Queues of the service-level inputs in the cell (oServiceLevel's target). */
  slQueues: Set<string>;
  viewHits: Map<string, number>;
}

interface Group {
  values: string[];
  cells: Map<number, Cell>;
  totals: Map<string, Acc>;
}

function add(map: Map<string, Acc>, metric: string, value: number): void {
  const a = map.get(metric);
  if (a) {
    a.count++;
    a.sum += value;
    if (value < a.min) a.min = value;
    if (value > a.max) a.max = value;
  } else {
    map.set(metric, { count: 1, sum: value, min: value, max: value });
  }
}

const iso = (t: number): string => new Date(t).toISOString();

function meanTarget(queueIds: Iterable<string>, org: Org): number | undefined {
  let sum = 0;
  let n = 0;
  for (const id of queueIds) {
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

/**
 * Evaluates a parsed aggregates query over metric emissions (the route passes every emission that could fall in
 * the interval and that has happened by the sandbox's now).
 */
export function runAggregatesQuery(
  q: AggregatesQuery,
  emissions: Iterable<Emission>,
  org: Org,
  serviceLevelOptions: ServiceLevelOptions = {},
): AggregateResponse {
  const slOptions: Required<ServiceLevelOptions> = {
    includeShortAbandons: serviceLevelOptions.includeShortAbandons ?? true,
    includeAbandons: serviceLevelOptions.includeAbandons ?? true,
    includeFlowOuts: serviceLevelOptions.includeFlowOuts ?? false,
  };
  const wantServiceLevel = q.metrics.includes('oServiceLevel');
  const wantServiceTarget = q.metrics.includes('oServiceTarget');
  const needed = new Set<string>(q.metrics);
  if (wantServiceLevel) for (const m of SERVICE_LEVEL_INPUTS) needed.add(m);
  for (const v of q.views) needed.add(v.target);
  if (q.sortMetric) needed.add(q.sortMetric.name);
  const slInputs: ReadonlySet<string> = new Set(SERVICE_LEVEL_INPUTS);

  const { start, end } = q.interval;
  const groups = new Map<string, Group>();
  for (const e of emissions) {
    if (e.emit < start || e.emit >= end) continue;
    const isNeeded = needed.has(e.metric);
    if (!isNeeded && !wantServiceTarget) continue;
    if (q.filter && !matchesFilter(q.filter, (d) => emissionDimension(e, d))) continue;
    const values: string[] = [];
    let complete = true;
    for (const d of q.groupBy) {
      const v = emissionDimension(e, d);
      if (v === undefined) {
        complete = false;
        break;
      }
      values.push(v);
    }
    if (!complete) continue;
    // NUL cannot occur in a dimension value: a cheap, unambiguous key.
    const key = values.join('\u0000');
    let group = groups.get(key);
    if (!group) {
      group = { values, cells: new Map(), totals: new Map() };
      groups.set(key, group);
    }
    const b = bucketIndex(q.bucketStarts, e.emit);
    let cell = group.cells.get(b);
    if (!cell) {
      cell = { metrics: new Map(), queues: new Set(), slQueues: new Set(), viewHits: new Map() };
      group.cells.set(b, cell);
    }
    if (e.queueId !== undefined) cell.queues.add(e.queueId);
    if (!isNeeded) continue;
    add(cell.metrics, e.metric, e.value);
    add(group.totals, e.metric, e.value);
    if (e.queueId !== undefined && slInputs.has(e.metric)) cell.slQueues.add(e.queueId);
    for (const v of q.views) {
      if (v.target !== e.metric) continue;
      const inRange = (v.range.gte === undefined || e.value >= v.range.gte) && (v.range.lt === undefined || e.value < v.range.lt);
      if (inRange) cell.viewHits.set(v.name, (cell.viewHits.get(v.name) ?? 0) + 1);
    }
  }

  const built: Array<{ values: string[]; totals: Map<string, Acc>; container: DataContainer }> = [];
  for (const group of groups.values()) {
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
