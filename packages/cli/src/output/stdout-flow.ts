/**
 * process.stdout's backpressure and flushing. Writes to a pipe are asynchronous in Node, so without care a
 * fast producer piles the whole output up in memory, and `process.exit` (bin.ts) drops what is still queued.
 * A command waits for `ready()` between rows, `flush()`es before it returns, and stops early and quietly when
 * the reader went away (`cxgraph export | head`, EPIPE) instead of crashing.
 */
export class StdoutFlow {
  /** The reader went away (EPIPE) or stdout failed: stop producing. */
  closed = false;
  private readonly onError = (): void => {
    this.closed = true;
  };

  constructor(private readonly stream: NodeJS.WritableStream & { writableNeedDrain?: boolean; writableLength?: number } = process.stdout) {
    // Never removed: once stdout has failed, later writes must not crash the process either.
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

  /** Resolves once everything written so far has been handed to the OS (so `process.exit` loses nothing). */
  async flush(): Promise<void> {
    if (this.closed || !this.stream.writableLength) return;
    await new Promise<void>((resolve) => this.stream.write('', () => resolve()));
  }
}
