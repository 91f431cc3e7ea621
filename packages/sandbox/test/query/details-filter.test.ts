import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/options.js';
import { matchesDetailsQuery, parseDetailsQuery, runDetailsQuery, type DetailsQuery } from '../../src/query/details.js';
import { ALL, CONV_A } from './details-fixtures.js';

const INTERVAL = '2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z';

function query(rest: Record<string, unknown>): DetailsQuery {
  return parseDetailsQuery({ interval: INTERVAL, ...rest }, DEFAULT_LIMITS);
}

/** Ids of the matches, in the default order (conversationStart asc: conv-c, conv-0, conv-a, conv-b). */
function ids(rest: Record<string, unknown>): string[] {
  return (runDetailsQuery(ALL, query(rest)).conversations ?? []).map((c) => c.conversationId ?? '?');
}

const conv = (type: 'and' | 'or', ...predicates: unknown[]) => ({ conversationFilters: [{ type, predicates }] });
const seg = (type: 'and' | 'or', ...predicates: unknown[]) => ({ segmentFilters: [{ type, predicates }] });
const dim = (dimension: string, value: string) => ({ type: 'dimension', dimension, value });
const T = (hhmmss: string) => `2024-05-01T${hhmmss}.000Z`;

interface Case {
  name: string;
  q: Record<string, unknown>;
  expected: string[];
}

const CONVERSATION_CASES: Case[] = [
  { name: 'no filters', q: {}, expected: ['conv-c', 'conv-0', 'conv-a', 'conv-b'] },
  { name: 'conversationEnd notExists (running)', q: conv('and', { type: 'dimension', dimension: 'conversationEnd', operator: 'notExists' }), expected: ['conv-b'] },
  { name: 'conversationEnd exists (ended)', q: conv('and', { dimension: 'conversationEnd', operator: 'exists' }), expected: ['conv-c', 'conv-0', 'conv-a'] },
  { name: 'originatingDirection outbound', q: conv('and', dim('originatingDirection', 'outbound')), expected: ['conv-0'] },
  { name: 'divisionId (any of divisionIds)', q: conv('and', dim('divisionId', 'd2')), expected: ['conv-c'] },
  { name: 'externalTag', q: conv('and', dim('externalTag', 'T-1')), expected: ['conv-c'] },
  { name: 'externalTag is case-sensitive', q: conv('and', dim('externalTag', 't-1')), expected: [] },
  { name: 'conversationId', q: conv('and', dim('conversationId', 'conv-b')), expected: ['conv-b'] },
  {
    name: 'conversationStart range with ISO bounds (gte inclusive, lt exclusive)',
    q: conv('and', { dimension: 'conversationStart', range: { gte: T('10:00:00'), lt: T('11:00:00') } }),
    expected: ['conv-0', 'conv-a'],
  },
  {
    name: 'conversationStart range with epoch-ms bounds',
    q: conv('and', { dimension: 'conversationStart', range: { gte: Date.UTC(2024, 4, 1, 10), lt: Date.UTC(2024, 4, 1, 11) } }),
    expected: ['conv-0', 'conv-a'],
  },
  { name: 'conversationStart gt is exclusive', q: conv('and', { dimension: 'conversationStart', range: { gt: T('10:00:00') } }), expected: ['conv-b'] },
  { name: 'conversationStart lte is inclusive', q: conv('and', { dimension: 'conversationStart', range: { lte: T('10:00:00') } }), expected: ['conv-c', 'conv-0', 'conv-a'] },
  {
    name: 'conversationEnd range skips running conversations',
    q: conv('and', { dimension: 'conversationEnd', range: { lt: T('10:06:00') } }),
    expected: ['conv-c', 'conv-0'],
  },
  { name: 'conversationStart value compares instants across offsets', q: conv('and', dim('conversationStart', '2024-05-01T12:00:00+02:00')), expected: ['conv-0', 'conv-a'] },
  { name: 'MOS range', q: conv('and', { dimension: 'mediaStatsMinConversationMos', range: { gte: 4 } }), expected: ['conv-a'] },
  { name: 'MOS value compares numerically', q: conv('and', dim('mediaStatsMinConversationMos', '3.10')), expected: ['conv-0'] },
  { name: 'MOS notExists', q: conv('and', { dimension: 'mediaStatsMinConversationMos', operator: 'notExists' }), expected: ['conv-c', 'conv-b'] },
  { name: 'metric range over any session', q: conv('and', { type: 'metric', metric: 'tTalk', range: { gt: 300000 } }), expected: ['conv-a'] },
  { name: 'metric exists', q: conv('and', { type: 'metric', metric: 'tTalk', operator: 'exists' }), expected: ['conv-0', 'conv-a'] },
  { name: 'metric notExists', q: conv('and', { type: 'metric', metric: 'nOutbound', operator: 'notExists' }), expected: ['conv-c', 'conv-a', 'conv-b'] },
  { name: 'metric value matches any occurrence', q: conv('and', { type: 'metric', metric: 'tAnswered', value: '10000' }), expected: ['conv-b'] },
  { name: 'metric type inferred', q: conv('and', { metric: 'tAcd', range: { gte: 50000 } }), expected: ['conv-c'] },
  { name: 'or over predicates', q: conv('or', dim('originatingDirection', 'outbound'), dim('divisionId', 'd2')), expected: ['conv-c', 'conv-0'] },
  { name: 'and over predicates', q: conv('and', dim('divisionId', 'd1'), { dimension: 'mediaStatsMinConversationMos', operator: 'exists' }), expected: ['conv-0', 'conv-a'] },
  {
    name: 'and with an or clause',
    q: {
      conversationFilters: [
        {
          type: 'and',
          predicates: [{ dimension: 'conversationEnd', operator: 'exists' }],
          clauses: [{ type: 'or', predicates: [dim('divisionId', 'd2'), { dimension: 'mediaStatsMinConversationMos', range: { gte: 4 } }] }],
        },
      ],
    },
    expected: ['conv-c', 'conv-a'],
  },
  {
    name: 'or of and clauses only',
    q: {
      conversationFilters: [
        {
          type: 'or',
          clauses: [
            { type: 'and', predicates: [dim('originatingDirection', 'inbound'), { dimension: 'conversationEnd', operator: 'notExists' }] },
            { type: 'and', predicates: [dim('externalTag', 'T-1')] },
          ],
        },
      ],
    },
    expected: ['conv-c', 'conv-b'],
  },
  {
    name: 'and: the predicates AND every clause must hold',
    q: {
      conversationFilters: [
        { type: 'and', predicates: [dim('divisionId', 'd1')], clauses: [{ type: 'and', predicates: [dim('externalTag', 'T-1')] }] },
      ],
    },
    expected: [],
  },
  {
    name: 'several conversationFilters are AND-ed',
    q: { conversationFilters: [{ type: 'or', predicates: [dim('divisionId', 'd1')] }, { type: 'or', predicates: [{ dimension: 'conversationEnd', operator: 'exists' }] }] },
    expected: ['conv-0', 'conv-a'],
  },
];

