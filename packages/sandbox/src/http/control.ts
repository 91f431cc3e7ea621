import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { SandboxClock } from '../clock.js';
import type { SandboxLimits } from '../options.js';
import type { TokenStore } from './auth.js';
import { parseFaultsPatch, type Faults } from './faults.js';
import { describeIssues, parseLimitsPatch } from './limits.js';
import type { RequestLog } from './log.js';
import type { RouteResult } from './router.js';

/**
 * The control API under `/__sandbox/`: JSON in and out, for tests and tools to steer the sandbox
 * (clock, faults, limits, tokens) and read what happened (request log, counters).
 *
 * It has NO authentication: the server binds to loopback by default and refuses control requests from
 * any non-loopback peer (403), so only processes on the same machine can use it. Control requests are
 * never faulted, rate-limited or recorded in the request log. Errors are `{ message }` naming the problem.
 */

export type ExtraControl = (req: IncomingMessage, url: URL) => Promise<RouteResult | undefined>;

export interface ControlDeps {
  seed: number;
  url: () => string;
  clock: SandboxClock;
  faults: Faults;
  tokens: TokenStore;
  log: RequestLog;
  limits: () => Readonly<SandboxLimits>;
  /** Validated already; applies the patch and returns the whole limits. */
  setLimits: (patch: Partial<SandboxLimits>) => Readonly<SandboxLimits>;
  userExists: (userId: string) => boolean;
  extraControl?: ExtraControl;
}

/** A control-API failure: answered as `status` with `{ message }`. extraControl hooks may throw it too. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

const CONTROL_MAX_BYTES = 1024 * 1024;

/** Reads a JSON body (empty → `{}`); throws ControlError 400 (bad JSON) or 413. For extraControl hooks too. */
export async function readJsonBody(req: IncomingMessage, maxBytes = CONTROL_MAX_BYTES): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) tooLarge = true;
    else chunks.push(chunk);
  }
  if (tooLarge) throw new ControlError(413, `Request body is over ${maxBytes} bytes`);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ControlError(400, `Invalid JSON body: ${(e as Error).message}`);
  }
}

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new ControlError(400, `Invalid ${what}: ${describeIssues(r.error)}`);
  return r.data;
}

const instant = z.union([z.iso.datetime({ offset: true }), z.number().finite()]);
const clockPatch = z.object({ now: instant.optional(), advanceMs: z.number().finite().optional(), frozen: z.boolean().optional() }).strict();
const userTokenBody = z.object({ userId: z.string().min(1), lifetimeSeconds: z.number().positive().finite().optional() }).strict();
const revokeBody = z
  .object({ all: z.literal(true).optional(), clientId: z.string().min(1).optional(), token: z.string().min(1).optional() })
  .strict()
  .refine((b) => b.all !== undefined || b.clientId !== undefined || b.token !== undefined, {
    message: 'give one of all: true, clientId or token',
  });
const nonNegativeInt = z
  .string()
  .regex(/^\d+$/, 'expected a non-negative integer')
  .transform((s) => Number(s));
const requestsQuery = z.object({ since: nonNegativeInt.optional(), limit: nonNegativeInt.optional() }).strict();

type ControlHandler = (req: IncomingMessage, url: URL, d: ControlDeps) => RouteResult | Promise<RouteResult>;

const ok = (body: unknown): RouteResult => ({ status: 200, body });

