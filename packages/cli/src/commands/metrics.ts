/**
 * `cxgraph metrics`: contact-centre figures per agent, queue or media type over a range, from ONE aggregates
 * query (core splits ranges over 31 days and merges), with names from ONE getUsers/getQueues call.
 *
 * Output: one row per group, sorted by name (then id). Columns per `--by` are documented in metrics-columns.ts
 * and in `--help`. With `--granularity`:
 * - JSON/NDJSON rows carry `buckets`: every bucket of the range in order (empty ones included, figures 0 or
 *   null), each `{ interval, …the row's figure columns }`;
 * - a table (stdout is a TTY) adds two sparklines per row, `handledTrend` and `handleTimeTrend`;
 * - CSV/TSV stay one row per group with the totals; `--buckets` prints one row per group × bucket instead
 *   (an `interval` column after the identity columns), in every format.
 * Requested agents (`--by agent --agent …`) or queues (`--by queue --queue …`) without data still get a row.
 */
import { averageHandleTimeMs, countOf, resolveTimeRange, type AggregateFilter } from '@cxgraph/core';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { list } from '../args.js';
import { CommandContext } from '../context.js';
import type { Io } from '../io.js';
import { formatOf, pickColumns, writeRows, type Cell, type Column, type OutputFlags } from '../output/format.js';
import { sparkline } from '../output/sparkline.js';
import { directionOption } from './history.js';
import { addFilterOptions, addOutputOptions, addRangeOptions, rangeInput, usage, usageErrors, type FilterFlags, type RangeFlags } from './history-options.js';
import { paced, StdoutFlow } from './export-sink.js';
import { bucketStarts, GRANULARITY_EXAMPLES, MAX_BUCKETS, parseGranularity, type Granularity } from './metrics-buckets.js';
import {
  AGGREGATE_METRICS,
  closestMetric,
  COLUMN_METRICS,
  DIMENSION,
  FIELDS_HELP,
  figureColumns,
  forTable,
  GROUP_BY,
  identityColumns,
  metricsToAsk,
  type GroupBy,
  type MetricData,
  type MetricsColumn,
  type MetricsLine,
} from './metrics-columns.js';

export interface MetricsFlags extends RangeFlags, FilterFlags, OutputFlags {
  by: GroupBy;
  granularity?: Granularity;
  metrics?: string[];
  direction?: 'inbound' | 'outbound';
  buckets?: boolean;
}

/** One group: its totals, and its buckets (dense, in order) when a granularity was given. */
interface Group extends MetricsLine {
  buckets: MetricsLine[];
}

