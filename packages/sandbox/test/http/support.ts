import { SandboxClock } from '../../src/clock.js';
import { GenesysHttpError } from '../../src/http/errors.js';
import { listParam, type Route } from '../../src/http/router.js';
import { startHttpServer, type HttpServer, type StartHttpServerOptions } from '../../src/http/server.js';
import { DEFAULT_LIMITS, type SandboxLimits } from '../../src/options.js';

/** Trivial routes for exercising the server infrastructure (not the real Genesys endpoints). */
export const TEST_ROUTES: Route[] = [
  { method: 'GET', pattern: '/api/v2/ping', handler: (ctx) => ({ body: { ok: true, clientId: ctx.auth.clientId, now: ctx.now } }) },
  {
    method: 'GET',
    pattern: '/api/v2/things/{thingId}',
    permissions: ['analytics:conversationDetail:view', 'analytics:agentConversationDetail:view'],
    handler: (ctx) => ({ body: { thingId: ctx.params['thingId'], ids: listParam(ctx.query, 'id') } }),
  },
  { method: 'DELETE', pattern: '/api/v2/things/{thingId}', handler: () => ({ status: 204 }) },
  { method: 'GET', pattern: '/api/v2/things/special', handler: () => ({ body: { special: true } }) },
  { method: 'POST', pattern: '/api/v2/echo', handler: (ctx) => ({ body: { received: ctx.body ?? null }, headers: { 'X-Echo': 'yes' } }) },
  { method: 'GET', pattern: '/api/v2/me', userContext: true, handler: (ctx) => ({ body: { userId: ctx.auth.userId } }) },
  {
    method: 'GET',
    pattern: '/api/v2/boom',
    handler: () => {
      throw new Error('kaboom with internal detail');
    },
  },
  {
    method: 'GET',
    pattern: '/api/v2/gone/{id}',
    handler: async (ctx) => {
      await Promise.resolve();
      throw new GenesysHttpError(404, 'not.found', `Thing ${ctx.params['id']} was not found`, { headers: { 'X-Why': 'missing' } });
    },
  },
  // Shapes the real SDK calls (TokensApi.getTokensMe, AnalyticsApi.postAnalyticsConversationsDetailsQuery).
  { method: 'GET', pattern: '/api/v2/tokens/me', handler: (ctx) => ({ body: { OAuthClient: { id: ctx.auth.clientId, name: ctx.auth.clientName } } }) },
  {
    method: 'POST',
    pattern: '/api/v2/analytics/conversations/details/query',
    permissions: ['analytics:conversationDetail:view'],
    handler: (ctx) => ({ body: { echo: ctx.body } }),
  },
];

export const DEMO = { id: 'cxgraph-demo', secret: 'cxgraph-demo-secret' } as const;
export const KNOWN_USER = 'user-1';

export interface TestSandbox {
  server: HttpServer;
  url: string;
  /** Logs in over HTTP and returns the access token. */
  login(id?: string, secret?: string): Promise<string>;
  /** fetch() against the server with an optional bearer token. */
  api(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  /** A control-API call with a JSON body; returns status and parsed JSON. */
  control(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; res: Response }>;
  close(): Promise<void>;
}

export async function startTestSandbox(
  overrides: { limits?: Partial<SandboxLimits> } & Partial<Omit<StartHttpServerOptions, 'limits'>> = {},
): Promise<TestSandbox> {
  const { limits, ...rest } = overrides;
  const server = await startHttpServer({
    routes: TEST_ROUTES,
    clock: new SandboxClock({ now: '2024-05-01T12:00:00Z' }),
    seed: 42,
    userExists: (id) => id === KNOWN_USER,
    ...rest,
    limits: { ...DEFAULT_LIMITS, ...limits },
  });
  const url = server.url;
  return {
    server,
    url,
    async login(id = DEMO.id, secret = DEMO.secret) {
      const res = await fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      const json = (await res.json()) as { access_token?: string };
      if (res.status !== 200 || !json.access_token) throw new Error(`login failed: ${res.status} ${JSON.stringify(json)}`);
      return json.access_token;
    },
    api(path, init = {}) {
      const { token, headers, ...rest } = init;
      const h = new Headers(headers);
      if (token !== undefined) h.set('Authorization', `Bearer ${token}`);
      return fetch(`${url}${path}`, { ...rest, headers: h });
    },
    async control(method, path, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
      });
      const text = await res.text();
      return { status: res.status, json: text === '' ? undefined : JSON.parse(text), res };
    },
    close: () => server.close(),
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
