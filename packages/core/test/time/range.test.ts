import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from '../../src/errors.js';
import { parseInstant, resolveTimeRange, type TimeRangeInput } from '../../src/time/index.js';

const t = (iso: string): number => Date.parse(iso);

describe('resolveTimeRange: relative names in UTC', () => {
  // Wednesday 2024-05-15 10:30 UTC.
  const now = t('2024-05-15T10:30:00Z');
  const cases: Array<{ relative: string; start: string; end: string; label: string }> = [
    { relative: 'today', start: '2024-05-15T00:00:00Z', end: '2024-05-15T10:30:00Z', label: 'today' },
    { relative: 'yesterday', start: '2024-05-14T00:00:00Z', end: '2024-05-15T00:00:00Z', label: 'yesterday' },
    { relative: 'this week', start: '2024-05-13T00:00:00Z', end: '2024-05-15T10:30:00Z', label: 'this week' },
    { relative: 'last week', start: '2024-05-06T00:00:00Z', end: '2024-05-13T00:00:00Z', label: 'last week' },
    { relative: 'this month', start: '2024-05-01T00:00:00Z', end: '2024-05-15T10:30:00Z', label: 'this month' },
    { relative: 'last month', start: '2024-04-01T00:00:00Z', end: '2024-05-01T00:00:00Z', label: 'last month' },
    { relative: 'last 7 days', start: '2024-05-08T00:00:00Z', end: '2024-05-15T10:30:00Z', label: 'last 7 days' },
    { relative: 'LAST_7_DAYS', start: '2024-05-08T00:00:00Z', end: '2024-05-15T10:30:00Z', label: 'last 7 days' },
    { relative: '  Last-30-Days ', start: '2024-04-15T00:00:00Z', end: '2024-05-15T10:30:00Z', label: 'last 30 days' },
    { relative: 'last 1 day', start: '2024-05-14T00:00:00Z', end: '2024-05-15T10:30:00Z', label: 'last 1 day' },
    { relative: 'last 24 hours', start: '2024-05-14T10:30:00Z', end: '2024-05-15T10:30:00Z', label: 'last 24 hours' },
    { relative: 'LAST_1_HOUR', start: '2024-05-15T09:30:00Z', end: '2024-05-15T10:30:00Z', label: 'last 1 hour' },
    { relative: 'last 90 minutes', start: '2024-05-15T09:00:00Z', end: '2024-05-15T10:30:00Z', label: 'last 90 minutes' },
    { relative: 'THIS_WEEK', start: '2024-05-13T00:00:00Z', end: '2024-05-15T10:30:00Z', label: 'this week' },
  ];
  it.each(cases)('$relative', ({ relative, start, end, label }) => {
    const r = resolveTimeRange({ relative }, now);
    expect(r).toEqual({ start: t(start), end: t(end), interval: `${new Date(t(start)).toISOString()}/${new Date(t(end)).toISOString()}`, timeZone: 'UTC', label });
  });

  it('accepts now as a Date', () => {
    expect(resolveTimeRange({ relative: 'today' }, new Date(now)).start).toBe(t('2024-05-15T00:00:00Z'));
  });
});

describe('resolveTimeRange: week and month edges (UTC)', () => {
  const cases: Array<{ name: string; relative: string; now: string; start: string; end: string }> = [
    { name: 'this week on a Sunday', relative: 'this week', now: '2024-05-19T23:59:00Z', start: '2024-05-13T00:00:00Z', end: '2024-05-19T23:59:00Z' },
    { name: 'this week on a Monday', relative: 'this week', now: '2024-05-13T08:00:00Z', start: '2024-05-13T00:00:00Z', end: '2024-05-13T08:00:00Z' },
    { name: 'last week across a year end', relative: 'last week', now: '2024-01-03T12:00:00Z', start: '2023-12-25T00:00:00Z', end: '2024-01-01T00:00:00Z' },
    { name: 'last month in January', relative: 'last month', now: '2024-01-10T12:00:00Z', start: '2023-12-01T00:00:00Z', end: '2024-01-01T00:00:00Z' },
    { name: 'last month in March (leap February)', relative: 'last month', now: '2024-03-31T12:00:00Z', start: '2024-02-01T00:00:00Z', end: '2024-03-01T00:00:00Z' },
    { name: 'today at exactly midnight is empty', relative: 'today', now: '2024-05-15T00:00:00Z', start: '2024-05-15T00:00:00Z', end: '2024-05-15T00:00:00Z' },
  ];
  it.each(cases)('$name', ({ relative, now, start, end }) => {
    const r = resolveTimeRange({ relative }, t(now));
    expect([r.start, r.end]).toEqual([t(start), t(end)]);
  });
});

