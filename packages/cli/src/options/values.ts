/**
 * Parsers of flag values, run by commander while argv is parsed: a bad value is a UsageError (exit 2) naming
 * the flag, what was given and what is allowed, before anything is sent anywhere.
 */
import { UsageError } from '../errors.js';

/** An integer in [min, max]. */
export const integer =
  (name: string, min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) throw new UsageError(`${name} must be an integer from ${min} to ${max}, got "${value}".`);
    return n;
  };

/** A comma-separated list (`--fields id,name`), repeatable, blanks dropped. */
export const list = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

/** A comma-separated list, repeatable, each item once; empty is an error naming what was expected. */
export const nonEmptyList =
  (name: string, what: string) =>
  (value: string, previous: string[] | undefined): string[] => {
    const items = list(value);
    if (items.length === 0) throw new UsageError(`${name} expects ${what}, comma-separated.`);
    return [...new Set([...(previous ?? []), ...items])];
  };

/** An ISO-8601 instant (kept as given). */
export const isoInstant =
  (name: string) =>
  (value: string): string => {
    if (Number.isNaN(Date.parse(value))) throw new UsageError(`${name} must be an ISO-8601 instant such as 2026-03-10T14:30:00Z, got "${value}".`);
    return value;
  };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);
