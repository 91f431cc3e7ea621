/**
 * Errors as the gateway shows them. Core's typed errors (every one a `CxGraphError` with a stable `code`)
 * become `GraphQLError`s with `extensions { code, hint, correlationId, … }`; yoga's own terse request errors
 * get clearer messages; anything else is masked ("Unexpected error."). No token, secret or stack trace ever
 * reaches a response: core never puts a token in a message, and nothing here copies `stack` or `cause`.
 *
 * Resolvers may throw core errors as they are: `maskError` (yoga's `maskedErrors.maskError`) maps them, with
 * their path and locations kept, so a failing nullable field is null with its error and its siblings resolve.
 */
import { CxGraphError, InvalidQueryError, PermissionError, RateLimitError, type ErrorCode } from '@cxgraph/core';
import { GraphQLError, type GraphQLErrorExtensions } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';

/** The HTTP status a core error stands for, when a response carries nothing but such errors. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number | undefined>> = {
  CONFIG: 500,
  AUTHENTICATION: 401,
  PERMISSION: 403,
  USER_CONTEXT_REQUIRED: 403,
  RATE_LIMITED: 429,
  INVALID_QUERY: 400,
  NOT_FOUND: 404,
  UPSTREAM: 502,
  TIMEOUT: 504,
  NETWORK: 502,
  // The caller went away: nobody reads the status.
  ABORTED: undefined,
  // Genesys refused a notifications topic the gateway's live state needs: an upstream failure.
  TOPIC_REJECTED: 502,
  // A subscriber fell too far behind and was dropped: a subscription error, not an HTTP answer.
  LIVE_OVERFLOW: undefined,
};

/** The core error behind `error`: itself, or the `originalError` of a (located) GraphQLError. */
export function coreErrorOf(error: unknown): CxGraphError | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (e instanceof CxGraphError) return e;
    if (!(e instanceof GraphQLError)) return undefined;
    e = e.originalError;
  }
  return undefined;
}

/** `extensions` for a core error: its code, hint, correlation id and upstream status, and what its kind adds. */
export function coreErrorExtensions(error: CxGraphError): GraphQLErrorExtensions {
  const extensions: GraphQLErrorExtensions = { code: error.code };
  if (error.hint) extensions['hint'] = error.hint;
  if (error.correlationId) extensions['correlationId'] = error.correlationId;
  // The upstream's HTTP status (not the response's), when there was an upstream response.
  if (error.status !== undefined) extensions['status'] = error.status;
  if (error instanceof PermissionError) extensions['permissions'] = [...error.permissions];
  if (error instanceof RateLimitError && error.retryAfterMs !== undefined) extensions['retryAfterMs'] = error.retryAfterMs;
  if (error instanceof InvalidQueryError && error.field !== undefined) extensions['field'] = error.field;
  return extensions;
}

/**
 * A core error (thrown as is, or wrapped by graphql-js with the field's path) as a GraphQLError with
 * `extensions.code`; `undefined` for anything else. The result keeps the path and locations and drops the
 * original error (so no stack or cause can leak). Schema code may call it to throw GraphQL errors itself.
 */
export function toGraphQLError(error: unknown, options: { httpStatus?: boolean } = {}): GraphQLError | undefined {
  const core = coreErrorOf(error);
  if (!core) return undefined;
  const located = error instanceof GraphQLError ? error : undefined;
  const extensions = coreErrorExtensions(core);
  const status = HTTP_STATUS[core.code];
  if (options.httpStatus && status !== undefined) extensions.http = { status, ...httpHeadersFor(core) };
  return new GraphQLError(core.message, {
    ...(located?.nodes ? { nodes: located.nodes } : {}),
    ...(located?.source ? { source: located.source } : {}),
    ...(located?.positions ? { positions: located.positions } : {}),
    ...(located?.path ? { path: located.path } : {}),
    extensions,
  });
}

