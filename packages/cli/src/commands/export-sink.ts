/**
 * Where the data commands write, with backpressure:
 * - a file (`export -o`): a write stream; each write waits for `drain` when the stream's buffer is full;
 * - stdout: through `io.out`, watching process.stdout. Writes to a pipe are asynchronous in Node, so without
 *   care a fast producer piles the whole output up in memory, and `process.exit` (bin.ts) drops what is still
 *   queued. {@link StdoutFlow} waits for `drain` between rows, flushes before the command returns, and turns a
 *   reader that went away (`cxgraph export | head`, EPIPE) into a quiet, early end instead of a crash.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { CxGraphError } from '@cxgraph/core';
import type { Io } from '../io.js';

export interface Sink {
  write(text: string): Promise<void>;
  /** Flushes and closes (a file); resolves once everything is on disk. */
  end(): Promise<void>;
  /** Closes at once after a failure (what was written stays). */
  abort(): void;
}

/** The output file could not be opened or written: exit 1, naming the path. */
export class OutputFileError extends CxGraphError {
  constructor(
    readonly path: string,
    cause: NodeJS.ErrnoException,
  ) {
    const why = cause.code === 'ENOENT' ? 'its directory does not exist' : cause.code === 'EACCES' || cause.code === 'EPERM' ? 'permission denied' : cause.code === 'EISDIR' ? 'it is a directory' : cause.message;
    super('OUTPUT', `cannot write to ${path}: ${why}${cause.code ? ` (${cause.code})` : ''}.`, { hint: 'Choose a path in a directory you can write to, or leave out -o to write to stdout.' });
  }
}

/** process.stdout's backpressure and flushing, for output written through `io.out`. */
export class StdoutFlow {
  /** The reader went away (EPIPE) or stdout failed: stop producing. */
  closed = false;
  private readonly onError = (): void => {
    this.closed = true;
  };

  constructor(private readonly stream: NodeJS.WritableStream & { writableNeedDrain?: boolean; writableLength?: number } = process.stdout) {
    stream.on('error', this.onError);
  }

  /** Resolves once stdout can take more (at once unless its buffer is over the high-water mark). */
  async ready(): Promise<void> {
    const s = this.stream;
    if (this.closed || !s.writableNeedDrain) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        s.off('drain', done);
        s.off('close', done);
        s.off('error', done);
        resolve();
      };
      s.on('drain', done);
      s.on('close', done);
      s.on('error', done);
    });
  }

  /** Stops watching (unless stdout failed: then later writes must not crash the process either). */
  dispose(): void {
    if (!this.closed) this.stream.off('error', this.onError);
  }

  /** Resolves once everything written so far has been handed to the OS (so `process.exit` loses nothing). */
  async flush(): Promise<void> {
    if (this.closed || !this.stream.writableLength) return;
    await new Promise<void>((resolve) => this.stream.write('', () => resolve()));
  }
}

/** Rows from `rows` while stdout takes them: each waits for stdout to drain; stops when the reader has gone. */
export async function* paced<T>(rows: AsyncIterable<T> | Iterable<T>, flow: StdoutFlow): AsyncGenerator<T> {
  for await (const row of rows) {
    await flow.ready();
    if (flow.closed) return;
    yield row;
  }
}

export const stdoutSink = (io: Pick<Io, 'out'>, flow: StdoutFlow): Sink => ({
  write: async (text) => {
    if (flow.closed) return;
    io.out(text);
    await flow.ready();
  },
  end: () => flow.flush(),
  abort: () => {},
});

/** Opens (creating or truncating) `path`; fails before any data is fetched when it cannot be written. */
export async function openFileSink(path: string): Promise<Sink> {
  const stream: WriteStream = createWriteStream(path, { flags: 'w' });
  try {
    await once(stream, 'open');
  } catch (e) {
    throw new OutputFileError(path, e as NodeJS.ErrnoException);
  }
  let failure: NodeJS.ErrnoException | undefined;
  stream.on('error', (e: NodeJS.ErrnoException) => (failure ??= e));
  const check = () => {
    if (failure) throw new OutputFileError(path, failure);
  };
  return {
    write: async (text) => {
      check();
      if (!stream.write(text)) {
        try {
          await once(stream, 'drain');
        } catch (e) {
          throw new OutputFileError(path, e as NodeJS.ErrnoException);
        }
      }
    },
    abort: () => void stream.destroy(),
    end: async () => {
      check();
      stream.end();
      try {
        await finished(stream);
      } catch (e) {
        throw new OutputFileError(path, e as NodeJS.ErrnoException);
      }
    },
  };
}

/**
 * JSON with every object's keys in code-unit order, at every depth, so the same record always gives the same
 * bytes. Like JSON.stringify: undefined members are left out, undefined in arrays is null.
 */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : stableJson(v))).join(',')}]`;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return stableJson((value as { toJSON: () => unknown }).toJSON());
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined || typeof v === 'function') continue;
    parts.push(`${JSON.stringify(key)}:${stableJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}
