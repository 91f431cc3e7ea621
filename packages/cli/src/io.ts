import { StdoutFlow } from './output/stdout-flow.js';

/** A stream the progress bar can draw on (it draws only when `isTTY`). */
export type TerminalStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** Standard input, as `config set --client-secret -` reads it (typed without echo on a terminal). */
export type InputStream = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/**
 * Where a command reads and writes: injected so tests run commands in-process and capture everything. Data
 * goes to `out`, everything else to `err`.
 */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stdout is a terminal: a table for people, else TSV. */
  isTTY: boolean;
  /** stderr as a stream, for the progress bar. */
  stderr: TerminalStream;
  stdin: InputStream;
  /** Resolves once stdout can take more (backpressure from a slow reader). */
  ready: () => Promise<void>;
  /** The reader of stdout went away (EPIPE): stop producing, quietly. */
  stdoutClosed: () => boolean;
  /** Resolves once what was written has been handed to the OS. */
  flush: () => Promise<void>;
}

export function processIo(): Io {
  const flow = new StdoutFlow(process.stdout);
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    stderr: process.stderr,
    stdin: process.stdin,
    ready: () => flow.ready(),
    stdoutClosed: () => flow.closed,
    flush: () => flow.flush(),
  };
}

/** Rows from `rows` while stdout takes them: each waits for stdout to drain; stops when the reader has gone. */
export async function* paced<T>(rows: AsyncIterable<T> | Iterable<T>, io: Pick<Io, 'ready' | 'stdoutClosed'>): AsyncGenerator<T> {
  for await (const row of rows) {
    await io.ready();
    if (io.stdoutClosed()) return;
    yield row;
  }
}
