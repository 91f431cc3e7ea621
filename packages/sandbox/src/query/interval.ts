import { badRequest } from '../http/errors.js';

export interface Interval {
  start: number;
  end: number;
  /** UTC offset (minutes) written on the interval's start (kept for callers; buckets align to the start instant). */
  startOffsetMinutes: number;
}

// ISO-8601 instant with a mandatory offset (Z or ±hh:mm); Genesys rejects local times.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses one ISO-8601 instant; returns undefined when it is not one. */
export function parseInstant(text: string): { ms: number; offsetMinutes: number } | undefined {
  const m = INSTANT.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '0', zone = 'Z'] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  // Reject dates such as 2024-02-31 that Date.UTC would silently roll over.
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  return { ms: utc - offsetMinutes * 60_000, offsetMinutes };
}

const INTERVAL_HINT = 'Intervals must be two ISO-8601 instants separated by "/", for example 2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z';

/** Parses an analytics `interval` ("start/end", both instants); a 400 names what is wrong. */
export function parseInterval(value: unknown, field = 'interval'): Interval {
  if (typeof value !== 'string' || value.trim() === '') {
    throw badRequest(`The ${field} is required. ${INTERVAL_HINT}.`, field, 'invalid.date');
  }
  const parts = value.split('/');
  if (parts.length !== 2) throw badRequest(`Invalid ${field} [${value}]. ${INTERVAL_HINT}.`, field, 'invalid.date');
  const [a = '', b = ''] = parts;
  const start = parseInstant(a);
  const end = parseInstant(b);
  if (!start || !end) {
    throw badRequest(
      `Invalid ${field} [${value}]. Dates must be specified as ISO-8601 strings. For example: yyyy-MM-ddTHH:mm:ss.SSSZ`,
      field,
      'invalid.date',
    );
  }
  if (end.ms <= start.ms) {
    throw badRequest(`Invalid ${field} [${value}]: the end must be after the start.`, field, 'invalid.date');
  }
  return { start: start.ms, end: end.ms, startOffsetMinutes: start.offsetMinutes };
}
