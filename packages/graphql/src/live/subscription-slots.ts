/**
 * Caps on open subscriptions: per server (SSE and WebSocket together) and per WebSocket connection. A slot is
 * taken before a subscription starts reading the live state and given back exactly once when it ends, however
 * it ends (completed, cancelled by the client, failed), so the counts never drift.
 */
import { ConfigError } from '@cxgraph/core';
import { GraphQLError } from 'graphql';

export const DEFAULT_MAX_SUBSCRIPTIONS = 1_000;
export const DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

/** Counts open subscriptions against one cap. */
export class SlotPool {
  private open = 0;

  constructor(
    readonly max: number,
    private readonly scope: 'server' | 'connection',
  ) {}

  get inUse(): number {
    return this.open;
  }

  /** Takes a slot; the returned function gives it back (calling it again does nothing). */
  acquire(): () => void {
    if (this.open >= this.max) throw tooManySubscriptions(this.scope, this.max);
    this.open++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open--;
    };
  }
}

function tooManySubscriptions(scope: 'server' | 'connection', max: number): GraphQLError {
  const where = scope === 'server' ? 'this gateway' : 'one WebSocket connection';
  return new GraphQLError(`Too many subscriptions: ${where} serves at most ${max} at once.`, {
    extensions: {
      code: 'TOO_MANY_SUBSCRIPTIONS',
      scope,
      max,
      hint: scope === 'server' ? 'Close subscriptions you no longer read, or raise `maxSubscriptions` on createGateway.' : 'Close subscriptions you no longer read, open another connection, or raise `maxSubscriptionsPerConnection` on createGateway.',
      http: { status: 429 },
    },
  });
}

export function checkCap(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a whole number ≥ 1, got ${String(value)}.`);
  return value;
}