describe('resolveTimeRange: local days in a time zone', () => {
  const cases: Array<{ name: string; relative: string; timeZone: string; now: string; start: string; end: string; tz: string }> = [
    { name: 'Paris today (CEST, +2)', relative: 'today', timeZone: 'Europe/Paris', now: '2024-05-15T10:30:00Z', start: '2024-05-14T22:00:00Z', end: '2024-05-15T10:30:00Z', tz: 'Europe/Paris' },
    { name: 'Paris this week', relative: 'this week', timeZone: 'Europe/Paris', now: '2024-05-15T10:30:00Z', start: '2024-05-12T22:00:00Z', end: '2024-05-15T10:30:00Z', tz: 'Europe/Paris' },
    { name: 'Paris yesterday = spring-forward day (23 h)', relative: 'yesterday', timeZone: 'Europe/Paris', now: '2024-04-01T10:00:00Z', start: '2024-03-30T23:00:00Z', end: '2024-03-31T22:00:00Z', tz: 'Europe/Paris' },
    { name: 'Paris yesterday = fall-back day (25 h)', relative: 'yesterday', timeZone: 'Europe/Paris', now: '2024-10-28T12:00:00Z', start: '2024-10-26T22:00:00Z', end: '2024-10-27T23:00:00Z', tz: 'Europe/Paris' },
    { name: 'Paris last week across spring-forward', relative: 'last week', timeZone: 'Europe/Paris', now: '2024-04-01T10:00:00Z', start: '2024-03-24T23:00:00Z', end: '2024-03-31T22:00:00Z', tz: 'Europe/Paris' },
    { name: 'Paris last month (CET start, CEST end)', relative: 'last month', timeZone: 'Europe/Paris', now: '2024-04-01T10:00:00Z', start: '2024-02-29T23:00:00Z', end: '2024-03-31T22:00:00Z', tz: 'Europe/Paris' },
    { name: 'Tokyo: already tomorrow there', relative: 'today', timeZone: 'Asia/Tokyo', now: '2024-05-15T23:30:00Z', start: '2024-05-15T15:00:00Z', end: '2024-05-15T23:30:00Z', tz: 'Asia/Tokyo' },
    { name: 'New York: still yesterday there', relative: 'today', timeZone: 'America/New_York', now: '2024-05-15T02:00:00Z', start: '2024-05-14T04:00:00Z', end: '2024-05-15T02:00:00Z', tz: 'America/New_York' },
    { name: 'Tokyo last 7 days (name and zone case-insensitive)', relative: 'LAST_7_DAYS', timeZone: 'asia/tokyo', now: '2024-05-15T23:30:00Z', start: '2024-05-08T15:00:00Z', end: '2024-05-15T23:30:00Z', tz: 'Asia/Tokyo' },
    // Santiago skips from 2024-09-08 00:00 (-04) to 01:00 (-03): the day starts at the jump.
    { name: 'Santiago: local midnight does not exist', relative: 'today', timeZone: 'America/Santiago', now: '2024-09-08T15:00:00Z', start: '2024-09-08T04:00:00Z', end: '2024-09-08T15:00:00Z', tz: 'America/Santiago' },
    { name: 'Santiago: yesterday was 23 h', relative: 'yesterday', timeZone: 'America/Santiago', now: '2024-09-09T15:00:00Z', start: '2024-09-08T04:00:00Z', end: '2024-09-09T03:00:00Z', tz: 'America/Santiago' },
    { name: 'hours ignore the zone', relative: 'last 2 hours', timeZone: 'Asia/Tokyo', now: '2024-05-15T23:30:00Z', start: '2024-05-15T21:30:00Z', end: '2024-05-15T23:30:00Z', tz: 'Asia/Tokyo' },
  ];
  it.each(cases)('$name', ({ relative, timeZone, now, start, end, tz }) => {
    const r = resolveTimeRange({ relative, timeZone }, t(now));
    expect([new Date(r.start).toISOString(), new Date(r.end).toISOString(), r.timeZone]).toEqual([new Date(t(start)).toISOString(), new Date(t(end)).toISOString(), tz]);
  });
});

