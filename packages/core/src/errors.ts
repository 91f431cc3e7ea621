/**
 * One typed error hierarchy for everything that can go wrong talking to Genesys Cloud. Every error has a
 * stable `code`, a message a person can act on and a `hint` saying how to fix it. Nothing here ever holds a
 * token or a secret: SDK rejections are read for their facts and dropped, never kept as `cause`.
 */

export type ErrorCode =
  | 'CONFIG'
  | 'AUTHENTICATION'
  | 'PERMISSION'
  | 'USER_CONTEXT_REQUIRED'
  | 'RATE_LIMITED'
  | 'INVALID_QUERY'
  | 'NOT_FOUND'
  | 'UPSTREAM'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'ABORTED'
  /** A notifications topic the channel would not take (unknown, or missing permissions). */
  | 'TOPIC_REJECTED'
  /** A reader of live changes fell too far behind and was dropped. */
  | 'LIVE_OVERFLOW';

export interface ErrorDetails {
  hint?: string;
  /** Upstream HTTP status, when there was a response. */
  status?: number;
  /** Genesys's own error code (`bad.request`, `missing.any.permissions`…). */
  genesysCode?: string;
  /** `ININ-Correlation-Id` / `contextId`: what Genesys support asks for. */
  correlationId?: string;
  /** The endpoint that failed, e.g. `POST /api/v2/analytics/conversations/details/query`. */
  endpoint?: string;
  cause?: Error;
}

export class CxGraphError extends Error {
  readonly hint: string | undefined;
  readonly status: number | undefined;
  readonly genesysCode: string | undefined;
  readonly correlationId: string | undefined;
  readonly endpoint: string | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    details: ErrorDetails = {},
  ) {
    super(message, details.cause ? { cause: details.cause } : undefined);
    this.name = new.target.name;
    this.hint = details.hint;
    this.status = details.status;
    this.genesysCode = details.genesysCode;
    this.correlationId = details.correlationId;
    this.endpoint = details.endpoint;
  }

  /** A plain, loggable view (no stack, no cause). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const key of ['hint', 'status', 'genesysCode', 'correlationId', 'endpoint'] as const) if (this[key] !== undefined) out[key] = this[key];
    return out;
  }
}

export class ConfigError extends CxGraphError {
  constructor(
    message: string,
    readonly variable?: string,
    hint?: string,
  ) {
    super('CONFIG', message, hint ? { hint } : {});
  }
}

/** No credential is set anywhere: front-ends replace the hint with their own way to start (e.g. `--sandbox`). */
export class NoCredentialsError extends ConfigError {}

export class AuthenticationError extends CxGraphError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('AUTHENTICATION', message, details);
  }
}

export class PermissionError extends CxGraphError {
  constructor(
    message: string,
    /** The permissions Genesys named (any one of them would do for `missing.any.permissions`). */
    readonly permissions: string[],
    details: ErrorDetails = {},
  ) {
    super('PERMISSION', message, details);
  }
}

export class UserContextRequiredError extends CxGraphError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('USER_CONTEXT_REQUIRED', message, details);
  }
}

export class RateLimitError extends CxGraphError {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    details: ErrorDetails = {},
  ) {
    super('RATE_LIMITED', message, details);
  }
}

export class InvalidQueryError extends CxGraphError {
  constructor(
    message: string,
    /** The field Genesys named, when it did. */
    readonly field: string | undefined,
    details: ErrorDetails = {},
  ) {
    super('INVALID_QUERY', message, details);
  }
}

export class NotFoundError extends CxGraphError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('NOT_FOUND', message, details);
  }
}

export class UpstreamError extends CxGraphError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('UPSTREAM', message, details);
  }
}

export class NetworkError extends CxGraphError {
  constructor(message: string, details: ErrorDetails = {}, code: 'NETWORK' | 'TIMEOUT' = 'NETWORK') {
    super(code, message, details);
  }
}

export class TimeoutError extends NetworkError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details, 'TIMEOUT');
  }
}

export class AbortError extends CxGraphError {
  constructor(message = 'The operation was aborted.', details: ErrorDetails = {}) {
    super('ABORTED', message, details);
  }
}

/** Worth trying again: rate limits, 5xx and network trouble. */
export const isRetryable = (e: unknown): boolean =>
  e instanceof RateLimitError || e instanceof UpstreamError || (e instanceof NetworkError && !(e instanceof AbortError));

