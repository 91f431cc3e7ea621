/**
 * Options shared by the data commands (`metrics`, `history`, `export`): the time range, the filters and the
 * output flags, each validated while argv is parsed so a mistake is a usage error (exit 2) that says what is
 * accepted, before anything is sent to Genesys.
 */
import { InvalidQueryError, resolveTimeRange, type TimeRangeInput } from '@cxgraph/core';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { list } from '../args.js';

export const RANGE_FORMS = 'today, yesterday, "this week", "last week", "this month", "last month", "last N days", "last N hours", "last N minutes"';
export const MEDIA_TYPES = ['voice', 'callback', 'chat', 'email', 'message', 'cobrowse', 'video', 'screenshare'] as const;
export const DIRECTIONS = ['inbound', 'outbound'] as const;

export interface RangeFlags {
  range?: string;
  interval?: string;
  timeZone?: string;
}

export interface FilterFlags {
  agent?: string[];
  queue?: string[];
  media?: string[];
}

/** Re-throws core's InvalidQueryError (bad range, interval, zone) as a commander usage error. */
function asUsage<T>(fn: () => T, extra = ''): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InvalidQueryError) throw new InvalidArgumentError(`${e.message}${extra}`);
    throw e;
  }
}

const parseRange = (value: string): string => {
  asUsage(() => resolveTimeRange({ relative: value }, Date.now()), ` Accepted ranges: ${RANGE_FORMS} (case-insensitive), or --interval START/END.`);
  return value;
};

const parseInterval = (value: string): string => {
  asUsage(() => resolveTimeRange({ interval: value }, Date.now()), ' For example --interval 2026-03-01T00:00:00Z/2026-03-08T00:00:00Z.');
  return value;
};

const parseTimeZone = (value: string): string => {
  asUsage(() => resolveTimeRange({ relative: 'today', timeZone: value }, Date.now()), ' For example UTC, Europe/Dublin or America/New_York.');
  return value;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A comma-separated list of Genesys ids (UUIDs); `what` names them in the message. */
const ids =
  (what: string) =>
  (value: string, previous: string[] | undefined): string[] => {
    const items = list(value);
    if (items.length === 0) throw new InvalidArgumentError(`expected one or more ${what} ids, comma-separated.`);
    for (const id of items) if (!UUID.test(id)) throw new InvalidArgumentError(`"${id}" is not ${what} id (a UUID such as 9f15ed41-9656-4828-acf0-65a504b217a7).`);
    return [...new Set([...(previous ?? []), ...items.map((s) => s.toLowerCase())])];
  };

const mediaTypes = (value: string, previous: string[] | undefined): string[] => {
  const items = list(value).map((s) => s.toLowerCase());
  if (items.length === 0) throw new InvalidArgumentError(`expected one or more media types: ${MEDIA_TYPES.join(', ')}.`);
  for (const m of items) if (!(MEDIA_TYPES as readonly string[]).includes(m)) throw new InvalidArgumentError(`unknown media type "${m}". Allowed: ${MEDIA_TYPES.join(', ')}.`);
  return [...new Set([...(previous ?? []), ...items])];
};

/** `--range`, `--interval` (exclusive) and `--time-zone`. */
export function addRangeOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--range <range>', `relative range: ${RANGE_FORMS} (default: today)`).argParser(parseRange).conflicts('interval'))
    .addOption(new Option('--interval <start/end>', 'absolute ISO-8601 interval, e.g. 2026-03-01T00:00:00Z/2026-03-08T00:00:00Z').argParser(parseInterval))
    .addOption(new Option('--time-zone <iana>', 'time zone of day, week and month boundaries (default: UTC)').argParser(parseTimeZone));
}

/** `--agent`, `--queue`, `--media` (each repeatable, comma-separated). */
export function addFilterOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--agent <ids>', 'only these agents (user ids, comma-separated)').argParser(ids('an agent')))
    .addOption(new Option('--queue <ids>', 'only these queues (queue ids, comma-separated)').argParser(ids('a queue')))
    .addOption(new Option('--media <types>', `only these media types: ${MEDIA_TYPES.join(', ')}`).argParser(mediaTypes));
}

/** `--json`, `--ndjson`, `--csv`, `--fields`. */
export function addOutputOptions(cmd: Command, fieldsHelp: string): Command {
  return cmd
    .option('--json', 'print a JSON array')
    .option('--ndjson', 'print one JSON object per line')
    .option('--csv', 'print CSV (RFC 4180) with a header line')
    .addOption(new Option('--fields <names>', `columns to print, in this order: ${fieldsHelp}`).argParser(list));
}

/** The range flags as core's input (default `today`). */
export function rangeInput(flags: RangeFlags): TimeRangeInput {
  const tz = flags.timeZone !== undefined ? { timeZone: flags.timeZone } : {};
  return flags.interval !== undefined ? { interval: flags.interval, ...tz } : { relative: flags.range ?? 'today', ...tz };
}

/**
 * Runs a command's action; a validation error it throws (commander's InvalidArgumentError, from formatOf or
 * pickColumns) is reported like a parse error: the message on stderr and exit 2.
 */
export function usageErrors<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (e) {
      if (e instanceof InvalidArgumentError) {
        const cmd = args[args.length - 1] as Command;
        cmd.error(`error: ${e.message}`, { exitCode: 2, code: 'cxgraph.usage' });
      }
      throw e;
    }
  };
}

/** A usage error from inside an action. */
export const usage = (message: string): InvalidArgumentError => new InvalidArgumentError(message);
