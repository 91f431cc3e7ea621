/**
 * Time ranges: an absolute ISO-8601 interval or a relative name ("today", "last 7 days"…) resolved ONCE, against
 * an injected `now`, into a {@link ResolvedRange} that is then passed down (never re-parsed from its string).
 *
 * Relative names are case-insensitive; spaces, underscores and hyphens are equivalent, so the GraphQL enum
 * `LAST_7_DAYS`, the CLI's `"last 7 days"` and `last-7-days` are the same name. Day boundaries are local
 * midnights in `timeZone` (IANA, default UTC, DST-aware: a local day may last 23 or 25 hours). Ranges that
 * include the present end at `now`, never in the future.
 *
 * | name            | start                                         | end                      |
 * |-----------------|-----------------------------------------------|--------------------------|
 * | today           | today's local midnight                         | now                      |
 * | yesterday       | yesterday's local midnight                     | today's local midnight   |
 * | this week       | this week's Monday, local midnight (ISO weeks) | now                      |
 * | last week       | last week's Monday, local midnight             | this week's Monday       |
 * | this month      | the 1st of this month, local midnight          | now                      |
 * | last month      | the 1st of last month, local midnight          | the 1st of this month    |
 * | last N days     | local midnight N days before today             | now (today so far is in) |
 * | last N hours    | now − N × 1 h                                  | now                      |
 * | last N minutes  | now − N × 1 min                                | now                      |
 *
 * So `last 7 days` is the 7 whole days before today plus today so far, and `last 1 day` is yesterday and today.
 * When `now` is exactly a boundary ("today" at midnight) the range is empty (start = end); it is returned as is.
 *
 * A local midnight is Temporal's start of day: where it does not exist (a DST jump at 00:00, e.g.
 * America/Santiago in September) the day starts at the first instant after the jump; where it exists twice, at
 * the earlier one.
 */
import { Temporal } from 'temporal-polyfill';
import { InvalidQueryError } from '../errors.js';
import { resolveTimeZone, zoned } from './zone.js';

export type TimeRangeInput = { interval: string; timeZone?: string } | { relative: string; timeZone?: string };

