/**
 * ISO-8601 durations (`PnYnMnWnDTnHnMnS`), parsed by Temporal. Signs, zero and text that is not a duration are
 * refused here; which durations make a valid granularity is granularity.ts's rule.
 */
import { Temporal } from 'temporal-polyfill';
import { InvalidQueryError } from '../errors.js';

/**
 * A positive ISO-8601 duration (designators case-insensitive; only seconds may carry a fraction). Anything else →
 * {@link InvalidQueryError} on `field`, with `hint`.
 */
export function parseIsoDuration(text: string, field: string, hint: string): Temporal.Duration {
  const upper = text.trim().toUpperCase();
  const bad = (why: string) => new InvalidQueryError(`Invalid ${field} "${text}": ${why}.`, field, { hint });
  // Temporal also takes a fraction on the smallest unit (PT1.5H); Genesys documents none, so only seconds may.
  if (!/^P[\dYMWDTHS]*(\d+[.,]\d+S)?$/.test(upper)) throw bad('it is not an ISO-8601 duration');
  let d: Temporal.Duration;
  try {
    d = Temporal.Duration.from(upper);
  } catch {
    throw bad('it is not an ISO-8601 duration');
  }
  if (d.blank) throw bad('it must be longer than zero');
  return d;
}
