/**
 * Where `cxgraph export` writes, with backpressure: a file (`-o`: a write stream; each write waits for
 * `drain` when its buffer is full; a failure is an OutputError naming the path) or stdout (through `io.out`,
 * waiting for `io.ready()`, ending quietly when the reader went away).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { OutputError } from '../errors.js';
import type { Io } from '../io.js';

export interface Sink {
  write(text: string): Promise<void>;
  /** Flushes and closes (a file); resolves once everything is on disk. */
  end(): Promise<void>;
  /** Closes at once after a failure (what was written stays). */
  abort(): void;
}

export const stdoutSink = (io: Pick<Io, 'out' | 'ready' | 'stdoutClosed' | 'flush'>): Sink => ({
  write: async (text) => {
    if (io.stdoutClosed()) return;
    io.out(text);
    await io.ready();
  },
  end: () => io.flush(),
  abort: () => {},
});

/** Opens (creating or truncating) `path`; fails before any data is fetched when it cannot be written. */
export async function openFileSink(path: string): Promise<Sink> {
  const stream: WriteStream = createWriteStream(path, { flags: 'w' });
  try {
    await once(stream, 'open');
  } catch (e) {
    throw new OutputError(path, e as NodeJS.ErrnoException);
  }
  let failure: NodeJS.ErrnoException | undefined;
  stream.on('error', (e: NodeJS.ErrnoException) => (failure ??= e));
  const check = () => {
    if (failure) throw new OutputError(path, failure);
  };
  return {
    write: async (text) => {
      check();
      if (!stream.write(text)) {
        try {
          await once(stream, 'drain');
        } catch (e) {
          throw new OutputError(path, e as NodeJS.ErrnoException);
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
        throw new OutputError(path, e as NodeJS.ErrnoException);
      }
    },
  };
}
