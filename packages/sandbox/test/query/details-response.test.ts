import type platformClient from 'purecloud-platform-client-v2';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/options.js';
import {
  detailsResponse,
  facets,
  pageOf,
  parseDetailsQuery,
  runDetailsQuery,
  sortConversations,
  type DetailsQuery,
} from '../../src/query/details.js';
import { ALL } from './details-fixtures.js';

type Conversation = platformClient.Models.AnalyticsConversationWithoutAttributes;

const INTERVAL = '2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z';
const query = (rest: Record<string, unknown>): DetailsQuery => parseDetailsQuery({ interval: INTERVAL, ...rest }, DEFAULT_LIMITS);
const idsOf = (list: readonly Conversation[] | undefined): string[] => (list ?? []).map((c) => c.conversationId ?? '?');

/** Running since 08:00, its only segment still open: no conversationEnd and no segmentEnd. */
const OPEN: Conversation = {
  conversationId: 'conv-open',
  conversationStart: '2024-05-01T08:00:00.000Z',
  originatingDirection: 'inbound',
  participants: [
    {
      participantId: 'o-p1',
      purpose: 'customer',
      sessions: [{ sessionId: 'o-s1', mediaType: 'voice', segments: [{ segmentStart: '2024-05-01T08:00:00.000Z', segmentType: 'interact' }] }],
    },
  ],
};

describe('sortConversations', () => {
  it.each([
    { order: 'asc', orderBy: 'conversationStart', expected: ['conv-c', 'conv-0', 'conv-a', 'conv-b'] },
    // conv-0 and conv-a start together: conversationId ascending in both orders.
    { order: 'desc', orderBy: 'conversationStart', expected: ['conv-b', 'conv-0', 'conv-a', 'conv-c'] },
    // The running conv-b has no conversationEnd: last in both orders.
    { order: 'asc', orderBy: 'conversationEnd', expected: ['conv-c', 'conv-0', 'conv-a', 'conv-b'] },
    { order: 'desc', orderBy: 'conversationEnd', expected: ['conv-a', 'conv-0', 'conv-c', 'conv-b'] },
    // Earliest segmentStart: conv-a 10:00:00 before conv-0 10:00:01 (whose conversation started at 10:00:00).
    { order: 'asc', orderBy: 'segmentStart', expected: ['conv-c', 'conv-a', 'conv-0', 'conv-b'] },
    { order: 'desc', orderBy: 'segmentStart', expected: ['conv-b', 'conv-0', 'conv-a', 'conv-c'] },
    // Latest segmentEnd: conv-b's latest ended segment is 11:02:10 even though it is still running.
    { order: 'asc', orderBy: 'segmentEnd', expected: ['conv-c', 'conv-0', 'conv-a', 'conv-b'] },
    { order: 'desc', orderBy: 'segmentEnd', expected: ['conv-b', 'conv-a', 'conv-0', 'conv-c'] },
    { order: 'unordered', orderBy: 'conversationEnd', expected: ['conv-a', 'conv-b', 'conv-c', 'conv-0'] },
  ] as const)('$orderBy $order', ({ order, orderBy, expected }) => {
    const input = [...ALL];
    expect(idsOf(sortConversations(input, { order, orderBy }))).toEqual(expected);
    expect(idsOf(input)).toEqual(['conv-a', 'conv-b', 'conv-c', 'conv-0']); // not mutated
  });

  it.each([
    { order: 'asc', orderBy: 'segmentEnd', expected: ['conv-c', 'conv-0', 'conv-a', 'conv-b', 'conv-open'] },
    { order: 'desc', orderBy: 'segmentEnd', expected: ['conv-b', 'conv-a', 'conv-0', 'conv-c', 'conv-open'] },
    { order: 'asc', orderBy: 'conversationEnd', expected: ['conv-c', 'conv-0', 'conv-a', 'conv-b', 'conv-open'] },
    { order: 'desc', orderBy: 'conversationEnd', expected: ['conv-a', 'conv-0', 'conv-c', 'conv-b', 'conv-open'] },
    { order: 'asc', orderBy: 'conversationStart', expected: ['conv-open', 'conv-c', 'conv-0', 'conv-a', 'conv-b'] },
  ] as const)('conversations without a sort value come last ($orderBy $order)', ({ order, orderBy, expected }) => {
    expect(idsOf(sortConversations([OPEN, ...ALL], { order, orderBy }))).toEqual(expected);
  });

  it('is stable for records with the same key and id', () => {
    const twin = { ...ALL[0], participants: [] } as Conversation; // same id and start as conv-a
    const sorted = sortConversations([ALL[0] as Conversation, twin], { order: 'desc', orderBy: 'conversationStart' });
    expect(sorted[0]).toBe(ALL[0]);
    expect(sorted[1]).toBe(twin);
  });
});

