/**
 * `--range`, `--interval` and `--time-zone` (metrics, history, export): checked with core's own rules while
 * argv is parsed, so a mistake is a usage error saying what is accepted; the command resolves the range once
 * (`resolveTimeRange(rangeInput(opts), deps.now())`) and passes the result down.
 */
import { InvalidQueryError, resolveTimeRange, type ResolvedRange, type TimeRangeInput } from '@cxgraph/core';
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

/**
 * The longest range each command takes, in days, checked before any upstream call: past it a typo such as
 * "last 99999 days" would spend minutes of the org's API budget (one aggregates call per ~month, a details page
 * per 100 conversations). 400 days holds a year-over-year comparison; an export may cover 2 years, Genesys's usual
 * analytics retention.
 */
export const MAX_RANGE_DAYS = { metrics: 400, history: 400, export: 731 } as const;

const DAY_MS = 86_400_000;

/** A usage error when `range` is longer than `command` allows, saying by how much and how to split it. */
export function checkRangeLength(range: ResolvedRange, command: keyof typeof MAX_RANGE_DAYS): void {
  const max = MAX_RANGE_DAYS[command];
  const days = (range.end - range.start) / DAY_MS;
  if (days <= max) return;
  throw new UsageError(
    `The range is ${Math.ceil(days).toLocaleString('en-US')} days (${range.interval}); \`cxgraph ${command}\` takes at most ${max} days. Choose a shorter --range or --interval, or run one command per period.`,
  );
}
