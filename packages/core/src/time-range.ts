/**
 * Time ranges: an absolute ISO-8601 interval or a relative name ("today", "last 7 days"…) resolved against an
 * injected `now` into epoch milliseconds and the `start/end` interval string Genesys wants.
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
 * Where a local midnight does not exist (a DST jump at 00:00, e.g. America/Santiago in September) the day starts
 * at the first instant after the jump; where it exists twice, at the earlier one.
 */
import { InvalidQueryError } from './errors.js';

export type TimeRangeInput = { interval: string; timeZone?: string } | { relative: string; timeZone?: string };

export interface ResolvedRange {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  /** `start/end` as ISO-8601 instants in UTC (`…Z`), what Genesys queries take. */
  interval: string;
  /** Canonical IANA name of the zone that day boundaries were computed in (also what aggregate queries should send). */
  timeZone: string;
  /** Human label: the canonical relative name (`last 7 days`), or the interval. */
  label: string;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

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

// ---------------------------------------------------------------------------------------------------------
// Time zones (IANA, through Intl)

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The canonical name of an IANA time zone (`europe/paris` → `Europe/Paris`), or undefined when it is not one. */
export function canonicalTimeZone(name: string): string | undefined {
  // Building an Intl.DateTimeFormat costs ~45 µs; every metrics query asks, so remember the answers.
  if (canonicalNames.has(name)) return canonicalNames.get(name);
  let canonical: string | undefined;
  // Offsets such as "+02:00" are not zone names (newer Intl versions accept them; Genesys wants IANA names).
  if (/^[A-Za-z]/.test(name.trim())) {
    try {
      canonical = new Intl.DateTimeFormat('en-US', { timeZone: name.trim() }).resolvedOptions().timeZone;
    } catch {
      canonical = undefined;
    }
  }
  if (canonicalNames.size < 1_000) canonicalNames.set(name, canonical);
  return canonical;
}

const canonicalNames = new Map<string, string | undefined>();

/** Canonical IANA name, or an {@link InvalidQueryError} naming the zone. Undefined → `UTC`. */
export function resolveTimeZone(name: string | undefined, field = 'timeZone'): string {
  if (name === undefined) return 'UTC';
  const tz = canonicalTimeZone(name);
  if (tz === undefined) {
    throw new InvalidQueryError(`Unknown time zone "${name}": expected an IANA time zone name.`, field, {
      hint: 'For example UTC, Europe/Paris or America/New_York.',
    });
  }
  return tz;
}

const isUtc = (tz: string): boolean => tz === 'UTC' || tz === 'Etc/UTC' || tz === 'Etc/GMT' || tz === 'GMT';

/** Offset of `timeZone` from UTC at instant `t`, in ms (local wall clock = t + offset). */
export function zoneOffsetMs(timeZone: string, t: number): number {
  if (isUtc(timeZone)) return 0;
  const f: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) f[p.type] = p.value;
  let year = Number(f.year);
  if (f.era === 'BC' || f.era === 'B') year = 1 - year;
  const local = Date.UTC(year, Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute), Number(f.second));
  const wholeSecond = t - (((t % 1000) + 1000) % 1000);
  return local - wholeSecond;
}

/**
 * The instant at which `timeZone`'s wall clock reads `local` (a wall-clock time written as if it were UTC ms).
 * Ambiguous (DST overlap): the earlier instant. Non-existent (DST gap): moved forward by the gap, which for a
 * whole-hour gap is the instant of the jump.
 */
export function localToInstant(timeZone: string, local: number): number {
  if (isUtc(timeZone)) return local;
  const before = zoneOffsetMs(timeZone, local - DAY_MS);
  const after = zoneOffsetMs(timeZone, local + DAY_MS);
  const a = local - before;
  const b = local - after;
  const aOk = zoneOffsetMs(timeZone, a) === before;
  const bOk = zoneOffsetMs(timeZone, b) === after;
  if (aOk && bOk) return Math.min(a, b);
  if (aOk) return a;
  if (bOk) return b;
  return a;
}