describe('paging', () => {
  const sorted = sortConversations(ALL, { order: 'asc', orderBy: 'conversationStart' });

  it.each([
    { pageSize: 3, pageNumber: 1, expected: ['conv-c', 'conv-0', 'conv-a'] },
    { pageSize: 3, pageNumber: 2, expected: ['conv-b'] },
    { pageSize: 3, pageNumber: 3, expected: [] },
    { pageSize: 4, pageNumber: 1, expected: ['conv-c', 'conv-0', 'conv-a', 'conv-b'] },
    { pageSize: 1, pageNumber: 4, expected: ['conv-b'] },
    { pageSize: 1, pageNumber: 5, expected: [] },
  ])('pageSize $pageSize page $pageNumber', ({ pageSize, pageNumber, expected }) => {
    expect(idsOf(pageOf(sorted, { paging: { pageSize, pageNumber } }))).toEqual(expected);
  });

  it('slices by 25 by default', () => {
    const many = Array.from({ length: 60 }, (_, i) => i);
    expect(pageOf(many, query({}))).toEqual(many.slice(0, 25));
    expect(pageOf(many, query({ paging: { pageSize: 25, pageNumber: 3 } }))).toEqual(many.slice(50, 60));
  });
});

describe('detailsResponse', () => {
  it('answers the page and totalHits', () => {
    const q = query({ order: 'desc', paging: { pageSize: 3, pageNumber: 1 } });
    const res = detailsResponse(sortConversations(ALL, q), q);
    expect(Object.keys(res)).toEqual(['conversations', 'totalHits']);
    expect(idsOf(res.conversations)).toEqual(['conv-b', 'conv-0', 'conv-a']);
    expect(res.totalHits).toBe(4);
  });

  it('omits conversations on a page past the end, keeping totalHits', () => {
    const res = runDetailsQuery(ALL, query({ paging: { pageSize: 3, pageNumber: 3 } }));
    expect(res).toEqual({ totalHits: 4 });
    expect('conversations' in res).toBe(false);
  });

  it('answers exactly {totalHits: 0} when nothing matches', () => {
    const res = runDetailsQuery(ALL, query({ conversationFilters: [{ type: 'and', predicates: [{ dimension: 'externalTag', value: 'none' }] }] }));
    expect(res).toEqual({ totalHits: 0 });
    expect(Object.keys(res)).toEqual(['totalHits']);
  });

  it('returns the records unchanged (same objects)', () => {
    const res = runDetailsQuery(ALL, query({ order: 'unordered' }));
    expect(res.conversations).toEqual([...ALL]);
    expect(res.conversations?.[0]).toBe(ALL[0]);
  });

  it('computes aggregations over all matches, not just the page, and keeps them when nothing matches', () => {
    const q = query({ paging: { pageSize: 1, pageNumber: 1 }, aggregations: [{ type: 'termFrequency', dimension: 'queueId' }] });
    const res = runDetailsQuery(ALL, q);
    expect(res.aggregations).toEqual([{ type: 'termFrequency', dimension: 'queueId', count: 3, results: [{ count: 3, value: 'Q1' }, { count: 1, value: 'Q2' }] }]);
    expect(res.conversations).toHaveLength(1);
    expect(runDetailsQuery([], q)).toEqual({ aggregations: [{ type: 'termFrequency', dimension: 'queueId', count: 0, results: [] }], totalHits: 0 });
  });
});

describe('facets', () => {
  it.each([
    {
      name: 'termFrequency over a segment dimension counts conversations per value',
      aggregation: { type: 'termFrequency', dimension: 'queueId' },
      expected: { type: 'termFrequency', dimension: 'queueId', count: 3, results: [{ count: 3, value: 'Q1' }, { count: 1, value: 'Q2' }] },
    },
    {
      name: 'termFrequency keeps the top size',
      aggregation: { type: 'termFrequency', dimension: 'queueId', size: 1 },
      expected: { type: 'termFrequency', dimension: 'queueId', count: 3, results: [{ count: 3, value: 'Q1' }] },
    },
    {
      name: 'termFrequency over a participant dimension',
      aggregation: { dimension: 'userId' },
      expected: { type: 'termFrequency', dimension: 'userId', count: 4, results: [{ count: 3, value: 'U1' }, { count: 2, value: 'U2' }] },
    },
    {
      name: 'termFrequency over a conversation dimension',
      aggregation: { dimension: 'originatingDirection' },
      expected: { type: 'termFrequency', dimension: 'originatingDirection', count: 4, results: [{ count: 3, value: 'inbound' }, { count: 1, value: 'outbound' }] },
    },
    {
      name: 'termFrequency ties ordered by value',
      aggregation: { dimension: 'segmentType' },
      expected: {
        type: 'termFrequency',
        dimension: 'segmentType',
        count: 4,
        results: [{ count: 4, value: 'interact' }, { count: 3, value: 'wrapup' }, { count: 1, value: 'alert' }, { count: 1, value: 'dialing' }],
      },
    },
    {
      name: 'numericRange over a conversation metric',
      aggregation: { type: 'numericRange', metric: 'tTalk', ranges: [{ lt: 300000 }, { gte: 300000 }] },
      expected: { type: 'numericRange', metric: 'tTalk', count: 2, results: [{ count: 1, lt: 300000 }, { count: 1, gte: 300000 }] },
    },
    {
      name: 'numericRange over tSegmentDuration',
      aggregation: { metric: 'tSegmentDuration', ranges: [{ gte: 0, lt: 60000 }, { gte: 600000 }] },
      expected: { type: 'numericRange', metric: 'tSegmentDuration', count: 4, results: [{ count: 4, gte: 0, lt: 60000 }, { count: 2, gte: 600000 }] },
    },
  ])('$name', ({ aggregation, expected }) => {
    expect(facets(ALL, query({ aggregations: [aggregation] }))).toEqual([expected]);
  });
});
