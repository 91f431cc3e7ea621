import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxLimits } from '../options.js';
import { authenticate, authorize, type TokenStore } from './auth.js';
import { GenesysHttpError, badRequest, notFound } from './errors.js';
import type { Faults } from './faults.js';
import { secondsUntil, type RateLimiter, type RateState } from './limits.js';
import type { RequestOutcome } from './log.js';
import type { AuthContext, CompiledRoute, RequestContext, RouteMatch, RouteResult, Router } from './router.js';

/**
 * The /api/v2 request pipeline: named steps run in order, each with one job. A step ends the request by
 * answering it through `deps.fail`/`deps.send` (or by dropping it), which marks the exchange `done`; the
 * runner stops at the first step after which the exchange is done. Steps never write to the socket
 * themselves: the server owns responses, the request log and the connection's lifecycle.
 */

/** One request as the server tracks it from arrival to answer. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  rawQuery: string;
  correlationId: string;
  t0: number;
  arrived: number;
  now: number;
  endpoint: string;
  api: boolean;
  clientId?: string;
  userId?: string;
  tokenId?: string;
  rate?: RateState;
  /** Answered, dropped or abandoned: nothing more may be sent. */
  done: boolean;
}

/** What the steps need from the server. */
export interface PipelineDeps {
  router: Router;
  tokens: TokenStore;
  limiter: RateLimiter;
  faults: Faults;
  limits: Readonly<SandboxLimits>;
  /** Drop fault, then latency fault. Ends the exchange (done) when the request is gone. */
  connectionFaults(ex: Exchange): Promise<unknown>;
  fail(ex: Exchange, e: unknown, outcome: RequestOutcome): void;
  send(ex: Exchange, status: number, body: unknown, headers: Record<string, string> | undefined, outcome: RequestOutcome): void;
}

/** What the steps learn about a request as it goes through them. */
export interface ApiRequest {
  ex: Exchange;
  match?: RouteMatch | GenesysHttpError;
  route?: CompiledRoute;
  params?: Record<string, string>;
  auth?: AuthContext;
  body?: unknown;
}

export type Step = (r: ApiRequest, d: PipelineDeps) => void | Promise<void>;

const unsupportedMediaType = (): GenesysHttpError =>
  new GenesysHttpError(415, 'unsupported.media.type', 'Unsupported Media Type - Unsupported or incorrect media type, such as an incorrect Content-Type value in the header.');

export const tooLarge = (max: number): GenesysHttpError =>
  new GenesysHttpError(413, 'request.entity.too.large', `The request is over the size limit. Maximum bytes: ${max}`, { messageParams: { maxBytes: String(max) } });

export function retryAfterError(seconds: number): GenesysHttpError {
  return new GenesysHttpError(429, 'too.many.requests.retry.after', `Rate limit exceeded the maximum. Retry the request in [${seconds}] seconds`, {
    messageParams: { retryAfter: String(seconds) },
    headers: { 'Retry-After': String(seconds) },
  });
}

/** Reads the whole body; past `max` bytes it keeps draining but returns 'too-large'. */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
      } else if (!over) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(over ? 'too-large' : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function mediaType(ct: string | undefined): string | undefined {
  const mt = ct?.split(';')[0]?.trim().toLowerCase();
  return mt === '' ? undefined : mt;
}

const isJsonType = (mt: string): boolean => mt === 'application/json' || (mt.startsWith('application/') && mt.endsWith('+json'));

/** A step that runs before the one that sets what it reads is a bug in STEPS, not a request error. */
function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`pipeline step ran before ${what} was known`);
  return value;
}

// -------------------------------------------------------------------------------------------------
// The steps, in the order they run

/** Matches the route first, only to name the endpoint in the log; it is answered after the faults. */
export const matchRoute: Step = (r, d) => {
  try {
    r.match = d.router.match(r.ex.method, r.ex.path);
  } catch (e) {
    r.match = e instanceof GenesysHttpError ? e : badRequest('Malformed request path');
  }
  if (!(r.match instanceof GenesysHttpError) && r.match.kind === 'found') r.ex.endpoint = r.match.route.endpoint;
};

/** Dropped connections and added latency. */
export const injectConnectionFaults: Step = async (r, d) => {
  await d.connectionFaults(r.ex);
};

/** A 429 storm answers before auth, as Genesys's edge does. */
export const injectStorm: Step = (r, d) => {
  if (d.faults.takeStorm()) d.fail(r.ex, retryAfterError(d.limits.stormRetryAfterSeconds), 'fault-storm');
};

