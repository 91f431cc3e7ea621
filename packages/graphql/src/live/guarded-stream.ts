/**
 * The source stream of one subscription: the live state's changes, filtered and mapped, with its slot given back
 * however it ends. A reader dropped for falling behind (core's LiveOverflowError) gets one last event that
 * carries the error (its resolver throws it, so the client sees `extensions.code: LIVE_OVERFLOW`) and the
 * stream completes: a slow consumer is disconnected, never buffered without bound.
 */
import { CxGraphError, type LiveChange, type LiveState } from '@cxgraph/core';

/** An event that ends the stream with an error (see `payloadOrThrow`). */
export interface FailedEvent {
  failed: CxGraphError;
}

export type StreamStep<T> = { emit: T } | { emit: T; last: true } | 'skip';

/**
 * Reads `state.changes()` from now on. `first` (optional) yields events before the first change (the current
 * state); `step` maps each change to an event, `skip`, or a last event after which the stream completes.
 */
export function liveStream<T>(
  state: LiveState,
  release: () => void,
  step: (change: LiveChange) => StreamStep<T>,
  first?: () => Promise<T[] | 'end'>,
): AsyncIterableIterator<T | FailedEvent> {
  // Subscribed at once, so no change falls between the checks made before subscribing and the first read.
  const changes = state.changes()[Symbol.asyncIterator]();
  let pending: T[] | undefined;
  let done = false;
  const finish = async (): Promise<IteratorResult<T | FailedEvent>> => {
    if (!done) {
      done = true;
      release();
      await changes.return?.();
    }
    return { value: undefined, done: true };
  };
  const iterator: AsyncIterableIterator<T | FailedEvent> = {
    async next() {
      if (done) return { value: undefined, done: true };
      try {
        if (first && pending === undefined) {
          const got = await first();
          if (got === 'end') return await finish();
          pending = got;
        }
        if (pending?.length) return { value: pending.shift()!, done: false };
        for (;;) {
          const r = await changes.next();
          if (r.done) return await finish();
          const s = step(r.value);
          if (s === 'skip') continue;
          if ('last' in s) {
            // Complete after this event: the next read ends the stream.
            done = true;
            release();
            void changes.return?.();
          }
          return { value: s.emit, done: false };
        }
      } catch (error) {
        if (error instanceof CxGraphError) {
          await finish();
          done = true;
          // Delivered as one event whose resolver throws; the stream then completes.
          return { value: { failed: error }, done: false };
        }
        await finish();
        throw error;
      }
    },
    return: () => finish(),
    async throw(error: unknown) {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** A subscription field's `resolve`: the event itself, or the error a failed event carries. */
export function payloadOrThrow<T>(event: T | FailedEvent): T {
  if (event && typeof event === 'object' && 'failed' in event) throw event.failed;
  return event as T;
}
