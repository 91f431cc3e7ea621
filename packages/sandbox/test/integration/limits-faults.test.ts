import platformClient from 'purecloud-platform-client-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';

/**
 * Rate limits, injected faults, token revocation and the request log, each switched on and off over the
 * control API (`/__sandbox/*`, plain fetch) and observed through the real SDK.
 */

type Client = InstanceType<typeof platformClient.ApiClientClass>;
interface Ext<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
}
interface ErrorBody {
  message: string;
  code: string;
  status: number;
  contextId: string;
  messageParams?: Record<string, string>;
}
interface AxiosLike {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: unknown;
}

const NOW = '2026-03-10T14:30:00Z';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let sandbox: Sandbox;
let queueId: string;

async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  });
  const text = await res.text();
  return { status: res.status, json: (text === '' ? undefined : JSON.parse(text)) as T };
}

async function newClient(login = true): Promise<Client> {
  const c = new platformClient.ApiClientClass();
  c.config.live_reload_config = false;
  // A loaded 2-core machine can take far longer than the SDK's 16 s on one cold request.
  (c as unknown as { timeout: number }).timeout = 120_000;
  c.setGateway({ host: '127.0.0.1', protocol: 'http', port: sandbox.port, path_params_login: '', path_params_api: '' });
  c.setReturnExtendedResponses(true);
  c.getHttpClient().setTimeout(30_000); // generous: a loaded machine answers slowly, and no test waits on it
  if (login) await c.loginClientCredentialsGrant('cxgraph-demo', 'cxgraph-demo-secret');
  return c;
}

/** Settles an SDK call: `{ ok: true, r }` with the extended response, or `{ ok: false, e }` with the rejection. */
async function settle(call: Promise<unknown>): Promise<{ ok: true; r: Ext } | { ok: false; e: Ext<ErrorBody> & AxiosLike }> {
  try {
    return { ok: true, r: (await call) as Ext };
  } catch (e) {
    return { ok: false, e: e as Ext<ErrorBody> & AxiosLike };
  }
}

async function rejected(call: Promise<unknown>): Promise<Ext<ErrorBody> & AxiosLike> {
  const s = await settle(call);
  if (s.ok) throw new Error(`expected a rejection, got ${s.r.status}`);
  return s.e;
}

async function status(call: Promise<unknown>): Promise<number> {
  const s = await settle(call);
  return s.ok ? s.r.status : s.e.status;
}

const getQueue = (c: Client) => new platformClient.RoutingApi(c).getRoutingQueue(queueId);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  sandbox = await createSandbox({ seed: 7, now: NOW });
  queueId = sandbox.store.org.queues[0]!.id;
});

afterEach(async () => {
  await control('DELETE', '/__sandbox/faults');
});

afterAll(async () => {
  await sandbox?.close();
});

