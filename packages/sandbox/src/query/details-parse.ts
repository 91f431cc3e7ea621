/**
 * Parsing a details query body: the zod schema of `ConversationQuery`, then compiling filters, aggregations
 * and paging with Genesys-style 400s (wording from validation.ts).
 */
import { z } from 'zod';
import { badRequest } from '../http/errors.js';
import type { SandboxLimits } from '../options.js';
import { parseInstant, parseInterval } from './interval.js';
import { describeValue as describe, didYouMean, invalidValue, models, parseBody, pathText, showValue as show, type Path } from './validation.js';
import { DETAILS_ORDERS, DETAILS_ORDER_BYS, AGGREGATION_TYPES, DEFAULT_PAGE_SIZE, DEFAULT_TERM_SIZE, type DetailsAggregation, type DetailsQuery } from './details-query.js';
import {
  CONVERSATION_DIMENSIONS,
  CONVERSATION_METRICS,
  EVALUATION_DIMENSIONS,
  EVALUATION_METRICS,
  FILTER_TYPES,
  OPERATORS,
  PREDICATE_TYPES,
  PROPERTY_TYPES,
  RESOLUTION_METRICS,
  SEGMENT_DIMENSIONS,
  SEGMENT_METRICS,
  SURVEY_DIMENSIONS,
  SURVEY_METRICS,
  dimensionKind,
  propertyKind,
  type Clause,
  type DetailsFilters,
  type Filter,
  type NumberRange,
  type Predicate,
  type Test,
  type ValueKind,
} from './filter.js';

// ---------------------------------------------------------------------------------------------------------
// Body schema (shape, types, enums of the small fixed fields, unknown properties). Dimension and metric
// names, predicate consistency and limits are checked afterwards with Genesys-style messages.

type FilterField = 'conversationFilters' | 'segmentFilters' | 'evaluationFilters' | 'surveyFilters' | 'resolutionFilters';

interface FilterSpec {
  field: FilterField;
  /** Model name prefix: `${prefix}DetailQueryFilter` / `Clause` / `Predicate`. */
  prefix: string;
  /** Null: this filter has no dimension predicates (resolutions). */
  dimensions: readonly string[] | null;
  metrics: readonly string[];
  properties: boolean;
}

const FILTER_SPECS: readonly FilterSpec[] = [
  { field: 'conversationFilters', prefix: 'Conversation', dimensions: CONVERSATION_DIMENSIONS, metrics: CONVERSATION_METRICS, properties: false },
  { field: 'segmentFilters', prefix: 'Segment', dimensions: SEGMENT_DIMENSIONS, metrics: SEGMENT_METRICS, properties: true },
  { field: 'evaluationFilters', prefix: 'Evaluation', dimensions: EVALUATION_DIMENSIONS, metrics: EVALUATION_METRICS, properties: false },
  { field: 'surveyFilters', prefix: 'Survey', dimensions: SURVEY_DIMENSIONS, metrics: SURVEY_METRICS, properties: false },
  { field: 'resolutionFilters', prefix: 'Resolution', dimensions: null, metrics: RESOLUTION_METRICS, properties: false },
];
const SPEC_BY_FIELD = new Map(FILTER_SPECS.map((s) => [s.field as string, s]));

