/**
 * `cxgraph export`: every conversation that started in a range of any length (core cuts it into the day
 * chunks Genesys allows and pages through each), streamed in constant memory to stdout or a file:
 * - `ndjson` (default): one detail record per line, the full AnalyticsConversation JSON with keys sorted at
 *   every depth, so two exports of the same data are byte-identical;
 * - `csv`: the history columns plus `participants` (the number of participants), names resolved in batches.
 * `output` (a file; `-` is stdout) is written through `<file>.part` and renamed over the target only when the
 * export completes (see output/sink.ts), checked before anything is fetched; without `format`, a `.csv` file
 * name picks CSV. A progress count runs on a TTY stderr; the summary line
 * `exported N conversations in Xs` ends the run on stderr unless quiet.
 */
import { resolveTimeRange } from '@cxgraph/core';
import type { CommandDeps } from '../deps.js';
import { writeRows } from '../output/format.js';
import { startProgress } from '../output/progress.js';
import { openFileSink, stdoutSink, type Sink } from '../output/sink.js';
import { stableJson } from '../output/stable-json.js';
import type { FilterOptions } from '../options/filters.js';
import { checkRangeLength, rangeInput, type RangeOptions } from '../options/range.js';
import { detailsFilter } from './history.js';
import { DirectoryNames, historyColumns, toHistoryRow, withNames, type AnalyticsConversation } from './history-rows.js';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;

export interface ExportOptions extends RangeOptions, FilterOptions {
  format?: (typeof EXPORT_FORMATS)[number];
  /** A file to write instead of stdout (`-`: stdout). */
  output?: string;
}

/** Streams the export; returns how many conversations were written. */
export async function run(given: ExportOptions, deps: CommandDeps): Promise<{ count: number }> {
  const { io } = deps;
  const { output, ...rest } = given;
  const opts: ExportOptions = output === '-' ? rest : given;
  const format = opts.format ?? (opts.output?.toLowerCase().endsWith('.csv') ? 'csv' : 'ndjson');
  const began = performance.now();
  // The file first: a path that cannot be written fails before anything is fetched.
  const sink: Sink = opts.output !== undefined ? await openFileSink(opts.output) : stdoutSink(io);
  const stopped = () => opts.output === undefined && io.stdoutClosed(); // the reader of stdout went away: end early and quietly
  // Not when the data itself scrolls by on the same terminal.
  const progress = startProgress(io, { label: 'Exporting conversations', quiet: deps.quiet || (io.isTTY && opts.output === undefined) });
  let count = 0;
  try {
    const client = await deps.client();
    const range = resolveTimeRange(rangeInput(opts), deps.now());
    checkRangeLength(range, 'export');
    const records = client.history.conversations({ range, filter: await detailsFilter(client, opts) });
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
      const names = new DirectoryNames(deps.client);
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
  }
  if (!deps.quiet) {
    const seconds = ((performance.now() - began) / 1000).toFixed(1);
    io.err(`exported ${count} conversation${count === 1 ? '' : 's'} in ${seconds}s${opts.output !== undefined ? ` to ${opts.output}` : ''}\n`);
  }
  return { count };
}