export interface ResolvedRange {
  /** Epoch ms, inclusive. */
  readonly start: number;
  /** Epoch ms, exclusive. */
  readonly end: number;
  /** `start/end` as ISO-8601 instants in UTC (`…Z`), what Genesys queries take. */
  readonly interval: string;
  /** Canonical IANA name of the zone that day boundaries were computed in (also what aggregate queries send). */
  readonly timeZone: string;
  /** Human label: the canonical relative name (`last 7 days`), or the interval. */
  readonly label: string;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export const RELATIVE_RANGE_NAMES = [
  'today',
  'yesterday',
  'this week',
  'last week',
  'this month',
  'last month',
  'last N days',
  'last N hours',
  'last N minutes',
] as const;

const RELATIVE_HINT =
  `Use an ISO-8601 interval with offsets, for example 2024-05-01T00:00:00Z/2024-05-08T00:00:00Z, or a relative range: ${RELATIVE_RANGE_NAMES.join(', ')} ` +
  '(case-insensitive; spaces, underscores and hyphens are equivalent, e.g. LAST_7_DAYS).';

/** `start/end` of two epoch-ms instants, as Genesys writes intervals (`….000Z/….000Z`). */
export const isoInterval = (start: number, end: number): string => `${new Date(start).toISOString()}/${new Date(end).toISOString()}`;

// ---------------------------------------------------------------------------------------------------------
// Absolute intervals

/**
 * The shape Genesys writes and reads: date, `T`, hours and minutes, optional seconds and fraction, and an
 * offset. Temporal alone would also take a space for `T`, leap seconds, years before 1000, bracketed zones.
 */
const INSTANT = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}(?::[0-5]\d(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** Epoch ms of an ISO-8601 instant that carries an offset (`Z`, `±hh`, `±hhmm`, `±hh:mm`); undefined if it is not one. */
export function parseInstant(text: string): number | undefined {
  const trimmed = text.trim();
  if (!INSTANT.test(trimmed)) return undefined;
  try {
    return Temporal.Instant.from(trimmed).epochMilliseconds;
  } catch {
    return undefined; // February 30th, hour 24, offset +24:00…
  }
}

function parseAbsolute(interval: string): [number, number] {
  const bad = (why: string): InvalidQueryError =>
    new InvalidQueryError(
      `Invalid interval "${interval}": ${why}. Expected start/end as ISO-8601 instants with an offset (Z or ±hh:mm), the end after the start.`,
      'interval',
      { hint: RELATIVE_HINT },
    );
  const parts = interval.split('/');
  if (parts.length !== 2) throw bad('it must be two instants separated by one "/"');
  const [a = '', b = ''] = parts;
  const start = parseInstant(a);
  if (start === undefined) throw bad(`"${a.trim()}" is not an ISO-8601 instant with an offset`);
  const end = parseInstant(b);
  if (end === undefined) throw bad(`"${b.trim()}" is not an ISO-8601 instant with an offset`);
  if (end <= start) throw bad('the end is not after the start');
  return [start, end];
}

// ---------------------------------------------------------------------------------------------------------
// Relative ranges

/** `LAST_7_DAYS`, ` Last-7  days ` → `last 7 days`. */
export function normalizeRelativeName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

const LAST_N = /^last (\d+) (day|days|hour|hours|minute|minutes)$/;

function resolveRelative(name: string, now: number, tz: string): { start: number; end: number; label: string } {
  const key = normalizeRelativeName(name);
  const today = zoned(now, tz).toPlainDate();
  const startOf = (date: Temporal.PlainDate): number => date.toZonedDateTime({ timeZone: tz }).epochMilliseconds;
  const midnight = (dayOffset: number): number => startOf(today.add({ days: dayOffset }));
  const monthStart = (monthOffset: number): number => startOf(today.with({ day: 1 }).add({ months: monthOffset }));
  const monday = 1 - today.dayOfWeek; // ISO weekday: Monday = 1
  switch (key) {
    case 'today':
      return { start: midnight(0), end: now, label: key };
    case 'yesterday':
      return { start: midnight(-1), end: midnight(0), label: key };
    case 'this week':
      return { start: midnight(monday), end: now, label: key };
    case 'last week':
      return { start: midnight(monday - 7), end: midnight(monday), label: key };
    case 'this month':
      return { start: monthStart(0), end: now, label: key };
    case 'last month':
      return { start: monthStart(-1), end: monthStart(0), label: key };
  }
  const m = LAST_N.exec(key);
  if (!m) throw new InvalidQueryError(`Unknown time range "${name}".`, 'relative', { hint: RELATIVE_HINT });
  const n = Number(m[1]);
  const unit = (m[2] ?? '').replace(/s$/, '');
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new InvalidQueryError(`Invalid time range "${name}": N must be a whole number of at least 1.`, 'relative', { hint: 'For example last 7 days or last 24 hours.' });
  }
  let start: number;
  try {
    start = unit === 'day' ? midnight(-n) : now - n * (unit === 'hour' ? HOUR_MS : MINUTE_MS);
    if (Number.isNaN(new Date(start).getTime())) throw new RangeError('out of range');
  } catch {
    throw new InvalidQueryError(`Invalid time range "${name}": ${n} ${unit}s reaches outside the dates a computer can represent.`, 'relative', { hint: 'Use a smaller N.' });
  }
  return { start, end: now, label: `last ${n} ${unit}${n === 1 ? '' : 's'}` };
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Resolves an absolute interval or a relative range name against `now` (inject it; nothing here reads the
 * clock). Errors are {@link InvalidQueryError}s naming the input, what is allowed and an example.
 */
export function resolveTimeRange(input: TimeRangeInput, now: Date | number): ResolvedRange {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  if (!Number.isFinite(nowMs)) throw new InvalidQueryError(`Invalid "now": ${String(now)} is not a point in time.`, 'now');
  const raw = (input ?? {}) as Partial<{ interval: unknown; relative: unknown; timeZone: unknown }>;
  const hasInterval = raw.interval !== undefined && raw.interval !== null;
  const hasRelative = raw.relative !== undefined && raw.relative !== null;
  if (hasInterval === hasRelative) {
    throw new InvalidQueryError(
      hasInterval ? 'Give either an interval or a relative time range, not both.' : 'A time range is required: give an interval or a relative range.',
      hasInterval ? 'relative' : 'interval',
      { hint: RELATIVE_HINT },
    );
  }
  const timeZone = resolveTimeZone(raw.timeZone);
  if (hasInterval) {
    if (typeof raw.interval !== 'string') {
      throw new InvalidQueryError(`Invalid interval ${JSON.stringify(raw.interval)}: expected a string.`, 'interval', { hint: RELATIVE_HINT });
    }
    const [start, end] = parseAbsolute(raw.interval);
    const interval = isoInterval(start, end);
    return { start, end, interval, timeZone, label: interval };
  }
  if (typeof raw.relative !== 'string' || raw.relative.trim() === '') {
    throw new InvalidQueryError(`Invalid time range ${JSON.stringify(raw.relative)}: expected a relative range name.`, 'relative', { hint: RELATIVE_HINT });
  }
  const { start, end, label } = resolveRelative(raw.relative, nowMs, timeZone);
  return { start, end, interval: isoInterval(start, end), timeZone, label };
}
