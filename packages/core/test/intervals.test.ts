import { describe, expect, it } from 'vitest';
import { ConfigError, InvalidQueryError } from '../src/errors.js';
import { durationMs, formatInterval, parseIsoDuration, splitByCalendarMonths, splitForGranularity, splitInterval, type Chunk } from '../src/intervals.js';

const t = (iso: string): number => Date.parse(iso);
const H = 3_600_000;
const D = 86_400_000;
const isoChunks = (chunks: Chunk[]): string[][] => chunks.map(([a, b]) => [new Date(a).toISOString(), new Date(b).toISOString()]);
const z = (s: string): string => new Date(t(s)).toISOString();

describe('splitInterval', () => {
  const cases: Array<{ name: string; start: number; end: number; max: number; g?: number; expected: Chunk[] }> = [
    { name: 'fits in one', start: 0, end: 10, max: 10, expected: [[0, 10]] },
    { name: 'even split', start: 0, end: 8, max: 4, expected: [[0, 4], [4, 8]] },
    { name: 'short last chunk', start: 0, end: 10, max: 4, expected: [[0, 4], [4, 8], [8, 10]] },
    { name: 'granularity shrinks the step to whole buckets', start: 0, end: 10, max: 4, g: 3, expected: [[0, 3], [3, 6], [6, 9], [9, 10]] },
    { name: 'granularity equal to max', start: 5, end: 12, max: 3, g: 3, expected: [[5, 8], [8, 11], [11, 12]] },
    { name: 'empty interval', start: 100, end: 100, max: 5, expected: [] },
    { name: 'granularity dividing max exactly', start: 0, end: 10, max: 4, g: 2, expected: [[0, 4], [4, 8], [8, 10]] },
  ];
  it.each(cases)('$name', ({ start, end, max, g, expected }) => {
    expect(splitInterval(start, end, max, g === undefined ? undefined : { granularityMs: g })).toEqual(expected);
  });

  it('40 days under a 31-day cap, daily buckets', () => {
    expect(isoChunks(splitInterval(t('2024-05-01T00:00:00Z'), t('2024-06-10T00:00:00Z'), 31 * D, { granularityMs: D }))).toEqual([
      [z('2024-05-01T00:00:00Z'), z('2024-06-01T00:00:00Z')],
      [z('2024-06-01T00:00:00Z'), z('2024-06-10T00:00:00Z')],
    ]);
  });

  it('PT7H buckets under a 31-day cap: 106 buckets (742 h) per chunk', () => {
    expect(isoChunks(splitInterval(t('2024-05-01T00:00:00Z'), t('2024-06-10T00:00:00Z'), 31 * D, { granularityMs: 7 * H }))).toEqual([
      [z('2024-05-01T00:00:00Z'), z('2024-05-31T22:00:00Z')],
      [z('2024-05-31T22:00:00Z'), z('2024-06-10T00:00:00Z')],
    ]);
  });

  it('every chunk is contiguous, within the cap and bucket-aligned', () => {
    for (const [start, end, max, g] of [
      [7, 1000, 100, 9],
      [0, 12345, 1000, 1000],
      [3, 50, 7, 1],
    ] as const) {
      const chunks = splitInterval(start, end, max, { granularityMs: g });
      expect(chunks[0]?.[0]).toBe(start);
      expect(chunks.at(-1)?.[1]).toBe(end);
      chunks.forEach(([a, b], i) => {
        expect(b - a).toBeLessThanOrEqual(max);
        expect((a - start) % g).toBe(0);
        if (i > 0) expect(a).toBe(chunks[i - 1]?.[1]);
      });
    }
  });

  const errors: Array<{ name: string; args: [number, number, number, { granularityMs?: number }?]; type: typeof InvalidQueryError | typeof ConfigError; field?: string }> = [
    { name: 'end before start', args: [10, 5, 3], type: InvalidQueryError, field: 'interval' },
    { name: 'NaN start', args: [Number.NaN, 5, 3], type: InvalidQueryError, field: 'interval' },
    { name: 'granularity longer than the cap', args: [0, 100, 10, { granularityMs: 11 }], type: InvalidQueryError, field: 'granularity' },
    { name: 'zero granularity', args: [0, 100, 10, { granularityMs: 0 }], type: InvalidQueryError, field: 'granularity' },
    { name: 'zero cap', args: [0, 100, 0], type: ConfigError },
  ];
  it.each(errors)('rejects: $name', ({ args, type, field }) => {
    const call = () => splitInterval(...args);
    expect(call).toThrow(type);
    if (field) expect(() => call()).toThrow(expect.objectContaining({ field }) as Error);
  });
});

describe('durationMs / parseIsoDuration', () => {
  const cases: Array<[string, number | undefined]> = [
    ['PT15M', 15 * 60_000],
    ['PT30M', 30 * 60_000],
    ['PT1H', H],
    ['pt1h', H],
    ['P1D', D],
    ['P1W', 7 * D],
    ['P7D', 7 * D],
    ['P1DT12H', 36 * H],
    ['PT1H30M', 90 * 60_000],
    ['PT30S', 30_000],
    ['PT0.5S', 500],
    ['P1M', undefined],
    ['P3M', undefined],
    ['P1Y', undefined],
    ['P1MT1H', undefined],
  ];
  it.each(cases)('%s', (iso, expected) => expect(durationMs(iso)).toBe(expected));

  it('keeps months, days and elapsed time apart', () => {
    expect(parseIsoDuration('P1Y2M3W4DT5H6M7S')).toEqual({ months: 14, days: 25, ms: 5 * H + 6 * 60_000 + 7_000 });
  });

  it.each(['', 'P', 'PT', 'P1DT', '1H', 'P1H', 'PT0M', 'P0D', '-PT1H', 'PT1.5H', 'every hour'])('rejects %j', (iso) => {
    expect(() => durationMs(iso)).toThrow(InvalidQueryError);
  });
});

