/**
 * Whose credentials a request runs with. `Authorization: Bearer <token>` → a client for that token; no header
 * → the server's own client (unless bearer tokens are required). Clients for tokens are kept in a small LRU
 * keyed by a SHA-256 of the token (never the token itself), so a caller's requests share one client, and
 * loaders, caches and limiter budgets are never shared across credentials (core keys budgets by token hash).
 *
 * Every refusal is a GraphQL error with `extensions.code: 'AUTHENTICATION'` and HTTP 401, raised before the
 * request is parsed, so before any upstream call. No message ever repeats the header or the token.
 */
import { createHash } from 'node:crypto';
import { ConfigError, createClient, type CxGraphClient } from '@cxgraph/core';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import { toGraphQLError } from './errors.js';

export interface CredentialsOptions {
  /** The server's own client, for requests without a bearer token. */
  client?: CxGraphClient | undefined;
  /** A client for a caller's token (default: {@link defaultClientForToken} of `client`). */
  clientForToken?: ((token: string) => CxGraphClient) | undefined;
  /** Refuse requests without `Authorization: Bearer …` (401) even when the server has a client. @default false */
  requireBearer?: boolean | undefined;
  /** "Now" for the clients made for tokens (relative ranges, live windows). */
  now?: (() => number) | undefined;
  /** Clients for tokens kept at once (least recently used dropped first). @default 100 */
  maxClients?: number | undefined;
}

export interface Credentials {
  /** The client for this request's credentials; throws a 401 GraphQL error when they are missing or malformed. */
  clientFor(request: Request): CxGraphClient;
  /** Clients for tokens held now (tests). */
  readonly cachedClients: number;
}

export type AuthorizationHeader = { kind: 'none' } | { kind: 'bearer'; token: string } | { kind: 'malformed'; reason: string };

/** RFC 6750 `b64token`: what a bearer token may be made of. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Reads an `Authorization` header. The reason of a malformed one never quotes the header. */
export function parseAuthorization(header: string | null | undefined): AuthorizationHeader {
  if (header === null || header === undefined) return { kind: 'none' };
  const value = header.trim();
  if (value === '') return { kind: 'malformed', reason: 'The Authorization header is empty.' };
  const match = BEARER.exec(value);
  if (match?.[1]) return { kind: 'bearer', token: match[1] };
  const scheme = /^\S+/.exec(value)?.[0] ?? '';
  if (scheme.toLowerCase() !== 'bearer') {
    // Only the scheme is named, and only when it is a plain word (never a token pasted without a scheme).
    const named = /^[A-Za-z][A-Za-z0-9-]{0,19}$/.test(scheme) && value.includes(' ') ? ` (got the "${scheme}" scheme)` : '';
    return { kind: 'malformed', reason: `The Authorization header must use the Bearer scheme${named}: send "Authorization: Bearer <token>".` };
  }
  if (value.length === scheme.length) return { kind: 'malformed', reason: 'The Authorization header has no token after "Bearer".' };
  return { kind: 'malformed', reason: 'The bearer token in the Authorization header is malformed: it must be one word of letters, digits and -._~+/ (RFC 6750), e.g. "Authorization: Bearer abc123".' };
}

/** The cache key of a token: its SHA-256, hex. The token itself is never a key or a log field. */
export const tokenKey = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A 401 with `extensions.code: 'AUTHENTICATION'` and a `WWW-Authenticate` challenge. */
export function authenticationError(message: string, hint: string, error?: 'invalid_request' | 'invalid_token'): GraphQLError {
  const challenge = `Bearer realm="cxgraph"${error ? `, error="${error}"` : ''}`;
  return new GraphQLError(message, {
    extensions: { code: 'AUTHENTICATION', hint, http: { status: 401, headers: { 'WWW-Authenticate': challenge } } },
  });
}

/**
 * A client for a caller's token that goes where the server's client goes (its API URL or region) with the
 * same tuning, reading nothing from the environment or `.env` (no GENESYS_CLIENT_ID there can make the
 * config ambiguous). Without a server client, the target is `us_east_1`.
 */
export function defaultClientForToken(server: CxGraphClient | undefined, now?: () => number): (token: string) => CxGraphClient {
  return (token) => {
    const config = server?.config;
    const target = config?.target;
    return createClient({
      accessToken: token,
      ...(target?.kind === 'gateway' ? { apiUrl: target.url } : target?.kind === 'region' ? { region: target.region.key } : {}),
      ...(config ? { rateLimitPerMinute: config.rateLimitPerMinute, maxConcurrency: config.maxConcurrency, timeoutMs: config.timeoutMs, logLevel: config.logLevel } : {}),
      // The same granularities and range splitting as the server's client: a query is judged and cut the same with or without a token.
      ...(server ? { granularityRule: server.metrics.granularityRule, maxAggregateIntervalDays: server.metrics.maxIntervalDays } : {}),
      ...(now ? { now } : {}),
      sources: { env: {}, dotenv: false },
    });
  };
}

/** Resolves each request's client (see the module comment). */
export function createCredentials(options: CredentialsOptions): Credentials {
  const { client: server, requireBearer = false, maxClients = 100 } = options;
  const forToken = options.clientForToken ?? defaultClientForToken(server, options.now);
  if (!Number.isInteger(maxClients) || maxClients < 1) throw new ConfigError(`maxClients must be a positive integer, got ${maxClients}.`);
  /** sha256(token) → client, least recently used dropped first. */
  const lru = new LRUCache<string, CxGraphClient>({ max: maxClients });
  /** One resolution per request (the credentials plugin and the context both ask). */
  const byRequest = new WeakMap<Request, CxGraphClient>();

  const clientForToken = (token: string): CxGraphClient => {
    const key = tokenKey(token);
    const cached = lru.get(key);
    if (cached) return cached;
    let client: CxGraphClient;
    try {
      client = forToken(token);
    } catch (error) {
      throw toGraphQLError(error, { httpStatus: true }) ?? error;
    }
    lru.set(key, client);
    return client;
  };

  const resolve = (request: Request): CxGraphClient => {
    const header = parseAuthorization(request.headers.get('authorization'));
    switch (header.kind) {
      case 'bearer':
        return clientForToken(header.token);
      case 'malformed':
        throw authenticationError(header.reason, 'Send "Authorization: Bearer <token>" with a Genesys Cloud access token, or no Authorization header at all.', 'invalid_request');
      case 'none':
        if (requireBearer) {
          throw authenticationError(
            'This gateway requires a bearer token: send "Authorization: Bearer <token>" with a Genesys Cloud access token.',
            "Get a user's access token from Genesys Cloud (an OAuth login) and send it in the Authorization header.",
          );
        }
        if (!server) {
          throw authenticationError(
            'This gateway has no credentials of its own: send "Authorization: Bearer <token>" with a Genesys Cloud access token.',
            "Send a user's access token in the Authorization header, or start the gateway with client credentials.",
          );
        }
        return server;
    }
  };

  return {
    clientFor(request) {
      let client = byRequest.get(request);
      if (!client) {
        client = resolve(request);
        byRequest.set(request, client);
      }
      return client;
    },
    get cachedClients() {
      return lru.size;
    },
  };
}
