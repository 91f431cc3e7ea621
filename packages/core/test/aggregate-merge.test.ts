import type platformClient from 'purecloud-platform-client-v2';
import { describe, expect, it } from 'vitest';
import { mergeAggregateResponses, mergeStats } from '../src/aggregate-merge.js';

type Stats = platformClient.Models.StatisticalSummary;
type Response = platformClient.Models.ConversationAggregateQueryResponse;

describe('mergeStats', () => {
  const cases: Array<{ name: string; a: Stats | undefined; b: Stats | undefined; expected: Stats }> = [
    { name: 'counts add', a: { count: 1 }, b: { count: 2 }, expected: { count: 3 } },
    { name: 'time stats', a: { sum: 10, count: 2, max: 7, min: 3 }, b: { sum: 5, count: 1, max: 5, min: 5 }, expected: { sum: 15, count: 3, max: 7, min: 3 } },
    { name: 'negative max/min', a: { max: -5, min: -10 }, b: { max: -7, min: -8 }, expected: { max: -5, min: -10 } },
    { name: 'countNegative/countPositive add', a: { countNegative: 1, countPositive: 4 }, b: { countNegative: 2 }, expected: { countNegative: 3, countPositive: 4 } },
    {
      name: 'ratio recomputed, later target',
      a: { numerator: 1, denominator: 2, ratio: 0.5, target: 0.8 },
      b: { numerator: 2, denominator: 2, ratio: 1, target: 0.9 },
      expected: { numerator: 3, denominator: 4, ratio: 0.75, target: 0.9 },
    },
    { name: 'target kept when the later side has none', a: { numerator: 1, denominator: 2, ratio: 0.5, target: 0.8 }, b: { numerator: 1, denominator: 2, ratio: 0.5 }, expected: { numerator: 2, denominator: 4, ratio: 0.5, target: 0.8 } },
    { name: 'zero denominator: no ratio', a: { numerator: 0, denominator: 0 }, b: { numerator: 0, denominator: 0 }, expected: { numerator: 0, denominator: 0 } },
    { name: 'two bare ratios cannot be weighted', a: { ratio: 0.5 }, b: { ratio: 0.7 }, expected: {} },
    { name: 'ratio on one side only is kept', a: { ratio: 0.5, numerator: 1, denominator: 2 }, b: { count: 3 }, expected: { ratio: 0.5, numerator: 1, denominator: 2, count: 3 } },
    { name: 'current takes the later', a: { current: 5 }, b: { current: 7 }, expected: { current: 7 } },
    { name: 'current kept when the later has none', a: { current: 5 }, b: { count: 1 }, expected: { current: 5, count: 1 } },
    { name: 'percentiles and calculated values dropped', a: { count: 1, p95: 10, p99: 12, calculatedMetricValue: 3 }, b: { count: 1, p95: 20 }, expected: { count: 2 } },
    { name: 'a missing', a: undefined, b: { count: 1, p95: 4 }, expected: { count: 1, p95: 4 } },
    { name: 'b missing', a: { p95: 3 }, b: undefined, expected: { p95: 3 } },
    { name: 'both missing', a: undefined, b: undefined, expected: {} },
  ];
  it.each(cases)('$name', ({ a, b, expected }) => {
    expect(mergeStats(a, b)).toEqual(expected);
  });
});

const WHOLE = '2024-05-01T00:00:00.000Z/2024-06-10T00:00:00.000Z';

