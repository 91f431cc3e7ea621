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
import { averageHandleTimeMs, countOf, InvalidQueryError, parseGranularity, resolveTimeRange, type AggregateFilter, type Granularity } from '@cxgraph/core';
import type { CommandDeps } from '../deps.js';
import { UsageError } from '../errors.js';
import { paced } from '../io.js';
import { pickColumns, writeRows, type Cell, type Column, type ListCell } from '../output/format.js';
import { sparkline } from '../output/sparkline.js';
import { agentIds, queueIds, type FilterOptions } from '../options/filters.js';
import { formatFor, type OutputOptions } from '../options/output.js';
import { checkRangeLength, rangeInput, type RangeOptions } from '../options/range.js';
import { list } from '../options/values.js';
import {
  AGGREGATE_METRICS,
  closestMetric,
  COLUMN_METRICS,
  DIMENSION,
  figureColumns,
  forTable,
  identityColumns,
  metricsToAsk,
  type GroupBy,
  type MetricData,
  type MetricsColumn,
  type MetricsLine,
} from './metrics-columns.js';

export interface MetricsOptions extends RangeOptions, FilterOptions, OutputOptions {
  /** One row per agent (default), queue or media type. */
  by: GroupBy;
  /** Buckets inside the range. */
  granularity?: Granularity;
  /** Genesys metrics to query by name (default: what the columns need). */
  metrics?: string[];
  /** With a granularity: one row per group and bucket instead of totals. */
  buckets?: boolean;
}

/** One group: its totals, and its buckets (dense, in order) when a granularity was given. */
interface Group extends MetricsLine {
  buckets: MetricsLine[];
}

/**
 * `--granularity`: checked while argv is parsed, by core's one granularity rule (the gateway's too), so a typo
 * is a usage error before any upstream call. The bucket count is checked once the range is known (in run()).
 */
export const parseGranularityFlag = (value: string): Granularity => {
  try {
    return parseGranularity(value);
  } catch (e) {
    if (e instanceof InvalidQueryError) throw new UsageError(usageText(e));
    throw e;
  }
};

/** An InvalidQueryError's message and hint as one usage line. */
const usageText = (e: InvalidQueryError): string => (e.hint ? `${e.message} ${e.hint}` : e.message);

/** `--metrics`: names Genesys's aggregates query accepts (any case), each once; a typo gets a suggestion. */
export const parseMetricsFlag = (value: string, previous: string[] | undefined): string[] => {
  const names = list(value);
  if (names.length === 0) throw new UsageError(`expected metric names, comma-separated, e.g. ${COLUMN_METRICS.slice(0, 4).join(',')}.`);
  const out = [...(previous ?? [])];
  for (const name of names) {
    const known = AGGREGATE_METRICS.find((m) => m === name) ?? AGGREGATE_METRICS.find((m) => m.toLowerCase() === name.toLowerCase());
    if (!known) {
      const guess = closestMetric(name);
      throw new UsageError(
        `unknown metric "${name}"${guess ? ` (did you mean ${guess}?)` : ''}. Valid metrics include ${COLUMN_METRICS.join(', ')}; ${AGGREGATE_METRICS.length} in all (see --help).`,
      );
    }
    if (!out.includes(known)) out.push(known);
  }
  return out;
};

/** The columns a run prints, before `fields` picks from them: they depend on the grouping, the metrics and the format. */
export function metricsColumns(opts: Pick<MetricsOptions, 'by' | 'metrics' | 'granularity' | 'buckets'>, table: boolean): MetricsColumn[] {
  const identity = identityColumns(opts.by);
  const figures = figureColumns(opts.by, opts.metrics).map((c) => (table ? forTable(c) : c));
  const intervalColumn: MetricsColumn = { key: 'interval', kind: 'text', get: (l) => l.interval };
  const trends: MetricsColumn[] = table && opts.granularity && !opts.buckets ? trendColumns() : [];
  return opts.buckets ? [...identity, intervalColumn, ...figures] : [...identity, ...figures, ...trends];
}

