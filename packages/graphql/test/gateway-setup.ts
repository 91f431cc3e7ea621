/** Shared setup of the gateway tests: a sandbox, the server's client, and small request helpers. */
import { createClient, type CxGraphClient } from '@cxgraph/core';
import { createSandbox, type Sandbox } from '@cxgraph/sandbox';
import { createGateway, type Gateway, type GatewayOptions } from '../src/gateway.js';

export const NOW = '2026-03-10T14:30:00Z';

export interface Setup {
  sandbox: Sandbox;
  client: CxGraphClient;
  gateway: Gateway;
  /** A client of the sandbox with other credentials. */
  clientFor(id: string, secret: string): CxGraphClient;
  /** Makes another gateway on the same sandbox. */
  makeGateway(options?: Partial<GatewayOptions>): Gateway;
  close(): Promise<void>;
}

export async function setup(options: Partial<GatewayOptions> = {}): Promise<Setup> {
  const sandbox = await createSandbox({ seed: 11, now: NOW });
  const clientFor = (clientId: string, clientSecret: string) =>
    createClient({ apiUrl: sandbox.url, clientId, clientSecret, now: () => sandbox.clock.now(), timeoutMs: 120_000, sources: { env: {}, dotenv: false } });
  const client = clientFor('cxgraph-demo', 'cxgraph-demo-secret');
  const makeGateway = (more: Partial<GatewayOptions> = {}) => createGateway({ client, now: () => sandbox.clock.now(), logger: false, liveState: false, ...options, ...more });
  return { sandbox, client, gateway: makeGateway(), clientFor, makeGateway, close: () => sandbox.close() };
}

export interface GqlResponse {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
    extensions?: Record<string, unknown>;
  };
  text: string;
}

/** POSTs one GraphQL operation as JSON. */
export async function gql(gateway: Gateway, query: string, options: { variables?: Record<string, unknown>; headers?: Record<string, string>; url?: string; operationName?: string } = {}): Promise<GqlResponse> {
  const response = await gateway.fetch(options.url ?? 'http://x/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...options.headers },
    body: JSON.stringify({ query, ...(options.variables ? { variables: options.variables } : {}), ...(options.operationName ? { operationName: options.operationName } : {}) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as GqlResponse['body']) : {}, text };
}

/** Upstream requests the sandbox has seen since `since` (its log's `lastSeq` before the call). */
export const upstreamSince = (sandbox: Sandbox, since: number) => sandbox.log.entries({ since }).filter((e) => e.seq > since);