const ROUTES: Record<string, Partial<Record<string, ControlHandler>>> = {
  '/__sandbox/health': {
    GET: (_r, _u, d) => ok({ ok: true, seed: d.seed, now: new Date(d.clock.now()).toISOString(), url: d.url() }),
  },
  '/__sandbox/clock': {
    GET: (_r, _u, d) => ok(d.clock.toJSON()),
    PUT: async (req, _u, d) => {
      const b = parse(clockPatch, await readJsonBody(req), 'clock');
      if (b.now !== undefined) d.clock.set(b.now, { frozen: b.frozen ?? true });
      else if (b.frozen === true) d.clock.freeze();
      else if (b.frozen === false) d.clock.resume();
      if (b.advanceMs !== undefined) d.clock.advance(b.advanceMs);
      return ok(d.clock.toJSON());
    },
  },
  '/__sandbox/faults': {
    GET: (_r, _u, d) => ok(d.faults.settings),
    PUT: async (req, _u, d) => {
      let patch;
      try {
        patch = parseFaultsPatch(await readJsonBody(req));
      } catch (e) {
        if (e instanceof RangeError) throw new ControlError(400, e.message);
        throw e;
      }
      return ok(d.faults.set(patch));
    },
    DELETE: (_r, _u, d) => {
      d.faults.clear();
      return ok(d.faults.settings);
    },
  },
  '/__sandbox/limits': {
    GET: (_r, _u, d) => ok(d.limits()),
    PUT: async (req, _u, d) => {
      let patch;
      try {
        patch = parseLimitsPatch(await readJsonBody(req));
      } catch (e) {
        if (e instanceof RangeError) throw new ControlError(400, e.message);
        throw e;
      }
      return ok(d.setLimits(patch));
    },
  },
  '/__sandbox/tokens/user': {
    POST: async (req, _u, d) => {
      const b = parse(userTokenBody, await readJsonBody(req), 'user token request');
      if (!d.userExists(b.userId)) throw new ControlError(404, `No user with id ${b.userId}`);
      const t = d.tokens.mintUserToken(b.userId, b.lifetimeSeconds === undefined ? {} : { lifetimeSeconds: b.lifetimeSeconds });
      return ok({ access_token: t.access_token, token_type: t.token_type, expires_in: t.expires_in, userId: t.userId });
    },
  },
  '/__sandbox/tokens/revoke': {
    POST: async (req, _u, d) => {
      const b = parse(revokeBody, await readJsonBody(req), 'revoke request');
      let revoked = 0;
      if (b.token !== undefined) revoked += d.tokens.revoke(b.token) ? 1 : 0;
      if (b.all) revoked += d.tokens.revokeAll();
      else if (b.clientId !== undefined) revoked += d.tokens.revokeAll({ clientId: b.clientId });
      return ok({ revoked });
    },
  },
  '/__sandbox/tokens/expire': {
    POST: (_r, _u, d) => ok({ expired: d.tokens.expireAll() }),
  },
  '/__sandbox/requests': {
    GET: (_r, url, d) => {
      const q = parse(requestsQuery, Object.fromEntries(url.searchParams), 'query');
      const opts: { since?: number; limit?: number } = {};
      if (q.since !== undefined) opts.since = q.since;
      if (q.limit !== undefined) opts.limit = q.limit;
      return ok({ entries: d.log.entries(opts), lastSeq: d.log.lastSeq });
    },
    DELETE: (_r, _u, d) => {
      d.log.reset();
      return ok({ reset: true });
    },
  },
  '/__sandbox/counters': {
    GET: (_r, _u, d) => ok({ counters: d.log.counters(), total: d.log.total() }),
  },
  '/__sandbox/clients': {
    // Public demo credentials: handing out the secrets is the point (tools and docs use them).
    GET: (_r, _u, d) =>
      ok({
        clients: d.tokens.clients.map((c) => ({
          id: c.id,
          secret: c.secret,
          name: c.name,
          permissions: [...c.permissions],
          ...(c.tokenLifetimeSeconds === undefined ? {} : { tokenLifetimeSeconds: c.tokenLifetimeSeconds }),
        })),
      }),
  },
};

/** Answers one control request (the caller has checked it comes from loopback). Never throws. */
export async function handleControl(req: IncomingMessage, url: URL, d: ControlDeps): Promise<RouteResult> {
  try {
    const methods = ROUTES[url.pathname];
    const method = req.method ?? 'GET';
    if (methods) {
      const h = methods[method];
      if (!h) {
        return { status: 405, body: { message: `${method} is not supported on ${url.pathname}; use ${Object.keys(methods).join(', ')}` }, headers: { Allow: Object.keys(methods).join(', ') } };
      }
      return await h(req, url, d);
    }
    const extra = d.extraControl ? await d.extraControl(req, url) : undefined;
    return extra ?? { status: 404, body: { message: `No control endpoint ${method} ${url.pathname}` } };
  } catch (e) {
    if (e instanceof ControlError) return { status: e.status, body: { message: e.message } };
    if (e instanceof RangeError) return { status: 400, body: { message: e.message } };
    const status = typeof (e as { status?: unknown }).status === 'number' ? (e as { status: number }).status : 500;
    if (status >= 500 && process.env['SANDBOX_DEBUG']) console.error('[sandbox] control error', e);
    return { status, body: { message: status >= 500 ? 'Internal error in the control API' : (e as Error).message } };
  }
}
