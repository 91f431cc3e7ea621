import { describe, expect, it } from 'vitest';
import {
  DurationError,
  addDuration,
  bucketIndex,
  bucketStarts,
  canonicalTimeZone,
  parseDuration,
} from '../../src/query/granularity.js';

const H = 3_600_000;
const M = 60_000;
const D = 24 * H;
const t = (s: string): number => Date.parse(s);
const isoList = (xs: number[]): string[] => xs.map((x) => new Date(x).toISOString());

describe('parseDuration', () => {
  it.each([
    ['PT15M', 0, 0, 15 * M],
    ['PT30M', 0, 0, 30 * M],
    ['PT1H', 0, 0, H],
    ['PT1H30M', 0, 0, 90 * M],
    ['P1D', 0, 1, 0],
    ['P1DT12H', 0, 1, 12 * H],
    ['P7D', 0, 7, 0],
    ['P1W', 0, 7, 0],
    ['P2W3D', 0, 17, 0],
    ['P1M', 1, 0, 0],
    ['P3M', 3, 0, 0],
    ['P1MT30M', 1, 0, 30 * M],
    ['pt5m', 0, 0, 5 * M],
  ])('%s → %i months, %i days, %i ms', (text, months, days, ms) => {
    const d = parseDuration(text);
    expect({ months: d.months, days: d.days, ms: d.ms }).toEqual({ months, days, ms });
    expect(d.text).toBe(text.toUpperCase());
  });

  it.each([
    ['', /Invalid granularity \[\]/],
    ['P', /Invalid granularity \[P\]/],
    ['PT', /Invalid granularity \[PT\]/],
    ['P1DT', /Invalid granularity \[P1DT\]/],
    ['1D', /Invalid granularity/],
    ['garbage', /Invalid granularity \[garbage\]/],
    ['-P1D', /Invalid granularity/],
    ['P-1D', /Invalid granularity/],
    ['PT1.5H', /Invalid granularity/],
    ['P0D', /must be longer than zero/],
    ['PT0H0M', /must be longer than zero/],
    ['P1Y', /years are not supported \(use P12M\)/],
    ['PT30S', /seconds are not supported/],
    ['PT1M30S', /seconds are not supported/],
    ['PT0.5S', /seconds are not supported/],
    ['P1D1M', /Invalid granularity/], // months after days: not ISO order
  ])('rejects %j', (text, message) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
    expect(() => parseDuration(text)).toThrow(message);
    expect(() => parseDuration(text)).toThrow(/for example PT15M/);
  });
});

describe('the granularity step (limits.granularityStepMinutes)', () => {
  it.each(['PT15M', 'PT30M', 'PT45M', 'PT1H', 'PT90M', 'P1DT12H', 'P1D', 'P1W', 'P1M', 'P1MT15M'])('step 15 allows %s', (text) => {
    expect(parseDuration(text, 15).text).toBe(text);
  });

  it.each([
    ['PT1M', /1 minute is not a whole multiple of 15 minutes/],
    ['PT5M', /5 minutes is not a whole multiple of 15 minutes/],
    ['PT7M', /7 minutes is not a whole multiple of 15 minutes/],
    ['P1DT1H1M', /61 minutes is not a whole multiple of 15 minutes/],
    ['PT1S', /seconds are not supported/],
    ['PT30S', /seconds are not supported/],
    ['P1Y', /years are not supported \(use P12M\)/],
    ['PT0M', /must be longer than zero/],
  ])('step 15 rejects %s, naming what is allowed', (text, message) => {
    expect(() => parseDuration(text, 15)).toThrow(message);
    expect(() => parseDuration(text, 15)).toThrow(/whole multiple of 15 minutes, for example PT15M, PT30M, PT1H, P1D, P1DT12H, P1W or P1M/);
  });

  it('step 1 takes any whole number of minutes', () => {
    expect(parseDuration('PT7M', 1).ms).toBe(7 * M);
  });
});

