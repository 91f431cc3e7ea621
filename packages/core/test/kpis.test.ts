import type platformClient from 'purecloud-platform-client-v2';
import { describe, expect, it } from 'vitest';
import { abandonRate, answerRate, averageHandleTimeMs, averageSpeedOfAnswerMs, countOf, serviceLevel, timeStat, transferRate } from '../src/kpis.js';

type Metrics = platformClient.Models.AggregateMetricData[];

const full: Metrics = [
  { metric: 'nOffered', stats: { count: 12 } },
  { metric: 'tHandle', stats: { sum: 2_400_000, count: 10, max: 601_000, min: 32_000 } },
  { metric: 'tAnswered', stats: { sum: 90_000, count: 9, max: 20_000, min: 2_000 } },
  { metric: 'tAbandon', stats: { sum: 50_000, count: 2, max: 30_000, min: 20_000 } },
  { metric: 'nTransferred', stats: { count: 3 } },
  { metric: 'nOverSla', stats: { count: 4 } },
  { metric: 'oServiceLevel', stats: { ratio: 0.9, numerator: 9, denominator: 10, target: 0.8 } },
];

interface Kpis {
  aht: number | undefined;
  asa: number | undefined;
  sl: number | undefined;
  abandon: number | undefined;
  answer: number | undefined;
  transfer: number | undefined;
}
const kpis = (m: Metrics): Kpis => ({
  aht: averageHandleTimeMs(m),
  asa: averageSpeedOfAnswerMs(m),
  sl: serviceLevel(m),
  abandon: abandonRate(m),
  answer: answerRate(m),
  transfer: transferRate(m),
});

describe('KPIs', () => {
  const cases: Array<{ name: string; metrics: Metrics; expected: Kpis }> = [
    {
      name: 'all metrics present (SL from oServiceLevel, not the fallback 5/11)',
      metrics: full,
      expected: { aht: 240_000, asa: 10_000, sl: 0.9, abandon: 2 / 12, answer: 0.75, transfer: 0.3 },
    },
    {
      name: 'no oServiceLevel: (answered − overSla) / (answered + abandoned)',
      metrics: [
        { metric: 'tAnswered', stats: { sum: 80_000, count: 8, max: 1, min: 1 } },
        { metric: 'nOverSla', stats: { count: 2 } },
        { metric: 'tAbandon', stats: { sum: 1, count: 4, max: 1, min: 1 } },
      ],
      expected: { aht: undefined, asa: 10_000, sl: 0.5, abandon: undefined, answer: undefined, transfer: undefined },
    },
    {
      name: 'oServiceLevel with numerator/denominator but no ratio',
      metrics: [{ metric: 'oServiceLevel', stats: { numerator: 3, denominator: 4 } }],
      expected: { aht: undefined, asa: undefined, sl: 0.75, abandon: undefined, answer: undefined, transfer: undefined },
    },
    {
      name: 'nothing at all',
      metrics: [],
      expected: { aht: undefined, asa: undefined, sl: undefined, abandon: undefined, answer: undefined, transfer: undefined },
    },
    {
      name: 'zero denominators',
      metrics: [
        { metric: 'nOffered', stats: { count: 0 } },
        { metric: 'tHandle', stats: { sum: 0, count: 0 } },
        { metric: 'tAnswered', stats: { sum: 0, count: 0 } },
        { metric: 'oServiceLevel', stats: { numerator: 0, denominator: 0 } },
      ],
      expected: { aht: undefined, asa: undefined, sl: undefined, abandon: undefined, answer: undefined, transfer: undefined },
    },
    {
      name: 'offered but no abandons, answers or transfers: rates are 0',
      metrics: [
        { metric: 'nOffered', stats: { count: 5 } },
        { metric: 'tHandle', stats: { sum: 100, count: 4, max: 40, min: 10 } },
      ],
      expected: { aht: 25, asa: undefined, sl: undefined, abandon: 0, answer: 0, transfer: 0 },
    },
    {
      name: 'the unqualified entry wins over a qualified one',
      metrics: [
        { metric: 'tHandle', qualifier: 'x', stats: { sum: 500, count: 1, max: 500, min: 500 } },
        { metric: 'tHandle', stats: { sum: 300, count: 3, max: 200, min: 50 } },
      ],
      expected: { aht: 100, asa: undefined, sl: undefined, abandon: undefined, answer: undefined, transfer: 0 },
    },
  ];
  it.each(cases)('$name', ({ metrics, expected }) => {
    expect(kpis(metrics)).toEqual(expected);
  });

  it('accepts undefined metrics', () => {
    expect(kpis(undefined as unknown as Metrics)).toEqual({ aht: undefined, asa: undefined, sl: undefined, abandon: undefined, answer: undefined, transfer: undefined });
  });
});

describe('timeStat', () => {
  const cases: Array<{ name: string; metrics: Metrics; metric: string; expected: ReturnType<typeof timeStat> }> = [
    { name: 'tHandle', metrics: full, metric: 'tHandle', expected: { sum: 2_400_000, count: 10, avg: 240_000, max: 601_000, min: 32_000 } },
    { name: 'a count metric has no time stat', metrics: full, metric: 'nOffered', expected: undefined },
    { name: 'absent metric', metrics: full, metric: 'tTalk', expected: undefined },
    { name: 'no emissions', metrics: [{ metric: 'tTalk', stats: { sum: 0, count: 0, max: 0, min: 0 } }], metric: 'tTalk', expected: undefined },
    { name: 'missing max', metrics: [{ metric: 'tTalk', stats: { sum: 10, count: 2, min: 3 } }], metric: 'tTalk', expected: undefined },
    { name: 'metric without stats', metrics: [{ metric: 'tTalk' }], metric: 'tTalk', expected: undefined },
  ];
  it.each(cases)('$name', ({ metrics, metric, expected }) => {
    expect(timeStat(metrics, metric)).toEqual(expected);
  });
});

describe('countOf', () => {
  it.each<[string, number]>([
    ['nOffered', 12],
    ['tAbandon', 2],
    ['nConnected', 0],
  ])('%s', (name, expected) => expect(countOf(full, name)).toBe(expected));
});