function buildSchema(strict: boolean) {
  const registry = models(strict);
  const obj = registry.object;
  const range = obj('NumericRange', {
    gt: z.unknown().optional(),
    gte: z.unknown().optional(),
    lt: z.unknown().optional(),
    lte: z.unknown().optional(),
  });
  const predicate = (spec: FilterSpec) =>
    obj(`${spec.prefix}DetailQueryPredicate`, {
      type: z.enum(PREDICATE_TYPES).nullish(),
      ...(spec.dimensions ? { dimension: z.string().nullish() } : {}),
      ...(spec.properties ? { propertyType: z.enum(PROPERTY_TYPES).nullish(), property: z.string().nullish() } : {}),
      metric: z.string().nullish(),
      operator: z.enum(OPERATORS).nullish(),
      value: z.unknown().optional(),
      range: range.nullish(),
    });
  const filter = (spec: FilterSpec) => {
    const p = predicate(spec);
    const clause = obj(`${spec.prefix}DetailQueryClause`, { type: z.enum(FILTER_TYPES), predicates: z.array(p) });
    return z.array(
      obj(`${spec.prefix}DetailQueryFilter`, {
        type: z.enum(FILTER_TYPES),
        clauses: z.array(clause).nullish(),
        predicates: z.array(p).nullish(),
      }),
    );
  };
  const [conv, seg, evalSpec, survey, resolution] = FILTER_SPECS as [FilterSpec, FilterSpec, FilterSpec, FilterSpec, FilterSpec];
  const schema = obj('ConversationQuery', {
    interval: z.unknown().optional(),
    conversationFilters: filter(conv).nullish(),
    segmentFilters: filter(seg).nullish(),
    evaluationFilters: filter(evalSpec).nullish(),
    surveyFilters: filter(survey).nullish(),
    resolutionFilters: filter(resolution).nullish(),
    order: z.enum(DETAILS_ORDERS).nullish(),
    orderBy: z.enum(DETAILS_ORDER_BYS).nullish(),
    aggregations: z
      .array(
        obj('AnalyticsQueryAggregation', {
          type: z.enum(AGGREGATION_TYPES).nullish(),
          dimension: z.string().nullish(),
          metric: z.string().nullish(),
          size: z.number().nullish(),
          ranges: z.array(obj('AggregationRange', { gte: z.number().nullish(), lt: z.number().nullish() })).nullish(),
        }),
      )
      .nullish(),
    paging: obj('PagingSpec', { pageSize: z.number().nullish(), pageNumber: z.number().nullish() }).nullish(),
  });
  return { schema, fieldsOf: registry.fieldsOf };
}

type Built = ReturnType<typeof buildSchema>;
type BodySchema = Built['schema'];
type RawQuery = z.infer<BodySchema>;
type RawFilter = NonNullable<RawQuery['segmentFilters']>[number];
type RawPredicate = NonNullable<RawFilter['predicates']>[number];
type RawAggregation = NonNullable<RawQuery['aggregations']>[number];