describe('mergeAggregateResponses without granularity', () => {
  const part1: Response = {
    results: [
      {
        group: { queueId: 'q1', mediaType: 'voice' },
        data: [
          {
            interval: '2024-05-01T00:00:00.000Z/2024-06-01T00:00:00.000Z',
            metrics: [
              { metric: 'nOffered', stats: { count: 12 } },
              { metric: 'tHandle', stats: { max: 600, min: 30, count: 10, sum: 2400 } },
              { metric: 'oServiceLevel', stats: { ratio: 0.9, numerator: 9, denominator: 10, target: 0.8 } },
              { metric: 'tAnswered', stats: { max: 20, min: 1, count: 9, sum: 90, p95: 18 } },
            ],
          },
        ],
      },
    ],
  };
  const part2: Response = {
    results: [
      {
        group: { mediaType: 'voice', queueId: 'q1' }, // same group, other key order
        data: [
          {
            interval: '2024-06-01T00:00:00.000Z/2024-06-10T00:00:00.000Z',
            metrics: [
              { metric: 'tHandle', stats: { max: 700, min: 50, count: 5, sum: 1600 } },
              { metric: 'nOffered', stats: { count: 8 } },
              { metric: 'oServiceLevel', stats: { ratio: 0.5, numerator: 3, denominator: 6, target: 0.8 } },
              { metric: 'tAnswered', stats: { max: 10, min: 2, count: 3, sum: 15, p95: 9 } },
              { metric: 'tAbandon', stats: { max: 30, min: 10, count: 2, sum: 40 } },
            ],
          },
        ],
      },
      {
        group: { queueId: 'q2', mediaType: 'voice' },
        data: [{ interval: '2024-06-01T00:00:00.000Z/2024-06-10T00:00:00.000Z', metrics: [{ metric: 'nOffered', stats: { count: 4 } }] }],
      },
    ],
  };

  it('merges matching groups into one bucket over the whole interval', () => {
    const before = JSON.stringify([part1, part2]);
    const merged = mergeAggregateResponses([part1, {}, part2], { interval: WHOLE });
    expect(merged).toEqual({
      results: [
        {
          group: { queueId: 'q1', mediaType: 'voice' },
          data: [
            {
              interval: WHOLE,
              metrics: [
                { metric: 'nOffered', stats: { count: 20 } },
                { metric: 'tHandle', stats: { max: 700, min: 30, count: 15, sum: 4000 } },
                { metric: 'oServiceLevel', stats: { numerator: 12, denominator: 16, ratio: 0.75, target: 0.8 } },
                { metric: 'tAnswered', stats: { max: 20, min: 1, count: 12, sum: 105 } },
                { metric: 'tAbandon', stats: { max: 30, min: 10, count: 2, sum: 40 } },
              ],
            },
          ],
        },
        { group: { queueId: 'q2', mediaType: 'voice' }, data: [{ interval: WHOLE, metrics: [{ metric: 'nOffered', stats: { count: 4 } }] }] },
      ],
    });
    expect(JSON.stringify([part1, part2])).toBe(before); // the parts are not changed
  });

  it('orders by time even when the parts come in reverse', () => {
    const merged = mergeAggregateResponses([part2, part1], { interval: WHOLE });
    // current/target follow time order, so a reverse order must not change the result.
    const q1 = merged.results?.find((r) => r.group?.queueId === 'q1');
    expect(q1?.data?.[0]?.metrics?.find((m) => m.metric === 'tHandle')?.stats).toEqual({ max: 700, min: 30, count: 15, sum: 4000 });
    expect(merged.results?.map((r) => r.group?.queueId)).toEqual(['q1', 'q2']);
  });

  it('a single part still gets the whole interval', () => {
    expect(mergeAggregateResponses([part2], { interval: WHOLE }).results?.[1]).toEqual({
      group: { queueId: 'q2', mediaType: 'voice' },
      data: [{ interval: WHOLE, metrics: [{ metric: 'nOffered', stats: { count: 4 } }] }],
    });
  });

  it('keeps metrics with different qualifiers apart', () => {
    const p = (count: number): Response => ({
      results: [{ group: {}, data: [{ interval: WHOLE, metrics: [{ metric: 'tFlowOutcome', qualifier: 'a', stats: { count } }, { metric: 'tFlowOutcome', qualifier: 'b', stats: { count: 1 } }] }] }],
    });
    expect(mergeAggregateResponses([p(2), p(5)], { interval: WHOLE }).results?.[0]?.data?.[0]?.metrics).toEqual([
      { metric: 'tFlowOutcome', qualifier: 'a', stats: { count: 7 } },
      { metric: 'tFlowOutcome', qualifier: 'b', stats: { count: 2 } },
    ]);
  });

  it('merges views by name', () => {
    const p = (count: number): Response => ({ results: [{ group: {}, data: [{ interval: WHOLE, views: [{ name: 'under20s', stats: { count } }] }] }] });
    expect(mergeAggregateResponses([p(2), p(3)], { interval: WHOLE }).results?.[0]?.data).toEqual([{ interval: WHOLE, views: [{ name: 'under20s', stats: { count: 5 } }] }]);
  });

  it.each<[string, Response[]]>([
    ['no parts', []],
    ['only empty parts', [{}, { results: [] }]],
  ])('%s → {}', (_name, parts) => {
    expect(mergeAggregateResponses(parts, { interval: WHOLE })).toEqual({});
  });
});

describe('mergeAggregateResponses with a granularity', () => {
  const bucket = (start: string, end: string, count: number) => ({ interval: `${start}/${end}`, metrics: [{ metric: 'nOffered', stats: { count } }] });

  it('concatenates buckets in time order and merges buckets with the same interval', () => {
    const early: Response = {
      results: [
        { group: { userId: 'u1' }, data: [bucket('2024-05-01T00:00:00.000Z', '2024-05-01T01:00:00.000Z', 1), bucket('2024-05-01T01:00:00.000Z', '2024-05-01T02:00:00.000Z', 2)] },
      ],
    };
    const late: Response = {
      results: [
        { group: { userId: 'u2' }, data: [bucket('2024-05-01T02:00:00.000Z', '2024-05-01T03:00:00.000Z', 7)] },
        // Same instants as early's second bucket, written differently: one bucket.
        { group: { userId: 'u1' }, data: [bucket('2024-05-01T02:00:00.000Z', '2024-05-01T03:00:00.000Z', 3), bucket('2024-05-01T01:00:00Z', '2024-05-01T02:00:00Z', 10)] },
      ],
    };
    expect(mergeAggregateResponses([late, early], { interval: '2024-05-01T00:00:00.000Z/2024-05-01T03:00:00.000Z', granularity: 'PT1H' })).toEqual({
      results: [
        { group: { userId: 'u2' }, data: [bucket('2024-05-01T02:00:00.000Z', '2024-05-01T03:00:00.000Z', 7)] },
        {
          group: { userId: 'u1' },
          data: [
            bucket('2024-05-01T00:00:00.000Z', '2024-05-01T01:00:00.000Z', 1),
            bucket('2024-05-01T01:00:00.000Z', '2024-05-01T02:00:00.000Z', 12),
            bucket('2024-05-01T02:00:00.000Z', '2024-05-01T03:00:00.000Z', 3),
          ],
        },
      ],
    });
  });

  it('keeps p95 of a bucket that had nothing to merge with', () => {
    const part: Response = { results: [{ group: {}, data: [{ interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z', metrics: [{ metric: 'tTalk', stats: { count: 1, sum: 5, max: 5, min: 5, p95: 5 } }] }] }] };
    expect(mergeAggregateResponses([part, {}], { interval: WHOLE, granularity: 'P1D' }).results?.[0]?.data?.[0]?.metrics?.[0]?.stats).toEqual({ count: 1, sum: 5, max: 5, min: 5, p95: 5 });
  });
});
