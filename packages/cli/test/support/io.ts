import { PassThrough, Readable } from 'node:stream';
import type { Io, TerminalStream } from '../../src/io.js';

export interface FakeIo extends Io {
  /** Everything written to stdout so far. */
  stdout: () => string;
  /** Everything written to stderr so far, messages and progress bar alike. */
  stderrText: () => string;
}

export interface FakeIoOptions {
  /** stdout is a terminal (a table for people). */
  isTTY?: boolean;
  /** stderr is a terminal (the progress bar draws). */
  stderrTTY?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** What stdin holds (not a terminal). */
  stdin?: string;
}

/** An Io that captures what a command writes, for in-process tests; stdout never pushes back. */
export function fakeIo(options: FakeIoOptions = {}): FakeIo {
  let out = '';
  let err = '';
  const stderr = new PassThrough() as PassThrough & TerminalStream;
  stderr.isTTY = options.stderrTTY ?? false;
  stderr.columns = 100;
  stderr.on('data', (d: Buffer) => void (err += d.toString()));
  return {
    out: (t) => void (out += t),
    err: (t) => void stderr.write(t),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    isTTY: options.isTTY ?? false,
    stderr,
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    ready: async () => {},
    stdoutClosed: () => false,
    flush: async () => {},
    stdout: () => out,
    stderrText: () => err,
  };
}