const SEGMENT_CASES: Case[] = [
  { name: 'mediaType voice AND queueId Q1 on one segment (chat conv-c has Q1 but is not voice)', q: seg('and', dim('mediaType', 'voice'), dim('queueId', 'Q1')), expected: ['conv-a', 'conv-b'] },
  { name: 'mediaType chat', q: seg('and', dim('mediaType', 'chat')), expected: ['conv-c'] },
  { name: 'userId U1 AND queueId Q2: both in conv-b but on different participants → no match', q: seg('and', dim('userId', 'U1'), dim('queueId', 'Q2')), expected: [] },
  { name: 'userId U2 AND queueId Q2 on the same agent segment', q: seg('and', dim('userId', 'U2'), dim('queueId', 'Q2')), expected: ['conv-b'] },
  { name: 'userId U1 AND queueId Q1', q: seg('and', dim('userId', 'U1'), dim('queueId', 'Q1')), expected: ['conv-a', 'conv-b'] },
  {
    name: 'two segmentFilters may match different segments',
    q: { segmentFilters: [{ type: 'and', predicates: [dim('userId', 'U1')] }, { type: 'and', predicates: [dim('queueId', 'Q2')] }] },
    expected: ['conv-b'],
  },
  { name: 'purpose (participant) AND direction (session)', q: seg('and', dim('purpose', 'agent'), dim('direction', 'outbound')), expected: ['conv-0'] },
  { name: 'wrapUpCode W1', q: seg('and', dim('wrapUpCode', 'W1')), expected: ['conv-0', 'conv-a'] },
  { name: 'wrapUpCode W1 AND queueId Q1', q: seg('and', dim('wrapUpCode', 'W1'), dim('queueId', 'Q1')), expected: ['conv-a'] },
  { name: 'segmentType wrapup AND userId U2', q: seg('and', dim('segmentType', 'wrapup'), dim('userId', 'U2')), expected: ['conv-c'] },
  { name: 'disconnectType transfer', q: seg('and', dim('disconnectType', 'transfer')), expected: ['conv-a', 'conv-b'] },
  { name: 'segmentEnd notExists (an open segment)', q: seg('and', { dimension: 'segmentEnd', operator: 'notExists' }), expected: ['conv-b'] },
  { name: 'segmentEnd range', q: seg('and', { dimension: 'segmentEnd', range: { lt: T('09:30:00') } }), expected: ['conv-c'] },
  { name: 'tSegmentDuration range', q: seg('and', { type: 'metric', metric: 'tSegmentDuration', range: { gte: 400000 } }), expected: ['conv-c', 'conv-a'] },
  { name: 'tSegmentDuration of the agent interact segment', q: seg('and', dim('purpose', 'agent'), dim('segmentType', 'interact'), { metric: 'tSegmentDuration', range: { gt: 480000 } }), expected: ['conv-c'] },
  { name: 'tSegmentDuration notExists (open segments have none)', q: seg('and', { metric: 'tSegmentDuration', operator: 'notExists' }), expected: ['conv-b'] },
  { name: 'property bool true', q: seg('and', { type: 'property', property: 'vip', propertyType: 'bool', value: 'true' }), expected: ['conv-a'] },
  { name: 'property bool false', q: seg('and', { type: 'property', property: 'vip', propertyType: 'bool', value: 'false' }), expected: [] },
  { name: 'property of another propertyType', q: seg('and', { property: 'vip', propertyType: 'string', value: 'true' }), expected: [] },
  { name: 'property exists', q: seg('and', { property: 'vip', propertyType: 'bool', operator: 'exists' }), expected: ['conv-a'] },
  { name: 'ani (session)', q: seg('and', dim('ani', 'tel:+15550001')), expected: ['conv-a'] },
  { name: 'participantName is case-sensitive', q: seg('and', dim('participantName', 'bob agent')), expected: [] },
  { name: 'participantName', q: seg('and', dim('participantName', 'Bob Agent')), expected: ['conv-0', 'conv-a', 'conv-b'] },
  { name: 'recording "true" matches the boolean', q: seg('and', dim('recording', 'true')), expected: ['conv-a'] },
  { name: 'recording notExists holds on SOME segment of every conversation', q: seg('and', { dimension: 'recording', operator: 'notExists' }), expected: ['conv-c', 'conv-0', 'conv-a', 'conv-b'] },
  { name: 'or filter over segments', q: seg('or', dim('queueId', 'Q2'), dim('mediaType', 'chat')), expected: ['conv-c', 'conv-b'] },
  {
    name: 'clause inside a segment filter',
    q: { segmentFilters: [{ type: 'and', predicates: [dim('purpose', 'agent')], clauses: [{ type: 'or', predicates: [dim('queueId', 'Q2'), dim('wrapUpCode', 'W2')] }] }] },
    expected: ['conv-c', 'conv-b'],
  },
  {
    name: 'conversation and segment filters together',
    q: { conversationFilters: [{ type: 'and', predicates: [{ dimension: 'conversationEnd', operator: 'exists' }] }], segmentFilters: [{ type: 'and', predicates: [dim('queueId', 'Q1')] }] },
    expected: ['conv-c', 'conv-a'],
  },
];

