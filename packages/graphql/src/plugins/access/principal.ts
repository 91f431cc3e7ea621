import { GraphQLError } from 'graphql';

/**
 * Who a request comes from, once its credentials are checked, and what it may read. Scopes:
 * - `read`: run queries and subscriptions at all;
 * - `pii`: also read personal data (agents' emails, participants' names, which for a customer are often
 *   their phone number or address).
 */
export interface Principal {
  /** How it was authenticated. */
  mode: 'open' | 'bearer' | 'api-key' | 'jwt';
  /** An API key's name or a JWT's `sub`, for logs and rate limits; never a secret. */
  name: string;
  scopes: ReadonlySet<string>;
}

export const SCOPES = ['read', 'pii'] as const;
export const ALL_SCOPES: ReadonlySet<string> = new Set(SCOPES);

const challenge = (error?: string) => `Bearer realm="cxgraph"${error ? `, error="${error}"` : ''}`;

/** 401 `AUTHENTICATION`: no credentials, or credentials that do not check out. Never quotes them. */
export function unauthenticated(message: string, hint: string, error?: 'invalid_request' | 'invalid_token'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'AUTHENTICATION', hint, http: { status: 401, headers: { 'WWW-Authenticate': challenge(error) } } } });
}

/** 403 `FORBIDDEN_SCOPE`: authenticated, but without a scope the request needs. */
export function missingScope(scope: string, what: string, principal: Principal): GraphQLError {
  return new GraphQLError(`${what} needs the "${scope}" scope, and "${principal.name}" has ${principal.scopes.size ? `only ${[...principal.scopes].map((s) => `"${s}"`).join(', ')}` : 'no scope'}.`, {
    extensions: {
      code: 'FORBIDDEN_SCOPE',
      scope,
      hint: principal.mode === 'api-key' ? `Give the key the "${scope}" scope in the API keys file, or leave those fields out.` : `Ask for a token with the "${scope}" scope, or leave those fields out.`,
      http: { status: 403, headers: { 'WWW-Authenticate': `${challenge('insufficient_scope')}, scope="${scope}"` } },
    },
  });
}

/** 429 `RATE_LIMITED` for one caller's own budget, with `Retry-After` (whole seconds, rounded up). */
export function overBudget(principal: Principal, perMinute: number, retryAfterMs: number): GraphQLError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new GraphQLError(`"${principal.name}" is over its rate limit of ${perMinute} requests per minute: retry in ${seconds} s.`, {
    extensions: { code: 'RATE_LIMITED', retryAfterMs: seconds * 1000, hint: 'Send fewer requests, or raise the key\'s rateLimitPerMinute.', http: { status: 429, headers: { 'Retry-After': String(seconds) } } },
  });
}
