/**
 * `--watch` on push: when the live state streams (Genesys notifications), a watched view reads the state (no
 * upstream call) and is redrawn when a change it shows arrives, not on a timer; the interval stays as the
 * longest wait, so durations on screen keep moving. When the state cannot stream, the caller keeps polling.
 */
import type { CxGraphClient, LiveChange, LiveState } from '@cxgraph/core';
import type { WatchTimer } from './watch.js';

export interface PushSource {
  state: LiveState;
  /** Waits for the next relevant change, or the interval (`base`), whichever comes first. */
  timer: WatchTimer;
  close(): void;
}

/**
 * The client's live state, started, and a timer woken by its changes that `relevant` keeps; undefined when the
 * state is not streaming (it is closed again then: the caller polls as before).
 */
export async function pushSource(client: CxGraphClient, relevant: (c: LiveChange) => boolean, base: WatchTimer): Promise<PushSource | undefined> {
  const state = client.liveState();
  const changes = state.changes()[Symbol.asyncIterator]();
  try {
    await state.start();
  } catch {
    // No live state at all (e.g. the directory could not be read): polling reports the real error.
    await changes.return?.();
    state.close();
    return undefined;
  }
  if (state.mode !== 'streaming') {
    await changes.return?.();
    state.close();
    return undefined;
  }
  let dirty = false;
  let wake: (() => void) | undefined;
  let closed = false;
  // One reader for the whole watch: it marks the view dirty and wakes a waiting frame.
  const reading = (async () => {
    for (;;) {
      const r = await changes.next().catch(() => ({ done: true as const, value: undefined }));
      if (r.done || closed) return;
      if (!relevant(r.value)) continue;
      dirty = true;
      wake?.();
    }
  })();
  const timer: WatchTimer = {
    sleep: async (ms, signal) => {
      if (dirty || signal.aborted) {
        // A change came while the frame was drawn: the next frame at once (still through the base timer).
        dirty = false;
        return base.sleep(0, signal);
      }
      const woken = new AbortController();
      const onAbort = () => woken.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      wake = () => woken.abort();
      try {
        await base.sleep(ms, woken.signal);
      } finally {
        wake = undefined;
        signal.removeEventListener('abort', onAbort);
        dirty = false;
      }
    },
  };
  return {
    state,
    timer,
    close: () => {
      closed = true;
      // Closing the state ends the reader's pending wait; then the iterator is released.
      state.close();
      void changes.return?.();
      void reading;
    },
  };
}
