import cliProgress from 'cli-progress';
import type { Io } from '../io.js';

export interface ProgressOptions {
  /** How many items in all, when known; without it the bar is a running count and the elapsed time. */
  total?: number | undefined;
  /** What is going on, e.g. "Fetching agents". */
  label: string;
  /** `--quiet`: nothing at all. */
  quiet?: boolean | undefined;
}

export interface Progress {
  /** Sets the count done. */
  update(n: number): void;
  /** Adds to the count done (default 1). */
  increment(n?: number): void;
  /** Learns (or corrects) the total, e.g. once the first page says how many pages there are. */
  setTotal(total: number): void;
  /** Removes the bar (always call it, in a `finally`). */
  stop(): void;
  /** Whether anything is drawn (false off a TTY or with --quiet). */
  readonly visible: boolean;
}

const SILENT: Progress = { update: () => {}, increment: () => {}, setTotal: () => {}, stop: () => {}, visible: false };

/**
 * A progress bar on stderr (`io.stderr`, cli-progress), for a person watching: silent when stderr is not a TTY, with
 * `--quiet`, or with `TERM=dumb`, so pipes and logs never see it. Stdout (the data) is never touched; the bar
 * is cleared when stopped.
 */
export function startProgress(io: Pick<Io, 'env' | 'stderr'>, options: ProgressOptions): Progress {
  const stream = io.stderr;
  if (options.quiet || !stream.isTTY || io.env.TERM === 'dumb') return SILENT;
  let total = options.total;
  const label = options.label.replace(/[{}]/g, '');
  const withTotal = `${label} [{bar}] {value}/{total} {percentage}% | ETA {eta_formatted}`;
  const countOnly = `${label}… {value} | {duration_formatted}`;
  const bar = new cliProgress.SingleBar({
    stream,
    // Chosen at each redraw: a running count until the total is known, then a bar.
    format: (opts, params, payload) => cliProgress.Format.Formatter({ ...opts, format: total === undefined ? countOnly : withTotal }, params, payload),
    barCompleteChar: '█',
    barIncompleteChar: '░',
    barsize: 30,
    clearOnComplete: true,
    hideCursor: false,
    linewrap: false,
    fps: 10,
    etaBuffer: 50,
  });
  bar.start(total ?? 0, 0);
  let stopped = false;
  return {
    visible: true,
    update: (n) => !stopped && bar.update(n),
    increment: (n = 1) => !stopped && bar.increment(n),
    setTotal: (t) => {
      if (stopped) return;
      total = t;
      bar.setTotal(t);
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}

/** Passes `items` through, counting each on `progress`, and stops it when they end (or the loop breaks). */
export async function* counted<T>(items: AsyncIterable<T> | Iterable<T>, progress: Progress): AsyncGenerator<T> {
  try {
    for await (const item of items) {
      progress.increment();
      yield item;
    }
  } finally {
    progress.stop();
  }
}
