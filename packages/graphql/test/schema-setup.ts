/**
 * The sandbox in-process (frozen at a weekday afternoon), a core client on it (the independent path that
 * expected figures come from), and the gateway without a port.
 */
import { createClient, type CxGraphClient } from '@cxgraph/core';
import { createSandbox, type Sandbox } from '@cxgraph/sandbox';
import { createGateway, type Gateway, type GatewayOptions } from '../src/index.js';

export const NOW = '2026-03-10T14:30:00Z';

export const ENDPOINTS = {
  aggregates: 'POST /api/v2/analytics/conversations/aggregates/query',
  details: 'POST /api/v2/analytics/conversations/details/query',
  conversation: 'GET /api/v2/conversations/{conversationId}',
  users: 'GET /api/v2/users',
  queues: 'GET /api/v2/routing/queues',
  observations: 'POST /api/v2/analytics/queues/observations/query',
} as const;

export interface GqlResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface Harness {
  sandbox: Sandbox;
  client: CxGraphClient;
  gateway: Gateway;
  /** POST /graphql; the raw result (data and errors). */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  /** As `query`, failing on any error. */
  data<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Upstream requests per endpoint since the last `reset()`. */
  calls(endpoint: keyof typeof ENDPOINTS): number;
  reset(): void;
  close(): Promise<void>;
}

/** `gatewayOptions`: e.g. `{ liveState: true }`; by default the polling path (these tests count its calls). */
export async function startHarness(seed = 11, gatewayOptions: Partial<GatewayOptions> = {}): Promise<Harness> {
  const sandbox = await createSandbox({ seed, now: NOW, limits: { requestsPerMinute: 100_000 } });
  const client = createClient({
    apiUrl: sandbox.url,
    clientId: 'cxgraph-demo',
    clientSecret: 'cxgraph-demo-secret',
    rateLimitPerMinute: 100_000,
    now: () => sandbox.clock.now(),
    // A loaded 2-core machine can take far longer than the SDK's 16 s on one cold request.
    timeoutMs: 120_000,
    sources: { env: {}, dotenv: false },
  });
  const gateway = createGateway({ client, now: () => sandbox.clock.now(), liveState: false, ...gatewayOptions });
  const query = async <T,>(q: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> => {
    const res = await gateway.fetch('http://x/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: q, variables }),
    });
    return (await res.json()) as GqlResult<T>;
  };
  return {
    sandbox,
    client,
    gateway,
    query,
    async data<T>(q: string, variables?: Record<string, unknown>) {
      const r = await query<T>(q, variables);
      if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors, null, 2)}`);
      return r.data as T;
    },
    calls: (endpoint) => sandbox.log.counters()[ENDPOINTS[endpoint]]?.requests ?? 0,
    reset: () => sandbox.log.reset(),
    close: () => sandbox.close(),
  };
}

/** Nodes of a connection result. */
export const nodes = <T,>(conn: { edges: Array<{ node: T }> }): T[] => conn.edges.map((e) => e.node);
