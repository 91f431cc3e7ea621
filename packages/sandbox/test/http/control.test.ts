import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestLog } from '../../src/http/log.js';
import { ControlError, readJsonBody } from '../../src/http/control.js';
import { startTestSandbox, type TestSandbox } from './support.js';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox({
    extraControl: async (req, url) => {
      if (url.pathname === '/__sandbox/org' && req.method === 'GET') return { body: { name: 'Test Org' } };
      if (url.pathname === '/__sandbox/echo' && req.method === 'POST') return { body: { got: await readJsonBody(req) } };
      if (url.pathname === '/__sandbox/teapot') throw new ControlError(418, 'short and stout');
      return undefined;
    },
  });
});
afterAll(() => sb.close());

describe('control API', () => {
  it('GET /__sandbox/health', async () => {
    const { status, json, res } = await sb.control('GET', '/__sandbox/health');
    expect(status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(json).toEqual({ ok: true, seed: 42, now: '2024-05-01T12:00:00.000Z', url: sb.url });
  });

  it.each([
    { body: { now: '2024-06-01T08:00:00Z' }, expected: { now: '2024-06-01T08:00:00.000Z', frozen: true } },
    { body: { advanceMs: 90_000 }, expected: { now: '2024-06-01T08:01:30.000Z', frozen: true } },
    { body: { now: '2024-06-02T00:00:00.000+02:00', advanceMs: -1000 }, expected: { now: '2024-06-01T21:59:59.000Z', frozen: true } },
    { body: { now: Date.parse('2024-06-03T00:00:00Z'), frozen: true }, expected: { now: '2024-06-03T00:00:00.000Z', frozen: true } },
  ])('PUT /__sandbox/clock $body', async ({ body, expected }) => {
    const put = await sb.control('PUT', '/__sandbox/clock', body);
    expect(put.status).toBe(200);
    expect(put.json).toEqual(expected);
    expect((await sb.control('GET', '/__sandbox/clock')).json).toEqual(expected);
    expect(sb.server.clock.now()).toBe(Date.parse(expected.now));
  });

  it('the clock runs again with frozen:false and handlers see it', async () => {
    await sb.control('PUT', '/__sandbox/clock', { now: '2024-06-01T00:00:00Z', frozen: false });
    const { json } = await sb.control('GET', '/__sandbox/clock');
    expect(json.frozen).toBe(false);
    expect(Date.parse(json.now)).toBeGreaterThanOrEqual(Date.parse('2024-06-01T00:00:00Z'));
    expect(Date.parse(json.now)).toBeLessThan(Date.parse('2024-06-01T00:00:05Z'));
    const frozen = await sb.control('PUT', '/__sandbox/clock', { frozen: true });
    expect(frozen.json.frozen).toBe(true);
    const token = await sb.login();
    const ping = (await (await sb.api('/api/v2/ping', { token })).json()) as { now: number };
    expect(ping.now).toBe(Date.parse(frozen.json.now));
  });

  it('GET /__sandbox/clients lists the public demo clients with their secrets', async () => {
    const { json } = await sb.control('GET', '/__sandbox/clients');
    expect(json.clients.map((c: { id: string; secret: string }) => [c.id, c.secret])).toEqual([
      ['cxgraph-demo', 'cxgraph-demo-secret'],
      ['cxgraph-no-analytics', 'cxgraph-no-analytics-secret'],
      ['cxgraph-short-lived', 'cxgraph-short-lived-secret'],
    ]);
    const [demo, noAnalytics, shortLived] = json.clients;
    expect(demo.permissions).toHaveLength(7);
    expect(noAnalytics.permissions.some((p: string) => p.startsWith('analytics:'))).toBe(false);
    expect(shortLived.tokenLifetimeSeconds).toBe(300);
  });

  it('serves extraControl paths and 404s the rest', async () => {
    expect(await sb.control('GET', '/__sandbox/org')).toMatchObject({ status: 200, json: { name: 'Test Org' } });
    expect(await sb.control('POST', '/__sandbox/echo', { a: 1 })).toMatchObject({ status: 200, json: { got: { a: 1 } } });
    expect(await sb.control('GET', '/__sandbox/teapot')).toMatchObject({ status: 418, json: { message: 'short and stout' } });
    const missing = await sb.control('GET', '/__sandbox/nothing');
    expect(missing.status).toBe(404);
    expect(missing.json.message).toMatch(/nothing/);
  });

  it.each([
    { method: 'PUT', path: '/__sandbox/clock', body: '{"now":', status: 400, message: /Invalid JSON/ },
    { method: 'PUT', path: '/__sandbox/clock', body: { now: 'yesterday' }, status: 400, message: /now/ },
    { method: 'PUT', path: '/__sandbox/clock', body: { speed: 2 }, status: 400, message: /speed/ },
    { method: 'PUT', path: '/__sandbox/faults', body: { errorStatus: 501 }, status: 400, message: /errorStatus/ },
    { method: 'PUT', path: '/__sandbox/limits', body: { rateWindowMs: 'soon' }, status: 400, message: /rateWindowMs/ },
    { method: 'POST', path: '/__sandbox/tokens/revoke', body: {}, status: 400, message: /all: true, clientId or token/ },
    { method: 'GET', path: '/__sandbox/requests?limit=-1', status: 400, message: /limit/ },
    { method: 'GET', path: '/__sandbox/requests?foo=1', status: 400, message: /foo/ },
    { method: 'POST', path: '/__sandbox/health', status: 405, message: /use GET/ },
  ])('$method $path $body → $status', async ({ method, path, body, status, message }) => {
    const r = await sb.control(method, path, body);
    expect(r.status).toBe(status);
    expect(r.json.message).toMatch(message);
  });

  it('is not logged, rate limited or faulted', async () => {
    await sb.control('DELETE', '/__sandbox/requests');
    await sb.control('PUT', '/__sandbox/faults', { errorRate: 1, dropRate: 1 });
    for (let i = 0; i < 3; i++) expect((await sb.control('GET', '/__sandbox/health')).status).toBe(200);
    await sb.control('DELETE', '/__sandbox/faults');
    expect((await sb.control('GET', '/__sandbox/requests')).json.entries).toEqual([]);
  });
});

describe('RequestLog ring buffer', () => {
  const entry = (i: number) => ({ time: new Date(0).toISOString(), method: 'GET', path: `/p${i}`, endpoint: 'GET /p', status: 200, durationMs: 1, correlationId: `c${i}`, outcome: 'ok' as const });

  it('keeps the newest entries up to capacity and pages with since/limit', () => {
    const log = new RequestLog(3);
    for (let i = 1; i <= 5; i++) log.record(entry(i));
    expect(log.entries().map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(log.entries({ limit: 2 }).map((e) => e.seq)).toEqual([4, 5]);
    expect(log.entries({ since: 3 }).map((e) => e.seq)).toEqual([4, 5]);
    expect(log.entries({ since: 0, limit: 1 }).map((e) => e.seq)).toEqual([3]);
    expect(log.counters()['GET /p']?.requests).toBe(5);
    log.reset();
    expect(log.entries()).toEqual([]);
    expect(log.record(entry(6)).seq).toBe(6);
  });
});