/** Local calendar date of instant `t` in `timeZone`: year, month (0-11), day (1-31), ISO weekday index (Monday = 0). */
export function localDate(timeZone: string, t: number): { year: number; month: number; day: number; mondayIndex: number } {
  const d = new Date(t + zoneOffsetMs(timeZone, t));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), day: d.getUTCDate(), mondayIndex: (d.getUTCDay() + 6) % 7 };
}

/** The first instant of the local calendar day (year, month 0-11, day; out-of-range values roll over like Date.UTC). */
export function startOfLocalDay(timeZone: string, year: number, month: number, day: number): number {
  return localToInstant(timeZone, Date.UTC(year, month, day));
}

// ---------------------------------------------------------------------------------------------------------
// Absolute intervals

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** Epoch ms of an ISO-8601 instant that carries an offset (`Z`, `±hh`, `±hhmm`, `±hh:mm`); undefined if it is not one. */
export function parseInstant(text: string): number | undefined {
  const m = INSTANT.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '', off = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  // Date.UTC maps years 0-99 to 1900-1999; no analytics data is that old, so such years are simply refused.
  if (year < 1000) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMin = 0;
  if (off.toUpperCase() !== 'Z') {
    const digits = off.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return undefined;
    offsetMin = (off.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMin * MINUTE_MS;
}

const iso = (t: number): string => new Date(t).toISOString();

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
  const today = localDate(tz, now);
  const midnight = (dayOffset: number): number => startOfLocalDay(tz, today.year, today.month, today.day + dayOffset);
  const monthStart = (monthOffset: number): number => startOfLocalDay(tz, today.year, today.month + monthOffset, 1);
  switch (key) {
    case 'today':
      return { start: midnight(0), end: now, label: key };
    case 'yesterday':
      return { start: midnight(-1), end: midnight(0), label: key };
    case 'this week':
      return { start: midnight(-today.mondayIndex), end: now, label: key };
    case 'last week':
      return { start: midnight(-today.mondayIndex - 7), end: midnight(-today.mondayIndex), label: key };
    case 'this month':
      return { start: monthStart(0), end: now, label: key };
    case 'last month':
      return { start: monthStart(-1), end: monthStart(0), label: key };
  }
  const m = LAST_N.exec(key);
  if (!m) {
    throw new InvalidQueryError(`Unknown time range "${name}".`, 'relative', { hint: RELATIVE_HINT });
  }
  const n = Number(m[1]);
  const unit = (m[2] ?? '').replace(/s$/, '');
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new InvalidQueryError(`Invalid time range "${name}": N must be a whole number of at least 1.`, 'relative', { hint: 'For example last 7 days or last 24 hours.' });
  }
  const start = unit === 'day' ? midnight(-n) : now - n * (unit === 'hour' ? HOUR_MS : MINUTE_MS);
  if (!Number.isFinite(start) || Number.isNaN(new Date(start).getTime())) {
    throw new InvalidQueryError(`Invalid time range "${name}": ${n} ${unit}s reaches outside the dates a computer can represent.`, 'relative', {
      hint: 'Use a smaller N.',
    });
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
  if (raw.timeZone !== undefined && typeof raw.timeZone !== 'string') {
    throw new InvalidQueryError(`Invalid time zone ${JSON.stringify(raw.timeZone)}: expected an IANA time zone name.`, 'timeZone', {
      hint: 'For example UTC, Europe/Paris or America/New_York.',
    });
  }
  const timeZone = resolveTimeZone(raw.timeZone);
  if (hasInterval) {
    if (typeof raw.interval !== 'string') {
      throw new InvalidQueryError(`Invalid interval ${JSON.stringify(raw.interval)}: expected a string.`, 'interval', { hint: RELATIVE_HINT });
    }
    const [start, end] = parseAbsolute(raw.interval);
    const interval = `${iso(start)}/${iso(end)}`;
    return { start, end, interval, timeZone, label: interval };
  }
  if (typeof raw.relative !== 'string' || raw.relative.trim() === '') {
    throw new InvalidQueryError(`Invalid time range ${JSON.stringify(raw.relative)}: expected a relative range name.`, 'relative', { hint: RELATIVE_HINT });
  }
  const { start, end, label } = resolveRelative(raw.relative, nowMs, timeZone);
  return { start, end, interval: `${iso(start)}/${iso(end)}`, timeZone, label };
}