describe('formatInterval', () => {
  it('formats epoch ms and Dates as a Z interval', () => {
    expect(formatInterval(0, D)).toBe('1970-01-01T00:00:00.000Z/1970-01-02T00:00:00.000Z');
    expect(formatInterval(new Date(t('2024-05-01T02:00:00+02:00')), t('2024-05-01T12:30:00.5Z'))).toBe('2024-05-01T00:00:00.000Z/2024-05-01T12:30:00.500Z');
  });
});

describe('splitByCalendarMonths', () => {
  const cases: Array<{ name: string; start: string; end: string; timeZone?: string; expected: Array<[string, string]> }> = [
    {
      name: 'UTC, from the 1st',
      start: '2024-01-01T00:00:00Z',
      end: '2024-04-01T00:00:00Z',
      expected: [
        ['2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'],
        ['2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z'],
        ['2024-03-01T00:00:00Z', '2024-04-01T00:00:00Z'],
      ],
    },
    {
      name: 'from the 31st: clamped to short months, no drift',
      start: '2024-01-31T00:00:00Z',
      end: '2024-05-15T00:00:00Z',
      expected: [
        ['2024-01-31T00:00:00Z', '2024-02-29T00:00:00Z'],
        ['2024-02-29T00:00:00Z', '2024-03-31T00:00:00Z'],
        ['2024-03-31T00:00:00Z', '2024-04-30T00:00:00Z'],
        ['2024-04-30T00:00:00Z', '2024-05-15T00:00:00Z'],
      ],
    },
    {
      name: 'Paris local months across spring-forward',
      start: '2024-02-29T23:00:00Z',
      end: '2024-05-31T22:00:00Z',
      timeZone: 'Europe/Paris',
      expected: [
        ['2024-02-29T23:00:00Z', '2024-03-31T22:00:00Z'],
        ['2024-03-31T22:00:00Z', '2024-04-30T22:00:00Z'],
        ['2024-04-30T22:00:00Z', '2024-05-31T22:00:00Z'],
      ],
    },
    { name: 'less than a month', start: '2024-05-03T00:00:00Z', end: '2024-05-20T00:00:00Z', expected: [['2024-05-03T00:00:00Z', '2024-05-20T00:00:00Z']] },
  ];
  it.each(cases)('$name', ({ start, end, timeZone, expected }) => {
    expect(isoChunks(splitByCalendarMonths(t(start), t(end), timeZone))).toEqual(expected.map(([a, b]) => [z(a), z(b)]));
  });

  it('rejects an unknown zone', () => {
    expect(() => splitByCalendarMonths(0, D, 'Nowhere/Land')).toThrow(InvalidQueryError);
  });
});

describe('splitForGranularity', () => {
  it('P1D in Paris cuts on local midnights across DST (a fixed 24 h would not)', () => {
    const start = t('2024-03-20T23:00:00Z'); // 21 March, local midnight
    const end = t('2024-04-05T22:00:00Z'); // 6 April, local midnight
    const expected = [
      [z('2024-03-20T23:00:00Z'), z('2024-03-27T23:00:00Z')], // 7 × 24 h
      [z('2024-03-27T23:00:00Z'), z('2024-04-03T22:00:00Z')], // 7 local days, 31 March has 23 h
      [z('2024-04-03T22:00:00Z'), z('2024-04-05T22:00:00Z')],
    ];
    expect(isoChunks(splitForGranularity(start, end, 7 * D, 'P1D', 'Europe/Paris'))).toEqual(expected);
    // The fixed-length split lands an hour after local midnight on the second boundary.
    expect(isoChunks(splitInterval(start, end, 7 * D, { granularityMs: D }))[1]?.[1]).toBe(z('2024-04-03T23:00:00Z'));
  });

  it('P1M under a 31-day cap matches splitByCalendarMonths', () => {
    const [start, end] = [t('2024-01-31T00:00:00Z'), t('2024-05-15T00:00:00Z')];
    expect(splitForGranularity(start, end, 31 * D, 'P1M')).toEqual(splitByCalendarMonths(start, end));
  });

  it('P1W packs four weeks under a 31-day cap', () => {
    expect(isoChunks(splitForGranularity(t('2024-01-01T00:00:00Z'), t('2024-03-01T00:00:00Z'), 31 * D, 'P1W'))).toEqual([
      [z('2024-01-01T00:00:00Z'), z('2024-01-29T00:00:00Z')],
      [z('2024-01-29T00:00:00Z'), z('2024-02-26T00:00:00Z')],
      [z('2024-02-26T00:00:00Z'), z('2024-03-01T00:00:00Z')],
    ]);
  });

  it('fixed-length granularities behave as splitInterval', () => {
    expect(splitForGranularity(0, 10 * H, 4 * H, 'PT3H')).toEqual([[0, 3 * H], [3 * H, 6 * H], [6 * H, 9 * H], [9 * H, 10 * H]]);
  });

  it.each([
    ['P1W', 5 * D],
    ['P1M', 28 * D],
    ['PT2H', H],
  ])('rejects %s when one bucket exceeds the cap', (g, max) => {
    expect(() => splitForGranularity(t('2024-01-01T00:00:00Z'), t('2024-06-01T00:00:00Z'), max, g)).toThrow(expect.objectContaining({ field: 'granularity' }) as Error);
  });
});
