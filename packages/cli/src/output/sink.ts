/**
 * Where `cxgraph export` writes, with backpressure: a file (`-o`: a write stream; each write waits for
 * `drain` when its buffer is full; a failure is an OutputError naming the path) or stdout (through `io.out`,
 * waiting for `io.ready()`, ending quietly when the reader went away).
 *
 * A regular file is written atomically: the data goes to `<file>.part` beside it and is renamed over the target
 * only once complete, so a run that fails (a bad login, a network failure, a full disk) never touches an
 * existing file. A device or a FIFO (`/dev/null`, a named pipe) is written in place: there is nothing to rename.
 */
import { createWriteStream, renameSync, rmSync, statSync, type WriteStream } from 'node:fs';
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

/** The name of the file being written until the export completes. */
export const partPath = (path: string): string => `${path}.part`;

/**
 * Opens `path` for writing: a regular file (or a new one) through its `.part` file, renamed on `end()`;
 * anything else in place. Fails before any data is fetched when it cannot be written.
 */
export async function openFileSink(path: string): Promise<Sink> {
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(path);
  } catch {
    existing = undefined; // a new file
  }
  if (existing?.isDirectory()) throw new OutputError(path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  const atomic = existing === undefined || existing.isFile();
  const target = atomic ? partPath(path) : path;
  const stream: WriteStream = createWriteStream(target, { flags: 'w' });
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
    abort: () => {
      stream.destroy();
      if (atomic) rmSync(target, { force: true });
    },
    end: async () => {
      check();
      stream.end();
      try {
        await finished(stream);
        if (atomic) renameSync(target, path);
      } catch (e) {
        throw new OutputError(path, e as NodeJS.ErrnoException);
      }
    },
  };
}
