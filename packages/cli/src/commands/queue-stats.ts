import type { CxGraphClient, LiveState, QueueLiveStats } from '@cxgraph/core';
import type { CommandDeps } from '../deps.js';
import { colorEnabled, humanDuration, humanTime, pickColumns, type Column } from '../output/format.js';
import { sparkline } from '../output/sparkline.js';
import { pushSource } from '../output/push.js';
import { showRows } from '../output/watch.js';
import { listQueueRefs, matchQueues, type FilterOptions, type QueueRef } from '../options/filters.js';
import { formatFor, type OutputOptions } from '../options/output.js';

/** A queue's observations with its name: one row of `cxgraph queue-stats`. */
export interface QueueStatsRow {
  name: string;
  stats: QueueLiveStats;
  /** When the figures were taken (ISO-8601): the same for every row of one snapshot. */
  at: string;
}

/**
 * The columns of `cxgraph queue-stats`, stable: queue (name), queueId, waiting, interacting, alerting (offered
 * to an agent, not yet answered), agentsOnQueue, longestWaitMs (of those waiting now; null/empty when nobody
 * waits), members, at (the snapshot's time, ISO-8601; with --watch, one per frame).
 */
export const QUEUE_STATS_COLUMNS: readonly Column<QueueStatsRow>[] = [
  { key: 'queue', get: (r) => r.name },
  { key: 'queueId', header: 'queue id', get: (r) => r.stats.queueId, machine: true },
  { key: 'waiting', get: (r) => r.stats.waiting, align: 'right' },
  { key: 'interacting', get: (r) => r.stats.interacting, align: 'right' },
  { key: 'alerting', get: (r) => r.stats.alerting, align: 'right' },
  { key: 'agentsOnQueue', header: 'on queue', get: (r) => r.stats.agentsOnQueue, align: 'right' },
  { key: 'longestWaitMs', header: 'longest wait', get: (r) => r.stats.longestWaitMs, display: (r) => (r.stats.longestWaitMs === undefined ? '-' : humanDuration(r.stats.longestWaitMs)), align: 'right' },
  { key: 'members', get: (r) => r.stats.members, align: 'right' },
  { key: 'at', get: (r) => r.at, display: (r) => humanTime(r.at), machine: true },
];

/** Frames of waiting counts kept for the wallboard's trend column. */
export const TREND_FRAMES = 30;

/** One observations call for all the queues (core's `live.queueStats`), rows in the queues' order. */
export async function queueStatsRows(client: CxGraphClient, queues: readonly QueueRef[], at: string, signal?: AbortSignal): Promise<QueueStatsRow[]> {
  const stats = await client.live.queueStats(
    queues.map((q) => q.id),
    signal ? { signal } : {},
  );
  const byId = new Map(stats.map((s) => [s.queueId, s]));
  return queues.flatMap((q) => {
    const s = byId.get(q.id);
    return s ? [{ name: q.name, stats: s, at }] : [];
  });
}

export interface QueueStatsOptions extends OutputOptions, Pick<FilterOptions, 'queue'> {
  /** `--watch`: a wallboard redrawn every this many seconds until Ctrl-C. */
  watch?: number;
}

/** `cxgraph queue-stats`: queue observations now, once or as a `--watch`ed wallboard. Returns the rows shown last. */
export async function run(opts: QueueStatsOptions, deps: CommandDeps): Promise<readonly QueueStatsRow[]> {
  const { io } = deps;
  const format = formatFor(opts.format, io.isTTY);
  const columns = pickColumns(QUEUE_STATS_COLUMNS, opts.fields, format);
  const client = await deps.client();
  const known = await listQueueRefs(client);
  const queues = opts.queue?.length ? matchQueues(known, opts.queue) : known;
  // The wallboard's trend: waiting counts per queue across refreshes.
  const history = new Map<string, number[]>();
  const wallboard = opts.watch !== undefined && format === 'table' && !opts.fields?.length;
  const shown: Column<QueueStatsRow>[] = wallboard ? [...columns, { key: 'trend', header: 'waiting trend', get: (r) => sparkline(history.get(r.stats.queueId) ?? []) }] : columns;
  // Watching, the live state when it streams: figures from memory, redrawn when a queue's figures change.
  const wanted = new Set(queues.map((q) => q.id));
  const push = opts.watch === undefined ? undefined : await pushSource(client, (c) => c.kind === 'queue.stats' && wanted.has(c.queue.queueId), { sleep: deps.sleep });
  try {
    return await showRows(io, {
      format,
      columns: shown,
      watch: opts.watch === undefined ? undefined : { seconds: opts.watch, signal: deps.interrupted(), timer: push?.timer ?? { sleep: deps.sleep } },
      quiet: deps.quiet,
      write: { color: colorEnabled(io) },
      now: deps.now,
      load: async (signal) => {
        const at = new Date(deps.now()).toISOString();
        const rows = push ? await pushedRows(push.state, queues, at) : await queueStatsRows(client, queues, at, signal);
        for (const r of rows) {
          const h = history.get(r.stats.queueId) ?? [];
          h.push(r.stats.waiting);
          history.set(r.stats.queueId, h.slice(-TREND_FRAMES));
        }
        return rows;
      },
      title: (rows) => {
        const waiting = rows.reduce((n, r) => n + r.stats.waiting, 0);
        return `cxgraph queue-stats: ${rows.length} queue${rows.length === 1 ? '' : 's'}, ${waiting} waiting at ${humanTime(new Date(deps.now()).toISOString())}${push ? ' (pushed)' : ''}`;
      },
    });
  } finally {
    push?.close();
  }
}

/** The queues' figures as the live state holds them (no upstream call), in the queues' order. */
async function pushedRows(state: LiveState, queues: readonly QueueRef[], at: string): Promise<QueueStatsRow[]> {
  const rows: QueueStatsRow[] = [];
  for (const q of queues) {
    const stats = await state.queueStats(q.id);
    if (stats) rows.push({ name: q.name, stats, at });
  }
  return rows;
}
