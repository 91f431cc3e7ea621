import { ConfigError } from '@cxgraph/core';
import { parseAuthorization } from '../../credentials.js';
import { checkApiKeys, DEFAULT_KEY_RATE_LIMIT, hashApiKey, type ApiKeyRecord } from './api-keys.js';
import { jwtVerifier, JwtRejected, type JwtOptions } from './jwt.js';
import { ALL_SCOPES, overBudget, unauthenticated, type Principal } from './principal.js';
import { TokenBuckets } from './token-bucket.js';

/**
 * Who may use the gateway, and with whose Genesys credentials:
 * - `open`: anyone who reaches the port, with the server's credentials (or their own bearer token). Only
 *   for a gateway bound to loopback.
 * - `bearer`: callers must bring their own Genesys access token (pass-through); Genesys decides what it reads.
 * - `api-keys`: `Authorization: Bearer <key>`, checked against the stored hashes; each key has scopes and
 *   its own rate limit; requests run with the server's credentials.
 * - `jwt`: `Authorization: Bearer <jwt>`, verified with jose (JWKS URL or shared secret, issuer, audience,
 *   scopes from a claim); requests run with the server's credentials.
 */
export type AuthOptions =
  | { mode: 'open' }
  | { mode: 'bearer' }
  | { mode: 'api-keys'; keys: ApiKeyRecord[] }
  | { mode: 'jwt'; jwt: JwtOptions; /** Each subject's budget. @default 600 */ rateLimitPerMinute?: number | undefined };

export type AuthMode = AuthOptions['mode'];
export const AUTH_MODES: readonly AuthMode[] = ['open', 'bearer', 'api-keys', 'jwt'];

export interface Access {
  readonly mode: AuthMode;
  /** Does this mode run requests with the server's own credentials (not a token the caller brings)? */
  readonly usesServerCredentials: boolean;
  /** The request's principal, checked once per request; rejects with a 401 or 429 GraphQL error. */
  principalOf(request: Request): Promise<Principal>;
}

const OPEN: Principal = { mode: 'open', name: 'anyone', scopes: ALL_SCOPES };
const BEARER: Principal = { mode: 'bearer', name: 'bearer token', scopes: ALL_SCOPES };

export function createAccess(options: AuthOptions, now: () => number = Date.now): Access {
  const byRequest = new WeakMap<Request, Promise<Principal>>();
  const buckets = new TokenBuckets(now);
  const authenticate = authenticator(options, buckets);
  return {
    mode: options.mode,
    usesServerCredentials: options.mode === 'api-keys' || options.mode === 'jwt',
    principalOf(request) {
      let principal = byRequest.get(request);
      if (!principal) {
        principal = authenticate(request);
        byRequest.set(request, principal);
      }
      return principal;
    },
  };
}

/** The bearer credential of a request, or a 401 saying what to send. */
function bearerOf(request: Request, what: string): string {
  const header = parseAuthorization(request.headers.get('authorization'));
  if (header.kind === 'bearer') return header.token;
  if (header.kind === 'malformed') throw unauthenticated(header.reason, `Send "Authorization: Bearer <${what}>".`, 'invalid_request');
  throw unauthenticated(`This gateway requires authentication: send "Authorization: Bearer <${what}>".`, `Ask the gateway's operator for ${what === 'API key' ? 'an API key' : 'a token'}.`);
}

function authenticator(options: AuthOptions, buckets: TokenBuckets): (request: Request) => Promise<Principal> {
  switch (options.mode) {
    case 'open':
      return async () => OPEN;
    case 'bearer':
      // credentials.ts refuses a missing or malformed token (requireBearer); Genesys judges the token itself.
      return async () => BEARER;
    case 'api-keys': {
      const keys = new Map(checkApiKeys(options.keys, 'the API keys').map((k) => [k.hash, k]));
      if (keys.size === 0) throw new ConfigError('API key authentication needs at least one key.', undefined, 'Add one with `cxgraph serve --add-api-key <name>`.');
      return async (request) => {
        const record = keys.get(hashApiKey(bearerOf(request, 'API key')));
        if (!record) throw unauthenticated('The API key is not valid.', 'Check the key (it is shown once, when it is made), or ask for a new one.', 'invalid_token');
        const principal: Principal = { mode: 'api-key', name: record.name, scopes: new Set(record.scopes) };
        const perMinute = record.rateLimitPerMinute ?? DEFAULT_KEY_RATE_LIMIT;
        const waitMs = buckets.take(`key:${record.name}`, perMinute);
        if (waitMs > 0) throw overBudget(principal, perMinute, waitMs);
        return principal;
      };
    }
    case 'jwt': {
      const verify = jwtVerifier(options.jwt);
      const perMinute = options.rateLimitPerMinute ?? 600;
      return async (request) => {
        const token = bearerOf(request, 'JWT');
        let verified;
        try {
          verified = await verify(token);
        } catch (error) {
          if (error instanceof JwtRejected) throw unauthenticated(error.message, 'Get a fresh token from your identity provider for this gateway\'s audience.', 'invalid_token');
          throw error;
        }
        const principal: Principal = { mode: 'jwt', name: verified.subject, scopes: new Set(verified.scopes) };
        const waitMs = buckets.take(`jwt:${verified.subject}`, perMinute);
        if (waitMs > 0) throw overBudget(principal, perMinute, waitMs);
        return principal;
      };
    }
  }
}
