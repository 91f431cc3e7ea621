import { describe, expect, it } from 'vitest';
import { GenesysHttpError } from '../../src/http/errors.js';
import { DEFAULT_LIMITS } from '../../src/options.js';
import type { SandboxLimits } from '../../src/options.js';
import { parseAggregatesQuery } from '../../src/query/aggregates/parse.js';

const INTERVAL = '2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z';
const base = { interval: INTERVAL, metrics: ['nOffered'] };

function rejection(body: unknown, limits: SandboxLimits = DEFAULT_LIMITS): GenesysHttpError {
  try {
    parseAggregatesQuery(body, limits);
  } catch (e) {
    if (e instanceof GenesysHttpError) return e;
    throw e;
  }
  throw new Error(`expected a 400 for ${JSON.stringify(body)}`);
}

describe('parseAggregatesQuery: accepted bodies', () => {
  it('fills defaults', () => {
    const q = parseAggregatesQuery(base, DEFAULT_LIMITS);
    expect(q).toEqual({
      interval: { start: Date.parse('2024-05-01T00:00:00Z'), end: Date.parse('2024-05-02T00:00:00Z'), startOffsetMinutes: 0 },
      timeZone: 'UTC',
      bucketStarts: [Date.parse('2024-05-01T00:00:00Z')],
      groupBy: [],
      metrics: ['nOffered'],
      flattenMultivaluedDimensions: false,
      views: [],
      alternateTimeDimension: 'eventTime',
      queryType: 'groupBy',
    });
  });

  it('takes every field of ConversationAggregationQuery', () => {
    const q = parseAggregatesQuery(
      {
        interval: '2024-05-01T00:00:00-04:00/2024-05-03T00:00:00-04:00',
        granularity: 'P1D',
        timeZone: 'america/new_york',
        groupBy: ['queueId', 'mediaType', 'queueId'],
        filter: {
          type: 'and',
          predicates: [{ type: 'dimension', dimension: 'mediaType', operator: 'matches', value: 'voice' }],
          clauses: [{ type: 'or', predicates: [{ dimension: 'queueId', value: 'q1' }, { dimension: 'userId', operator: 'notExists' }] }],
        },
        metrics: ['nOffered', 'tHandle', 'oServiceLevel', 'nOffered'],
        flattenMultivaluedDimensions: true,
        views: [{ target: 'tAnswered', name: 'fast', function: 'rangeBound', range: { gte: 0, lt: 20000 } }],
        alternateTimeDimension: 'eventTime',
        queryType: 'topN',
        sortMetric: { name: 'tHandle', function: 'average' },
        limit: 5,
      },
      DEFAULT_LIMITS,
    );
    expect(q.timeZone).toBe('America/New_York');
    expect(q.groupBy).toEqual(['queueId', 'mediaType']);
    expect(q.metrics).toEqual(['nOffered', 'tHandle', 'oServiceLevel']);
    expect(q.bucketStarts.map((x) => new Date(x).toISOString())).toEqual(['2024-05-01T04:00:00.000Z', '2024-05-02T04:00:00.000Z']);
    expect(q.filter).toEqual({
      type: 'and',
      predicates: [{ dimension: 'mediaType', operator: 'matches', value: 'voice' }],
      clauses: [
        {
          type: 'or',
          predicates: [
            { dimension: 'queueId', operator: 'matches', value: 'q1' },
            { dimension: 'userId', operator: 'notExists' },
          ],
        },
      ],
    });
    expect(q.views).toEqual([{ target: 'tAnswered', name: 'fast', range: { gte: 0, lt: 20000 } }]);
    expect(q.flattenMultivaluedDimensions).toBe(true);
    expect(q.queryType).toBe('topN');
    expect(q.sortMetric).toEqual({ name: 'tHandle', function: 'average' });
    expect(q.limit).toBe(5);
  });

  it('treats null fields as absent', () => {
    const q = parseAggregatesQuery({ ...base, granularity: null, groupBy: null, filter: null, timeZone: null }, DEFAULT_LIMITS);
    expect(q.bucketStarts).toHaveLength(1);
    expect(q.filter).toBeUndefined();
  });

  it('accepts metrics the sandbox never emits, and nFlow which it does', () => {
    expect(parseAggregatesQuery({ ...base, metrics: ['tVoicemail', 'oMessageTurn', 'nBotInteractions', 'nFlow'] }, DEFAULT_LIMITS).metrics).toHaveLength(4);
  });

  it('ignores unknown fields when rejectUnknownFields is off', () => {
    const q = parseAggregatesQuery(
      { ...base, paging: { pageSize: 10 }, filter: { type: 'or', predicates: [{ dimension: 'queueId', value: 'q', extra: 1 }] } },
      { ...DEFAULT_LIMITS, rejectUnknownFields: false },
    );
    expect(q.filter?.predicates).toEqual([{ dimension: 'queueId', operator: 'matches', value: 'q' }]);
  });

  it('accepts exactly aggregatesMaxBuckets buckets and exactly aggregatesMaxIntervalDays', () => {
    const limits = { ...DEFAULT_LIMITS, aggregatesMaxBuckets: 24, aggregatesMaxIntervalDays: 1 };
    expect(parseAggregatesQuery({ ...base, granularity: 'PT1H' }, limits).bucketStarts).toHaveLength(24);
  });
});

