import { describe, expect, it } from 'vitest';
import { GenesysHttpError } from '../../src/http/errors.js';
import { DEFAULT_LIMITS, type SandboxLimits } from '../../src/options.js';
import { PAGINATION_TIP, parseDetailsQuery } from '../../src/query/details.js';

const INTERVAL = '2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z';

function errorOf(body: unknown, limits: SandboxLimits = DEFAULT_LIMITS): GenesysHttpError {
  try {
    parseDetailsQuery(body, limits);
  } catch (e) {
    if (e instanceof GenesysHttpError) return e;
    throw e;
  }
  throw new Error(`expected a 400 for ${JSON.stringify(body)}`);
}

const withInterval = (rest: Record<string, unknown>): Record<string, unknown> => ({ interval: INTERVAL, ...rest });
const convFilter = (...predicates: unknown[]) => withInterval({ conversationFilters: [{ type: 'and', predicates }] });
const segFilter = (...predicates: unknown[]) => withInterval({ segmentFilters: [{ type: 'and', predicates }] });

interface Case {
  name: string;
  body: unknown;
  code: string;
  /** Fragments the message must contain. */
  has: string[];
  fieldName?: string;
  limits?: Partial<SandboxLimits>;
}

const CASES: Case[] = [
  // --- the body itself
  { name: 'null body', body: null, code: 'bad.request', has: ['must be a JSON object', 'ConversationQuery', 'received null'] },
  { name: 'array body', body: [INTERVAL], code: 'bad.request', has: ['must be a JSON object', 'received an array'] },
  { name: 'string body', body: INTERVAL, code: 'bad.request', has: ['must be a JSON object', 'received the string'] },
  // --- interval
  { name: 'missing interval', body: {}, code: 'invalid.date', has: ['interval is required'], fieldName: 'interval' },
  { name: 'malformed interval', body: { interval: '2024-05-01/tomorrow' }, code: 'invalid.date', has: ['[2024-05-01/tomorrow]', 'ISO-8601'] },
  { name: 'interval of a number', body: { interval: 20240501 }, code: 'invalid.date', has: ['interval is required'] },
  {
    name: 'interval longer than 31 days with a filter',
    body: {
      interval: '2024-05-01T00:00:00Z/2024-06-10T00:00:00Z',
      conversationFilters: [{ type: 'and', predicates: [{ dimension: 'conversationEnd', operator: 'exists' }] }],
    },
    code: 'bad.request',
    has: ['spans 40 days', 'at most 31 days'],
    fieldName: 'interval',
  },
  {
    name: 'interval longer than 7 days without a filter',
    body: { interval: '2024-05-01T00:00:00Z/2024-05-09T00:00:00Z' },
    code: 'bad.request',
    has: ['spans 8 days', 'at most 7 days without a filter (31 with one)'],
    fieldName: 'interval',
  },
  {
    name: 'interval longer than a configured 7 days',
    body: { interval: '2024-05-01T00:00:00Z/2024-05-08T00:00:01Z' },
    code: 'bad.request',
    has: ['at most 7 days'],
    limits: { detailsMaxIntervalDays: 7 },
  },
  // --- unknown top-level fields (tutorial mistakes)
  {
    name: 'metric_ids',
    body: withInterval({ metric_ids: ['tTalk'] }),
    code: 'bad.request',
    has: ['Unrecognized field "metric_ids" in ConversationQuery', 'Allowed fields: interval, conversationFilters, segmentFilters, evaluationFilters, surveyFilters, resolutionFilters, order, orderBy, aggregations, paging.', 'camelCase'],
    fieldName: 'metric_ids',
  },
  { name: 'group_by', body: withInterval({ group_by: ['queueId'] }), code: 'bad.request', has: ['Unrecognized field "group_by"', 'aggregates query'] },
  { name: 'metrics', body: withInterval({ metrics: ['tTalk'] }), code: 'bad.request', has: ['Unrecognized field "metrics"', '"metrics" belongs to the aggregates query'] },
  { name: 'groupBy', body: withInterval({ groupBy: ['queueId'] }), code: 'bad.request', has: ['Unrecognized field "groupBy"', 'aggregates query'] },
  { name: 'granularity', body: withInterval({ granularity: 'PT30M' }), code: 'bad.request', has: ['Unrecognized field "granularity"', 'aggregates query'] },
  { name: 'size', body: withInterval({ size: 100 }), code: 'bad.request', has: ['Unrecognized field "size"', '"paging": {"pageSize"'] },
  { name: 'top-level pageSize', body: withInterval({ pageSize: 100 }), code: 'bad.request', has: ['Unrecognized field "pageSize" in ConversationQuery', 'paging'] },
  { name: 'cursor', body: withInterval({ cursor: 'abc' }), code: 'bad.request', has: ['Unrecognized field "cursor"', 'async details jobs'] },
  {
    name: 'unknown field is reported before an invalid interval',
    body: { interval: 'nope', metric_ids: [] },
    code: 'bad.request',
    has: ['Unrecognized field "metric_ids"'],
  },
  // --- nested unknown fields
  {
    name: 'predicate "values"',
    body: convFilter({ dimension: 'divisionId', values: ['d1', 'd2'] }),
    code: 'bad.request',
    has: ['Unrecognized field "values" in ConversationDetailQueryPredicate (at conversationFilters[0].predicates[0])', 'Allowed fields: type, dimension, metric, operator, value, range', 'one predicate per value'],
    fieldName: 'conversationFilters[0].predicates[0].values',
  },
  {
    name: 'property in a conversation predicate',
    body: convFilter({ type: 'property', property: 'vip', value: 'true' }),
    code: 'bad.request',
    has: ['Unrecognized field "property" in ConversationDetailQueryPredicate', 'only available in segmentFilters'],
  },
  { name: 'paging.size', body: withInterval({ paging: { size: 10 } }), code: 'bad.request', has: ['Unrecognized field "size" in PagingSpec', 'Did you mean "pageSize"?'] },
  {
    name: 'range "from"',
    body: convFilter({ dimension: 'conversationStart', range: { from: '2024-05-01T00:00:00Z' } }),
    code: 'bad.request',
    has: ['Unrecognized field "from" in NumericRange', 'gt, gte, lt and lte'],
  },
  // --- order / orderBy
  {
    name: 'order',
    body: withInterval({ order: 'ascending' }),
    code: 'invalid.value',
    has: ['Value [ascending] is not valid for field type [order]. Allowable values are: asc, desc, unordered'],
    fieldName: 'order',
  },
  {
    name: 'orderBy',
    body: withInterval({ orderBy: 'startTime' }),
    code: 'invalid.value',
    has: ['Value [startTime] is not valid for field type [orderBy]. Allowable values are: conversationStart, conversationEnd, segmentStart, segmentEnd'],
  },
  // --- filter structure
  { name: 'filters not an array', body: withInterval({ conversationFilters: { type: 'and' } }), code: 'bad.request', has: ['field conversationFilters: expected an array, received an object'] },
  {
    name: 'filter type',
    body: withInterval({ segmentFilters: [{ type: 'xor', predicates: [{ dimension: 'queueId', value: 'Q1' }] }] }),
    code: 'invalid.value',
    has: ['Value [xor] is not valid for field type [type] at segmentFilters[0].type', 'Allowable values are: and, or'],
  },
  {
    name: 'filter without type',
    body: withInterval({ conversationFilters: [{ predicates: [{ dimension: 'conversationEnd', operator: 'exists' }] }] }),
    code: 'bad.request',
    has: ['Missing required field conversationFilters[0].type', 'and, or'],
  },
  {
    name: 'clause type',
    body: withInterval({ conversationFilters: [{ type: 'and', clauses: [{ type: 'not', predicates: [{ dimension: 'conversationEnd', operator: 'exists' }] }] }] }),
    code: 'invalid.value',
    has: ['Value [not] is not valid for field type [type] at conversationFilters[0].clauses[0].type'],
  },
  { name: 'empty filter', body: withInterval({ segmentFilters: [{ type: 'or' }] }), code: 'bad.request', has: ['segmentFilters[0] has no predicates and no clauses'] },
  {
    name: 'empty clause',
    body: withInterval({ segmentFilters: [{ type: 'or', clauses: [{ type: 'and', predicates: [] }] }] }),
    code: 'bad.request',
    has: ['clause at segmentFilters[0].clauses[0] has no predicates'],
  },
  // --- predicates
  { name: 'predicate type', body: convFilter({ type: 'dim', dimension: 'conversationId', value: 'x' }), code: 'invalid.value', has: ['Value [dim] is not valid for field type [type]', 'dimension, property, metric'] },
  {
    name: 'mediaType in a conversation filter',
    body: convFilter({ type: 'dimension', dimension: 'mediaType', value: 'voice' }),
    code: 'invalid.value',
    has: ['Value [mediaType] is not valid for field type [dimension] at conversationFilters[0].predicates[0].dimension', '"mediaType" is a segment dimension', 'put this predicate in segmentFilters', 'Allowable values are: accessAttribute, conversationEnd'],
    fieldName: 'conversationFilters[0].predicates[0].dimension',
  },
  { name: 'queueId in a conversation filter', body: convFilter({ dimension: 'queueId', value: 'Q1' }), code: 'invalid.value', has: ['"queueId" is a segment dimension', 'segmentFilters'] },
  { name: 'userId in a conversation filter', body: convFilter({ dimension: 'userId', value: 'U1' }), code: 'invalid.value', has: ['"userId" is a segment dimension'] },
  {
    name: 'originatingDirection in a segment filter',
    body: segFilter({ dimension: 'originatingDirection', value: 'inbound' }),
    code: 'invalid.value',
    has: ['"originatingDirection" is a conversation dimension', 'put this predicate in conversationFilters'],
  },
  { name: 'segmentStart is not a dimension', body: segFilter({ dimension: 'segmentStart', operator: 'exists' }), code: 'invalid.value', has: ['Value [segmentStart]', 'conversationStart'] },
  { name: 'unknown segment dimension', body: segFilter({ dimension: 'queue', value: 'Q1' }), code: 'invalid.value', has: ['Value [queue] is not valid for field type [dimension]', 'queueId'] },
  { name: 'wrong-case dimension', body: segFilter({ dimension: 'QueueId', value: 'Q1' }), code: 'invalid.value', has: ['Did you mean "queueId"?'] },
  { name: 'metric used as a dimension', body: convFilter({ dimension: 'tTalk', operator: 'exists' }), code: 'invalid.value', has: ['"tTalk" is a metric', '"type": "metric"'] },
  { name: 'unknown metric', body: convFilter({ type: 'metric', metric: 'tFoo', operator: 'exists' }), code: 'invalid.value', has: ['Value [tFoo] is not valid for field type [metric]', 'tAbandon'] },
  {
    name: 'conversation metric in a segment filter',
    body: segFilter({ type: 'metric', metric: 'tTalk', range: { gt: 0 } }),
    code: 'invalid.value',
    has: ['"tTalk" is a conversation metric', 'segment filters only have tSegmentDuration', 'Allowable values are: tSegmentDuration'],
  },
  {
    name: 'type dimension without a dimension',
    body: convFilter({ type: 'dimension', operator: 'exists' }),
    code: 'bad.request',
    has: ['dimension predicate at conversationFilters[0].predicates[0] has no dimension'],
  },
  { name: 'type metric with a dimension', body: convFilter({ type: 'metric', dimension: 'conversationEnd', operator: 'exists' }), code: 'bad.request', has: ['has type "metric" but also sets dimension'] },
  { name: 'dimension and metric without type', body: convFilter({ dimension: 'conversationEnd', metric: 'tTalk', operator: 'exists' }), code: 'bad.request', has: ['sets dimension and metric', 'set "type"'] },
  { name: 'nothing to test', body: convFilter({ operator: 'exists' }), code: 'bad.request', has: ['names nothing to test', 'dimension, metric'] },
  {
    name: 'operator',
    body: segFilter({ dimension: 'queueId', operator: 'equals', value: 'Q1' }),
    code: 'invalid.value',
    has: ['Value [equals] is not valid for field type [operator]', 'Allowable values are: matches, exists, notExists'],
  },
  { name: 'matches without value or range', body: segFilter({ dimension: 'queueId' }), code: 'bad.request', has: ['uses operator "matches" but has neither value nor range'] },
  { name: 'value and range', body: convFilter({ dimension: 'mediaStatsMinConversationMos', value: '4', range: { gte: 4 } }), code: 'bad.request', has: ['has both value and range'] },
  { name: 'exists with a value', body: convFilter({ dimension: 'conversationEnd', operator: 'exists', value: 'x' }), code: 'bad.request', has: ['"exists" operator takes no value'], fieldName: 'conversationFilters[0].predicates[0].value' },
  { name: 'notExists with a range', body: convFilter({ dimension: 'conversationEnd', operator: 'notExists', range: { lt: 5 } }), code: 'bad.request', has: ['"notExists" operator takes no range'] },
  { name: 'range without bounds', body: convFilter({ type: 'metric', metric: 'tTalk', range: {} }), code: 'bad.request', has: ['range at conversationFilters[0].predicates[0].range has no bounds', 'gt, gte, lt, lte'] },
  {
    name: 'non-numeric metric bound',
    body: convFilter({ type: 'metric', metric: 'tTalk', range: { gte: 'ten' } }),
    code: 'bad.request',
    has: ['Invalid range bound conversationFilters[0].predicates[0].range.gte [ten] for metric tTalk: expected a number'],
    fieldName: 'conversationFilters[0].predicates[0].range.gte',
  },
  { name: 'non-ISO date bound', body: convFilter({ dimension: 'conversationStart', range: { gte: 'yesterday' } }), code: 'invalid.date', has: ['range.gte [yesterday]', 'ISO-8601'] },
  { name: 'date bound without offset', body: convFilter({ dimension: 'conversationEnd', range: { lt: '2024-05-01T10:00:00' } }), code: 'invalid.date', has: ['ISO-8601'] },
  { name: 'range on a string dimension', body: segFilter({ dimension: 'queueId', range: { gte: 1 } }), code: 'bad.request', has: ['range cannot be used on dimension queueId', 'use "value"'] },
  { name: 'non-boolean value on a boolean dimension', body: segFilter({ dimension: 'recording', value: 'yes' }), code: 'invalid.value', has: ['Value [yes] is not valid for dimension recording', '"true" or "false"'] },
  { name: 'non-numeric value on a numeric dimension', body: convFilter({ dimension: 'mediaStatsMinConversationMos', value: 'good' }), code: 'invalid.value', has: ['Value [good]', 'expected a number'] },
  { name: 'non-ISO value on a date dimension', body: convFilter({ dimension: 'conversationStart', value: 'today' }), code: 'invalid.date', has: ['Value [today]', 'ISO-8601'] },
  { name: 'object value', body: segFilter({ dimension: 'queueId', value: { id: 'Q1' } }), code: 'bad.request', has: ['segmentFilters[0].predicates[0].value: expected a string, received an object'] },
  { name: 'property predicate without propertyType', body: segFilter({ type: 'property', property: 'vip', value: 'true' }), code: 'bad.request', has: ['has no propertyType', 'bool, integer, real, date, string, uuid'] },
  { name: 'propertyType', body: segFilter({ property: 'vip', propertyType: 'boolean', value: 'true' }), code: 'invalid.value', has: ['Value [boolean] is not valid for field type [propertyType]'] },
  { name: 'dimension in a resolution filter', body: withInterval({ resolutionFilters: [{ type: 'and', predicates: [{ dimension: 'queueId', value: 'Q1' }] }] }), code: 'bad.request', has: ['Unrecognized field "dimension" in ResolutionDetailQueryPredicate', 'only take a metric'] },
  // --- paging
  { name: 'pageSize 0', body: withInterval({ paging: { pageSize: 0, pageNumber: 1 } }), code: 'bad.request', has: ['paging.pageSize must be an integer from 1 to 100; received [0]'], fieldName: 'paging.pageSize' },
  { name: 'pageSize 101', body: withInterval({ paging: { pageSize: 101, pageNumber: 1 } }), code: 'bad.request', has: ['from 1 to 100; received [101]'] },
  { name: 'pageSize 2.5', body: withInterval({ paging: { pageSize: 2.5, pageNumber: 1 } }), code: 'bad.request', has: ['paging.pageSize must be an integer'] },
  { name: 'pageSize as a string', body: withInterval({ paging: { pageSize: '25', pageNumber: 1 } }), code: 'bad.request', has: ['field paging.pageSize: expected a number, received the string "25"'] },
  { name: 'pageNumber 0', body: withInterval({ paging: { pageSize: 25, pageNumber: 0 } }), code: 'bad.request', has: ['paging.pageNumber must be an integer of at least 1', 'received [0]'], fieldName: 'paging.pageNumber' },
  { name: 'paging not an object', body: withInterval({ paging: 3 }), code: 'bad.request', has: ['field paging: expected a PagingSpec object, received number 3'] },
  // --- aggregations
  { name: 'aggregation type', body: withInterval({ aggregations: [{ type: 'histogram', dimension: 'queueId' }] }), code: 'invalid.value', has: ['Value [histogram] is not valid for field type [type]', 'termFrequency, numericRange'] },
  { name: 'termFrequency without dimension', body: withInterval({ aggregations: [{ type: 'termFrequency', size: 5 }] }), code: 'bad.request', has: ['termFrequency aggregation at aggregations[0] has no dimension'] },
  { name: 'termFrequency dimension', body: withInterval({ aggregations: [{ type: 'termFrequency', dimension: 'queue' }] }), code: 'invalid.value', has: ['Value [queue] is not valid for field type [dimension] at aggregations[0].dimension'] },
  { name: 'termFrequency size', body: withInterval({ aggregations: [{ dimension: 'queueId', size: 0 }] }), code: 'bad.request', has: ['aggregations[0].size must be a positive integer'] },
  { name: 'numericRange without ranges', body: withInterval({ aggregations: [{ type: 'numericRange', metric: 'tTalk' }] }), code: 'bad.request', has: ['needs at least one range'] },
  { name: 'numericRange metric', body: withInterval({ aggregations: [{ metric: 'talkTime', ranges: [{ lt: 5 }] }] }), code: 'invalid.value', has: ['Value [talkTime] is not valid for field type [metric]'] },
  { name: 'empty numeric range', body: withInterval({ aggregations: [{ metric: 'tTalk', ranges: [{ gte: 10, lt: 10 }] }] }), code: 'bad.request', has: ['aggregations[0].ranges[0] is empty'] },
  { name: 'aggregation without type, dimension or metric', body: withInterval({ aggregations: [{ size: 3 }] }), code: 'bad.request', has: ['needs a "type"'] },
];

