import type { Io } from '../io.js';
import { jsonObject, writeRows, type Column, type Format, type WriteOptions } from './format.js';

/** Cursor home, then clear the screen: each frame of a redrawn view starts with it. */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/** How the loop waits between frames; injectable so tests run without real time. */
export interface WatchTimer {
  /** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realTimer: WatchTimer = {
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    }),
};

export interface WatchOptions {
  /** Clear the screen before each frame (a terminal); default `io.isTTY`. Otherwise frames follow one another. */
  redraw?: boolean;
  timer?: WatchTimer;
  /** Stops the loop when aborted: the command's `deps.interrupted()` (Ctrl-C is the normal way to stop). */
  signal: AbortSignal;
  /** Stop after this many frames (tests); default: until stopped. */
  maxFrames?: number;
  /**
   * A failed frame after the first (the first one's error is thrown: nothing works). Default: the message on
   * stderr and another try at the next tick, so a wallboard outlives a network blip.
   */
  onError?: (e: unknown, frame: number) => void;
}

/** What a frame's renderer is given: `signal` aborts when the loop is stopped (pass it to core calls). */
export interface Frame {
  n: number;
  signal: AbortSignal;
}

/**
 * Renders a frame every `seconds` (counted from the end of one frame to the start of the next, as watch(1)
 * does) until stopped. Each frame is written in one piece: after `CLEAR_SCREEN` when redrawing (the cursor is
 * hidden meanwhile and shown again at the end), else appended. Resolves with the number of frames written;
 * being stopped in the middle of a frame is not an error.
 */
export async function watch(io: Pick<Io, 'out' | 'err' | 'isTTY'>, seconds: number, render: (frame: Frame) => Promise<string>, options: WatchOptions): Promise<number> {
  const redraw = options.redraw ?? io.isTTY;
  const timer = options.timer ?? realTimer;
  const signal = options.signal;
  const onError = options.onError ?? ((e: unknown) => io.err(`cxgraph: ${(e as Error)?.message ?? String(e)} (trying again in ${seconds}s)\n`));
  let frames = 0;
  let attempts = 0;
  if (redraw) io.out(HIDE_CURSOR);
  try {
    while (!signal.aborted) {
      attempts++;
      try {
        const text = await render({ n: frames, signal });
        if (signal.aborted) break;
        io.out(redraw ? CLEAR_SCREEN + text : text);
        frames++;
        if (options.maxFrames !== undefined && frames >= options.maxFrames) break;
      } catch (e) {
        if (signal.aborted) break;
        if (attempts === 1) throw e;
        onError(e, frames);
      }
      await timer.sleep(seconds * 1000, signal);
    }
    return frames;
  } finally {
    if (redraw) io.out(SHOW_CURSOR);
  }
}

export interface RowsView<T> {
  format: Format;
  columns: readonly Column<T>[];
  /** Fetches the rows (again, for each frame of a watch). */
  load: (signal: AbortSignal | undefined) => Promise<readonly T[]>;
  /** `--watch`: the interval in seconds and what stops it; undefined: print once. */
  watch?: (Omit<WatchOptions, 'redraw'> & { seconds: number }) | undefined;
  /** The line above a redrawn table (what, when, how many). */
  title?: (rows: readonly T[]) => string;
  /** `--quiet`: no snapshot notes on stderr. */
  quiet?: boolean | undefined;
  write?: WriteOptions;
  /** For snapshot notes: the instant of a snapshot (the sandbox's clock with --sandbox). */
  now?: () => number;
}

/**
 * Prints rows once, or watches them. Watching, a table (a terminal) is redrawn in place under its title
 * line; any other format prints one complete snapshot per interval: TSV and CSV with their header line,
 * NDJSON its rows, JSON one compact array per line; each snapshot is announced on stderr (unless --quiet) as
 * `cxgraph: snapshot <instant>, <n> rows`. Resolves with the rows shown last.
 */
export async function showRows<T>(io: Io, view: RowsView<T>): Promise<readonly T[]> {
  if (view.watch === undefined) {
    const rows = await view.load(undefined);
    await writeRows(io, rows, view.columns, view.format, view.write);
    return rows;
  }
  const { seconds, ...watchOptions } = view.watch;
  const redraw = view.format === 'table';
  let last: readonly T[] = [];
  await watch(
    io,
    seconds,
    async ({ signal }) => {
      const rows = await view.load(signal);
      last = rows;
      let text = '';
      const buffer = { out: (t: string) => void (text += t) };
      if (redraw) {
        if (view.title) text += `${view.title(rows)}  (every ${seconds}s; Ctrl-C to stop)\n\n`;
        await writeRows(buffer, rows, view.columns, 'table', view.write);
      } else if (view.format === 'json') {
        text = `${JSON.stringify(rows.map((r) => jsonObject(r, view.columns)))}\n`;
      } else {
        await writeRows(buffer, rows, view.columns, view.format);
      }
      if (!redraw && !view.quiet) io.err(`cxgraph: snapshot ${new Date((view.now ?? Date.now)()).toISOString()}, ${rows.length} row${rows.length === 1 ? '' : 's'}\n`);
      return text;
    },
    { redraw, ...watchOptions },
  );
  return last;
}