describe('time zones', () => {
  it('canonicalTimeZone accepts IANA names (any case) and rejects the rest', () => {
    expect(canonicalTimeZone('America/New_York')).toBe('America/New_York');
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeUndefined();
    expect(canonicalTimeZone('')).toBeUndefined();
    expect(canonicalTimeZone('+05:30')).toBeUndefined();
  });

  it.each([
    // a day after 02:30 EST on the 9th is 02:30 on the 10th, in the spring-forward gap → moved forward by the hour → 03:30 EDT = 07:30Z
    ['America/New_York', '2024-03-09T07:30:00Z', '2024-03-10T07:30:00.000Z'],
    // a day after 01:30 EDT on the 2nd is 01:30 on the 3rd, which happens twice → the earlier (EDT) = 05:30Z
    ['America/New_York', '2024-11-02T05:30:00Z', '2024-11-03T05:30:00.000Z'],
    // zones off the whole hour keep their wall-clock time too
    ['Asia/Kolkata', '2024-07-15T18:30:00Z', '2024-07-16T18:30:00.000Z'],
    // 09:00 NST (−3:30) on the 9th → 09:00 NDT (−2:30) on the 10th
    ['America/St_Johns', '2024-03-09T12:30:00Z', '2024-03-10T11:30:00.000Z'],
    ['UTC', '2024-11-03T01:30:00Z', '2024-11-04T01:30:00.000Z'],
  ])('addDuration(P1D) in %s from %s = %s', (tz, start, instant) => {
    expect(new Date(addDuration(t(start), 0, 1, 0, tz)).toISOString()).toBe(instant);
  });

  it('addDuration adds calendar units in the zone and hours as elapsed time', () => {
    const midnightMar10 = t('2024-03-10T05:00:00Z'); // 00:00 EST
    expect(new Date(addDuration(midnightMar10, 0, 1, 0, 'America/New_York')).toISOString()).toBe('2024-03-11T04:00:00.000Z');
    // 24 elapsed hours across the spring-forward change land at 01:00 local, not midnight
    expect(new Date(addDuration(midnightMar10, 0, 0, 24 * H, 'America/New_York')).toISOString()).toBe('2024-03-11T05:00:00.000Z');
    // month end clamps: Jan 31 + 1 month = Feb 29 (leap year)
    expect(new Date(addDuration(t('2024-01-31T00:00:00Z'), 1, 0, 0, 'UTC')).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    // months, then days, then hours
    expect(new Date(addDuration(t('2024-01-31T00:00:00Z'), 1, 1, H, 'UTC')).toISOString()).toBe('2024-03-01T01:00:00.000Z');
    // negative year boundaries are not needed; December + 1 month rolls the year
    expect(new Date(addDuration(t('2024-12-15T00:00:00Z'), 1, 0, 0, 'UTC')).toISOString()).toBe('2025-01-15T00:00:00.000Z');
  });
});

describe('bucketStarts', () => {
  const iv = (a: string, b: string) => ({ start: t(a), end: t(b) });

  it.each<[string, ReturnType<typeof iv>, string | undefined, string, string[]]>([
    ['no granularity: one bucket', iv('2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z'), undefined, 'UTC', ['2024-05-01T00:00:00.000Z']],
    [
      'PT30M over 2h',
      iv('2024-05-01T07:00:00Z', '2024-05-01T09:00:00Z'),
      'PT30M',
      'UTC',
      ['2024-05-01T07:00:00.000Z', '2024-05-01T07:30:00.000Z', '2024-05-01T08:00:00.000Z', '2024-05-01T08:30:00.000Z'],
    ],
    [
      'aligned to the interval start, not to the clock',
      iv('2024-05-01T07:10:00Z', '2024-05-01T08:10:00Z'),
      'PT30M',
      'UTC',
      ['2024-05-01T07:10:00.000Z', '2024-05-01T07:40:00.000Z'],
    ],
    [
      'last bucket cut short by the interval end',
      iv('2024-05-01T00:00:00Z', '2024-05-01T02:30:00Z'),
      'PT1H',
      'UTC',
      ['2024-05-01T00:00:00.000Z', '2024-05-01T01:00:00.000Z', '2024-05-01T02:00:00.000Z'],
    ],
    [
      'granularity longer than the interval: one bucket',
      iv('2024-05-01T00:00:00Z', '2024-05-01T02:00:00Z'),
      'P1D',
      'UTC',
      ['2024-05-01T00:00:00.000Z'],
    ],
    [
      'P1DT12H',
      iv('2024-05-01T00:00:00Z', '2024-05-05T00:00:00Z'),
      'P1DT12H',
      'UTC',
      ['2024-05-01T00:00:00.000Z', '2024-05-02T12:00:00.000Z', '2024-05-04T00:00:00.000Z'],
    ],
    [
      'P1W',
      iv('2024-05-06T00:00:00Z', '2024-05-27T00:00:00Z'),
      'P1W',
      'UTC',
      ['2024-05-06T00:00:00.000Z', '2024-05-13T00:00:00.000Z', '2024-05-20T00:00:00.000Z'],
    ],
    [
      'P1M follows month lengths (leap February)',
      iv('2024-01-01T00:00:00Z', '2024-05-01T00:00:00Z'),
      'P1M',
      'UTC',
      ['2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z'],
    ],
    [
      'P1M from the 31st clamps without drifting',
      iv('2024-01-31T00:00:00Z', '2024-06-01T00:00:00Z'),
      'P1M',
      'UTC',
      ['2024-01-31T00:00:00.000Z', '2024-02-29T00:00:00.000Z', '2024-03-31T00:00:00.000Z', '2024-04-30T00:00:00.000Z', '2024-05-31T00:00:00.000Z'],
    ],
    [
      'P1M in 2023 (28-day February)',
      iv('2023-02-01T00:00:00Z', '2023-04-01T00:00:00Z'),
      'P1M',
      'UTC',
      ['2023-02-01T00:00:00.000Z', '2023-03-01T00:00:00.000Z'],
    ],
    [
      'P1D in New York across spring-forward: the 10th has 23 hours',
      iv('2024-03-09T00:00:00-05:00', '2024-03-12T00:00:00-04:00'),
      'P1D',
      'America/New_York',
      ['2024-03-09T05:00:00.000Z', '2024-03-10T05:00:00.000Z', '2024-03-11T04:00:00.000Z'],
    ],
    [
      'P1D in New York across fall-back: the 3rd has 25 hours',
      iv('2024-11-02T00:00:00-04:00', '2024-11-05T00:00:00-05:00'),
      'P1D',
      'America/New_York',
      ['2024-11-02T04:00:00.000Z', '2024-11-03T04:00:00.000Z', '2024-11-04T05:00:00.000Z'],
    ],
    [
      'P1D without timeZone stays 24 h (UTC)',
      iv('2024-03-09T00:00:00-05:00', '2024-03-12T00:00:00-04:00'),
      'P1D',
      'UTC',
      ['2024-03-09T05:00:00.000Z', '2024-03-10T05:00:00.000Z', '2024-03-11T05:00:00.000Z'],
    ],
    [
      'PT12H in New York is elapsed time (no DST adjustment)',
      iv('2024-03-10T00:00:00-05:00', '2024-03-11T00:00:00-04:00'),
      'PT12H',
      'America/New_York',
      ['2024-03-10T05:00:00.000Z', '2024-03-10T17:00:00.000Z'],
    ],
    [
      'interval start honoured with a zone: Z start stays the alignment',
      iv('2024-03-09T12:00:00Z', '2024-03-11T12:00:00Z'),
      'P1D',
      'America/New_York',
      // 07:00 EST on the 9th, then 07:00 local on the 10th (EDT) = 11:00Z
      ['2024-03-09T12:00:00.000Z', '2024-03-10T11:00:00.000Z', '2024-03-11T11:00:00.000Z'],
    ],
    [
      'P1M in London across BST',
      iv('2024-02-01T00:00:00Z', '2024-05-01T00:00:00+01:00'),
      'P1M',
      'Europe/London',
      ['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', '2024-03-31T23:00:00.000Z'],
    ],
    [
      'P1W in New York across spring-forward keeps local midnight',
      iv('2024-03-04T00:00:00-05:00', '2024-03-18T00:00:00-04:00'),
      'P1W',
      'America/New_York',
      ['2024-03-04T05:00:00.000Z', '2024-03-11T04:00:00.000Z'],
    ],
  ])('%s', (_name, interval, granularity, tz, expected) => {
    const g = granularity === undefined ? undefined : parseDuration(granularity);
    expect(isoList(bucketStarts(interval, g, tz))).toEqual(expected);
  });

  it('stops after max + 1 starts', () => {
    const starts = bucketStarts({ start: 0, end: 366 * D }, parseDuration('PT1M'), 'UTC', 10);
    expect(starts).toHaveLength(11);
    expect(starts[10]).toBe(10 * M);
  });

  it('bucketIndex finds the bucket holding an instant (start inclusive)', () => {
    const starts = [0, 30 * M, 60 * M];
    expect(bucketIndex(starts, -1)).toBe(-1);
    expect(bucketIndex(starts, 0)).toBe(0);
    expect(bucketIndex(starts, 30 * M - 1)).toBe(0);
    expect(bucketIndex(starts, 30 * M)).toBe(1);
    expect(bucketIndex(starts, 59 * M)).toBe(1);
    expect(bucketIndex(starts, 10 * H)).toBe(2);
  });
});
