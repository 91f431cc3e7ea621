import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxClock } from '../clock.js';
import { DEFAULT_LIMITS, type SandboxLimits } from '../options.js';
import { bearerToken, DEFAULT_CLIENTS, handleTokenRequest, TokenStore, type OAuthClient } from './auth.js';
import { handleControl, type ControlDeps, type ExtraControl } from './control.js';
import { GenesysHttpError, newCorrelationId, notFound } from './errors.js';
import { Faults } from './faults.js';
import { parseLimitsPatch, rateHeaders, RateLimiter } from './limits.js';
import { RequestLog, type RequestOutcome } from './log.js';
import { readBody, runPipeline, tooLarge, type Exchange, type PipelineDeps } from './pipeline.js';
import { Router, type Route } from './router.js';

/**
 * The sandbox's HTTP server (node:http, no framework): the request's lifecycle, responses and the
 * request log. An /api/v2 request runs the steps of pipeline.ts, in order: drop fault → latency → storm →
 * route (404/405) → bearer auth (401) → rate limit (429) → permissions/user context (403/…) → 5xx fault →
 * body (415/413/400) → handler.
 * `/oauth/token`: drop → latency → 5xx fault → login. `/__sandbox/*`: the control API (loopback only).
 * Every response carries `ININ-Correlation-Id`; error bodies carry the same id as `contextId`.
 */

export interface StartHttpServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  routes: Route[];
  /**
   * Changed IN PLACE by `setLimits` and `PUT /__sandbox/limits`, so route handlers that hold the same
   * object see changes (DEFAULT_LIMITS itself is copied first, never mutated).
   */
  limits: SandboxLimits;
  clock: SandboxClock;
  seed: number;
  /** Default DEFAULT_CLIENTS. */
  clients?: OAuthClient[];
  userExists: (userId: string) => boolean;
  /** Serves control paths the built-in control API does not know; undefined → 404. */
  extraControl?: ExtraControl;
  /** Request log ring size. Default 10,000. */
  logCapacity?: number;
  /** Handles HTTP upgrades (the notification sockets); without it an upgrade request's socket is closed. */
  onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

export interface HttpServer {
  /** 'http://127.0.0.1:PORT' */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  readonly tokens: TokenStore;
  readonly faults: Faults;
  readonly log: RequestLog;
  readonly limiter: RateLimiter;
  readonly clock: SandboxClock;
  /** The live limits object (see StartHttpServerOptions.limits). */
  readonly limits: Readonly<SandboxLimits>;
  /** Validates (RangeError naming bad keys) and applies a partial change; returns the whole limits. */
  setLimits(partial: Partial<SandboxLimits>): Readonly<SandboxLimits>;
}

const JSON_TYPE = 'application/json; charset=UTF-8';
const TOKEN_ENDPOINT = '/oauth/token';

function isLoopback(addr: string | undefined): boolean {
  if (!addr) return false;
  return addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');
}

const internalError = (): GenesysHttpError =>
  new GenesysHttpError(500, 'internal.server.error', 'The server encountered an unexpected condition which prevented it from fulfilling the request.');

