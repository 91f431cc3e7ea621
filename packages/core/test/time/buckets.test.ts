import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from '../../src/errors.js';
import { parseGranularity, rangeBuckets, resolveTimeRange } from '../../src/time/index.js';

const t = (iso: string): number => Date.parse(iso);
const z = (s: string): string => new Date(t(s)).toISOString();
const intervals = (pairs: Array<[string, string]>) => pairs.map(([a, b]) => `${z(a)}/${z(b)}`);
const span = (start: string, end: string, timeZone = 'UTC') => ({ start: t(start), end: t(end), timeZone });

describe('rangeBuckets: edges', () => {
  it('hours: elapsed time from the start, the last bucket ends at the range end', () => {
    expect(rangeBuckets(span('2024-05-01T10:30:00Z', '2024-05-01T13:15:00Z'), parseGranularity('PT1H')).map((b) => b.interval)).toEqual(
      intervals([
        ['2024-05-01T10:30:00Z', '2024-05-01T11:30:00Z'],
        ['2024-05-01T11:30:00Z', '2024-05-01T12:30:00Z'],
        ['2024-05-01T12:30:00Z', '2024-05-01T13:15:00Z'],
      ]),
    );
  });

  it('P1D in Paris: local midnights, the spring-forward day lasts 23 h, the fall-back day 25 h', () => {
    const spring = rangeBuckets(span('2024-03-29T23:00:00Z', '2024-04-01T22:00:00Z', 'Europe/Paris'), parseGranularity('P1D'));
    expect(spring.map((b) => (b.end - b.start) / 3_600_000)).toEqual([24, 23, 24]);
    const autumn = rangeBuckets(span('2024-10-25T22:00:00Z', '2024-10-28T23:00:00Z', 'Europe/Paris'), parseGranularity('P1D'));
    expect(autumn.map((b) => (b.end - b.start) / 3_600_000)).toEqual([24, 25, 24]);
  });

  it('P1M from the 31st clamps to the month end, each month from the start (Jan 31 → Feb 29 → Mar 31)', () => {
    expect(rangeBuckets(span('2024-01-31T00:00:00Z', '2024-04-15T00:00:00Z'), parseGranularity('P1M')).map((b) => b.interval)).toEqual(
      intervals([
        ['2024-01-31T00:00:00Z', '2024-02-29T00:00:00Z'],
        ['2024-02-29T00:00:00Z', '2024-03-31T00:00:00Z'],
        ['2024-03-31T00:00:00Z', '2024-04-15T00:00:00Z'],
      ]),
    );
  });

  it('P1D across a DST gap keeps the wall-clock time, moved forward where it does not exist', () => {
    // New York springs forward 2024-03-10 02:00 → 03:00: a 02:30 start has no 02:30 on the 10th.
    const b = rangeBuckets(span('2024-03-09T07:30:00Z', '2024-03-12T06:30:00Z', 'America/New_York'), parseGranularity('P1D'));
    expect(b.map((x) => x.start)).toEqual([t('2024-03-09T07:30:00Z'), t('2024-03-10T07:30:00Z'), t('2024-03-11T06:30:00Z')]);
  });

  it('LAST_7_DAYS with P1D: 7 whole days and today so far', () => {
    const range = resolveTimeRange({ relative: 'last 7 days' }, t('2026-03-10T14:30:00Z'));
    const b = rangeBuckets(range, parseGranularity('P1D'));
    expect(b).toHaveLength(8);
    expect(b.at(-1)?.interval).toBe(`${z('2026-03-10T00:00:00Z')}/${z('2026-03-10T14:30:00Z')}`);
  });

  it('an empty range has no buckets', () => expect(rangeBuckets(span('2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z'), parseGranularity('PT1H'))).toEqual([]));
});

describe('rangeBuckets: rejected before any query', () => {
  const reject = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidQueryError);
      return e as InvalidQueryError;
    }
    throw new Error('expected an InvalidQueryError');
  };

  it('a granularity longer than the range is one bucket, cut at the range end (today by P1D)', () => {
    const range = { ...span('2026-03-10T00:00:00Z', '2026-03-10T14:30:00Z'), label: 'today' };
    expect(rangeBuckets(range, parseGranularity('P1D'))).toEqual([{ start: t('2026-03-10T00:00:00Z'), end: t('2026-03-10T14:30:00Z'), interval: '2026-03-10T00:00:00.000Z/2026-03-10T14:30:00.000Z' }]);
  });

  it('one bucket more than maxBuckets; exactly maxBuckets is fine', () => {
    const start = '2024-01-01T00:00:00Z';
    const g = parseGranularity('PT15M');
    const at = (n: number) => new Date(t(start) + n * 15 * 60_000).toISOString();
    expect(rangeBuckets(span(start, at(5000)), g)).toHaveLength(5000);
    const e = reject(() => rangeBuckets(span(start, at(5001)), g));
    expect(e.message).toMatch(/PT15M cuts .* into more than 5000 buckets/);
    expect(e.hint).toMatch(/coarser granularity or a shorter range, for example P1D/);
    expect(rangeBuckets(span(start, at(12)), g, { stepMinutes: 15, maxBuckets: 12 })).toHaveLength(12);
    expect(() => rangeBuckets(span(start, at(13)), g, { stepMinutes: 15, maxBuckets: 12 })).toThrow(/more than 12 buckets/);
  });
});