const schemas = new Map<boolean, Built>();
function schemaFor(strict: boolean): Built {
  let s = schemas.get(strict);
  if (!s) {
    s = buildSchema(strict);
    schemas.set(strict, s);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Error messages.

/** The SDK model at a path inside a ConversationQuery. */
function modelAt(path: Path): string {
  const head = path[0];
  if (path.length === 0) return 'ConversationQuery';
  if (head === 'paging') return 'PagingSpec';
  if (head === 'aggregations') return path.includes('ranges') ? 'AggregationRange' : 'AnalyticsQueryAggregation';
  const spec = typeof head === 'string' ? SPEC_BY_FIELD.get(head) : undefined;
  if (!spec) return 'ConversationQuery';
  if (path[path.length - 1] === 'range' || path[path.length - 2] === 'range') return 'NumericRange';
  if (path.includes('predicates')) return `${spec.prefix}DetailQueryPredicate`;
  if (path.includes('clauses')) return `${spec.prefix}DetailQueryClause`;
  return `${spec.prefix}DetailQueryFilter`;
}

const AGGREGATES_ONLY = new Set([
  'metrics', 'groupBy', 'granularity', 'filter', 'views', 'timeZone', 'flattenMultivaluedDimensions',
  'alternateTimeDimension', 'queryType', 'sortMetric',
]);
const AGGREGATES_QUERY = 'the aggregates query (POST /api/v2/analytics/conversations/aggregates/query)';

/** A hint for a common mistake, by model and unknown field name. */
function unknownFieldHint(model: string, key: string): string {
  if (model === 'ConversationQuery') {
    if (AGGREGATES_ONLY.has(key)) {
      return key === 'filter'
        ? ` A single "filter" belongs to ${AGGREGATES_QUERY}; the details query filters with conversationFilters and segmentFilters.`
        : ` "${key}" belongs to ${AGGREGATES_QUERY}, not the details query, which returns whole conversation records.`;
    }
    if (key === 'metric_ids' || key === 'group_by' || key === 'metricIds') {
      return ` Field names are camelCase, and metrics/groupBy belong to ${AGGREGATES_QUERY}, not the details query.`;
    }
    if (['pageSize', 'pageNumber', 'size', 'page', 'limit', 'page_size'].includes(key)) {
      return ' Page with "paging": {"pageSize": 25, "pageNumber": 1}.';
    }
    if (key === 'cursor' || key === 'after') {
      return ' The details query pages with paging.pageNumber; cursors belong to the results of async details jobs (/analytics/conversations/details/jobs).';
    }
    if (['startTime', 'endTime', 'start', 'end', 'from', 'to', 'dateFrom', 'dateTo'].includes(key)) {
      return ' Give the time range as "interval": "<start>/<end>" (ISO-8601).';
    }
    if (key === 'filters') return ' Use conversationFilters and/or segmentFilters.';
    if (['sort', 'sortBy', 'sortOrder', 'orderby'].includes(key)) return ' Use "order" (asc|desc|unordered) and "orderBy".';
    if (key === 'select' || key === 'fields') return ' The details query always returns whole conversation records.';
  }
  if (model.endsWith('DetailQueryPredicate')) {
    if (key === 'values') return ' "value" takes one string; to match several values use an "or" filter or clause with one predicate per value.';
    if (key === 'op' || key === 'operation') return ' The field is "operator" (matches|exists|notExists).';
    if ((key === 'property' || key === 'propertyType') && !model.startsWith('Segment')) {
      return ' Property predicates are only available in segmentFilters.';
    }
    if (key === 'dimension' && model.startsWith('Resolution')) return ' Resolution predicates only take a metric.';
  }
  if (model.endsWith('DetailQueryFilter') || model.endsWith('DetailQueryClause')) {
    if (['filters', 'conditions', 'rules'].includes(key)) return ' Nest with "clauses": [{"type": "and|or", "predicates": […]}].';
    if (key === 'clauses') return ' Clauses cannot be nested inside clauses.';
  }
  if (model === 'NumericRange' || model === 'AggregationRange') {
    return ` Range bounds are ${model === 'NumericRange' ? 'gt, gte, lt and lte' : 'gte and lt'}.`;
  }
  if (model === 'PagingSpec') {
    if (key === 'size' || key === 'limit') return ' Did you mean "pageSize"?';
    if (key === 'page' || key === 'number') return ' Did you mean "pageNumber"?';
  }
  return '';
}

// ---------------------------------------------------------------------------------------------------------
// Predicates.

function dimensionHint(name: string, spec: FilterSpec): string {
  if (name === 'segmentStart') {
    return '"segmentStart" is not a filter dimension (segment filters have segmentEnd only); to filter on when conversations started, use the conversationStart dimension in conversationFilters.';
  }
  if (spec.field === 'conversationFilters' && (SEGMENT_DIMENSIONS as readonly string[]).includes(name)) {
    return `"${name}" is a segment dimension, not a conversation dimension: put this predicate in segmentFilters.`;
  }
  if (spec.field === 'segmentFilters' && (CONVERSATION_DIMENSIONS as readonly string[]).includes(name)) {
    return `"${name}" is a conversation dimension, not a segment dimension: put this predicate in conversationFilters.`;
  }
  if (spec.metrics.includes(name)) {
    return `"${name}" is a metric: write {"type": "metric", "metric": "${name}", …}.`;
  }
  if ((CONVERSATION_METRICS as readonly string[]).includes(name)) {
    return `"${name}" is a conversation metric: use {"type": "metric", "metric": "${name}", …} in conversationFilters.`;
  }
  return didYouMean(name, spec.dimensions ?? []);
}

function metricHint(name: string, spec: FilterSpec): string {
  if (spec.field === 'segmentFilters' && (CONVERSATION_METRICS as readonly string[]).includes(name)) {
    return `"${name}" is a conversation metric: put this predicate in conversationFilters (segment filters only have tSegmentDuration).`;
  }
  if (spec.field === 'conversationFilters' && name === 'tSegmentDuration') {
    return '"tSegmentDuration" is a segment metric: put this predicate in segmentFilters.';
  }
  if (spec.dimensions?.includes(name)) {
    return `"${name}" is a dimension: write {"type": "dimension", "dimension": "${name}", …}.`;
  }
  return didYouMean(name, spec.metrics);
}

const has = (v: unknown): boolean => v !== undefined && v !== null;

function compilePredicate(raw: RawPredicate, spec: FilterSpec, path: Path): Predicate {
  const at = pathText(path);
  const r = raw as RawPredicate & { dimension?: string | null; property?: string | null; propertyType?: (typeof PROPERTY_TYPES)[number] | null };
  const set = {
    dimension: has(r.dimension),
    metric: has(r.metric),
    property: has(r.property) || has(r.propertyType),
  };
  let type = r.type ?? undefined;
  if (type === undefined) {
    const named = (Object.keys(set) as Array<keyof typeof set>).filter((k) => set[k]);
    if (named.length === 0) {
      const lhs = [spec.dimensions ? 'dimension' : '', 'metric', spec.properties ? 'property' : ''].filter(Boolean).join(', ');
      throw badRequest(`The predicate at ${at} names nothing to test: give one of ${lhs}.`, at);
    }
    const [first, second] = named;
    if (first === undefined || second !== undefined) {
      throw badRequest(`The predicate at ${at} sets ${named.join(' and ')}; set "type" (dimension|property|metric) and only its field.`, at);
    }
    type = first;
  }
  if (type === 'property' && !spec.properties) {
    throw badRequest(`Property predicates are only supported in segmentFilters (predicate at ${at}).`, `${at}.type`);
  }
  if (type === 'dimension' && !spec.dimensions) {
    throw badRequest(`Resolution predicates only take a metric (predicate at ${at}): use {"type": "metric", "metric": "nNextContactAvoided", …}.`, `${at}.type`);
  }
  for (const other of ['dimension', 'metric', 'property'] as const) {
    if (other !== type && set[other]) {
      throw badRequest(`The predicate at ${at} has type "${type}" but also sets ${other}; a ${type} predicate only takes ${type === 'property' ? 'property and propertyType' : type}.`, at);
    }
  }
  switch (type) {
    case 'dimension': {
      const dimension = r.dimension;
      if (!dimension) {
        throw badRequest(`The dimension predicate at ${at} has no dimension. For a metric predicate set "type": "metric".`, `${at}.dimension`);
      }
      const allowed = spec.dimensions ?? [];
      if (!allowed.includes(dimension)) throw invalidValue('dimension', dimension, allowed, [...path, 'dimension'], dimensionHint(dimension, spec));
      const kind = dimensionKind(dimension);
      return { type, dimension, kind, test: compileTest(r, kind, path, `dimension ${dimension}`) };
    }
    case 'metric': {
      const metric = r.metric;
      if (!metric) throw badRequest(`The metric predicate at ${at} has no metric.`, `${at}.metric`);
      if (!spec.metrics.includes(metric)) throw invalidValue('metric', metric, spec.metrics, [...path, 'metric'], metricHint(metric, spec));
      return { type, metric, test: compileTest(r, 'number', path, `metric ${metric}`) };
    }
    case 'property': {
      const { property, propertyType } = r;
      if (!property) throw badRequest(`The property predicate at ${at} has no property name.`, `${at}.property`);
      if (!propertyType) {
        throw badRequest(`The property predicate at ${at} has no propertyType. Allowable values are: ${PROPERTY_TYPES.join(', ')}`, `${at}.propertyType`);
      }
      const kind = propertyKind(propertyType);
      return { type, property, propertyType, kind, test: compileTest(r, kind, path, `${propertyType} property ${property}`) };
    }
  }
}

const KIND_TEXT: Record<ValueKind, string> = {
  string: 'string',
  number: 'numeric',
  boolean: 'boolean',
  date: 'ISO-8601 date',
};

function compileTest(r: RawPredicate, kind: ValueKind, path: Path, subject: string): Test {
  const at = pathText(path);
  const op = r.operator ?? 'matches';
  const hasValue = has(r.value);
  const hasRange = has(r.range);
  if (op !== 'matches') {
    if (hasValue || hasRange) {
      throw badRequest(`The "${op}" operator takes no ${hasValue ? 'value' : 'range'} (predicate at ${at}); remove it, or use operator "matches".`, `${at}.${hasValue ? 'value' : 'range'}`);
    }
    return { op };
  }
  if (!hasValue && !hasRange) {
    throw badRequest(`The predicate at ${at} uses operator "matches" but has neither value nor range; give one, or use operator "exists" or "notExists".`, at);
  }
  if (hasValue && hasRange) throw badRequest(`The predicate at ${at} has both value and range; give only one.`, at);
  if (hasValue) return compileValue(r.value, kind, `${at}.value`, subject);
  return { op: 'range', range: compileRange(r.range, kind, `${at}.range`, subject) };
}

function compileValue(value: unknown, kind: ValueKind, at: string, subject: string): Test {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw badRequest(`Invalid value for field ${at}: expected a string, received ${describe(value)}.`, at);
  }
  const text = String(value);
  switch (kind) {
    case 'string':
      return { op: 'value', text };
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') {
        throw badRequest(`Value [${text}] is not valid for ${subject} (${at}): it is boolean; use "true" or "false".`, at, 'invalid.value');
      }
      return { op: 'value', text: lower };
    }
    case 'number': {
      const num = text.trim() === '' ? NaN : Number(text);
      if (!Number.isFinite(num)) throw badRequest(`Value [${text}] is not valid for ${subject} (${at}): expected a number.`, at, 'invalid.value');
      return { op: 'value', text, num };
    }
    case 'date': {
      const instant = parseInstant(text);
      if (!instant) {
        throw badRequest(`Value [${text}] is not valid for ${subject} (${at}). Dates must be specified as ISO-8601 strings. For example: yyyy-MM-ddTHH:mm:ss.SSSZ`, at, 'invalid.date');
      }
      return { op: 'value', text, num: instant.ms };
    }
  }
}