describe('parseAggregatesQuery: 400s that name the problem', () => {
  it.each<[string, unknown, RegExp, string?]>([
    ['body not an object', [1, 2], /^The request body must be a JSON object \(a ConversationAggregationQuery\); received an array\.$/],
    ['body null', null, /must be a JSON object/],
    ['paging (details habit)', { ...base, paging: { pageSize: 25 } }, /^Unrecognized field "paging" in ConversationAggregationQuery\. Allowed fields: interval, granularity, .*\. Aggregate results are not paged\.$/, 'paging'],
    ['metric_ids', { interval: INTERVAL, metric_ids: ['nOffered'] }, /Unrecognized field "metric_ids" in ConversationAggregationQuery\..*Did you mean "metrics"\?/, 'metric_ids'],
    ['group_by', { ...base, group_by: ['queueId'] }, /Unrecognized field "group_by" in ConversationAggregationQuery\..*Did you mean "groupBy"\?/, 'group_by'],
    ['segmentFilters', { ...base, segmentFilters: [] }, /Unrecognized field "segmentFilters" in ConversationAggregationQuery\..*Filters go in "filter"/, 'segmentFilters'],
    ['unknown field inside a predicate', { ...base, filter: { type: 'and', predicates: [{ dimension: 'queueId', value: 'q', metric: 'x' }] } }, /^Unrecognized field "metric" in ConversationAggregateQueryPredicate \(at filter\.predicates\[0\]\)\. Allowed fields: type, dimension, operator, value, range\.$/],
    ['missing interval', { metrics: ['nOffered'] }, /The interval is required/, 'interval'],
    ['bad interval', { ...base, interval: '2024-05-01/2024-05-02' }, /Invalid interval \[2024-05-01\/2024-05-02\]/, 'interval'],
    ['interval end before start', { ...base, interval: '2024-05-02T00:00:00Z/2024-05-01T00:00:00Z' }, /end must be after the start/, 'interval'],
    ['interval too long', { ...base, interval: '2023-01-01T00:00:00Z/2024-05-01T00:00:00Z' }, /longer than 366 days/, 'interval'],
    ['missing metrics', { interval: INTERVAL }, /needs at least one metric in "metrics"/, 'metrics'],
    ['empty metrics', { interval: INTERVAL, metrics: [] }, /needs at least one metric in "metrics"/, 'metrics'],
    ['metrics not an array', { interval: INTERVAL, metrics: 'nOffered' }, /^Invalid value for field metrics: expected an array, received the string "nOffered"\.$/, 'metrics'],
    ['unknown metric', { ...base, metrics: ['nOffered', 'nAnswered'] }, /^Value \[nAnswered\] is not valid for field type \[metrics\] at metrics\[1\]\. Allowable values are: .*nOffered/, 'metrics[1]'],
    ['unknown groupBy dimension', { ...base, groupBy: ['queue'] }, /^Value \[queue\] is not valid for field type \[groupBy\] at groupBy\[0\]\. Allowable values are: .*queueId/, 'groupBy[0]'],
    ['too many groupBy', { ...base, groupBy: ['queueId', 'userId', 'mediaType', 'direction', 'purpose', 'wrapUpCode'] }, /groups by 6 dimensions; at most 5/, 'groupBy'],
    ['groupBy entry not a string', { ...base, groupBy: ['queueId', 3] }, /Invalid value for field groupBy\[1\]: expected a string, received number 3/, 'groupBy[1]'],
    ['granularity garbage', { ...base, granularity: '30m' }, /Invalid granularity \[30m\].*for example PT15M/, 'granularity'],
    ['granularity zero', { ...base, granularity: 'PT0M' }, /must be longer than zero/, 'granularity'],
    ['granularity years', { ...base, granularity: 'P1Y' }, /years are not supported/, 'granularity'],
    ['granularity seconds', { ...base, granularity: 'PT10S' }, /seconds are not supported/, 'granularity'],
    ['granularity negative', { ...base, granularity: '-PT30M' }, /Invalid granularity \[-PT30M\]/, 'granularity'],
    ['granularity off the 15-minute step', { ...base, granularity: 'PT5M' }, /Invalid granularity \[PT5M\]: 5 minutes is not a whole multiple of 15 minutes.*for example PT15M, PT30M, PT1H/, 'granularity'],
    ['granularity of one minute', { ...base, granularity: 'PT1M' }, /1 minute is not a whole multiple of 15 minutes/, 'granularity'],
    ['too many buckets', { ...base, interval: '2024-01-01T00:00:00Z/2024-12-31T00:00:00Z', granularity: 'PT15M' }, /more than 5000 buckets/, 'granularity'],
    ['unknown timeZone', { ...base, timeZone: 'Eastern' }, /Unknown timeZone \[Eastern\]\. Use an IANA time zone name/, 'timeZone'],
    ['filter type', { ...base, filter: { type: 'xor', predicates: [{ dimension: 'queueId', value: 'q' }] } }, /^Value \[xor\] is not valid for field type \[type\] at filter\.type\. Allowable values are: and, or$/, 'filter.type'],
    ['filter without type', { ...base, filter: { predicates: [{ dimension: 'queueId', value: 'q' }] } }, /Missing required field filter\.type\./, 'filter.type'],
    ['empty filter', { ...base, filter: { type: 'and' } }, /has no predicates and no clauses/, 'filter'],
    ['empty clause', { ...base, filter: { type: 'and', clauses: [{ type: 'or', predicates: [] }] } }, /clause filter\.clauses\[0\] has no predicates/],
    ['predicate type', { ...base, filter: { type: 'and', predicates: [{ type: 'segment', dimension: 'queueId', value: 'q' }] } }, /^Value \[segment\] is not valid for field type \[type\] at filter\.predicates\[0\]\.type\. Allowable values are: dimension, property, metric$/],
    ['metric predicate', { ...base, filter: { type: 'and', predicates: [{ type: 'metric', range: { gt: 1 } }] } }, /Predicate type \[metric\].*not supported by the sandbox/],
    ['unknown filter dimension', { ...base, filter: { type: 'and', predicates: [{ dimension: 'queue', value: 'q' }] } }, /^Value \[queue\] is not valid for field type \[dimension\] at filter\.predicates\[0\]\.dimension\. Allowable values are: .*queueId/],
    ['operator', { ...base, filter: { type: 'and', predicates: [{ dimension: 'queueId', operator: 'equals', value: 'q' }] } }, /^Value \[equals\] is not valid for field type \[operator\] at filter\.predicates\[0\]\.operator\. Allowable values are: matches, exists, notExists$/],
    ['matches without value', { ...base, filter: { type: 'or', predicates: [{ dimension: 'queueId' }] } }, /\(operator matches\) needs a value or a range/],
    ['value and range', { ...base, filter: { type: 'or', predicates: [{ dimension: 'queueId', value: 'q', range: { gt: 1 } }] } }, /both a value and a range/],
    ['value not a string', { ...base, filter: { type: 'or', predicates: [{ dimension: 'queueId', value: 7 }] } }, /Invalid value for field filter\.predicates\[0\]\.value: expected a string/],
    ['flattenMultivaluedDimensions not boolean', { ...base, flattenMultivaluedDimensions: 'yes' }, /Invalid value for field flattenMultivaluedDimensions: expected a boolean/],
    ['view function', { ...base, views: [{ target: 'tAnswered', name: 'v', function: 'histogram', range: { lt: 5 } }] }, /^Value \[histogram\] is not valid for field type \[function\] at views\[0\]\.function\. Allowable values are: rangeBound$/],
    ['view without range', { ...base, views: [{ target: 'tAnswered', name: 'v', function: 'rangeBound' }] }, /needs a range with gte and\/or lt/],
    ['view empty range', { ...base, views: [{ target: 'tAnswered', name: 'v', function: 'rangeBound', range: { gte: 5, lt: 5 } }] }, /gte \(5\) must be below lt \(5\)/],
    ['view unknown target', { ...base, views: [{ target: 'tSpeed', name: 'v', function: 'rangeBound', range: { lt: 5 } }] }, /^Value \[tSpeed\] is not valid for field type \[target\] at views\[0\]\.target\./],
    ['duplicate view names', { ...base, views: [{ target: 'tAnswered', name: 'v', function: 'rangeBound', range: { lt: 5 } }, { target: 'tHandle', name: 'v', function: 'rangeBound', range: { lt: 5 } }] }, /Two views are named \[v\]/],
    ['alternateTimeDimension', { ...base, alternateTimeDimension: 'conversationStart' }, /^Value \[conversationStart\] is not valid for field type \[alternateTimeDimension\]\. Allowable values are: eventTime$/],
    ['queryType', { ...base, queryType: 'top' }, /^Value \[top\] is not valid for field type \[queryType\]\. Allowable values are: groupBy, topN, bottomN$/],
    ['topN without sortMetric', { ...base, queryType: 'topN', limit: 3 }, /queryType topN needs a sortMetric/],
    ['bottomN without limit', { ...base, queryType: 'bottomN', sortMetric: { name: 'nOffered', function: 'count' } }, /queryType bottomN needs a limit/],
    ['limit with groupBy queryType', { ...base, limit: 3 }, /sortMetric and limit apply only to queryType topN or bottomN/],
    ['sort function', { ...base, queryType: 'topN', limit: 3, sortMetric: { name: 'tHandle', function: 'median' } }, /^Value \[median\] is not valid for field type \[function\] at sortMetric\.function\. Allowable values are: average, count, max, min, sum$/],
    ['unsortable metric', { ...base, queryType: 'topN', limit: 3, sortMetric: { name: 'oServiceLevel', function: 'max' } }, /^Value \[oServiceLevel\] is not valid for field type \[name\] at sortMetric\.name\./],
    ['limit zero', { ...base, queryType: 'topN', limit: 0, sortMetric: { name: 'tHandle', function: 'sum' } }, /Invalid limit \[0\]: it must be at least 1/],
    ['limit fractional', { ...base, queryType: 'topN', limit: 2.5, sortMetric: { name: 'tHandle', function: 'sum' } }, /Invalid value for field limit/],
  ])('%s', (_name, body, message, fieldName) => {
    const e = rejection(body);
    expect(e.status).toBe(400);
    expect(e.message).toMatch(message);
    const wire = e.toBody('ctx');
    expect(wire.status).toBe(400);
    // A value outside an enum is Genesys's `invalid.value` (the one wording of query/validation.ts); the rest bad.request or invalid.date.
    if (message.source.startsWith('^Value \\[')) expect(wire.code).toBe('invalid.value');
    else expect(['bad.request', 'invalid.date']).toContain(wire.code);
    if (fieldName !== undefined) expect(wire.details[0]?.fieldName).toBe(fieldName);
  });

  it('uses the configured limits', () => {
    expect(rejection({ ...base, groupBy: ['queueId', 'userId'] }, { ...DEFAULT_LIMITS, aggregatesMaxGroupBy: 1 }).message).toMatch(/at most 1 are allowed/);
    expect(rejection({ ...base, granularity: 'PT1H' }, { ...DEFAULT_LIMITS, aggregatesMaxBuckets: 23 }).message).toMatch(/more than 23 buckets/);
    expect(rejection({ ...base, interval: '2024-05-01T00:00:00Z/2024-05-03T00:00:00.001Z' }, { ...DEFAULT_LIMITS, aggregatesMaxIntervalDays: 2 }).message).toMatch(/longer than 2 days/);
    expect(rejection({ ...base, granularity: 'PT30M' }, { ...DEFAULT_LIMITS, granularityStepMinutes: 60 }).message).toMatch(/not a whole multiple of 60 minutes/);
    // granularityStepMinutes 1 restores any whole number of minutes
    expect(parseAggregatesQuery({ ...base, granularity: 'PT7M' }, { ...DEFAULT_LIMITS, granularityStepMinutes: 1 }).bucketStarts[1]).toBe(Date.parse('2024-05-01T00:07:00Z'));
  });
});
