import { newTally, type CallOptions, type CallTally, type CxGraphClient } from '@cxgraph/core';
import type { RequestLive } from './live/live-states.js';
import type { SlotPool } from './live/subscription-slots.js';

/**
 * What every resolver sees for one GraphQL request. The client is the one for this request's credentials
 * (the server's own, or the caller's bearer token), so loaders, caches and rate budgets are never shared
 * across credentials. Loaders live as long as the request.
 */
export interface GatewayContext {
  client: CxGraphClient;
  /** Pass to every core call: counts this request's upstream calls, carries its AbortSignal. */
  callOptions: CallOptions & { tally: CallTally };
  /** "Now" for relative ranges and durations (the sandbox's clock in tests). */
  now: () => number;
  /** Per-request memo for loaders and batched queries that are not Pothos loadable objects. */
  memo: Map<string, unknown>;
  /** This client's live state (see live/live-states.ts); absent in contexts made without one. */
  live?: RequestLive | undefined;
  /** Caps on open subscriptions: the server's, and the WebSocket connection's when there is one. */
  subscriptionSlots?: { server: SlotPool; connection?: SlotPool | undefined } | undefined;
}

/** A per-request singleton: created on first use, shared by every resolver of the request. */
export function perRequest<T>(ctx: GatewayContext, key: string, create: () => T): T {
  let value = ctx.memo.get(key) as T | undefined;
  if (value === undefined) {
    value = create();
    ctx.memo.set(key, value);
  }
  return value;
}

/** A fresh context for one GraphQL operation (each operation of a batch gets its own tally and memo). */
export function createGatewayContext(client: CxGraphClient, request: Request, now: () => number, more: Pick<GatewayContext, 'live' | 'subscriptionSlots'> = {}): GatewayContext {
  return {
    client,
    callOptions: { tally: newTally(), signal: request.signal },
    now,
    memo: new Map(),
    ...more,
  };
}
