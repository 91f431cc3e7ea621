import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from '../../src/errors.js';
import { DEFAULT_GRANULARITY_RULE, checkGranularity, parseGranularity, parseIsoDuration } from '../../src/time/index.js';

const M = 60_000;
const H = 60 * M;

describe('parseIsoDuration', () => {
  it('keeps every unit as written', () => {
    const d = parseIsoDuration('P1Y2M3W4DT5H6M7S', 'granularity', 'hint');
    expect([d.years, d.months, d.weeks, d.days, d.hours, d.minutes, d.seconds]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parseIsoDuration('PT0.5S', 'granularity', 'hint').milliseconds).toBe(500);
    expect(parseIsoDuration('pt1h', 'granularity', 'hint').hours).toBe(1);
  });

  it.each(['', 'P', 'PT', 'P1DT', '1H', 'P1H', 'PT0M', 'P0D', '-PT1H', 'PT1.5H', 'every hour'])('rejects %j', (text) => {
    expect(() => parseIsoDuration(text, 'granularity', 'hint')).toThrow(InvalidQueryError);
  });
});

describe('parseGranularity: the default rule', () => {
  it('is 15-minute steps and 5000 buckets', () => expect(DEFAULT_GRANULARITY_RULE).toEqual({ stepMinutes: 15, maxBuckets: 5000 }));

  const allowed: Array<[string, { text: string; months: number; days: number; ms: number }]> = [
    ['PT15M', { text: 'PT15M', months: 0, days: 0, ms: 15 * M }],
    ['PT30M', { text: 'PT30M', months: 0, days: 0, ms: 30 * M }],
    ['PT45M', { text: 'PT45M', months: 0, days: 0, ms: 45 * M }],
    ['PT1H', { text: 'PT1H', months: 0, days: 0, ms: H }],
    ['pt1h', { text: 'PT1H', months: 0, days: 0, ms: H }],
    ['PT1H30M', { text: 'PT1H30M', months: 0, days: 0, ms: 90 * M }],
    ['P1DT12H', { text: 'P1DT12H', months: 0, days: 1, ms: 12 * H }],
    ['P1D', { text: 'P1D', months: 0, days: 1, ms: 0 }],
    ['P7D', { text: 'P7D', months: 0, days: 7, ms: 0 }],
    ['P1W', { text: 'P1W', months: 0, days: 7, ms: 0 }],
    ['P1M', { text: 'P1M', months: 1, days: 0, ms: 0 }],
    ['P12M', { text: 'P12M', months: 12, days: 0, ms: 0 }],
  ];
  it.each(allowed)('allows %s', (text, expected) => expect(parseGranularity(text)).toEqual(expected));

  const rejected: Array<[string, RegExp]> = [
    ['PT1M', /multiple of 15 minutes/],
    ['PT5M', /multiple of 15 minutes/],
    ['PT7M', /multiple of 15 minutes/],
    ['PT1H10M', /multiple of 15 minutes/],
    ['PT30S', /seconds are not supported/],
    ['PT1S', /seconds are not supported/],
    ['PT15M30S', /seconds are not supported/],
    ['P1Y', /years are not supported \(use P12M\)/],
    ['P100Y', /years are not supported \(use P12M\)/],
    ['PT0M', /longer than zero/],
    ['P0D', /longer than zero/],
    ['PT1.5H', /not an ISO-8601 duration/],
    ['-P1D', /not an ISO-8601 duration/],
    ['hourly', /not an ISO-8601 duration/],
    ['1H', /not an ISO-8601 duration/],
  ];
  it.each(rejected)('rejects %s, saying why, what is allowed and an example', (text, why) => {
    let caught: unknown;
    try {
      parseGranularity(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidQueryError);
    const e = caught as InvalidQueryError;
    expect(e.field).toBe('granularity');
    expect(e.message).toContain(`"${text}"`);
    expect(e.message).toMatch(why);
    expect(e.hint).toMatch(/months, weeks, days, hours or minutes.*multiple of 15 minutes.*PT15M, PT30M, PT1H, P1D, P1W or P1M/);
  });
});

describe('the rule is configurable', () => {
  const hourly = { stepMinutes: 60, maxBuckets: 100 };
  it('a coarser step refuses what the default allows', () => {
    expect(() => parseGranularity('PT30M', hourly)).toThrow(/multiple of 60 minutes/);
    expect(parseGranularity('PT2H', hourly).ms).toBe(2 * H);
  });
  it('a finer step allows what the default refuses', () => expect(parseGranularity('PT5M', { stepMinutes: 5, maxBuckets: 5000 }).ms).toBe(5 * M));
  it('checkGranularity holds a hand-built granularity to the rule', () => {
    expect(() => checkGranularity({ text: 'PT7M', months: 0, days: 0, ms: 7 * M })).toThrow(/multiple of 15 minutes/);
    expect(() => checkGranularity({ text: 'x', months: 0, days: 0, ms: 0 })).toThrow(/longer than zero/);
    expect(() => checkGranularity({ text: 'PT15M', months: 0, days: 0, ms: 15 * M })).not.toThrow();
  });
});
