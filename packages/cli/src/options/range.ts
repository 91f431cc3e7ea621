/**
 * `--range`, `--interval` and `--time-zone` (metrics, history, export): checked with core's own rules while
 * argv is parsed, so a mistake is a usage error saying what is accepted; the command resolves the range once
 * (`resolveTimeRange(rangeInput(opts), deps.now())`) and passes the result down.
 */
import { InvalidQueryError, resolveTimeRange, type TimeRangeInput } from '@cxgraph/core';
import { UsageError } from '../errors.js';
import type { Flag } from './flag.js';

export const RANGE_FORMS = 'today, yesterday, "this week", "last week", "this month", "last month", "last N days", "last N hours", "last N minutes"';

export interface RangeOptions {
  /** A relative range (default `today`); exclusive with `interval`. */
  range?: string;
  /** An absolute ISO-8601 interval `start/end`. */
  interval?: string;
  /** The IANA zone of day, week and month boundaries (default UTC). */
  timeZone?: string;
}

/** Core's InvalidQueryError (a bad range, interval or zone) as a usage error, with an example appended. */
function checked(input: TimeRangeInput, example: string): void {
  try {
    resolveTimeRange(input, Date.now());
  } catch (e) {
    if (e instanceof InvalidQueryError) throw new UsageError(`${e.message}${example}`);
    throw e;
  }
}

export const RANGE_FLAGS: readonly Flag[] = [
  {
    flags: '--range <range>',
    description: `relative range: ${RANGE_FORMS} (default: today)`,
    parse: (v: string) => (checked({ relative: v }, ` Accepted ranges: ${RANGE_FORMS} (case-insensitive), or --interval START/END.`), v),
    conflicts: 'interval',
  },
  {
    flags: '--interval <start/end>',
    description: 'absolute ISO-8601 interval, e.g. 2026-03-01T00:00:00Z/2026-03-08T00:00:00Z',
    parse: (v: string) => (checked({ interval: v }, ' For example --interval 2026-03-01T00:00:00Z/2026-03-08T00:00:00Z.'), v),
  },
  {
    flags: '--time-zone <iana>',
    description: 'time zone of day, week and month boundaries (default: UTC)',
    parse: (v: string) => (checked({ relative: 'today', timeZone: v }, ' For example UTC, Europe/Dublin or America/New_York.'), v),
  },
];

export const rangeOptions = (flags: RangeOptions): RangeOptions => ({
  ...(flags.range !== undefined ? { range: flags.range } : {}),
  ...(flags.interval !== undefined ? { interval: flags.interval } : {}),
  ...(flags.timeZone !== undefined ? { timeZone: flags.timeZone } : {}),
});

/** The range options as core's input (default `today`). */
export function rangeInput(opts: RangeOptions): TimeRangeInput {
  const tz = opts.timeZone !== undefined ? { timeZone: opts.timeZone } : {};
  return opts.interval !== undefined ? { interval: opts.interval, ...tz } : { relative: opts.range ?? 'today', ...tz };
}
