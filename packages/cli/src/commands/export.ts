/**
 * `cxgraph export`: every conversation that started in a range of any length (core cuts it into the day
 * chunks Genesys allows and pages through each), streamed in constant memory to stdout or a file:
 * - `ndjson` (default): one detail record per line, the full AnalyticsConversation JSON with keys sorted at
 *   every depth, so two exports of the same data are byte-identical;
 * - `csv`: the history columns plus `participants` (the number of participants), names resolved in batches.
 * `-o file` creates or truncates the file (checked before anything is fetched); without `--format`, a
 * `.csv` file name picks CSV. A progress count runs on a TTY stderr; the summary line
 * `exported N conversations in Xs` ends the run on stderr unless `--quiet`.
 */
import { resolveTimeRange } from '@cxgraph/core';
import { Option, type Command } from 'commander';
import { CommandContext } from '../context.js';
import type { Io } from '../io.js';
import { writeRows } from '../output/format.js';
import { startProgress } from '../output/progress.js';
import { detailsFilter, directionOption } from './history.js';
import { addFilterOptions, addRangeOptions, rangeInput, usageErrors, type FilterFlags, type RangeFlags } from './history-options.js';
import { DirectoryNames, HISTORY_FIELDS, historyColumns, toHistoryRow, withNames, type AnalyticsConversation } from './history-rows.js';
import { openFileSink, stableJson, stdoutSink, StdoutFlow, type Sink } from './export-sink.js';

export interface ExportFlags extends RangeFlags, FilterFlags {
  direction?: 'inbound' | 'outbound';
  format?: 'ndjson' | 'csv';
  output?: string;
}

export function registerExport(program: Command, io: Io): void {
  const cmd = program.command('export').description('Stream every conversation that started in a time range (detail records) as NDJSON or CSV, to stdout or a file.');
  addRangeOptions(cmd);
  addFilterOptions(cmd);
  cmd
    .addOption(directionOption())
    .addOption(new Option('--format <format>', 'ndjson: full detail records, one per line; csv: one row per conversation (default: ndjson, or csv for a .csv file)').choices(['ndjson', 'csv']))
    .option('-o, --output <file>', 'write to this file (created or truncated) instead of stdout')
    .addHelpText(
      'after',
      `
NDJSON lines are the analytics details records as Genesys returns them, keys sorted at every depth (the same
data gives the same bytes). CSV columns: ${HISTORY_FIELDS}, participants.
Memory stays constant however long the range; the range is cut into the day chunks Genesys allows.

Examples:
  cxgraph export --range "last 7 days" -o week.ndjson
  cxgraph export --interval 2026-01-01T00:00:00Z/2026-02-01T00:00:00Z --queue <queueId> --format csv -o january.csv
  cxgraph export --range yesterday | jq -c 'select(.originatingDirection == "outbound")'
`,
    )
    .action(usageErrors(async (flags: ExportFlags, command: Command) => runExport(flags, command, io)));
}

async function runExport(flags: ExportFlags, command: Command, io: Io): Promise<void> {
  const format = flags.format ?? (flags.output?.toLowerCase().endsWith('.csv') ? 'csv' : 'ndjson');
  const ctx = CommandContext.of(command, io);
  const quiet = Boolean(ctx.global.quiet);
  const began = performance.now();
  let flow: StdoutFlow | undefined;
  // The file first: a path that cannot be written fails before anything is fetched.
  const sink: Sink = flags.output !== undefined ? await openFileSink(flags.output) : stdoutSink(io, (flow = new StdoutFlow()));
  const stopped = () => flow?.closed === true; // the reader of stdout went away: end early and quietly
  // Not when the data itself scrolls by on the same terminal.
  const progress = startProgress(io, { label: 'Exporting conversations', quiet: quiet || (io.isTTY && flags.output === undefined) });
  let count = 0;
  try {
    const client = await ctx.client();
    const records = client.history.conversations({ range: resolveTimeRange(rangeInput(flags), ctx.now()), filter: detailsFilter(flags) });
    const counted = async function* (): AsyncGenerator<AnalyticsConversation> {
      for await (const c of records) {
        yield c;
        count++;
        progress.increment();
      }
    };
    if (format === 'ndjson') {
      for await (const c of counted()) {
        if (stopped()) break;
        await sink.write(`${stableJson(c)}\n`);
      }
    } else {
      // writeRows writes synchronously; each row waits for the previous write (and the file's drain) first.
      let last: Promise<void> = Promise.resolve();
      const out = (text: string): void => {
        last = last.then(() => sink.write(text));
        last.catch(() => undefined); // surfaces at the next await of `last`, not as an unhandled rejection
      };
      const paced = async function* <T>(rows: AsyncIterable<T>): AsyncGenerator<T> {
        for await (const r of rows) {
          await last;
          if (stopped()) return;
          yield r;
        }
      };
      const names = new DirectoryNames(() => ctx.client());
      const rows = (async function* () {
        for await (const c of counted()) yield toHistoryRow(c);
      })();
      await writeRows({ out }, paced(withNames(rows, names)), historyColumns(names, { participants: true }), 'csv');
      await last;
    }
    await sink.end();
  } catch (e) {
    sink.abort();
    throw e;
  } finally {
    progress.stop();
    flow?.dispose();
    await ctx.close();
  }
  if (!quiet) {
    const seconds = ((performance.now() - began) / 1000).toFixed(1);
    io.err(`exported ${count} conversation${count === 1 ? '' : 's'} in ${seconds}s${flags.output !== undefined ? ` to ${flags.output}` : ''}\n`);
  }
}
