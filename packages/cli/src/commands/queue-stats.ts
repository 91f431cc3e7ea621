import type { CxGraphClient, QueueLiveStats } from '@cxgraph/core';
import type { Command } from 'commander';
import { list } from '../args.js';
import { CommandContext } from '../context.js';
import type { Io } from '../io.js';
import { addOutputOptions, colorEnabled, columnsHelp, humanDuration, humanTime, resolveOutput, usageError, type Column, type OutputFlags } from '../output/format.js';
import { sparkline } from '../output/sparkline.js';
import { showRows, watchOption, watchSeconds } from '../output/watch.js';

/** A queue's observations with its name: one row of `cxgraph queue-stats`. */
export interface QueueStatsRow {
  name: string;
  stats: QueueLiveStats;
}

/**
 * The columns of `cxgraph queue-stats`, stable: queue (name), waiting, interacting, alerting (offered to an
 * agent, not yet answered), agentsOnQueue, longestWaitMs (of those waiting now; empty when nobody waits),
 * members.
 */
export const QUEUE_STATS_COLUMNS: readonly Column<QueueStatsRow>[] = [
  { key: 'queue', get: (r) => r.name },
  { key: 'waiting', get: (r) => r.stats.waiting, align: 'right' },
  { key: 'interacting', get: (r) => r.stats.interacting, align: 'right' },
  { key: 'alerting', get: (r) => r.stats.alerting, align: 'right' },
  { key: 'agentsOnQueue', header: 'on queue', get: (r) => r.stats.agentsOnQueue, align: 'right' },
  { key: 'longestWaitMs', header: 'longest wait', get: (r) => r.stats.longestWaitMs, display: (r) => (r.stats.longestWaitMs === undefined ? '-' : humanDuration(r.stats.longestWaitMs)), align: 'right' },
  { key: 'members', get: (r) => r.stats.members, align: 'right' },
];

/** Frames of waiting counts kept for the wallboard's trend column. */
const TREND_FRAMES = 30;

export interface QueueRef {
  id: string;
  name: string;
}

/** Every queue of the org (id and name), in the directory's order. */
export async function listQueueRefs(client: CxGraphClient): Promise<QueueRef[]> {
  const out: QueueRef[] = [];
  for await (const q of client.directory.listQueues()) if (q.id) out.push({ id: q.id, name: q.name ?? q.id });
  return out;
}

/**
 * The queues `--queue` names, by id or by name (case-insensitive), in the order given, each once; an unknown
 * one is returned as `unknown` (for a usage error naming the known ones).
 */
export function matchQueues(known: readonly QueueRef[], wanted: readonly string[]): { queues: QueueRef[]; unknown: string[] } {
  const queues: QueueRef[] = [];
  const unknown: string[] = [];
  for (const w of wanted) {
    const q = known.find((k) => k.id === w) ?? known.find((k) => k.name.toLowerCase() === w.toLowerCase());
    if (!q) unknown.push(w);
    else if (!queues.includes(q)) queues.push(q);
  }
  return { queues, unknown };
}

/** One observations call for all the queues (core's `live.queueStats`), rows in the queues' order. */
export async function queueStatsRows(client: CxGraphClient, queues: readonly QueueRef[], signal?: AbortSignal): Promise<QueueStatsRow[]> {
  const stats = await client.live.queueStats(
    queues.map((q) => q.id),
    signal ? { signal } : {},
  );
  const byId = new Map(stats.map((s) => [s.queueId, s]));
  return queues.flatMap((q) => {
    const s = byId.get(q.id);
    return s ? [{ name: q.name, stats: s }] : [];
  });
}

interface QueueStatsOptions extends OutputFlags {
  queue?: string[];
  watch?: number | true;
}

export function registerQueueStats(program: Command, io: Io): void {
  const command = program
    .command('queue-stats')
    .description('Show what is happening in queues right now: waiting, interacting, alerting, agents on queue, longest wait.')
    .option('--queue <ids-or-names>', 'only these queues, by id or name (comma-separated; default: every queue)', list)
    .addOption(watchOption('the figures'));
  addOutputOptions(command);
  command
    .addHelpText(
      'after',
      `
${columnsHelp(QUEUE_STATS_COLUMNS)}
  queue: the name; alerting: offered to an agent, not yet answered;
  longestWaitMs: the longest wait of those waiting now (empty when nobody
  waits). The table shows durations for people; other formats carry ms.

--watch: on a terminal, a wallboard redrawn in place every N seconds until
  Ctrl-C (exit 0), with a trend column (waiting, over the last ${TREND_FRAMES}
  refreshes) unless --fields is given. Piped, or with --json/--ndjson/--csv,
  one whole snapshot per interval: TSV/CSV with their header line, NDJSON its
  rows, JSON one array a line; each is announced on stderr (unless --quiet).

Example:
  cxgraph queue-stats --sandbox
  cxgraph queue-stats --queue Billing,Sales --watch 5
  cxgraph queue-stats --ndjson --watch 60 >> queues.ndjson
`,
    )
    .action(async (opts: QueueStatsOptions, cmd: Command) => {
      const { format, columns } = resolveOutput(cmd, opts, QUEUE_STATS_COLUMNS, io.isTTY);
      const ctx = CommandContext.of(cmd, io);
      try {
        const client = await ctx.client();
        const known = await listQueueRefs(client);
        let queues = known;
        if (opts.queue?.length) {
          const matched = matchQueues(known, opts.queue);
          if (matched.unknown.length > 0) {
            usageError(cmd, `Unknown queue${matched.unknown.length > 1 ? 's' : ''} ${matched.unknown.map((u) => `"${u}"`).join(', ')}. Queues (by name or id): ${known.map((k) => k.name).join(', ')}.`);
          }
          queues = matched.queues;
        }
        // The wallboard's trend: waiting counts per queue across refreshes.
        const history = new Map<string, number[]>();
        const wallboard = opts.watch !== undefined && format === 'table' && !opts.fields?.length;
        const shown: Column<QueueStatsRow>[] = wallboard ? [...columns, { key: 'trend', header: 'waiting trend', get: (r) => sparkline(history.get(r.stats.queueId) ?? []) }] : columns;
        await showRows(io, {
          format,
          columns: shown,
          watch: watchSeconds(opts.watch),
          quiet: ctx.global.quiet,
          write: { color: colorEnabled(io) },
          now: () => ctx.now(),
          load: async (signal) => {
            const rows = await queueStatsRows(client, queues, signal);
            for (const r of rows) {
              const h = history.get(r.stats.queueId) ?? [];
              h.push(r.stats.waiting);
              history.set(r.stats.queueId, h.slice(-TREND_FRAMES));
            }
            return rows;
          },
          title: (rows) => {
            const waiting = rows.reduce((n, r) => n + r.stats.waiting, 0);
            return `cxgraph queue-stats: ${rows.length} queue${rows.length === 1 ? '' : 's'}, ${waiting} waiting at ${humanTime(new Date(ctx.now()).toISOString())}`;
          },
        });
      } finally {
        await ctx.close();
      }
    });
}
