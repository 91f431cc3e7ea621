/**
 * IANA time zones: the canonical spelling of a name, or a clear error. Temporal's zone database is the
 * platform's (Intl), so every zone Node knows is accepted, with its case normalised (`europe/paris` →
 * `Europe/Paris`); links are kept as written (`Etc/UTC` stays `Etc/UTC`), which Genesys accepts as well.
 */
import { Temporal } from 'temporal-polyfill';
import { InvalidQueryError } from '../errors.js';

const ZONE_HINT = 'For example UTC, Europe/Paris or America/New_York.';

/** Resolving a zone builds a formatter (tens of µs) and every metrics query asks: answers are kept. */
const known = new Map<string, string | undefined>();
const MAX_KNOWN = 1_000;

/** The canonical name of an IANA time zone (`europe/paris` → `Europe/Paris`), or undefined when it is not one. */
export function canonicalTimeZone(name: string): string | undefined {
  if (known.has(name)) return known.get(name);
  const trimmed = name.trim();
  let canonical: string | undefined;
  // Offsets such as "+02:00" are valid Temporal zones but not zone names, which Genesys wants.
  if (/^[A-Za-z]/.test(trimmed)) {
    try {
      canonical = new Temporal.ZonedDateTime(0n, trimmed).timeZoneId;
    } catch {
      canonical = undefined;
    }
  }
  if (known.size < MAX_KNOWN) known.set(name, canonical);
  return canonical;
}

/** Canonical IANA name, or an {@link InvalidQueryError} naming the zone. Undefined → `UTC`. */
export function resolveTimeZone(name: unknown, field = 'timeZone'): string {
  if (name === undefined) return 'UTC';
  if (typeof name !== 'string') {
    throw new InvalidQueryError(`Invalid time zone ${JSON.stringify(name)}: expected an IANA time zone name.`, field, { hint: ZONE_HINT });
  }
  const tz = canonicalTimeZone(name);
  if (tz === undefined) throw new InvalidQueryError(`Unknown time zone "${name}": expected an IANA time zone name.`, field, { hint: ZONE_HINT });
  return tz;
}

/** The instant `t` (epoch ms) on `timeZone`'s wall clock. */
export const zoned = (t: number, timeZone: string): Temporal.ZonedDateTime => Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(timeZone);