describe('conversation filters', () => {
  it.each(CONVERSATION_CASES)('$name', ({ q, expected }) => {
    expect(ids(q)).toEqual(expected);
  });
});

describe('segment filters', () => {
  it.each(SEGMENT_CASES)('$name', ({ q, expected }) => {
    expect(ids(q)).toEqual(expected);
  });
});

describe('evaluation, survey and resolution filters', () => {
  const evaluated = {
    ...CONV_A,
    evaluations: [{ evaluationId: 'e1', formName: 'Sales QA', oTotalScore: 87, released: true }],
    surveys: [{ surveyId: 's1', surveyPromoterScore: 9 }],
  };
  it.each([
    { name: 'evaluation dimension', q: { evaluationFilters: [{ type: 'and', predicates: [dim('formName', 'Sales QA')] }] }, expected: true },
    { name: 'evaluation metric range', q: { evaluationFilters: [{ type: 'and', predicates: [{ metric: 'oTotalScore', range: { gte: 90 } }] }] }, expected: false },
    { name: 'evaluation boolean', q: { evaluationFilters: [{ type: 'and', predicates: [dim('released', 'true')] }] }, expected: true },
    { name: 'survey number', q: { surveyFilters: [{ type: 'and', predicates: [{ dimension: 'surveyPromoterScore', range: { gte: 9 } }] }] }, expected: true },
    { name: 'no resolutions', q: { resolutionFilters: [{ type: 'and', predicates: [{ metric: 'nNextContactAvoided', operator: 'exists' }] }] }, expected: false },
  ])('$name', ({ q, expected }) => {
    expect(matchesDetailsQuery(evaluated, query(q))).toBe(expected);
    // The same conversation without evaluations or surveys never matches such filters.
    expect(matchesDetailsQuery(CONV_A, query(q))).toBe(false);
  });
});
