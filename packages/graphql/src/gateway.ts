import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, type CxGraphClient, type LiveStateOptions } from '@cxgraph/core';
import type { GraphQLSchema } from 'graphql';
import { createYoga, useExecutionCancellation, type CORSOptions, type LogLevel, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import { QUERY_LIMITS } from './builder.js';
import { createGatewayContext, type GatewayContext } from './context.js';
import { createCredentials } from './credentials.js';
import { createMaskError } from './errors.js';
import { createGraphiQLRenderer, graphiqlOptions } from './graphiql.js';
import { createAccess, type AuthOptions } from './plugins/access/access.js';
import { useAccessControl } from './plugins/use-access-control.js';
import { useCompression } from './plugins/use-compression.js';
import { useCredentials } from './plugins/use-credentials.js';
import { hostError, hostNameOf, requestHost, useHostCheck } from './plugins/use-host-check.js';
import { useParseLimits } from './plugins/use-parse-limits.js';
import { useCsrfPrevention } from './plugins/use-csrf-prevention.js';
import { useErrorStatus } from './plugins/use-error-status.js';
import { useMaxAliases } from './plugins/use-max-aliases.js';
import { useQueryLimits } from './plugins/use-query-limits.js';
import { useReadiness, upstreamReadiness } from './plugins/use-readiness.js';
import { useUpstreamExtension } from './plugins/use-upstream-extension.js';
import { buildSchema } from './schema/index.js';
import { LiveStates } from './live/live-states.js';
import { checkCap, DEFAULT_MAX_SUBSCRIPTIONS, DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION, SlotPool } from './live/subscription-slots.js';
import { attachWebSocket, setSocketSettings } from './ws.js';

export interface GatewayOptions {
  /** The server's own client (client credentials), used when a request brings no bearer token. */
  client?: CxGraphClient | undefined;
  /**
   * A client for a caller's bearer token. Default: `createClient({ accessToken })` with the API URL or region
   * and the tuning of `client`, reading nothing from the environment. One of `client` / `clientForToken` is needed.
   */
  clientForToken?: ((token: string) => CxGraphClient) | undefined;
  /** Refuse requests without `Authorization: Bearer <token>` (401 AUTHENTICATION). @default false */
  requireBearer?: boolean | undefined;
  /**
   * Who may call (see plugins/access/access.ts): `open` (anyone, with the server's credentials or their own
   * bearer token), `bearer` (callers' own Genesys tokens only), `api-keys`, or `jwt`. @default `requireBearer ? bearer : open`
   */
  auth?: AuthOptions | undefined;
  /**
   * Host names the gateway answers to (the `Host` header, port ignored); any other gets 421 HOST_NOT_ALLOWED
   * before anything runs, which defeats DNS rebinding. `cxgraph serve` always sets it. @default no check
   */
  allowedHosts?: readonly string[] | undefined;
  /** gzip/brotli for responses when the client accepts it. @default true */
  compression?: boolean | undefined;
  /** Serve GraphiQL at /graphql to browsers (offline, with the examples as tabs). @default true */
  graphiql?: boolean | undefined;
  /** "Now" for relative ranges and live durations (default: real time; tests pass the sandbox's clock). */
  now?: (() => number) | undefined;
  /** Replace unexpected errors' messages by "Unexpected error." (core errors are never masked, stacks never shown). @default true */
  maskedErrors?: boolean | undefined;
  /** yoga's logger: `false` for silence, a level, or a logger. @default yoga's (console, level info) */
  logger?: boolean | YogaLogger | LogLevel | undefined;
  /** Largest request body, in bytes (413 past it). @default 100_000 */
  maxRequestBytes?: number | undefined;
  /** Decides `GET /readiness` (default: `GET /api/v2/tokens/me` with `client`, cached 5 s). */
  readiness?: (() => Promise<boolean>) | undefined;
  /** Clients for bearer tokens kept at once (LRU). @default 100 */
  maxTokenClients?: number | undefined;
  /**
   * Cross-origin access. Default `false`: same origin only (GraphiQL is served from the gateway itself).
   * yoga's own default would let any website read the gateway's answers through a visitor's browser — and
   * requests without a token run with the server's credentials. Give the origins of your dashboards instead,
   * e.g. `{ origin: ['https://dash.example.com'] }`.
   */
  cors?: CORSOptions | false | undefined;
  /** Another schema (tests, embedding); default the cxgraph schema. Its context must be a `GatewayContext`. */
  schema?: GraphQLSchema | undefined;
  /**
   * Feed live queries and subscriptions from Genesys notifications (core's `client.liveState()`, for the
   * server's own `client`), started on first use. While it streams, `liveConversations`, a live
   * `conversation(id)`, `Agent.routingStatus/presence` and `Queue.liveStats` cost no upstream call; until then,
   * and when the token cannot open channels (core falls back to polling), queries poll as before. `false`:
   * always poll (subscriptions then come from comparing polls). @default true
   */
  liveState?: boolean | undefined;
  /** Also stream for callers' bearer tokens (each token's client opens its own channels). @default false: they poll */
  liveStateForTokens?: boolean | undefined;
  /** Tuning of the live state (topics, heartbeats, change buffer…), used when a client's state is first made. */
  liveStateOptions?: LiveStateOptions | undefined;
  /** Subscriptions open at once on this gateway, SSE and WebSocket together (TOO_MANY_SUBSCRIPTIONS past it). @default 1000 */
  maxSubscriptions?: number | undefined;
  /** Subscriptions open at once on one WebSocket connection. @default 20 */
  maxSubscriptionsPerConnection?: number | undefined;
}

export type Gateway = YogaServerInstance<Record<string, unknown>, GatewayContext>;

export const DEFAULT_MAX_REQUEST_BYTES = 100_000;

/**
 * The GraphQL gateway (graphql-yoga + Pothos), without `listen`: serve it with {@link serveGateway} (or
 * `createServer(gateway)`), or call `gateway.fetch` in tests.
 *
 * - `POST /graphql` (or GET with the CSRF header): GraphQL; `GET /graphql` with `Accept: text/html`: GraphiQL.
 * - `GET /health`: the process is up. `GET /readiness`: the upstream answers (JSON reason on 503).
 * - Each request runs with its caller's credentials (see credentials.ts); a core error keeps its code
 *   (errors.ts); depth, complexity, aliases, body size, batch size and CSRF are checked before any upstream call.
 * - `x-cxgraph-upstream: 1` (or `?upstream=1`) adds `extensions.upstream` (requests, retries, 429s, wait).
 */
export function createGateway(options: GatewayOptions): Gateway {
  const { client, clientForToken, requireBearer = false, graphiql = true, maskedErrors = true, maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES } = options;
  if (!client && !clientForToken) {
    throw new ConfigError(
      'createGateway needs `client` (the server\'s own credentials) or `clientForToken` (to serve callers\' bearer tokens).',
      undefined,
      'Pass `client: createClient()` (GENESYS_* from the environment), or `clientForToken` with `requireBearer: true`.',
    );
  }
  if (!Number.isInteger(maxRequestBytes) || maxRequestBytes < 1) throw new ConfigError(`maxRequestBytes must be a positive integer, got ${maxRequestBytes}.`);
  const now = options.now ?? Date.now;
  const auth: AuthOptions = options.auth ?? { mode: requireBearer ? 'bearer' : 'open' };
  const access = createAccess(auth);
  if (access.usesServerCredentials && !client) {
    throw new ConfigError(`The "${auth.mode}" auth mode runs requests with the server's own credentials, and createGateway has no \`client\`.`, undefined, 'Pass `client: createClient()`, or use the "bearer" mode.');
  }
  const credentials = createCredentials({ client, clientForToken, requireBearer: requireBearer || auth.mode === 'bearer', now, maxClients: options.maxTokenClients });
  const allowedHosts = options.allowedHosts ? new Set(options.allowedHosts.map(hostNameOf)) : undefined;
  const readiness = options.readiness ?? (client ? upstreamReadiness(client) : async () => true);
  const liveStates = new LiveStates({ serverClient: client, enabled: options.liveState ?? true, forTokens: options.liveStateForTokens ?? false, options: options.liveStateOptions ?? {} });
  const serverSlots = new SlotPool(checkCap('maxSubscriptions', options.maxSubscriptions ?? DEFAULT_MAX_SUBSCRIPTIONS), 'server');
  const perConnection = checkCap('maxSubscriptionsPerConnection', options.maxSubscriptionsPerConnection ?? DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION);

  const gateway = createYoga<Record<string, unknown>, GatewayContext>({
    schema: options.schema ?? buildSchema(),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    cors: options.cors ?? false,
    graphiql: graphiql ? graphiqlOptions() : false,
    renderGraphiQL: createGraphiQLRenderer(),
    ...(options.logger !== undefined ? { logging: options.logger } : {}),
    maskedErrors: { maskError: createMaskError({ mask: maskedErrors, maxRequestBytes }), isDev: false },
    maxRequestBodySize: maxRequestBytes,
    batching: { limit: QUERY_LIMITS.batch },
    context: async ({ request }) => {
      // HTTP requests were checked already (plugins); WebSocket subscriptions arrive here first.
      if (allowedHosts && !allowedHosts.has(hostNameOf(requestHost(request)))) throw hostError(requestHost(request), [...allowedHosts]);
      await access.principalOf(request);
      const requestClient = access.usesServerCredentials ? client! : credentials.clientFor(request);
      return createGatewayContext(requestClient, request, now, { live: liveStates.of(requestClient), subscriptionSlots: { server: serverSlots } });
    },
    plugins: [
      ...(allowedHosts ? [useHostCheck({ allowedHosts: [...allowedHosts] })] : []),
      ...(options.compression ?? true ? [useCompression()] : []),
      useReadiness({ check: readiness }),
      useCsrfPrevention(),
      ...(access.usesServerCredentials ? [] : [useCredentials({ credentials })]),
      useAccessControl({ access }),
      useParseLimits(),
      useMaxAliases({ max: QUERY_LIMITS.aliases }),
      useQueryLimits({ maxDepth: QUERY_LIMITS.depth, maxBreadth: QUERY_LIMITS.breadth, maxComplexity: QUERY_LIMITS.complexity }),
      useUpstreamExtension(),
      useErrorStatus(),
      useExecutionCancellation(),
      // `gateway.dispose()` (and a served gateway's `close()`) stops the live states' channels.
      { onDispose: () => liveStates.close() },
    ],
  });
  const origins = options.cors && typeof options.cors === 'object' ? options.cors.origin : undefined;
  setSocketSettings(gateway, { maxSubscriptionsPerConnection: perConnection, allowedOrigins: typeof origins === 'string' ? [origins] : Array.isArray(origins) ? origins : [] });
  return gateway;
}

export interface ServeOptions {
  /** 0 for any free port. @default 4000 */
  port?: number;
  /** @default '127.0.0.1' (loopback only) */
  host?: string;
  /** Serve subscriptions over WebSocket (graphql-ws) at /graphql too; SSE is always served. @default true */
  webSocket?: boolean;
}

export interface ServedGateway {
  /** The GraphQL endpoint (and GraphiQL), e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** e.g. `http://127.0.0.1:4000` (`/health`, `/readiness`). */
  origin: string;
  server: Server;
  /** The WebSocket endpoint (graphql-ws), e.g. `ws://127.0.0.1:4000/graphql`; undefined with `webSocket: false`. */
  wsUrl: string | undefined;
  /** Stops accepting connections, ends open ones (sockets and streams), disposes the gateway (its live states) and waits for the server to close. */
  close(): Promise<void>;
}

/** Serves the gateway over `node:http`: HTTP (queries, SSE subscriptions) and WebSocket subscriptions. */
export async function serveGateway(gateway: Gateway, { port = 4000, host = '127.0.0.1', webSocket = true }: ServeOptions = {}): Promise<ServedGateway> {
  const server = createServer(gateway);
  const closeSockets = webSocket ? attachWebSocket(gateway, server) : async () => undefined;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url: `${origin}/graphql`,
    origin,
    wsUrl: webSocket ? `${origin.replace(/^http/, 'ws')}/graphql` : undefined,
    server,
    close: async () => {
      await closeSockets();
      // Ends the live states first, so open SSE streams complete and their connections can close.
      await gateway.dispose();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
        server.closeAllConnections();
      });
    },
  };
}
