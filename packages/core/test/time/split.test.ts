import { describe, expect, it } from 'vitest';
import { ConfigError, InvalidQueryError } from '../../src/errors.js';
import { bucketStarts, parseGranularity, splitEvenly, splitOnBuckets, type Chunk, type Granularity } from '../../src/time/index.js';

const t = (iso: string): number => Date.parse(iso);
const H = 3_600_000;
const D = 86_400_000;
const isoChunks = (chunks: Chunk[]): string[][] => chunks.map(([a, b]) => [new Date(a).toISOString(), new Date(b).toISOString()]);
const z = (s: string): string => new Date(t(s)).toISOString();
/** A fixed-length granularity of `ms` (the split arithmetic does not care about the rule). */
const fixed = (ms: number): Granularity => ({ text: `${ms}ms`, months: 0, days: 0, ms });
/** Splits [start, end) on the buckets of `g` in `timeZone`, as the metrics service does. */
const split = (start: number, end: number, maxMs: number, g: Granularity, timeZone = 'UTC'): Chunk[] =>
  splitOnBuckets(bucketStarts({ start, end, timeZone }, g), end, maxMs, g.text);

describe('splitEvenly', () => {
  const cases: Array<{ name: string; start: number; end: number; max: number; expected: Chunk[] }> = [
    { name: 'fits in one', start: 0, end: 10, max: 10, expected: [[0, 10]] },
    { name: 'even split', start: 0, end: 8, max: 4, expected: [[0, 4], [4, 8]] },
    { name: 'short last chunk', start: 0, end: 10, max: 4, expected: [[0, 4], [4, 8], [8, 10]] },
    { name: 'empty interval', start: 100, end: 100, max: 5, expected: [] },
  ];
  it.each(cases)('$name', ({ start, end, max, expected }) => expect(splitEvenly(start, end, max)).toEqual(expected));

  it.each([
    { name: 'end before start', args: [10, 5, 3] as [number, number, number], type: InvalidQueryError },
    { name: 'NaN start', args: [Number.NaN, 5, 3] as [number, number, number], type: InvalidQueryError },
    { name: 'zero cap', args: [0, 100, 0] as [number, number, number], type: ConfigError },
  ])('rejects: $name', ({ args, type }) => {
    expect(() => splitEvenly(...args)).toThrow(type);
  });
});

describe('splitOnBuckets: fixed-length granularities', () => {
  const cases: Array<{ name: string; start: number; end: number; max: number; g: number; expected: Chunk[] }> = [
    { name: 'whole buckets per chunk; the partial last bucket joins the last chunk when it fits', start: 0, end: 10, max: 4, g: 3, expected: [[0, 3], [3, 6], [6, 10]] },
    { name: 'granularity equal to max', start: 5, end: 12, max: 3, g: 3, expected: [[5, 8], [8, 11], [11, 12]] },
    { name: 'granularity dividing max exactly', start: 0, end: 10, max: 4, g: 2, expected: [[0, 4], [4, 8], [8, 10]] },
    { name: 'empty interval', start: 100, end: 100, max: 5, g: 1, expected: [] },
  ];
  it.each(cases)('$name', ({ start, end, max, g, expected }) => expect(split(start, end, max, fixed(g))).toEqual(expected));

  it('40 days under a 31-day cap, daily buckets', () => {
    expect(isoChunks(split(t('2024-05-01T00:00:00Z'), t('2024-06-10T00:00:00Z'), 31 * D, parseGranularity('P1D')))).toEqual([
      [z('2024-05-01T00:00:00Z'), z('2024-06-01T00:00:00Z')],
      [z('2024-06-01T00:00:00Z'), z('2024-06-10T00:00:00Z')],
    ]);
  });

  it('PT7H buckets under a 31-day cap: 106 buckets (742 h) per chunk', () => {
    expect(isoChunks(split(t('2024-05-01T00:00:00Z'), t('2024-06-10T00:00:00Z'), 31 * D, fixed(7 * H)))).toEqual([
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
      const chunks = split(start, end, max, fixed(g));
      expect(chunks[0]?.[0]).toBe(start);
      expect(chunks.at(-1)?.[1]).toBe(end);
      chunks.forEach(([a, b], i) => {
        expect(b - a).toBeLessThanOrEqual(max);
        expect((a - start) % g).toBe(0);
        if (i > 0) expect(a).toBe(chunks[i - 1]?.[1]);
      });
    }
  });

  it('rejects a bucket longer than the cap (on granularity) and a zero cap', () => {
    expect(() => split(0, 100, 10, fixed(11))).toThrow(expect.objectContaining({ field: 'granularity' }) as Error);
    expect(() => split(0, 100, 0, fixed(5))).toThrow(ConfigError);
  });
});

describe('splitOnBuckets: calendar granularities', () => {
  it('P1D in Paris cuts on local midnights across DST (a fixed 24 h would not)', () => {
    const start = t('2024-03-20T23:00:00Z'); // 21 March, local midnight
    const end = t('2024-04-05T22:00:00Z'); // 6 April, local midnight
    expect(isoChunks(split(start, end, 7 * D, parseGranularity('P1D'), 'Europe/Paris'))).toEqual([
      [z('2024-03-20T23:00:00Z'), z('2024-03-27T23:00:00Z')], // 7 × 24 h
      [z('2024-03-27T23:00:00Z'), z('2024-04-03T22:00:00Z')], // 7 local days, 31 March has 23 h
      [z('2024-04-03T22:00:00Z'), z('2024-04-05T22:00:00Z')],
    ]);
    // Fixed 24 h buckets land an hour after local midnight on the second boundary.
    expect(isoChunks(split(start, end, 7 * D, fixed(D)))[1]?.[1]).toBe(z('2024-04-03T23:00:00Z'));
  });

  const months: Array<{ name: string; start: string; end: string; timeZone?: string; expected: Array<[string, string]> }> = [
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
  it.each(months)('P1M under a 31-day cap: $name', ({ start, end, timeZone, expected }) => {
    expect(isoChunks(split(t(start), t(end), 31 * D, parseGranularity('P1M'), timeZone))).toEqual(expected.map(([a, b]) => [z(a), z(b)]));
  });

  it('P1W packs four weeks under a 31-day cap', () => {
    expect(isoChunks(split(t('2024-01-01T00:00:00Z'), t('2024-03-01T00:00:00Z'), 31 * D, parseGranularity('P1W')))).toEqual([
      [z('2024-01-01T00:00:00Z'), z('2024-01-29T00:00:00Z')],
      [z('2024-01-29T00:00:00Z'), z('2024-02-26T00:00:00Z')],
      [z('2024-02-26T00:00:00Z'), z('2024-03-01T00:00:00Z')],
    ]);
  });

  it.each([
    ['P1W', 5 * D],
    ['P1M', 28 * D],
    ['PT2H', H],
  ])('rejects %s when one bucket exceeds the cap', (g, max) => {
    expect(() => split(t('2024-01-01T00:00:00Z'), t('2024-06-01T00:00:00Z'), max, parseGranularity(g))).toThrow(expect.objectContaining({ field: 'granularity' }) as Error);
  });
});