describe('parseDetailsQuery rejects invalid bodies with a Genesys 400 that names the problem', () => {
  it.each(CASES)('$name', ({ body, code, has, fieldName, limits }) => {
    const err = errorOf(body, { ...DEFAULT_LIMITS, ...limits });
    expect(err.status).toBe(400);
    expect(err.code).toBe(code);
    for (const fragment of has) expect(err.message).toContain(fragment);
    if (fieldName !== undefined) expect(err.toBody('ctx').details).toEqual([{ errorCode: code, fieldName }]);
  });
});

describe('paging depth', () => {
  it.each([
    { pageSize: 100, pageNumber: 1000, ok: true },
    { pageSize: 100, pageNumber: 1001, ok: false },
    { pageSize: 25, pageNumber: 4000, ok: true },
    { pageSize: 25, pageNumber: 4001, ok: false },
    { pageSize: 1, pageNumber: 100000, ok: true },
    { pageSize: 1, pageNumber: 100001, ok: false },
  ])('pageSize $pageSize × pageNumber $pageNumber → ok=$ok', ({ pageSize, pageNumber, ok }) => {
    const body = withInterval({ paging: { pageSize, pageNumber } });
    if (ok) {
      expect(parseDetailsQuery(body, DEFAULT_LIMITS).paging).toEqual({ pageSize, pageNumber });
      return;
    }
    const err = errorOf(body);
    expect(err.status).toBe(400);
    expect(err.code).toBe('bad.request');
    expect(err.message).toBe(`Pagination may not exceed 100000 results. ${PAGINATION_TIP}`);
    expect(err.message.startsWith('Pagination may not exceed 100000 results. Tip: When extracting large chunks of data')).toBe(true);
  });

  it('uses the configured depth and page size', () => {
    const limits = { ...DEFAULT_LIMITS, detailsMaxResults: 50, detailsMaxPageSize: 200 };
    expect(errorOf(withInterval({ paging: { pageSize: 10, pageNumber: 6 } }), limits).message).toMatch(/^Pagination may not exceed 50 results\. Tip:/);
    expect(parseDetailsQuery(withInterval({ paging: { pageSize: 10, pageNumber: 5 } }), limits).paging.pageNumber).toBe(5);
    expect(errorOf(withInterval({ paging: { pageSize: 200, pageNumber: 1 } }), limits).message).toMatch(/^Pagination may not exceed 50/);
    const wide = { ...limits, detailsMaxResults: 100_000 };
    expect(parseDetailsQuery(withInterval({ paging: { pageSize: 200, pageNumber: 1 } }), wide).paging.pageSize).toBe(200);
    expect(errorOf(withInterval({ paging: { pageSize: 201 } }), wide).message).toContain('from 1 to 200');
  });
});

