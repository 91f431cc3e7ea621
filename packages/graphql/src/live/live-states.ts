/**
 * Which live state a request reads. Core keeps one `LiveState` per client (so per credential set); the
 * gateway decides whether it streams (Genesys notifications) or polls, and closes every state it opened when
 * the gateway is disposed. Queries read a state only while it streams; until then they poll as before, and
 * the first use starts the state in the background.
 */
import type { CxGraphClient, LiveState, LiveStateOptions } from '@cxgraph/core';

export interface LiveStatesOptions {
  /** The server's own client: its state streams unless `enabled` is false. */
  serverClient: CxGraphClient | undefined;
  /** Stream for the server's own client. */
  enabled: boolean;
  /** Also stream for callers' bearer-token clients (each opens its own notification channels). */
  forTokens: boolean;
  /** Passed to `client.liveState()` the first time a client's state is made. */
  options: LiveStateOptions;
}

/** One request's view of its client's live state. */
export interface RequestLive {
  /** The state (streaming or polling), for subscriptions: its `changes()` work either way. */
  state(): LiveState;
  /** The state to answer a query from memory, when it is streaming; otherwise undefined (poll) and it starts. */
  streaming(): LiveState | undefined;
}

export class LiveStates {
  private readonly opened = new Set<LiveState>();

  constructor(private readonly o: LiveStatesOptions) {}

  /** The client's live state; it streams only where the gateway's options allow, else it polls. */
  of(client: CxGraphClient): RequestLive {
    const streams = client === this.o.serverClient ? this.o.enabled : this.o.enabled && this.o.forTokens;
    // Made lazily: a client that never asks for live data never lists the directory for topics.
    let state: LiveState | undefined;
    const get = () => {
      if (!state) {
        state = client.liveState({ ...this.o.options, ...(streams ? {} : { notifications: false }) });
        this.opened.add(state);
      }
      return state;
    };
    return {
      state: get,
      streaming: () => {
        if (!streams) return undefined;
        const s = get();
        if (s.mode === 'streaming') return s;
        // Started once in the background; a failed start is logged by core and retried by the next reader.
        if (s.mode === 'idle') s.start().catch(() => undefined);
        return undefined;
      },
    };
  }

  close(): void {
    for (const s of this.opened) s.close();
    this.opened.clear();
  }
}
