/**
 * Parsing of `POST /api/v2/analytics/conversations/aggregates/query` bodies into an {@link AggregatesQuery}.
 * Choices where the fact sheets are silent or UNCONFIRMED:
 * - Body shape, types and unknown fields (with `rejectUnknownFields`): validation.ts wording; unknown metrics and dimensions, bad enum values: 400 `bad.request`
 *   naming the field; interval problems: 400 `invalid.date` (from `parseInterval`).
 * - Metric names: the §4.1 n/o/t lists plus every metric the simulation emits (`nFlow` is emitted but absent from
 *   §4.1). Duplicates in `metrics`/`groupBy` are ignored. Metrics appear in each bucket in request order.
 * - Granularity: see granularity.ts (the allowed set is `limits.granularityStepMinutes`).
 * - Filters: `dimension` predicates only (the model has no `metric`/`property` field to name what a `metric` or
 *   `property` predicate would test, so those types are rejected as unsupported); see predicates.ts.
 * - `flattenMultivaluedDimensions` is accepted and has no effect (no sandbox dimension is multi-valued);
 *   `alternateTimeDimension` accepts only `eventTime`, which is what the sandbox does anyway.
 * - `topN`/`bottomN` need `sortMetric` and `limit`; `sortMetric`/`limit` with `groupBy` queries are rejected.
 */
import { z } from 'zod';
import { badRequest } from '../../http/errors.js';
import type { SandboxLimits } from '../../options.js';
import { DurationError, bucketStarts, canonicalTimeZone, parseDuration } from '../granularity.js';
import type { Duration } from '../granularity.js';
import { parseInterval } from '../interval.js';
import type { Interval } from '../interval.js';
import { checkFilter, filterModelAt, filterSchema } from '../predicates.js';
import { didYouMean, invalidValueAt, models, parseBody, type Path } from '../validation.js';
import type { FilterRules, QueryFilter } from '../predicates.js';
import {
  AGGREGATE_DIMENSIONS,
  AGGREGATE_METRIC_SET,
  AGGREGATE_METRICS,
  FIELD_HINTS,
  QUERY_TYPES,
  SORT_FUNCTIONS,
  UNSORTABLE_METRICS,
} from './vocabulary.js';
import type { AggregateQueryType, SortFunction } from './vocabulary.js';

const opt = <T extends z.ZodType>(t: T) => t.nullish();

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

const MODEL = 'ConversationAggregationQuery';
const FILTER_PREFIX = 'ConversationAggregateQuery';

function aggregateSchema(strict: boolean) {
  const registry = models(strict);
  const obj = registry.object;
  const schema = obj(MODEL, {
    interval: z.unknown().optional(),
    granularity: opt(z.string()),
    timeZone: opt(z.string()),
    groupBy: opt(z.array(z.string())),
    filter: opt(filterSchema(registry, FILTER_PREFIX)),
    metrics: opt(z.array(z.string())),
    flattenMultivaluedDimensions: opt(z.boolean()),
    views: opt(z.array(obj('ConversationAggregationView', { target: z.string(), name: z.string(), function: z.string(), range: opt(obj('AggregationRange', { gte: opt(z.number()), lt: opt(z.number()) })) }))),
    alternateTimeDimension: opt(z.string()),
    queryType: opt(z.string()),
    sortMetric: opt(obj('ConversationAggregationSort', { name: z.string(), function: z.string() })),
    limit: opt(z.number().int()),
  });
  return { schema, fieldsOf: registry.fieldsOf };
}

/** The SDK model of the object at a path inside a ConversationAggregationQuery. */
function modelAt(path: Path): string {
  const head = path[0];
  if (head === 'filter') return filterModelAt(FILTER_PREFIX, path);
  if (head === 'sortMetric') return 'ConversationAggregationSort';
  if (head === 'views') return path.includes('range') ? 'AggregationRange' : 'ConversationAggregationView';
  return MODEL;
}

function unknownFieldHint(model: string, key: string): string {
  if (model !== MODEL) return '';
  return FIELD_HINTS.get(key) ?? didYouMean(key, schemaFor(true).fieldsOf(MODEL));
}

const schemas = new Map<boolean, ReturnType<typeof aggregateSchema>>();
function schemaFor(strict: boolean): ReturnType<typeof aggregateSchema> {
  let s = schemas.get(strict);
  if (!s) {
    s = aggregateSchema(strict);
    schemas.set(strict, s);
  }
  return s;
}

type RawAggregateQuery = z.infer<ReturnType<typeof aggregateSchema>['schema']>;

const DAY_MS = 86_400_000;
const AGGREGATE_FILTER_RULES: FilterRules = {
  dimensions: AGGREGATE_DIMENSIONS,
  operators: ['matches', 'exists', 'notExists'],
  allowRange: true,
};

/** Validates a `ConversationAggregationQuery` body; throws 400s that name the problem. */
export function parseAggregatesQuery(body: unknown, limits: SandboxLimits): AggregatesQuery {
  const { schema, fieldsOf } = schemaFor(limits.rejectUnknownFields);
  const raw: RawAggregateQuery = parseBody(schema, body, { model: MODEL, modelAt, fieldsOf, unknownFieldHint });

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
  raw.metrics.forEach((m, i) => {
    if (!AGGREGATE_METRIC_SET.has(m)) throw invalidValueAt(`metrics[${i}]`, m, AGGREGATE_METRICS, didYouMean(m, AGGREGATE_METRICS));
  });

  // groupBy
  const groupBy = [...new Set(raw.groupBy ?? [])];
  (raw.groupBy ?? []).forEach((d, i) => {
    if (!(AGGREGATE_DIMENSIONS as readonly string[]).includes(d)) throw invalidValueAt(`groupBy[${i}]`, d, AGGREGATE_DIMENSIONS, didYouMean(d, AGGREGATE_DIMENSIONS));
  });
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
      granularity = parseDuration(raw.granularity, limits.granularityStepMinutes);
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
      throw invalidValueAt(`${at}.target`, v.target, AGGREGATE_METRICS, didYouMean(v.target, AGGREGATE_METRICS));
    }
    if (v.name.trim() === '') throw badRequest(`The view ${at} needs a name.`, `${at}.name`);
    if (viewNames.has(v.name)) throw badRequest(`Two views are named [${v.name}]; view names must be unique.`, `${at}.name`);
    viewNames.add(v.name);
    if (v.function !== 'rangeBound') {
      throw invalidValueAt(`${at}.function`, v.function, ['rangeBound']);
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
    throw invalidValueAt('alternateTimeDimension', raw.alternateTimeDimension, ['eventTime']);
  }

  // queryType, sortMetric, limit
  const queryType = raw.queryType ?? 'groupBy';
  if (!(QUERY_TYPES as readonly string[]).includes(queryType)) {
    throw invalidValueAt('queryType', queryType, QUERY_TYPES);
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
      throw invalidValueAt('sortMetric.name', name, allowed);
    }
    if (!(SORT_FUNCTIONS as readonly string[]).includes(fn)) {
      throw invalidValueAt('sortMetric.function', fn, SORT_FUNCTIONS);
    }
    if (raw.limit < 1) throw badRequest(`Invalid limit [${raw.limit}]: it must be at least 1.`, 'limit');
    query.sortMetric = { name, function: fn as SortFunction };
    query.limit = raw.limit;
  }
  return query;
}
