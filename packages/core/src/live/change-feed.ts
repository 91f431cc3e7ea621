/**
 * Fan-out of changes to any number of async iterators, each with its own bounded buffer. A reader that falls
 * `bufferSize` changes behind gets a {@link LiveOverflowError} and is dropped: memory stays bounded however slow
 * a consumer is, and the others are not held back.
 */
import { ConfigError } from '../errors.js';
import { LiveOverflowError } from './errors.js';

interface Reader<T> {
  queue: T[];
  wake: (() => void) | undefined;
  failed: Error | undefined;
  done: boolean;
}

export class ChangeFeed<T> {
  private readonly readers = new Set<Reader<T>>();

  constructor(private readonly bufferSize: number) {
    if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new ConfigError(`changeBufferSize must be a whole number ≥ 1, got ${String(bufferSize)}.`, 'changeBufferSize', 'Leave it unset for 1000 changes per reader.');
  }

  get readerCount(): number {
    return this.readers.size;
  }

  publish(item: T): void {
    for (const r of this.readers) {
      if (r.queue.length >= this.bufferSize) {
        r.failed = new LiveOverflowError(this.bufferSize);
        r.queue.length = 0;
        this.readers.delete(r);
      } else {
        r.queue.push(item);
      }
      r.wake?.();
    }
  }

  /** Ends every reader (their loops finish normally). */
  close(): void {
    for (const r of this.readers) {
      r.done = true;
      r.wake?.();
    }
    this.readers.clear();
  }

  subscribe(onFirstReader?: () => void, onLastReader?: () => void): AsyncIterableIterator<T> {
    const r: Reader<T> = { queue: [], wake: undefined, failed: undefined, done: false };
    this.readers.add(r);
    if (this.readers.size === 1) onFirstReader?.();
    const leave = () => {
      if (this.readers.delete(r) && this.readers.size === 0) onLastReader?.();
      r.done = true;
      // A read still waiting (a consumer leaving mid-wait, e.g. on Ctrl-C) ends now instead of hanging.
      r.wake?.();
    };
    const iterator: AsyncIterableIterator<T> = {
      next: async (): Promise<IteratorResult<T>> => {
        for (;;) {
          if (r.queue.length > 0) return { value: r.queue.shift()!, done: false };
          if (r.failed) {
            const e = r.failed;
            r.failed = undefined;
            r.done = true;
            if (this.readers.size === 0) onLastReader?.();
            throw e;
          }
          if (r.done) return { value: undefined, done: true };
          await new Promise<void>((resolve) => {
            r.wake = resolve;
          });
          r.wake = undefined;
        }
      },
      return: async (): Promise<IteratorResult<T>> => {
        leave();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