describe('parseDetailsQuery accepts valid bodies', () => {
  it('applies the defaults', () => {
    const q = parseDetailsQuery({ interval: INTERVAL }, DEFAULT_LIMITS);
    expect(q).toEqual({
      interval: { start: Date.UTC(2024, 4, 1), end: Date.UTC(2024, 4, 2), startOffsetMinutes: 0 },
      intervalText: INTERVAL,
      order: 'asc',
      orderBy: 'conversationStart',
      paging: { pageSize: 25, pageNumber: 1 },
      aggregations: [],
      conversationFilters: [],
      segmentFilters: [],
      evaluationFilters: [],
      surveyFilters: [],
      resolutionFilters: [],
    });
  });

  it('accepts exactly 31 days, nulls as absent, and a partial paging object', () => {
    const q = parseDetailsQuery(
      {
        interval: '2024-05-01T00:00:00Z/2024-06-01T00:00:00Z',
        order: null,
        conversationFilters: null,
        segmentFilters: [{ type: 'or', predicates: [{ dimension: 'mediaType', value: 'voice' }] }],
        paging: { pageSize: 100 },
      },
      DEFAULT_LIMITS,
    );
    expect(q.order).toBe('asc');
    expect(q.conversationFilters).toEqual([]);
    expect(q.paging).toEqual({ pageSize: 100, pageNumber: 1 });
    // Without a filter the same 31 days are too long (7 at most).
    expect(() => parseDetailsQuery({ interval: '2024-05-01T00:00:00Z/2024-06-01T00:00:00Z' }, DEFAULT_LIMITS)).toThrow(/at most 7 days/);
  });

  it('compiles the fact sheet example', () => {
    const q = parseDetailsQuery(
      {
        interval: '2024-05-01T00:00:00.000Z/2024-05-02T12:00:00.000Z',
        order: 'desc',
        orderBy: 'conversationStart',
        paging: { pageSize: 100, pageNumber: 1 },
        conversationFilters: [{ type: 'and', predicates: [{ type: 'dimension', dimension: 'conversationEnd', operator: 'notExists' }] }],
        segmentFilters: [{ type: 'and', predicates: [{ dimension: 'mediaType', value: 'voice' }, { dimension: 'queueId', value: 'Q' }] }],
      },
      DEFAULT_LIMITS,
    );
    expect(q.order).toBe('desc');
    expect(q.paging).toEqual({ pageSize: 100, pageNumber: 1 });
    expect(q.conversationFilters).toEqual([
      { type: 'and', clauses: [], predicates: [{ type: 'dimension', dimension: 'conversationEnd', kind: 'date', test: { op: 'notExists' } }] },
    ]);
    expect(q.segmentFilters).toEqual([
      {
        type: 'and',
        clauses: [],
        predicates: [
          { type: 'dimension', dimension: 'mediaType', kind: 'string', test: { op: 'value', text: 'voice' } },
          { type: 'dimension', dimension: 'queueId', kind: 'string', test: { op: 'value', text: 'Q' } },
        ],
      },
    ]);
  });

  it('infers predicate and aggregation types, normalises values and date bounds', () => {
    const q = parseDetailsQuery(
      withInterval({
        conversationFilters: [
          {
            type: 'or',
            predicates: [
              { metric: 'tTalk', range: { gte: '1000', lt: 5000 } },
              { dimension: 'conversationStart', range: { gte: '2024-05-01T12:00:00+02:00' } },
              { dimension: 'customerParticipation', value: true },
            ],
          },
        ],
        segmentFilters: [{ type: 'and', predicates: [{ property: 'vip', propertyType: 'bool', value: 'TRUE' }] }],
        aggregations: [{ dimension: 'queueId' }, { metric: 'tTalk', ranges: [{ lt: 60000 }, { gte: 60000 }] }],
      }),
      DEFAULT_LIMITS,
    );
    expect(q.conversationFilters[0]?.predicates).toEqual([
      { type: 'metric', metric: 'tTalk', test: { op: 'range', range: { gte: 1000, lt: 5000 } } },
      { type: 'dimension', dimension: 'conversationStart', kind: 'date', test: { op: 'range', range: { gte: Date.UTC(2024, 4, 1, 10) } } },
      { type: 'dimension', dimension: 'customerParticipation', kind: 'boolean', test: { op: 'value', text: 'true' } },
    ]);
    expect(q.segmentFilters[0]?.predicates).toEqual([
      { type: 'property', property: 'vip', propertyType: 'bool', kind: 'boolean', test: { op: 'value', text: 'true' } },
    ]);
    expect(q.aggregations).toEqual([
      { type: 'termFrequency', dimension: 'queueId', size: 10 },
      { type: 'numericRange', metric: 'tTalk', ranges: [{ lt: 60000 }, { gte: 60000 }] },
    ]);
  });

  it('ignores unknown fields when rejectUnknownFields is off', () => {
    const limits = { ...DEFAULT_LIMITS, rejectUnknownFields: false };
    const q = parseDetailsQuery(
      withInterval({ metric_ids: ['tTalk'], cursor: 'x', paging: { pageSize: 10, size: 3 }, conversationFilters: [{ type: 'and', foo: 1, predicates: [{ dimension: 'conversationEnd', operator: 'exists', bar: 2 }] }] }),
      limits,
    );
    expect(q.paging).toEqual({ pageSize: 10, pageNumber: 1 });
    expect(q.conversationFilters[0]?.predicates[0]).toEqual({ type: 'dimension', dimension: 'conversationEnd', kind: 'date', test: { op: 'exists' } });
    // The strict schema is still used for strict limits afterwards.
    expect(errorOf(withInterval({ metric_ids: [] })).message).toContain('Unrecognized field "metric_ids"');
  });
});