export async function startHttpServer(opts: StartHttpServerOptions): Promise<HttpServer> {
  const host = opts.host ?? '127.0.0.1';
  const limits: SandboxLimits = opts.limits === DEFAULT_LIMITS ? { ...DEFAULT_LIMITS } : opts.limits;
  const router = new Router(opts.routes);
  const tokens = new TokenStore({ clients: opts.clients ?? DEFAULT_CLIENTS, lifetimeSeconds: () => limits.tokenLifetimeSeconds });
  const faults = new Faults(opts.seed);
  const log = new RequestLog(opts.logCapacity);
  const limiter = new RateLimiter(() => limits);
  const clock = opts.clock;
  const closing = new AbortController();
  const debug = Boolean(process.env['SANDBOX_DEBUG']);
  let url = '';

  const setLimits = (partial: Partial<SandboxLimits>): Readonly<SandboxLimits> => {
    Object.assign(limits, parseLimitsPatch(partial));
    return limits;
  };

  const controlDeps: ControlDeps = {
    seed: opts.seed,
    url: () => url,
    clock,
    faults,
    tokens,
    log,
    limits: () => limits,
    setLimits,
    userExists: opts.userExists,
    ...(opts.extraControl ? { extraControl: opts.extraControl } : {}),
  };

  // ------------------------------------------------------------------------------------------------
  // Responses

  function send(ex: Exchange, status: number, body: unknown, headers: Record<string, string> | undefined, outcome: RequestOutcome): void {
    if (ex.done) return;
    ex.done = true;
    const out: Record<string, string> = {};
    if (ex.api) {
      let rate = ex.rate;
      if (!rate) {
        const token = bearerToken(ex.req.headers.authorization);
        const v = token === undefined ? undefined : tokens.verify(token);
        rate = limiter.peek(v?.ok ? v.auth.tokenId : undefined);
      }
      Object.assign(out, rateHeaders(rate));
    }
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) {
      out['Content-Type'] = JSON_TYPE;
      out['Content-Length'] = String(Buffer.byteLength(payload));
    } else {
      out['Content-Length'] = '0';
    }
    if (headers) Object.assign(out, headers);
    if (!ex.res.destroyed) {
      try {
        ex.res.writeHead(status, out);
        ex.res.end(payload);
      } catch (e) {
        if (debug) console.error('[sandbox] could not write response', e);
        ex.res.destroy();
      }
    }
    record(ex, status, outcome);
  }

  function record(ex: Exchange, status: number, outcome: RequestOutcome): void {
    const entry: Parameters<RequestLog['record']>[0] = {
      time: new Date(ex.arrived).toISOString(),
      method: ex.method,
      path: ex.path,
      endpoint: ex.endpoint,
      status,
      durationMs: Math.round((performance.now() - ex.t0) * 100) / 100,
      correlationId: ex.correlationId,
      outcome,
    };
    if (ex.clientId !== undefined) entry.clientId = ex.clientId;
    if (ex.userId !== undefined) entry.userId = ex.userId;
    log.record(entry);
  }

  function fail(ex: Exchange, e: unknown, outcome: RequestOutcome): void {
    let err: GenesysHttpError;
    if (e instanceof GenesysHttpError) {
      err = e;
    } else {
      if (debug) console.error(`[sandbox] ${ex.method} ${ex.path} (${ex.correlationId}) failed:`, e instanceof Error ? e.stack : e);
      err = internalError();
      outcome = 'error';
    }
    send(ex, err.status, err.toBody(ex.correlationId), err.extra.headers, outcome);
  }

  function drop(ex: Exchange): void {
    if (ex.done) return;
    ex.done = true;
    ex.req.socket.destroy();
    record(ex, 0, 'fault-drop');
  }

  /** Drop, then latency. Returns false when the request is gone (dropped, or the server is closing). */
  async function connectionFaults(ex: Exchange): Promise<boolean> {
    if (faults.shouldDrop()) {
      drop(ex);
      return false;
    }
    const delay = faults.latency();
    if (delay > 0) {
      try {
        await sleep(delay, undefined, { signal: closing.signal });
      } catch {
        ex.done = true;
        ex.req.socket.destroy();
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------------------------------------
  // /oauth/token

  async function login(ex: Exchange): Promise<void> {
    ex.endpoint = `${ex.method} ${TOKEN_ENDPOINT}`;
    if (!(await connectionFaults(ex))) return;
    const injected = faults.takeError();
    if (injected) return fail(ex, injected, 'fault-error');
    const max = limits.maxRequestBytes;
    if (Number(ex.req.headers['content-length'] ?? 0) > max) return fail(ex, tooLarge(max), 'error');
    const raw = await readBody(ex.req, max);
    if (raw === 'too-large') return fail(ex, tooLarge(max), 'error');
    const r = handleTokenRequest(
      { method: ex.method, authorization: ex.req.headers.authorization, contentType: ex.req.headers['content-type'], body: raw.toString('utf8') },
      tokens,
      limits,
    );
    if (r.clientId !== undefined) ex.clientId = r.clientId;
    send(ex, r.status, r.body, r.headers, r.outcome);
  }

  // ------------------------------------------------------------------------------------------------
  // /api/v2

  const pipelineDeps: PipelineDeps = { router, tokens, limiter, faults, limits, connectionFaults, fail, send };

  async function api(ex: Exchange): Promise<void> {
    ex.api = true;
    await runPipeline(ex, pipelineDeps);
  }

  // ------------------------------------------------------------------------------------------------
  // /__sandbox

  async function control(req: IncomingMessage, res: ServerResponse, rawUrl: string): Promise<void> {
    let result;
    if (!isLoopback(req.socket.remoteAddress)) {
      result = { status: 403, body: { message: 'The control API only answers loopback clients' } };
    } else {
      result = await handleControl(req, new URL(rawUrl, 'http://sandbox'), controlDeps);
    }
    const payload = result.body === undefined ? undefined : JSON.stringify(result.body);
    const headers: Record<string, string> = { 'Content-Length': String(payload === undefined ? 0 : Buffer.byteLength(payload)) };
    if (payload !== undefined) headers['Content-Type'] = JSON_TYPE;
    Object.assign(headers, result.headers);
    if (!res.destroyed) res.writeHead(result.status ?? 200, headers).end(payload);
  }

  // ------------------------------------------------------------------------------------------------

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const correlationId = newCorrelationId();
    res.setHeader('ININ-Correlation-Id', correlationId);
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    if (path === '/__sandbox' || path.startsWith('/__sandbox/')) return control(req, res, rawUrl);
    const ex: Exchange = {
      req,
      res,
      method: req.method ?? 'GET',
      path,
      rawQuery: q < 0 ? '' : rawUrl.slice(q + 1),
      correlationId,
      t0: performance.now(),
      arrived: Date.now(),
      now: clock.now(),
      endpoint: 'unmatched',
      api: false,
      done: false,
    };
    try {
      if (path === TOKEN_ENDPOINT) await login(ex);
      else if (path.startsWith('/api/v2/')) await api(ex);
      else fail(ex, notFound(), 'error');
    } catch (e) {
      fail(ex, e, 'error');
    }
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((e: unknown) => {
      if (debug) console.error('[sandbox] request failed', e);
      if (!res.headersSent && !res.destroyed) res.writeHead(500, { 'Content-Type': JSON_TYPE }).end(JSON.stringify(internalError().toBody('')));
    });
  });

  if (opts.onUpgrade) server.on('upgrade', opts.onUpgrade);

  // Keep idle connections as long as Genesys's load balancers do (about a minute). Node's default of 5 s
  // races clients that reuse a socket after a pause, and they see ECONNRESET on a healthy server.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    tokens,
    faults,
    log,
    limiter,
    clock,
    get limits() {
      return limits;
    },
    setLimits,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