const RANGE_KEYS = ['gt', 'gte', 'lt', 'lte'] as const;

function compileRange(raw: unknown, kind: ValueKind, at: string, subject: string): NumberRange {
  if (kind === 'string' || kind === 'boolean') {
    throw badRequest(`A range cannot be used on ${subject}, whose values are ${KIND_TEXT[kind]}s; use "value" (${at}).`, at);
  }
  const bounds = raw as Partial<Record<(typeof RANGE_KEYS)[number], unknown>>;
  const out: NumberRange = {};
  for (const key of RANGE_KEYS) {
    const b = bounds[key];
    if (!has(b)) continue;
    let n = NaN;
    if (typeof b === 'number') n = b;
    else if (typeof b === 'string') n = kind === 'date' ? (parseInstant(b)?.ms ?? NaN) : b.trim() === '' ? NaN : Number(b);
    if (!Number.isFinite(n)) {
      const expected = kind === 'date' ? 'an ISO-8601 instant such as 2024-05-01T00:00:00.000Z (or epoch milliseconds)' : 'a number';
      throw badRequest(`Invalid range bound ${at}.${key} [${show(b)}] for ${subject}: expected ${expected}.`, `${at}.${key}`, kind === 'date' ? 'invalid.date' : 'bad.request');
    }
    out[key] = n;
  }
  if (Object.keys(out).length === 0) {
    throw badRequest(`The range at ${at} has no bounds; give at least one of gt, gte, lt, lte.`, at);
  }
  return out;
}