const parseGranularityOption = (value: string): Granularity => {
  try {
    return parseGranularity(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};

const parseMetrics = (value: string, previous: string[] | undefined): string[] => {
  const names = list(value);
  if (names.length === 0) throw new InvalidArgumentError(`expected metric names, comma-separated, e.g. ${COLUMN_METRICS.slice(0, 4).join(',')}.`);
  const out = [...(previous ?? [])];
  for (const name of names) {
    const known = AGGREGATE_METRICS.find((m) => m === name) ?? AGGREGATE_METRICS.find((m) => m.toLowerCase() === name.toLowerCase());
    if (!known) {
      const guess = closestMetric(name);
      throw new InvalidArgumentError(
        `unknown metric "${name}"${guess ? ` (did you mean ${guess}?)` : ''}. Valid metrics include ${COLUMN_METRICS.join(', ')}; ${AGGREGATE_METRICS.length} in all (see --help).`,
      );
    }
    if (!out.includes(known)) out.push(known);
  }
  return out;
};

export function registerMetrics(program: Command, io: Io): void {
  const cmd = program
    .command('metrics')
    .description('Contact-centre figures (offered, handled, handle time, service level…) per agent, queue or media type over a time range.')
    .addOption(new Option('--by <group>', 'one row per agent, queue or media type').choices(GROUP_BY).default('agent'));
  addRangeOptions(cmd);
  cmd
    .addOption(new Option('--granularity <duration>', `buckets inside the range (ISO-8601: ${GRANULARITY_EXAMPLES})`).argParser(parseGranularityOption))
    .option('--buckets', 'with --granularity: one row per group and bucket (an interval column) instead of totals')
    .addOption(new Option('--metrics <names>', 'Genesys metrics to query (default: what the columns need), comma-separated').argParser(parseMetrics));
  addFilterOptions(cmd);
  cmd.addOption(directionOption('only this direction (the direction dimension of each metric)'));
  addOutputOptions(cmd, 'see below');
  cmd.addHelpText(
    'after',
    `
Columns (stable; --fields picks and orders them):
  --by agent:  ${FIELDS_HELP.agent}
  --by queue:  ${FIELDS_HELP.queue}
  --by media:  mediaType, offered … abandonRate (the queue figures)
  counts: offered (per agent: alerts, as Genesys attributes offers to queues only), answered, abandoned, handled,
  transferred, outbound; *AvgMs: unrounded averages in ms (sum / count; empty when nothing was counted;
  talk and hold per interaction: tTalkComplete, tHeldComplete); averageSpeedOfAnswerMs = tAnswered average;
  serviceLevel and abandonRate are fractions 0..1. A table shows durations as m:ss and rates as percentages.
  With --metrics, columns whose metrics were not asked for are empty, and each other metric gets columns
  (nX; tXCount, tXAvgMs; oX).
  With --granularity: JSON/NDJSON rows carry "buckets" (every bucket, in order); a table adds the sparklines
  handledTrend and handleTimeTrend; --buckets prints one row per group and bucket (column "interval").

Valid --metrics: ${AGGREGATE_METRICS.join(', ')}.

Examples:
  cxgraph metrics --agent <userId> --range "last 7 days"        # an agent's handled count and AHT
  cxgraph metrics --by queue --range yesterday --time-zone Europe/Dublin --csv
  cxgraph metrics --by media --range "last 7 days" --granularity P1D --json
  cxgraph metrics --by queue --granularity PT1H --buckets --csv > hourly.csv
`,
  );
  cmd.action(usageErrors(async (flags: MetricsFlags, command: Command) => run(flags, command, io)));
}

async function run(flags: MetricsFlags, command: Command, io: Io): Promise<void> {
  const by = flags.by;
  const g = flags.granularity;
  const format = formatOf(flags, io.isTTY);
  if (flags.buckets && !g) throw usage('--buckets needs --granularity, e.g. --granularity P1D --buckets.');
  const table = format === 'table';
  const identity = identityColumns(by);
  const figures = figureColumns(by, flags.metrics).map((c) => (table ? forTable(c) : c));
  const intervalColumn: MetricsColumn = { key: 'interval', kind: 'text', get: (l) => l.interval };
  const trends: MetricsColumn[] = table && g && !flags.buckets ? trendColumns() : [];
  const columns = pickColumns<MetricsLine>(flags.buckets ? [...identity, intervalColumn, ...figures] : [...identity, ...figures, ...trends], flags.fields) as MetricsColumn[];

  const ctx = CommandContext.of(command, io);
  const flow = new StdoutFlow();
  try {
    const client = await ctx.client();
    const range = resolveTimeRange(rangeInput(flags), ctx.now());
    let intervals: string[] = [];
    if (g) {
      const starts = bucketStarts(range.start, range.end, g, range.timeZone);
      if (starts.length > MAX_BUCKETS) throw usage(`--granularity ${g.text} cuts ${range.label} into more than ${MAX_BUCKETS} buckets; choose a coarser granularity or a shorter range.`);
      intervals = starts.map((s, i) => `${new Date(s).toISOString()}/${new Date(starts[i + 1] ?? range.end).toISOString()}`);
    }
    const groups: Group[] = [];
    if (range.end > range.start) {
      const result = await client.metrics.query({
        range,
        groupBy: [DIMENSION[by]],
        metrics: metricsToAsk(flags.metrics),
        ...(g ? { granularity: g } : {}),
        filter: aggregateFilter(flags),
      });
      for (const row of result.rows) {
        const key = row.group[DIMENSION[by]];
        if (key === undefined) continue;
        groups.push({ key, name: undefined, interval: range.interval, metrics: row.metrics, buckets: row.buckets.map((b) => ({ key, name: undefined, interval: b.interval, metrics: b.metrics })) });
      }
    }
    // Requested agents or queues get a row even without data.
    const requested = by === 'agent' ? (flags.agent ?? []) : by === 'queue' ? (flags.queue ?? []) : [];
    for (const id of requested) if (!groups.some((x) => x.key === id)) groups.push({ key: id, name: undefined, interval: range.interval, metrics: [], buckets: [] });

    if (by !== 'media' && groups.length > 0) {
      const ids = groups.map((x) => x.key);
      const found = by === 'agent' ? await client.directory.getUsers(ids) : await client.directory.getQueues(ids);
      groups.forEach((x, i) => (x.name = found[i]?.name));
      const unknown = requested.filter((id) => groups.find((x) => x.key === id)?.name === undefined);
      if (unknown.length > 0 && !ctx.global.quiet) io.err(`cxgraph: warning: no ${by} with id ${unknown.join(', ')} in this org.\n`);
    }
    groups.sort(byNameThenKey);
    if (g) for (const x of groups) x.buckets = dense(x, intervals);

    if (flags.buckets) {
      await writeRows(io, paced(groups.flatMap((x) => x.buckets), flow), columns, format);
    } else if (g && (format === 'json' || format === 'ndjson')) {
      const figureKeys = new Set(figures.map((c) => c.key));
      const bucketColumns = columns.filter((c) => figureKeys.has(c.key));
      const objects = groups.map((x) => ({ ...objectOf(x, columns), buckets: x.buckets.map((b) => ({ interval: b.interval, ...objectOf(b, bucketColumns) })) }));
      if (format === 'json') io.out(`${JSON.stringify(objects, null, 2)}\n`);
      else for await (const o of paced(objects, flow)) io.out(`${JSON.stringify(o)}\n`);
    } else {
      await writeRows<MetricsLine>(io, paced(groups, flow), columns, format);
    }
    await flow.flush();
  } finally {
    flow.dispose();
    await ctx.close();
  }
}

function aggregateFilter(flags: MetricsFlags): AggregateFilter {
  return {
    ...(flags.agent?.length ? { userIds: flags.agent } : {}),
    ...(flags.queue?.length ? { queueIds: flags.queue } : {}),
    ...(flags.media?.length ? { mediaTypes: flags.media } : {}),
    ...(flags.direction ? { directions: [flags.direction] } : {}),
  };
}

const byNameThenKey = (a: Group, b: Group): number => {
  if (a.name !== undefined && b.name === undefined) return -1;
  if (a.name === undefined && b.name !== undefined) return 1;
  const byName = (a.name ?? '').localeCompare(b.name ?? '', 'en');
  return byName !== 0 ? byName : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
};

/**
 * Every bucket of the range for one group, in order; Genesys omits buckets without data, which come out empty.
 * A bucket Genesys returned that the computed edges do not have is kept too (never drop data).
 */
function dense(group: Group, intervals: readonly string[]): MetricsLine[] {
  const startOf = (interval: string) => Date.parse(interval.split('/')[0] ?? '');
  const returned = new Map<number, MetricsLine>();
  for (const b of group.buckets) returned.set(startOf(b.interval), b);
  const out: MetricsLine[] = intervals.map((interval) => {
    const hit = returned.get(startOf(interval));
    returned.delete(startOf(interval));
    return { key: group.key, name: group.name, interval, metrics: hit?.metrics ?? [] };
  });
  if (returned.size > 0) {
    out.push(...returned.values());
    out.sort((a, b) => startOf(a.interval) - startOf(b.interval));
  }
  return out;
}

function objectOf(line: MetricsLine, columns: readonly Column<MetricsLine>[]): Record<string, Cell> {
  const o: Record<string, Cell> = {};
  for (const c of columns) {
    const v = c.get(line);
    o[c.key] = v === undefined ? null : v;
  }
  return o;
}

/** Sparklines over the buckets (tables only): handled count and average handle time per bucket. */
function trendColumns(): MetricsColumn[] {
  const bucketsOf = (l: MetricsLine): MetricsLine[] => (l as Group).buckets ?? [];
  const values = (l: MetricsLine, f: (m: MetricData[]) => number | undefined) => bucketsOf(l).map((b) => f(b.metrics));
  return [
    { key: 'handledTrend', header: 'handled trend', kind: 'text', get: (l) => sparkline(values(l, (m) => countOf(m, 'tHandle'))) },
    { key: 'handleTimeTrend', header: 'aht trend', kind: 'text', get: (l) => sparkline(values(l, (m) => averageHandleTimeMs(m))) },
  ];
}