describe('resolveTimeRange: absolute intervals', () => {
  const now = t('2030-01-01T00:00:00Z');
  const cases: Array<{ name: string; input: TimeRangeInput; start: string; end: string; timeZone: string }> = [
    { name: 'Z instants', input: { interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z' }, start: '2024-05-01T00:00:00.000Z', end: '2024-05-02T00:00:00.000Z', timeZone: 'UTC' },
    { name: 'offsets and fractions', input: { interval: '2024-05-01T02:00:00+02:00/2024-05-01T12:00:00.5-0130' }, start: '2024-05-01T00:00:00.000Z', end: '2024-05-01T13:30:00.500Z', timeZone: 'UTC' },
    { name: 'no seconds, hour-only offset, nanoseconds', input: { interval: '2024-05-01T09:00+09/2024-05-01T00:00:00.123456789Z' }, start: '2024-05-01T00:00:00.000Z', end: '2024-05-01T00:00:00.123Z', timeZone: 'UTC' },
    { name: 'time zone carried through', input: { interval: ' 2024-05-01T00:00:00Z/2024-05-02T00:00:00Z ', timeZone: 'europe/paris' }, start: '2024-05-01T00:00:00.000Z', end: '2024-05-02T00:00:00.000Z', timeZone: 'Europe/Paris' },
  ];
  it.each(cases)('$name', ({ input, start, end, timeZone }) => {
    const r = resolveTimeRange(input, now);
    expect(r).toEqual({ start: t(start), end: t(end), interval: `${start}/${end}`, timeZone, label: `${start}/${end}` });
  });
});

describe('resolveTimeRange: errors', () => {
  const now = t('2024-05-15T10:30:00Z');
  const cases: Array<{ name: string; input: unknown; field: string; mentions: string[] }> = [
    { name: 'unknown relative name', input: { relative: 'next week' }, field: 'relative', mentions: ['next week', 'last N days', 'yesterday', 'LAST_7_DAYS'] },
    { name: 'last 0 days', input: { relative: 'last 0 days' }, field: 'relative', mentions: ['last 0 days', 'at least 1'] },
    { name: 'last N without a number', input: { relative: 'last few days' }, field: 'relative', mentions: ['last few days', 'last N hours'] },
    { name: 'empty relative', input: { relative: '  ' }, field: 'relative', mentions: ['relative range'] },
    { name: 'huge N', input: { relative: 'last 999999999999 days' }, field: 'relative', mentions: ['999999999999'] },
    { name: 'no offset', input: { interval: '2024-05-01T00:00:00/2024-05-02T00:00:00Z' }, field: 'interval', mentions: ['2024-05-01T00:00:00/2024-05-02T00:00:00Z', 'offset', '2024-05-01T00:00:00Z/2024-05-08T00:00:00Z'] },
    { name: 'dates only', input: { interval: '2024-05-01/2024-05-02' }, field: 'interval', mentions: ['2024-05-01/2024-05-02', 'offset'] },
    { name: 'end before start', input: { interval: '2024-05-02T00:00:00Z/2024-05-01T00:00:00Z' }, field: 'interval', mentions: ['not after the start'] },
    { name: 'end equals start', input: { interval: '2024-05-01T02:00:00+02:00/2024-05-01T00:00:00Z' }, field: 'interval', mentions: ['not after the start'] },
    { name: 'February 30th', input: { interval: '2024-02-30T00:00:00Z/2024-03-02T00:00:00Z' }, field: 'interval', mentions: ['2024-02-30T00:00:00Z'] },
    { name: 'hour 24', input: { interval: '2024-02-01T24:00:00Z/2024-03-02T00:00:00Z' }, field: 'interval', mentions: ['2024-02-01T24:00:00Z'] },
    { name: 'one instant only', input: { interval: '2024-05-01T00:00:00Z' }, field: 'interval', mentions: ['"/"'] },
    { name: 'three parts', input: { interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z/2024-05-03T00:00:00Z' }, field: 'interval', mentions: ['"/"'] },
    { name: 'unknown time zone', input: { relative: 'today', timeZone: 'Mars/Olympus_Mons' }, field: 'timeZone', mentions: ['Mars/Olympus_Mons', 'Europe/Paris'] },
    { name: 'offset is not a zone name', input: { relative: 'today', timeZone: '+02:00' }, field: 'timeZone', mentions: ['+02:00'] },
    { name: 'unknown zone with an interval', input: { interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z', timeZone: 'Nowhere' }, field: 'timeZone', mentions: ['Nowhere'] },
    { name: 'neither', input: {}, field: 'interval', mentions: ['required'] },
    { name: 'both', input: { relative: 'today', interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z' }, field: 'relative', mentions: ['not both'] },
  ];
  it.each(cases)('$name', ({ input, field, mentions }) => {
    let caught: unknown;
    try {
      resolveTimeRange(input as TimeRangeInput, now);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidQueryError);
    const err = caught as InvalidQueryError;
    expect(err.field).toBe(field);
    const text = `${err.message} ${err.hint ?? ''}`;
    for (const m of mentions) expect(text).toContain(m);
  });

  it('rejects a now that is not a time', () => {
    expect(() => resolveTimeRange({ relative: 'today' }, Number.NaN)).toThrow(InvalidQueryError);
  });
});

describe('parseInstant', () => {
  const cases: Array<[string, number | undefined]> = [
    ['2024-05-01T00:00:00Z', t('2024-05-01T00:00:00Z')],
    ['2024-05-01t00:00:00z', t('2024-05-01T00:00:00Z')],
    ['2024-12-31T23:59:59.999+00:00', t('2024-12-31T23:59:59.999Z')],
    ['2024-05-01T00:00:00,25-05:00', t('2024-05-01T05:00:00.250Z')],
    ['2023-02-29T00:00:00Z', undefined],
    ['2024-13-01T00:00:00Z', undefined],
    ['2024-05-01T00:60:00Z', undefined],
    ['2024-05-01T00:00:00+24:00', undefined],
    ['2024-05-01 00:00:00Z', undefined],
    ['0099-05-01T00:00:00Z', undefined],
    ['', undefined],
  ];
  it.each(cases)('%s', (text, expected) => expect(parseInstant(text)).toBe(expected));
});