function compileFilters(raw: readonly RawFilter[] | null | undefined, spec: FilterSpec): Filter[] {
  return (raw ?? []).map((f, i) => {
    const path = [spec.field, i];
    const predicates = f.predicates ?? [];
    const clauses = f.clauses ?? [];
    if (predicates.length === 0 && clauses.length === 0) {
      throw badRequest(`The filter at ${pathText(path)} has no predicates and no clauses; give at least one.`, pathText(path));
    }
    return {
      type: f.type,
      predicates: predicates.map((p, k) => compilePredicate(p, spec, [...path, 'predicates', k])),
      clauses: clauses.map((c, j): Clause => {
        const cpath = [...path, 'clauses', j];
        if (c.predicates.length === 0) throw badRequest(`The clause at ${pathText(cpath)} has no predicates; give at least one.`, pathText(cpath));
        return { type: c.type, predicates: c.predicates.map((p, k) => compilePredicate(p, spec, [...cpath, 'predicates', k])) };
      }),
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Aggregations and paging.

const AGG_DIMENSIONS: readonly string[] = [...CONVERSATION_DIMENSIONS, ...SEGMENT_DIMENSIONS];
const AGG_METRICS: readonly string[] = [...CONVERSATION_METRICS, ...SEGMENT_METRICS];

function compileAggregation(a: RawAggregation, i: number): DetailsAggregation {
  const path = ['aggregations', i];
  const at = pathText(path);
  const type = a.type ?? (has(a.dimension) && !has(a.metric) ? 'termFrequency' : has(a.metric) && !has(a.dimension) ? 'numericRange' : undefined);
  if (type === undefined) {
    throw badRequest(`The aggregation at ${at} needs a "type" (termFrequency with a dimension, or numericRange with a metric and ranges).`, `${at}.type`);
  }
  if (type === 'termFrequency') {
    if (!a.dimension) throw badRequest(`The termFrequency aggregation at ${at} has no dimension.`, `${at}.dimension`);
    if (has(a.metric) || has(a.ranges)) throw badRequest(`The termFrequency aggregation at ${at} takes a dimension and size; metric and ranges are for numericRange.`, at);
    if (!AGG_DIMENSIONS.includes(a.dimension)) {
      throw invalidValue('dimension', a.dimension, AGG_DIMENSIONS, [...path, 'dimension'], didYouMean(a.dimension, AGG_DIMENSIONS));
    }
    const size = a.size ?? DEFAULT_TERM_SIZE;
    if (!Number.isInteger(size) || size < 1) throw badRequest(`${at}.size must be a positive integer; received [${size}].`, `${at}.size`);
    return { type, dimension: a.dimension, size };
  }
  if (!a.metric) throw badRequest(`The numericRange aggregation at ${at} has no metric.`, `${at}.metric`);
  if (has(a.dimension) || has(a.size)) throw badRequest(`The numericRange aggregation at ${at} takes a metric and ranges; dimension and size are for termFrequency.`, at);
  if (!AGG_METRICS.includes(a.metric)) {
    throw invalidValue('metric', a.metric, AGG_METRICS, [...path, 'metric'], didYouMean(a.metric, AGG_METRICS));
  }
  const ranges = a.ranges ?? [];
  if (ranges.length === 0) throw badRequest(`The numericRange aggregation at ${at} needs at least one range {gte, lt}.`, `${at}.ranges`);
  return {
    type,
    metric: a.metric,
    ranges: ranges.map((r, j) => {
      const out: { gte?: number; lt?: number } = {};
      if (has(r.gte)) out.gte = r.gte as number;
      if (has(r.lt)) out.lt = r.lt as number;
      if (out.gte === undefined && out.lt === undefined) {
        throw badRequest(`The range at ${at}.ranges[${j}] has no bounds; give gte and/or lt.`, `${at}.ranges[${j}]`);
      }
      if (out.gte !== undefined && out.lt !== undefined && out.gte >= out.lt) {
        throw badRequest(`The range at ${at}.ranges[${j}] is empty: gte [${out.gte}] must be less than lt [${out.lt}].`, `${at}.ranges[${j}]`);
      }
      return out;
    }),
  };
}

/** Genesys's text after "Pagination may not exceed N results." [SPLUNK v0.2.2, genesys-api.md §10.2]. */
export const PAGINATION_TIP =
  'Tip: When extracting large chunks of data (multiple days/weeks), maximize pagination performance by querying in smaller intervals. For example, paging through 1am-2am, then 2am-3am, then 3am-4am, and so forth will outperform paging through one large interval that covers the same time frame.';

function compilePaging(raw: RawQuery['paging'], limits: SandboxLimits): DetailsQuery['paging'] {
  const pageSize = raw?.pageSize ?? DEFAULT_PAGE_SIZE;
  const pageNumber = raw?.pageNumber ?? 1;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > limits.detailsMaxPageSize) {
    throw badRequest(`paging.pageSize must be an integer from 1 to ${limits.detailsMaxPageSize}; received [${pageSize}].`, 'paging.pageSize');
  }
  if (!Number.isInteger(pageNumber) || pageNumber < 1) {
    throw badRequest(`paging.pageNumber must be an integer of at least 1 (pages are numbered from 1); received [${pageNumber}].`, 'paging.pageNumber');
  }
  if (pageNumber * pageSize > limits.detailsMaxResults) {
    throw badRequest(`Pagination may not exceed ${limits.detailsMaxResults} results. ${PAGINATION_TIP}`);
  }
  return { pageSize, pageNumber };
}

// ---------------------------------------------------------------------------------------------------------
// Parsing.

const DAY_MS = 86_400_000;

/**
 * Validates a details query body (`Models.ConversationQuery`) and returns it compiled with defaults applied.
 * Throws {@link GenesysHttpError} 400 naming the first problem.
 */
export function parseDetailsQuery(body: unknown, limits: SandboxLimits): DetailsQuery {
  const { schema, fieldsOf } = schemaFor(limits.rejectUnknownFields);
  const raw = parseBody(schema, body, { model: 'ConversationQuery', modelAt, fieldsOf, unknownFieldHint });

  const interval = parseInterval(raw.interval);
  const filters = {} as DetailsFilters;
  for (const spec of FILTER_SPECS) filters[spec.field] = compileFilters(raw[spec.field], spec);
  // Genesys: "if no filter is supplied, you will be limited to an interval no longer than seven days. If you
  // do provide a filter, the limit increases to 31 days."
  const filtered = FILTER_SPECS.some((spec) => filters[spec.field].length > 0);
  const maxDays = filtered ? limits.detailsMaxIntervalDays : Math.min(limits.detailsMaxIntervalDays, limits.detailsMaxIntervalDaysWithoutFilter);
  const days = (interval.end - interval.start) / DAY_MS;
  if (days > maxDays) {
    throw badRequest(
      `The interval [${String(raw.interval)}] spans ${+days.toFixed(2)} days; a details query may cover at most ${maxDays} days${filtered ? '' : ` without a filter (${limits.detailsMaxIntervalDays} with one)`}. Query smaller intervals (or use an async details job).`,
      'interval',
    );
  }

  const aggregations = (raw.aggregations ?? []).map(compileAggregation);
  const paging = compilePaging(raw.paging, limits);

  return {
    interval,
    intervalText: String(raw.interval),
    order: raw.order ?? 'asc',
    orderBy: raw.orderBy ?? 'conversationStart',
    paging,
    aggregations,
    ...filters,
  };
}