/** Writes one row per group (or per group and bucket); returns the groups, sorted as printed. */
export async function run(opts: MetricsOptions, deps: CommandDeps): Promise<MetricsLine[]> {
  const { io } = deps;
  const by = opts.by;
  const g = opts.granularity;
  const format = formatFor(opts.format, io.isTTY);
  const table = format === 'table';
  const figureKeys = new Set(figureColumns(by, opts.metrics).map((c) => c.key));
  const columns = pickColumns<MetricsLine>(metricsColumns(opts, table), opts.fields) as MetricsColumn[];

  const client = await deps.client();
  const range = resolveTimeRange(rangeInput(opts), deps.now());
  checkRangeLength(range, 'metrics');
  // Core's bucket edges (the gateway's too): too many buckets is a usage error before any upstream call.
  const intervals = g ? bucketIntervals(client, range, g) : [];
  const queues = opts.queue?.length ? await queueIds(client, opts.queue) : [];
  const agents = opts.agent?.length ? await agentIds(client, opts.agent) : [];
  const groups: Group[] = [];
  if (range.end > range.start) {
    const result = await client.metrics.query({
      range,
      groupBy: [DIMENSION[by]],
      metrics: metricsToAsk(opts.metrics),
      // Dense (core's default): every bucket of the range, in order, zeros where there is no data.
      ...(g ? { granularity: g } : {}),
      filter: aggregateFilter({ ...opts, agent: agents }, queues),
    });
    for (const row of result.rows) {
      const key = row.group[DIMENSION[by]];
      if (key === undefined) continue;
      groups.push({ key, name: undefined, interval: range.interval, metrics: row.metrics, buckets: row.buckets.map((b) => ({ key, name: undefined, interval: b.interval, metrics: b.metrics })) });
    }
  }
  // Requested agents or queues get a row even without data (with every bucket, empty).
  const requested = by === 'agent' ? agents : by === 'queue' ? queues : [];
  for (const id of requested) {
    if (groups.some((x) => x.key === id)) continue;
    groups.push({ key: id, name: undefined, interval: range.interval, metrics: [], buckets: intervals.map((interval) => ({ key: id, name: undefined, interval, metrics: [] })) });
  }

  if (by !== 'media' && groups.length > 0) {
    const ids = groups.map((x) => x.key);
    const found = by === 'agent' ? await client.directory.getUsers(ids) : await client.directory.getQueues(ids);
    groups.forEach((x, i) => (x.name = found[i]?.name));
    const unknown = requested.filter((id) => groups.find((x) => x.key === id)?.name === undefined);
    if (unknown.length > 0 && !deps.quiet) io.err(`cxgraph: warning: no ${by} with id ${unknown.join(', ')} in this org.\n`);
  }
  groups.sort(byNameThenKey);
  for (const x of groups) for (const b of x.buckets) b.name = x.name;

  if (opts.buckets) {
    await writeRows(io, paced(groups.flatMap((x) => x.buckets), io), columns, format);
  } else if (g && (format === 'json' || format === 'ndjson')) {
    const bucketColumns = columns.filter((c) => figureKeys.has(c.key));
    const objects = groups.map((x) => ({ ...objectOf(x, columns), buckets: x.buckets.map((b) => ({ interval: b.interval, ...objectOf(b, bucketColumns) })) }));
    if (format === 'json') io.out(`${JSON.stringify(objects, null, 2)}\n`);
    else for await (const o of paced(objects, io)) io.out(`${JSON.stringify(o)}\n`);
  } else {
    await writeRows<MetricsLine>(io, paced(groups, io), columns, format);
  }
  await io.flush();
  return groups;
}

function bucketIntervals(client: Awaited<ReturnType<CommandDeps['client']>>, range: Parameters<typeof client.metrics.buckets>[0], g: Granularity): string[] {
  try {
    return client.metrics.buckets(range, g).map((b) => b.interval);
  } catch (e) {
    if (e instanceof InvalidQueryError) throw new UsageError(`--granularity ${g.text}: ${usageText(e)}`);
    throw e;
  }
}

function aggregateFilter(opts: FilterOptions, queues: readonly string[]): AggregateFilter {
  return {
    ...(opts.agent?.length ? { userIds: opts.agent } : {}),
    ...(queues.length ? { queueIds: [...queues] } : {}),
    ...(opts.media?.length ? { mediaTypes: opts.media } : {}),
    ...(opts.direction ? { directions: [opts.direction] } : {}),
  };
}

const byNameThenKey = (a: Group, b: Group): number => {
  if (a.name !== undefined && b.name === undefined) return -1;
  if (a.name === undefined && b.name !== undefined) return 1;
  const byName = (a.name ?? '').localeCompare(b.name ?? '', 'en');
  return byName !== 0 ? byName : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
};

function objectOf(line: MetricsLine, columns: readonly Column<MetricsLine>[]): Record<string, Cell | ListCell> {
  const o: Record<string, Cell | ListCell> = {};
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
