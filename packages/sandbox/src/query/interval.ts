import { Temporal } from 'temporal-polyfill';
import { badRequest } from '../http/errors.js';

export interface Interval {
  start: number;
  end: number;
  /** UTC offset (minutes) written on the interval's start (kept for callers; buckets align to the start instant). */
  startOffsetMinutes: number;
}

// The shape Genesys takes: an ISO-8601 instant with a mandatory offset (Z or ±hh:mm); it rejects local times.
const INSTANT = /^\d{4}-\d{2}-\d{2}T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/** Parses one ISO-8601 instant; returns undefined when it is not one (bad shape, or a date such as Feb 31). */
export function parseInstant(text: string): { ms: number; offsetMinutes: number } | undefined {
  const m = INSTANT.exec(text);
  if (!m) return undefined;
  const [, h, mi, s = '0', zone, sign, oh = '0', om = '0'] = m;
  // Temporal would clamp a leap second (:60) and read hour 24; Genesys's parser takes neither.
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  let instant: Temporal.Instant;
  try {
    instant = Temporal.Instant.from(text);
  } catch {
    return undefined;
  }
  const offsetMinutes = zone === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  return { ms: instant.epochMilliseconds, offsetMinutes };
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