function httpHeadersFor(error: CxGraphError): { headers?: Record<string, string> } {
  if (error instanceof RateLimitError && error.retryAfterMs !== undefined) return { headers: { 'Retry-After': String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) } };
  if (error.code === 'AUTHENTICATION') return { headers: { 'WWW-Authenticate': 'Bearer realm="cxgraph"' } };
  return {};
}

/** The code of an error as the response shows it: a core error's, or the `extensions.code` already set. */
export function codeOf(error: unknown): string | undefined {
  const core = coreErrorOf(error);
  if (core) return core.code;
  if (error instanceof GraphQLError) {
    for (let e: GraphQLError | undefined = error; e; e = e.originalError instanceof GraphQLError ? e.originalError : undefined) {
      const code = e.extensions?.['code'];
      if (typeof code === 'string') return code;
    }
  }
  return undefined;
}

/** The HTTP status and headers a response made only of this error should have, if any. */
export function httpOf(error: unknown): { status: number; headers?: Record<string, string> } | undefined {
  const core = coreErrorOf(error);
  if (core) {
    const status = HTTP_STATUS[core.code];
    return status === undefined ? undefined : { status, ...httpHeadersFor(core) };
  }
  const code = codeOf(error);
  const status = code !== undefined && Object.hasOwn(HTTP_STATUS, code) ? HTTP_STATUS[code as ErrorCode] : undefined;
  if (status === undefined) return undefined;
  if (code === 'RATE_LIMITED' && error instanceof GraphQLError) {
    const ms = error.extensions?.['retryAfterMs'];
    if (typeof ms === 'number') return { status, headers: { 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) } };
  }
  return { status };
}

export interface MaskErrorOptions {
  /** Replace the message of unexpected errors by "Unexpected error." (default true). */
  mask?: boolean;
  /** The request body limit, for the message of a body that is too large. */
  maxRequestBytes?: number;
}

const kB = (bytes: number): string => (bytes % 1000 === 0 ? `${bytes / 1000} kB` : `${bytes} bytes`);

/** yoga's own request errors, reworded to say what was wrong and what to do. */
function clarify(error: GraphQLError, options: MaskErrorOptions): GraphQLError | undefined {
  if (error.extensions?.['code'] === 'REQUEST_ENTITY_TOO_LARGE') {
    const limit = options.maxRequestBytes;
    return new GraphQLError(
      `The request body is too large${limit === undefined ? '' : `: this gateway accepts at most ${kB(limit)}`}. Send a smaller document (pass values as variables, drop unused fragments) or split it into several requests.`,
      { extensions: { ...error.extensions, code: 'REQUEST_TOO_LARGE', http: { status: 413 } } },
    );
  }
  return undefined;
}

/**
 * yoga's `maskedErrors.maskError`: core errors → coded GraphQL errors; GraphQL errors raised on purpose
 * (validation, limits, the schema's own) pass; yoga's request errors are reworded; anything else becomes
 * "Unexpected error." (`code: INTERNAL_SERVER_ERROR`) — or, with `mask: false`, keeps its message, never
 * its stack. `isDev` is ignored on purpose: yoga would attach the original error and its stack.
 */
export function createMaskError(options: MaskErrorOptions = {}): (error: unknown, message: string) => Error {
  const mask = options.mask ?? true;
  return (error, message) => {
    const mapped = toGraphQLError(error);
    if (mapped) return mapped;
    if (error instanceof GraphQLError && error.originalError === undefined) return clarify(error, options) ?? error;
    // yoga's mask keeps GraphQL errors raised on purpose (located or not) and masks everything else.
    const masked = yogaMaskError(error, message, false);
    if (mask || masked === error) return masked;
    const text = error instanceof Error ? error.message : typeof error === 'string' ? error : message;
    const located = error instanceof GraphQLError ? error : undefined;
    return new GraphQLError(text, {
      ...(located?.nodes ? { nodes: located.nodes } : {}),
      ...(located?.path ? { path: located.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR', unexpected: true },
    });
  };
}