// ---------------------------------------------------------------------------------------------------------
// Normalising what the SDK rejects with.

interface GenesysErrorBody {
  message?: string;
  code?: string;
  status?: number;
  contextId?: string;
  messageParams?: Record<string, unknown>;
  details?: Array<{ fieldName?: string }>;
  /** OAuth errors from /oauth/token. */
  error?: string;
  error_description?: string;
  description?: string;
}

/** What we could read from a rejection, whatever its shape. */
interface UpstreamFailure {
  status?: number;
  headers: Record<string, string>;
  body?: GenesysErrorBody;
  text?: string;
  /** Network-level failure code (ECONNRESET, ECONNABORTED, ETIMEDOUT…). */
  networkCode?: string;
}

const lowerKeys = (h: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (h && typeof h === 'object') {
    const entries = typeof (h as { toJSON?: unknown }).toJSON === 'function' ? Object.entries((h as { toJSON(): object }).toJSON()) : Object.entries(h);
    for (const [k, v] of entries) if (v !== undefined && v !== null) out[k.toLowerCase()] = String(v);
  }
  return out;
};

const asBody = (b: unknown): GenesysErrorBody | undefined => {
  if (b && typeof b === 'object' && !Array.isArray(b)) return b as GenesysErrorBody;
  if (typeof b === 'string') {
    try {
      const parsed: unknown = JSON.parse(b);
      return parsed && typeof parsed === 'object' ? (parsed as GenesysErrorBody) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
};

/**
 * Reads the four rejection shapes of the SDK (sdk-notes.md): a plain string thrown synchronously, the
 * response body alone, the extended-response object `{status, headers, body}`, and a raw AxiosError (network
 * failures, timeouts and every login failure). Nothing from the request (its headers carry the token) is kept.
 */
function readRejection(e: unknown): UpstreamFailure {
  if (e === undefined || e === null) return { headers: {} };
  if (typeof e === 'string') return { headers: {}, text: e };
  if (typeof e !== 'object') return { headers: {}, text: String(e) };
  const o = e as Record<string, unknown>;
  // AxiosError: isAxiosError, response?: {status, headers, data}, code.
  if (o.isAxiosError === true || (o.name === 'AxiosError' && 'config' in o)) {
    const response = o.response as { status?: number; headers?: unknown; data?: unknown } | undefined;
    const failure: UpstreamFailure = { headers: lowerKeys(response?.headers) };
    if (response?.status !== undefined) failure.status = response.status;
    const body = asBody(response?.data);
    if (body) failure.body = body;
    if (!response && typeof o.code === 'string') failure.networkCode = o.code;
    if (!response && typeof o.message === 'string') failure.text = o.message;
    return failure;
  }
  // Extended response: {status, statusText, headers, body, text, error}.
  if (typeof o.status === 'number' && 'headers' in o && ('body' in o || 'error' in o)) {
    const failure: UpstreamFailure = { status: o.status, headers: lowerKeys(o.headers) };
    const body = asBody(o.body) ?? asBody(o.text);
    if (body) failure.body = body;
    // The SDK keeps the AxiosError in `error`: a network-level failure has no response behind it.
    return failure;
  }
  if (e instanceof Error) {
    const failure: UpstreamFailure = { headers: {}, text: e.message };
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') failure.networkCode = code;
    return failure;
  }
  // Default mode: the body alone (it may carry its own status).
  const body = asBody(o);
  const failure: UpstreamFailure = { headers: {} };
  if (body) failure.body = body;
  if (typeof body?.status === 'number') failure.status = body.status;
  return failure;
}

/** Permission names in a Genesys 403 message: "…assigned: [a, b]". */
function permissionsIn(message: string | undefined): string[] {
  const m = /\[([^\]]*)\]\s*$/.exec(message ?? '');
  return m?.[1] ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** Retry-After (seconds or an HTTP date), else inin-ratelimit-reset (seconds); in ms. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const ra = headers['retry-after'];
  if (ra !== undefined && ra.trim() !== '') {
    const seconds = Number(ra);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers['inin-ratelimit-reset']);
  return Number.isFinite(reset) && reset >= 0 && headers['inin-ratelimit-reset'] !== undefined ? reset * 1000 : undefined;
}

export interface NormalizeContext {
  endpoint?: string;
  /** How the request was authenticated: decides what a 401 means. */
  auth?: 'client-credentials' | 'bearer';
}

/** Any SDK rejection (or our own error) as a {@link CxGraphError}. */
export function normalizeError(e: unknown, ctx: NormalizeContext = {}): CxGraphError {
  if (e instanceof CxGraphError) return e;
  const f = readRejection(e);
  const correlationId = f.headers['inin-correlation-id'] ?? f.body?.contextId;
  const base: ErrorDetails = {};
  if (ctx.endpoint) base.endpoint = ctx.endpoint;
  if (f.status !== undefined) base.status = f.status;
  if (f.body?.code) base.genesysCode = f.body.code;
  if (correlationId) base.correlationId = correlationId;
  const where = ctx.endpoint ? ` (${ctx.endpoint})` : '';
  const said = f.body?.message ?? f.body?.error_description ?? f.body?.description;

  if (f.status === undefined) {
    if (typeof e === 'string') {
      // The SDK throws a string synchronously for a missing required parameter.
      return new InvalidQueryError(`Invalid request${where}: ${e}.`, undefined, { ...base, hint: 'Pass every required parameter; empty strings count as missing.' });
    }
    if (f.networkCode === 'ECONNABORTED' || f.networkCode === 'ETIMEDOUT' || /timeout/i.test(f.text ?? '')) {
      return new TimeoutError(`Genesys Cloud did not answer in time${where}.`, { ...base, hint: 'Retry later, or raise the request timeout.' });
    }
    return new NetworkError(`Could not reach Genesys Cloud${where}: ${f.networkCode ?? f.text ?? 'no response'}.`, {
      ...base,
      hint: 'Check the network and the region or GENESYS_API_URL.',
    });
  }
  const status = f.status;
  if (status === 401 || f.body?.error === 'invalid_client') {
    if (f.body?.error) {
      return new AuthenticationError(`Login failed: ${f.body.error_description ?? f.body.error}.`, {
        ...base,
        hint: 'Check GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET (a client-credentials OAuth client) and the region.',
      });
    }
    return ctx.auth === 'bearer'
      ? new AuthenticationError(`The access token was rejected${where}: it is invalid or expired.`, { ...base, hint: 'Get a fresh token (GENESYS_ACCESS_TOKEN); bearer tokens are used as given and never refreshed.' })
      : new AuthenticationError(`Genesys Cloud rejected the credentials${where}${said ? `: ${said}` : ''}.`, { ...base, hint: 'Check the OAuth client: it may have been deleted, or its token revoked.' });
  }
  if (status === 403) {
    const permissions = permissionsIn(f.body?.message);
    return new PermissionError(said ? `Permission denied${where}: ${said}` : `Permission denied${where}.`, permissions, {
      ...base,
      hint: permissions.length > 0 ? `Give the OAuth client's role ${permissions.length > 1 ? 'one of ' : ''}${permissions.join(', ')}.` : "Check the OAuth client's roles and divisions.",
    });
  }
  if (status === 404) return new NotFoundError(said ? `Not found${where}: ${said}` : `Not found${where}.`, { ...base, hint: 'Check the id.' });
  if (status === 429) {
    const wait = retryAfterMs(f.headers);
    return new RateLimitError(`Rate limited by Genesys Cloud${where}${said ? `: ${said}` : ''}.`, wait, { ...base, hint: 'Lower the request rate or wait; cxgraph retries these on its own up to its retry budget.' });
  }
  if (status >= 500) return new UpstreamError(`Genesys Cloud failed${where}: ${status}${said ? ` ${said}` : ''}.`, { ...base, hint: 'A server-side problem; retry later.' });
  if (/requires a user context/i.test(said ?? '')) {
    return new UserContextRequiredError(`${said}${where ? ` ${where.trim()}` : ''}`, { ...base, hint: 'Use a user token (GENESYS_ACCESS_TOKEN) for user-scoped endpoints, or the org-wide alternative.' });
  }
  if (status === 400 || status === 413 || status === 415 || status === 422) {
    const field = f.body?.details?.find((d) => d.fieldName)?.fieldName;
    return new InvalidQueryError(`Genesys Cloud rejected the request${where}: ${said ?? `status ${status}`}`, field, { ...base, hint: 'Fix the request as the message says.' });
  }
  return new UpstreamError(`Unexpected answer from Genesys Cloud${where}: ${status}${said ? ` ${said}` : ''}.`, base);
}
