/**
 * `cxgraph history`: conversations that started in a range (the analytics details query), one row each,
 * oldest first, at most `limit` (default 100; core is told the limit, so no page is fetched past it).
 *
 * Columns: conversationId, start, end, durationMs (end − start; empty while in progress), mediaType,
 * direction (the conversation's originating direction), queues (names), agents (names), wrapUpCodes (ids).
 * For every conversation of a long range, use `cxgraph export`.
 */
import { resolveTimeRange, type CxGraphClient, type DetailsFilterInput } from '@cxgraph/core';
import type { CommandDeps } from '../deps.js';
import { paced } from '../io.js';
import { pickColumns, writeRows } from '../output/format.js';
import { agentIds, queueIds, type FilterOptions } from '../options/filters.js';
import { formatFor, type OutputOptions } from '../options/output.js';
import { checkRangeLength, rangeInput, type RangeOptions } from '../options/range.js';
import { DirectoryNames, historyColumns, toHistoryRow, withNames, type HistoryRow } from './history-rows.js';

export interface HistoryOptions extends RangeOptions, FilterOptions, OutputOptions {
  /** At most this many conversations. */
  limit: number;
}

export const DEFAULT_HISTORY_LIMIT = 100;
/** `--limit`'s maximum: past it `cxgraph export` streams in constant memory. */
export const MAX_HISTORY_LIMIT = 100_000;

/** The details filter of the history/export options (`--queue` names looked up). */
export async function detailsFilter(client: CxGraphClient, opts: FilterOptions): Promise<DetailsFilterInput> {
  return {
    ...(opts.agent?.length ? { userIds: await agentIds(client, opts.agent) } : {}),
    ...(opts.queue?.length ? { queueIds: await queueIds(client, opts.queue) } : {}),
    ...(opts.media?.length ? { mediaTypes: opts.media } : {}),
    ...(opts.direction ? { originatingDirection: opts.direction } : {}),
  };
}

/** Writes the rows; returns how many. */
export async function run(opts: HistoryOptions, deps: CommandDeps): Promise<{ count: number; capped: boolean }> {
  const { io } = deps;
  const format = formatFor(opts.format, io.isTTY);
  const names = new DirectoryNames(deps.client);
  const columns = pickColumns(historyColumns(names), opts.fields);
  const client = await deps.client();
  const range = resolveTimeRange(rangeInput(opts), deps.now());
  checkRangeLength(range, 'history');
  // One record past the limit tells whether the list is capped (it is read, never printed).
  const records = client.history.conversations({ range, filter: await detailsFilter(client, opts), limit: opts.limit + 1 });
  const cut = { capped: false };
  const count = await writeRows(io, paced(withNames(rowsOf(records, opts.limit, cut), names), io), columns, format);
  await io.flush();
  if (cut.capped && !deps.quiet) {
    io.err(`cxgraph: showing the first ${count.toLocaleString('en-US')} conversations; more started in ${range.interval}. Raise --limit (at most ${MAX_HISTORY_LIMIT.toLocaleString('en-US')}), or use \`cxgraph export\` for all of them.\n`);
  }
  return { count, capped: cut.capped };
}

/** The first `limit` records as rows; stops reading (and so fetching) there, noting in `cut` when one more exists. */
async function* rowsOf(records: AsyncIterable<Parameters<typeof toHistoryRow>[0]>, limit: number, cut: { capped: boolean }): AsyncGenerator<HistoryRow> {
  let n = 0;
  for await (const c of records) {
    if (n >= limit) {
      cut.capped = true;
      return;
    }
    yield toHistoryRow(c);
    n++;
  }
}
