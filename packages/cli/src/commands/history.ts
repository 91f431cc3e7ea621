/**
 * `cxgraph history`: conversations that started in a range (the analytics details query), one row each,
 * oldest first, at most `--limit` (default 100; core is told the limit, so no page is fetched past it).
 *
 * Columns: conversationId, start, end, durationMs (end − start; empty while in progress), mediaType,
 * direction (the conversation's originating direction), queues (names), agents (names), wrapUpCodes (ids).
 * For every conversation of a long range, use `cxgraph export`.
 */
import { resolveTimeRange, type DetailsFilterInput } from '@cxgraph/core';
import { Option, type Command } from 'commander';
import { integer } from '../args.js';
import { CommandContext } from '../context.js';
import type { Io } from '../io.js';
import { formatOf, pickColumns, writeRows, type OutputFlags } from '../output/format.js';
import { addFilterOptions, addOutputOptions, addRangeOptions, DIRECTIONS, rangeInput, usageErrors, type FilterFlags, type RangeFlags } from './history-options.js';
import { paced, StdoutFlow } from './export-sink.js';
import { DirectoryNames, HISTORY_FIELDS, historyColumns, toHistoryRow, withNames, type HistoryRow } from './history-rows.js';

export interface HistoryFlags extends RangeFlags, FilterFlags, OutputFlags {
  direction?: 'inbound' | 'outbound';
  limit: number;
}

export const DEFAULT_HISTORY_LIMIT = 100;

/** The details filter of the history/export flags. */
export function detailsFilter(flags: FilterFlags & { direction?: 'inbound' | 'outbound' }): DetailsFilterInput {
  return {
    ...(flags.agent?.length ? { userIds: flags.agent } : {}),
    ...(flags.queue?.length ? { queueIds: flags.queue } : {}),
    ...(flags.media?.length ? { mediaTypes: flags.media } : {}),
    ...(flags.direction ? { originatingDirection: flags.direction } : {}),
  };
}

export const directionOption = (description = 'only conversations that started in this direction (originating direction)'): Option =>
  new Option('--direction <direction>', description).choices(DIRECTIONS);

export function registerHistory(program: Command, io: Io): void {
  const cmd = program.command('history').description('Conversations that started in a time range (analytics details), one row each, oldest first.');
  addRangeOptions(cmd);
  addFilterOptions(cmd);
  cmd.addOption(directionOption());
  cmd.addOption(new Option('-L, --limit <n>', 'at most this many conversations').default(DEFAULT_HISTORY_LIMIT).argParser(integer('--limit', 1, 100_000)));
  addOutputOptions(cmd, HISTORY_FIELDS);
  cmd.addHelpText(
    'after',
    `
Columns: ${HISTORY_FIELDS}.
  durationMs is end − start (empty while in progress); direction is the conversation's originating direction;
  queues and agents are names (", "-separated), wrapUpCodes are ids.

Examples:
  cxgraph history --range yesterday --queue <queueId> --media voice
  cxgraph history --range "last 7 days" --agent <userId> --limit 20 --csv
  cxgraph export --range "last 30 days" -o conversations.ndjson   # every conversation, streamed
`,
  );
  cmd.action(
    usageErrors(async (flags: HistoryFlags, command: Command) => {
      const format = formatOf(flags, io.isTTY);
      const ctx = CommandContext.of(command, io);
      const names = new DirectoryNames(() => ctx.client());
      const columns = pickColumns(historyColumns(names), flags.fields);
      const flow = new StdoutFlow();
      try {
        const client = await ctx.client();
        const records = client.history.conversations({ range: resolveTimeRange(rangeInput(flags), ctx.now()), filter: detailsFilter(flags), limit: flags.limit });
        await writeRows(io, paced(withNames(rowsOf(records, flags.limit), names), flow), columns, format);
        await flow.flush();
      } finally {
        flow.dispose();
        await ctx.close();
      }
    }),
  );
}

/** The first `limit` records as rows; stops reading (and so fetching) there. */
async function* rowsOf(records: AsyncIterable<Parameters<typeof toHistoryRow>[0]>, limit: number): AsyncGenerator<HistoryRow> {
  if (limit <= 0) return;
  let n = 0;
  for await (const c of records) {
    yield toHistoryRow(c);
    if (++n >= limit) return;
  }
}