/** 400 (bad path encoding), 404 (no such path) or 405 (path exists, method does not). */
export const answerUnrouted: Step = (r, d) => {
  const match = need(r.match, 'the route match');
  if (match instanceof GenesysHttpError) return d.fail(r.ex, match, 'error');
  if (match.kind === 'none') return d.fail(r.ex, notFound(), 'error');
  if (match.kind === 'method-not-allowed') {
    const allowed = match.allowed.join(', ');
    return d.fail(
      r.ex,
      new GenesysHttpError(405, 'method.not.allowed', `The requested method ${r.ex.method} is not supported for this resource. Allowed: ${allowed}`, {
        headers: { Allow: allowed },
      }),
      'error',
    );
  }
  r.route = match.route;
  r.params = match.params;
};

/** 401 unless the bearer token is known and alive. */
export const authenticateBearer: Step = (r, d) => {
  let auth: AuthContext;
  try {
    auth = authenticate(d.tokens, r.ex.req.headers.authorization);
  } catch (e) {
    return d.fail(r.ex, e, 'unauthorized');
  }
  r.auth = auth;
  r.ex.clientId = auth.clientId;
  r.ex.tokenId = auth.tokenId;
  if (auth.userId !== undefined) r.ex.userId = auth.userId;
};

/** 429 past the token's budget; every request counts, refused ones too. */
export const limitRate: Step = (r, d) => {
  const rate = d.limiter.hit(need(r.auth, 'the caller').tokenId);
  r.ex.rate = rate;
  if (!rate.ok) d.fail(r.ex, retryAfterError(secondsUntil(rate.resetMs)), 'rate-limited');
};

/** 403 (missing permission) or the user-context error. */
export const authorizeRoute: Step = (r, d) => {
  try {
    authorize(need(r.route, 'the route').route, need(r.auth, 'the caller'), d.limits);
  } catch (e) {
    d.fail(r.ex, e, 'forbidden');
  }
};

/** An injected 5xx, after auth so it only hits requests that would otherwise succeed. */
export const injectServerError: Step = (r, d) => {
  const injected = d.faults.takeError();
  if (injected) d.fail(r.ex, injected, 'fault-error');
};

/** POST/PUT bodies: 415 (not JSON), 413 (too large), 400 (unparsable). */
export const readJsonBody: Step = async (r, d) => {
  const { ex } = r;
  if (ex.method !== 'POST' && ex.method !== 'PUT') return;
  const mt = mediaType(ex.req.headers['content-type']);
  const length = ex.req.headers['content-length'];
  const chunked = ex.req.headers['transfer-encoding'] !== undefined;
  const mayHaveBody = chunked || (length !== undefined && length !== '0');
  if (mt !== undefined ? !isJsonType(mt) : mayHaveBody) return d.fail(ex, unsupportedMediaType(), 'error');
  const max = d.limits.maxRequestBytes;
  if (Number(length ?? 0) > max) return d.fail(ex, tooLarge(max), 'error');
  const raw = await readBody(ex.req, max);
  if (raw === 'too-large') return d.fail(ex, tooLarge(max), 'error');
  const text = raw.toString('utf8');
  if (text.trim() === '') return;
  try {
    r.body = JSON.parse(text);
  } catch (e) {
    let msg = (e as Error).message;
    if (!/position \d+/.test(msg)) msg += ` at position ${text.length}`;
    d.fail(ex, badRequest(`The request body is not valid JSON: ${msg}`), 'error');
  }
};

/** The route's handler; its result (or thrown GenesysHttpError) is the answer. */
export const runHandler: Step = async (r, d) => {
  const { ex } = r;
  const route = need(r.route, 'the route');
  const ctx: RequestContext = {
    method: ex.method,
    path: ex.path,
    query: new URLSearchParams(ex.rawQuery),
    params: need(r.params, 'the path parameters'),
    body: r.body,
    auth: need(r.auth, 'the caller'),
    now: ex.now,
    correlationId: ex.correlationId,
  };
  let result: RouteResult;
  try {
    result = await route.route.handler(ctx);
  } catch (e) {
    return d.fail(ex, e, 'error');
  }
  if (typeof result !== 'object' || result === null) return d.fail(ex, new TypeError(`Handler of ${route.endpoint} returned ${String(result)}`), 'error');
  const status = result.status ?? 200;
  d.send(ex, status, result.body, result.headers, status < 400 ? 'ok' : 'error');
};

/** The /api/v2 steps, in order. */
export const API_STEPS: readonly Step[] = [
  matchRoute,
  injectConnectionFaults,
  injectStorm,
  answerUnrouted,
  authenticateBearer,
  limitRate,
  authorizeRoute,
  injectServerError,
  readJsonBody,
  runHandler,
];

/** Runs the steps in order until one of them ends the request. */
export async function runPipeline(ex: Exchange, d: PipelineDeps, steps: readonly Step[] = API_STEPS): Promise<void> {
  const r: ApiRequest = { ex };
  for (const step of steps) {
    const pending = step(r, d);
    if (pending) await pending;
    if (ex.done) return;
  }
}