// -------------------------------------------------------------------------------------------------
describe('rate limit', () => {
  afterEach(() => {
    sandbox.setLimits({ requestsPerMinute: 300, rateWindowMs: 60_000 });
  });

  it('a burst of 30 against a budget of 20 gets exactly 10 × 429 with Retry-After, and the next window is open', async () => {
    // A window far longer than the burst could take on a loaded machine; its end is reached below by
    // shrinking it (the limiter reads its settings on every request), not by waiting.
    sandbox.setLimits({ requestsPerMinute: 20, rateWindowMs: 60_000 });
    const c = await newClient();
    expect((await control('DELETE', '/__sandbox/requests')).status).toBe(200);
    const results = await Promise.all(Array.from({ length: 30 }, () => settle(getQueue(c))));

    const okay = results.flatMap((s) => (s.ok ? [s.r] : []));
    const limited = results.flatMap((s) => (s.ok ? [] : [s.e]));
    expect(okay).toHaveLength(20);
    expect(limited).toHaveLength(10);
    for (const r of okay) expect(r.status).toBe(200);
    // Each accepted request counted once: counts 1..20.
    expect(okay.map((r) => Number(r.headers['inin-ratelimit-count'])).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const e of limited) {
      expect(e.status).toBe(429);
      expect(e.body.code).toBe('too.many.requests.retry.after');
      const retryAfter = Number(e.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(e.body.message).toBe(`Rate limit exceeded the maximum. Retry the request in [${retryAfter}] seconds`);
      expect(e.headers['inin-ratelimit-allowed']).toBe('20');
      expect(e.headers['inin-correlation-id']).toMatch(UUID);
    }
    const counters = (await control<{ counters: Record<string, { requests: number; ok: number; rateLimited: number; byStatus: Record<string, number> }> }>('GET', '/__sandbox/counters')).json.counters;
    expect(counters['GET /api/v2/routing/queues/{queueId}']).toMatchObject({ requests: 30, ok: 20, rateLimited: 10, byStatus: { '200': 20, '429': 10 } });

    // Still refused inside the window…
    expect(await status(getQueue(c))).toBe(429);
    // …and accepted once it has passed: with a 1-ms window, after a few ms of real time.
    sandbox.setLimits({ rateWindowMs: 1 });
    await sleep(5);
    const after = await settle(getQueue(c));
    expect(after.ok && after.r.status).toBe(200);
    expect(after.ok && after.r.headers['inin-ratelimit-count']).toBe('1');
  });

  it('budgets are per token: another login is not limited by the first one', async () => {
    sandbox.setLimits({ requestsPerMinute: 2, rateWindowMs: 60_000 });
    const a = await newClient();
    const b = await newClient();
    expect([await status(getQueue(a)), await status(getQueue(a)), await status(getQueue(a))]).toEqual([200, 200, 429]);
    expect(await status(getQueue(b))).toBe(200);
  });

  it('PUT /__sandbox/limits changes the budget over HTTP and rejects unknown keys', async () => {
    const put = await control<{ requestsPerMinute: number }>('PUT', '/__sandbox/limits', { requestsPerMinute: 1 });
    expect(put.status).toBe(200);
    expect(put.json.requestsPerMinute).toBe(1);
    const c = await newClient();
    expect([await status(getQueue(c)), await status(getQueue(c))]).toEqual([200, 429]);
    const bad = await control<{ message: string }>('PUT', '/__sandbox/limits', { requestsPerHour: 5 });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('requestsPerHour');
  });
});

// -------------------------------------------------------------------------------------------------
describe('faults over the control API', () => {
  it('errorRate 1 → every call 5xx with a Genesys body (login too); errorRate 0 → 200 again', async () => {
    const c = await newClient();
    const put = await control<{ errorRate: number; errorStatus: number }>('PUT', '/__sandbox/faults', { errorRate: 1 });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ errorRate: 1, errorStatus: 500 });
    expect((await control<{ errorRate: number }>('GET', '/__sandbox/faults')).json.errorRate).toBe(1);

    for (let i = 0; i < 3; i++) {
      const e = await rejected(getQueue(c));
      expect(e.status).toBe(500);
      expect(e.body).toMatchObject({ status: 500, code: 'internal.server.error', message: expect.stringContaining('unexpected condition') });
      expect(e.body.contextId).toBe(e.headers['inin-correlation-id']);
    }
    await control('PUT', '/__sandbox/faults', { errorStatus: 503 });
    const e503 = await rejected(new platformClient.UsersApi(c).getUsers({ pageSize: 1 }));
    expect(e503.status).toBe(503);
    expect(e503.body.code).toBe('service.unavailable');

    const login = (await rejected((await newClient(false)).loginClientCredentialsGrant('cxgraph-demo', 'cxgraph-demo-secret'))) as AxiosLike & { response?: { status: number } };
    expect(login.isAxiosError).toBe(true);
    expect(login.response?.status).toBe(503);

    expect((await control('PUT', '/__sandbox/faults', { errorRate: 0 })).status).toBe(200);
    expect(await status(getQueue(c))).toBe(200);
  });

  it('errorRate 0.5 fails some calls, and the same settings give the same pattern', async () => {
    const c = await newClient();
    const run = async () => {
      await control('PUT', '/__sandbox/faults', { errorRate: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 30; i++) out.push(await status(getQueue(c)));
      return out;
    };
    const first = await run();
    const failures = first.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(25);
    expect(first.filter((s) => s !== 500 && s !== 200)).toEqual([]);
    expect(await run()).toEqual(first);
  });

  it('latencyMs 300 makes calls measurably slower; 0 makes them fast again', async () => {
    const c = await newClient();
    const timed = async () => {
      const t = performance.now();
      expect(await status(getQueue(c))).toBe(200);
      return performance.now() - t;
    };
    await timed(); // warm the connection
    await control('PUT', '/__sandbox/faults', { latencyMs: 300 });
    const slow = await timed();
    expect(slow).toBeGreaterThanOrEqual(295);
    // Back to 0 after a minute of latency: bounds far from both a loaded machine and the minute.
    await control('PUT', '/__sandbox/faults', { latencyMs: 60_000 });
    await control('PUT', '/__sandbox/faults', { latencyMs: 0 });
    const fast = await timed();
    expect(fast).toBeLessThan(20_000);
  }, 120_000);

  it('dropRate 1 → the SDK rejects with a network error and no response; 0 → 200', async () => {
    const c = await newClient();
    await control('DELETE', '/__sandbox/requests');
    await control('PUT', '/__sandbox/faults', { dropRate: 1 });
    const e = await rejected(getQueue(c));
    expect(e.isAxiosError).toBe(true);
    expect(e.response).toBeUndefined();
    expect(e.status).toBeUndefined();
    expect(e.code === 'ECONNRESET' || /socket hang up/i.test(e.message ?? '')).toBe(true);
    const entries = sandbox.log.entries().filter((x) => x.endpoint === 'GET /api/v2/routing/queues/{queueId}');
    expect(entries.map((x) => [x.status, x.outcome])).toEqual([[0, 'fault-drop']]);

    await control('PUT', '/__sandbox/faults', { dropRate: 0 });
    expect(await status(getQueue(c))).toBe(200);
  });

  it('a storm answers 429 with Retry-After to every request until cleared', async () => {
    const c = await newClient();
    const put = await control<{ stormUntil: number }>('PUT', '/__sandbox/faults', { stormSeconds: 30 });
    expect(put.json.stormUntil).toBeGreaterThan(Date.now());
    const calls = [getQueue(c), new platformClient.UsersApi(c).getUsers({ pageSize: 1 }), new platformClient.TokensApi(c).getTokensMe(), getQueue(c)];
    for (const call of calls) {
      const e = await rejected(call);
      expect(e.status).toBe(429);
      expect(e.body.code).toBe('too.many.requests.retry.after');
      expect(e.headers['retry-after']).toBe(String(sandbox.limits.stormRetryAfterSeconds));
      expect(Number(e.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect((await control('DELETE', '/__sandbox/faults')).status).toBe(200);
    expect(await status(getQueue(c))).toBe(200);
  });

  it('stormRemaining 3 → exactly the next 3 requests get 429', async () => {
    const c = await newClient();
    await control('PUT', '/__sandbox/faults', { stormRemaining: 3 });
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) seen.push(await status(getQueue(c)));
    expect(seen).toEqual([429, 429, 429, 200, 200]);
  });

  it('rejects a bad faults patch with 400 naming the field', async () => {
    const r = await control<{ message: string }>('PUT', '/__sandbox/faults', { errorRate: 2 });
    expect(r.status).toBe(400);
    expect(r.json.message).toContain('errorRate');
    const unknown = await control<{ message: string }>('PUT', '/__sandbox/faults', { chaos: true });
    expect(unknown.status).toBe(400);
    expect(unknown.json.message).toContain('chaos');
  });
});

// -------------------------------------------------------------------------------------------------
describe('token revocation', () => {
  it('a revoked token gets 401; logging in again works', async () => {
    const c = await newClient();
    expect(await status(getQueue(c))).toBe(200);
    const r = await control<{ revoked: number }>('POST', '/__sandbox/tokens/revoke', { clientId: 'cxgraph-demo' });
    expect(r.status).toBe(200);
    expect(r.json.revoked).toBeGreaterThanOrEqual(1);
    const e = await rejected(getQueue(c));
    expect(e.status).toBe(401);
    expect(e.body.code).toBe('bad.credentials');
    await c.loginClientCredentialsGrant('cxgraph-demo', 'cxgraph-demo-secret');
    expect(await status(getQueue(c))).toBe(200);
  });
});

// -------------------------------------------------------------------------------------------------
describe('other control endpoints, seen through the SDK', () => {
  it('POST /__sandbox/tokens/user mints a user token the SDK can use; unknown users get 404', async () => {
    const agent = sandbox.store.org.agents[4]!;
    const r = await control<{ access_token: string; userId: string; expires_in: number }>('POST', '/__sandbox/tokens/user', { userId: agent.id });
    expect(r.status).toBe(200);
    expect(r.json.userId).toBe(agent.id);
    const c = await newClient(false);
    c.setAccessToken(r.json.access_token);
    const me = (await new platformClient.UsersApi(c).getUsersMe()) as unknown as Ext<{ id: string; name: string }>;
    expect(me.body).toMatchObject({ id: agent.id, name: agent.name });
    const unknown = await control<{ message: string }>('POST', '/__sandbox/tokens/user', { userId: 'nobody' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.message).toContain('nobody');
  });

  it('PUT /__sandbox/clock moves what the analytics API sees; health and org describe the sandbox', async () => {
    const c = await newClient();
    const analytics = new platformClient.AnalyticsApi(c);
    const hits = async () =>
      ((await analytics.postAnalyticsConversationsDetailsQuery({ interval: '2026-03-10T00:00:00Z/2026-03-11T00:00:00Z', paging: { pageSize: 1, pageNumber: 1 } })) as unknown as Ext<{ totalHits: number }>).body.totalHits;
    const atNow = await hits();
    try {
      const put = await control<{ now: string; frozen: boolean }>('PUT', '/__sandbox/clock', { now: '2026-03-10T06:00:00Z' });
      expect(put.json).toEqual({ now: '2026-03-10T06:00:00.000Z', frozen: true });
      expect((await control<{ now: string; seed: number; ok: boolean }>('GET', '/__sandbox/health')).json).toMatchObject({ ok: true, seed: 7, now: '2026-03-10T06:00:00.000Z' });
      const early = await hits();
      expect(early).toBeGreaterThan(0);
      expect(early).toBeLessThan(atNow);
    } finally {
      await control('PUT', '/__sandbox/clock', { now: NOW });
    }
    expect(await hits()).toBe(atNow);

    const org = await control<{ agents: Array<{ id: string }>; queues: Array<{ id: string }> }>('GET', '/__sandbox/org');
    const users = (await new platformClient.UsersApi(c).getUsers({ pageSize: 1 })) as unknown as Ext<{ total: number }>;
    expect(org.json.agents).toHaveLength(users.body.total);
    const clients = await control<{ clients: Array<{ id: string; permissions: string[] }> }>('GET', '/__sandbox/clients');
    expect(clients.json.clients.map((x) => x.id)).toEqual(expect.arrayContaining(['cxgraph-demo', 'cxgraph-no-analytics']));
  });
});

// -------------------------------------------------------------------------------------------------
describe('request log and counters', () => {
  it('count exactly the calls made, and never contain the access token', async () => {
    const c = await newClient();
    const token = (c as unknown as { authData: { accessToken: string } }).authData.accessToken;
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect((await control('DELETE', '/__sandbox/requests')).json).toEqual({ reset: true });

    const N = 7;
    for (let i = 0; i < N; i++) expect(await status(getQueue(c))).toBe(200);
    expect(await status(new platformClient.RoutingApi(c).getRoutingQueue('00000000-0000-4000-8000-000000000000'))).toBe(404);
    expect(await status(new platformClient.UsersApi(c).getUsers({ pageSize: 0 }))).toBe(400);

    const counters = await control<{ counters: Record<string, unknown>; total: { requests: number } }>('GET', '/__sandbox/counters');
    expect(counters.status).toBe(200);
    expect(counters.json.counters).toEqual({
      'GET /api/v2/routing/queues/{queueId}': { requests: N + 1, ok: N, errors: 1, rateLimited: 0, faults: 0, byStatus: { '200': N, '404': 1 } },
      'GET /api/v2/users': { requests: 1, ok: 0, errors: 1, rateLimited: 0, faults: 0, byStatus: { '400': 1 } },
    });
    expect(counters.json.total.requests).toBe(N + 2);

    const log = await control<{ entries: Array<{ endpoint: string; status: number; clientId?: string; correlationId: string; path: string }>; lastSeq: number }>('GET', '/__sandbox/requests');
    expect(log.json.entries).toHaveLength(N + 2);
    const queueEntries = log.json.entries.filter((x) => x.endpoint === 'GET /api/v2/routing/queues/{queueId}');
    expect(queueEntries.map((x) => x.status)).toEqual([...Array<number>(N).fill(200), 404]);
    for (const x of log.json.entries) {
      expect(x.clientId).toBe('cxgraph-demo');
      expect(x.correlationId).toMatch(UUID);
    }
    expect(queueEntries[0]?.path).toBe(`/api/v2/routing/queues/${queueId}`);
    // limit=2: the newest two.
    const newest = await control<{ entries: Array<{ status: number }> }>('GET', '/__sandbox/requests?limit=2');
    expect(newest.json.entries.map((x) => x.status)).toEqual([404, 400]);

    // Neither the token nor the client secret appears anywhere in what the log hands out.
    const texts = [JSON.stringify(counters.json), JSON.stringify(log.json), JSON.stringify(sandbox.log.entries()), JSON.stringify(sandbox.log.counters())];
    for (const t of texts) {
      expect(t).not.toContain(token);
      expect(t).not.toContain('cxgraph-demo-secret');
    }
  });

  it('logins are logged too (POST /oauth/token), without the credentials', async () => {
    await control('DELETE', '/__sandbox/requests');
    const c = await newClient();
    await rejected((await newClient(false)).loginClientCredentialsGrant('cxgraph-demo', 'wrong-secret'));
    const counters = sandbox.log.counters();
    expect(counters['POST /oauth/token']).toMatchObject({ requests: 2, ok: 1, errors: 1, byStatus: { '200': 1, '401': 1 } });
    const token = (c as unknown as { authData: { accessToken: string } }).authData.accessToken;
    const text = JSON.stringify(sandbox.log.entries());
    expect(text).not.toContain(token);
    expect(text).not.toContain('wrong-secret');
  });
});
