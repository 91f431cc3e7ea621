/**
 * THE granularity rule: which ISO-8601 durations an aggregates query may bucket by, checked before any
 * upstream call by every front-end (gateway, CLI) through core.
 *
 * What is known: Genesys takes an ISO-8601 duration, the default being one bucket over the whole interval; its
 * own Query Builder offers only P1M, P1D, PT1H and PT30M; a blueprint sends PT12H; the user-aggregates limits
 * page says "Granularity mus…" (the rest of the sentence is not in any copy we have), and a query has a cap on
 * buckets (believed 5,000).
 * What is not: the exact allowed set. So the rule is a named, configurable choice ({@link GranularityRule},
 * `createClient({ granularityRule })`), defaulting to what is safe on every report so far:
 * - months (`P1M`, `P3M`; no years: write `P12M`), weeks, days, hours and minutes — no seconds, no fractions,
 *   not zero;
 * - the hours-and-minutes part a whole multiple of `stepMinutes` (15): PT15M, PT30M, PT45M, PT1H, P1DT12H;
 * - at most `maxBuckets` buckets in a range (see buckets.ts); a granularity longer than the range is one bucket.
 */
import { InvalidQueryError } from '../errors.js';
import { parseIsoDuration } from './duration.js';

export interface GranularityRule {
  /** The hours-and-minutes part of a granularity must be a whole multiple of this many minutes. */
  readonly stepMinutes: number;
  /** The most buckets one range may be cut into. */
  readonly maxBuckets: number;
}

export const DEFAULT_GRANULARITY_RULE: GranularityRule = Object.freeze({ stepMinutes: 15, maxBuckets: 5_000 });

/** A parsed granularity: calendar months and days (on the range's time zone), elapsed time. */
export interface Granularity {
  /** Upper-cased ISO-8601 text, as sent to Genesys (`PT30M`, `P1D`, `P1W`). */
  readonly text: string;
  /** Calendar months. */
  readonly months: number;
  /** Calendar days: weeks × 7 + days. */
  readonly days: number;
  /** Hours and minutes, ms (elapsed). */
  readonly ms: number;
}

const MINUTE_MS = 60_000;

export const GRANULARITY_EXAMPLES = 'PT15M, PT30M, PT1H, P1D, P1W or P1M';

/** What the rule allows, in words, for error messages. */
export function allowedGranularities(rule: GranularityRule = DEFAULT_GRANULARITY_RULE): string {
  return `an ISO-8601 duration of months, weeks, days, hours or minutes, its hours and minutes a multiple of ${rule.stepMinutes} minutes, for example ${GRANULARITY_EXAMPLES}`;
}

/** A granularity allowed by `rule`, or an {@link InvalidQueryError} saying what is wrong, what is allowed and an example. */
export function parseGranularity(text: string, rule: GranularityRule = DEFAULT_GRANULARITY_RULE, field = 'granularity'): Granularity {
  const hint = `Use ${allowedGranularities(rule)}.`;
  const d = parseIsoDuration(text, field, hint);
  const bad = (why: string) => new InvalidQueryError(`Invalid granularity "${text}": ${why}.`, field, { hint });
  if (d.sign < 0) throw bad('it must be positive');
  if (d.years > 0) throw bad('years are not supported (use P12M)');
  if (d.seconds > 0 || d.milliseconds > 0 || d.microseconds > 0 || d.nanoseconds > 0) throw bad(`seconds are not supported; the finest granularity is PT${rule.stepMinutes}M`);
  const g: Granularity = { text: d.toString(), months: d.months, days: d.weeks * 7 + d.days, ms: (d.hours * 60 + d.minutes) * MINUTE_MS };
  if (![g.months, g.days, g.ms].every((n) => Number.isSafeInteger(n) && n <= 1e12)) throw bad('it is too large');
  checkStep(g, rule, text, field, hint);
  return g;
}

/** Throws unless `g`'s hours and minutes are a positive whole multiple of the rule's step (for granularities built by hand too). */
export function checkGranularity(g: Granularity, rule: GranularityRule = DEFAULT_GRANULARITY_RULE, field = 'granularity'): void {
  checkStep(g, rule, g.text, field, `Use ${allowedGranularities(rule)}.`);
}

function checkStep(g: Granularity, rule: GranularityRule, text: string, field: string, hint: string): void {
  if (g.months === 0 && g.days === 0 && g.ms === 0) throw new InvalidQueryError(`Invalid granularity "${text}": it must be longer than zero.`, field, { hint });
  if (g.months < 0 || g.days < 0 || g.ms < 0) throw new InvalidQueryError(`Invalid granularity "${text}": it must be positive.`, field, { hint });
  const step = rule.stepMinutes * MINUTE_MS;
  if (g.ms % step !== 0) {
    throw new InvalidQueryError(`Invalid granularity "${text}": its hours and minutes must be a whole multiple of ${rule.stepMinutes} minutes (PT${rule.stepMinutes}M, PT${rule.stepMinutes * 2}M, PT1H…).`, field, { hint });
  }
}
