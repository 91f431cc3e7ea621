import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './support.js';

let sb: TestSandbox;
let token: string;
beforeAll(async () => {
  sb = await startTestSandbox({ limits: { maxRequestBytes: 1000 } });
  token = await sb.login();
});
afterAll(() => sb.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JSON_HEADERS = { 'Content-Type': 'application/json' };

interface Case {
  name: string;
  path: string;
  init?: RequestInit;
  auth?: boolean;
  status: number;
  code?: string;
  message?: RegExp;
}

describe('request pipeline', () => {
  const cases: Case[] = [
    { name: 'GET with Content-Type json and no body (as the SDK sends)', path: '/api/v2/ping', init: { headers: JSON_HEADERS }, status: 200 },
    { name: 'POST echo', path: '/api/v2/echo', init: { method: 'POST', headers: JSON_HEADERS, body: '{"a":[1,2]}' }, status: 200 },
    { name: 'POST json with charset', path: '/api/v2/echo', init: { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{}' }, status: 200 },
    { name: 'POST with no body', path: '/api/v2/echo', init: { method: 'POST' }, status: 200 },
    { name: 'DELETE → 204', path: '/api/v2/things/a', init: { method: 'DELETE' }, status: 204 },
    { name: 'unknown /api/v2 path', path: '/api/v2/nope', status: 404, code: 'not.found', message: /not found/ },
    { name: 'path outside /api/v2', path: '/api/v1/users', status: 404, code: 'not.found' },
    { name: 'known path, wrong method', path: '/api/v2/ping', init: { method: 'PUT', headers: JSON_HEADERS, body: '{}' }, status: 405, code: 'method.not.allowed', message: /GET, HEAD/ },
    { name: 'wrong content type', path: '/api/v2/echo', init: { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' }, status: 415, code: 'unsupported.media.type' },
    { name: 'form content type', path: '/api/v2/echo', init: { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1' }, status: 415, code: 'unsupported.media.type' },
    { name: 'body too large', path: '/api/v2/echo', init: { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ x: 'y'.repeat(2000) }) }, status: 413, code: 'request.entity.too.large', message: /^The request is over the size limit\. Maximum bytes: 1000$/ },
    { name: 'invalid JSON', path: '/api/v2/echo', init: { method: 'POST', headers: JSON_HEADERS, body: '{"a": 1,}' }, status: 400, code: 'bad.request', message: /not valid JSON.*position 8/ },
    { name: 'truncated JSON', path: '/api/v2/echo', init: { method: 'POST', headers: JSON_HEADERS, body: '{"a":' }, status: 400, code: 'bad.request', message: /position 5/ },
    { name: 'handler throws an Error', path: '/api/v2/boom', status: 500, code: 'internal.server.error', message: /^The server encountered an unexpected condition/ },
    { name: 'handler throws GenesysHttpError', path: '/api/v2/gone/x%2Fy', status: 404, code: 'not.found', message: /^Thing x\/y was not found$/ },
    { name: 'malformed percent-encoding in a path parameter', path: '/api/v2/things/%E0%A4%A', status: 400, code: 'bad.request' },
    { name: 'no token', path: '/api/v2/ping', auth: false, status: 401, code: 'authentication.required' },
  ];

  it.each(cases)('$name → $status', async ({ path, init = {}, auth = true, status, code, message }) => {
    const res = await sb.api(path, auth ? { ...init, token } : init);
    expect(res.status).toBe(status);
    const cid = res.headers.get('inin-correlation-id');
    expect(cid).toMatch(UUID);
    expect(res.headers.get('inin-ratelimit-allowed') !== null).toBe(path.startsWith('/api/v2/'));
    const text = await res.text();
    if (status === 204) {
      expect(text).toBe('');
      return;
    }
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const body = JSON.parse(text) as { code?: string; message?: string; contextId?: string; status?: number };
    if (code) {
      expect(body).toMatchObject({ code, status, contextId: cid });
      if (message) expect(body.message).toMatch(message);
      expect(text).not.toContain('kaboom');
    }
  });

  it('gives every response its own correlation id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await sb.api('/api/v2/ping', { token })).headers.get('inin-correlation-id') ?? '');
    ids.add((await sb.control('GET', '/__sandbox/health')).res.headers.get('inin-correlation-id') ?? '');
    ids.add((await fetch(`${sb.url}/oauth/token`, { method: 'POST' })).headers.get('inin-correlation-id') ?? '');
    expect(ids.size).toBe(7);
    for (const id of ids) expect(id).toMatch(UUID);
  });

  it('passes the parsed body, decoded params, query lists, handler headers and the sandbox clock', async () => {
    const echo = await sb.api('/api/v2/echo', { method: 'POST', headers: JSON_HEADERS, body: '{"a":[1,2]}', token });
    expect(echo.headers.get('x-echo')).toBe('yes');
    expect(await echo.json()).toEqual({ received: { a: [1, 2] } });
    const thing = await sb.api('/api/v2/things/a%20b%2Fc?id=1,2&id=3', { token });
    expect(await thing.json()).toEqual({ thingId: 'a b/c', ids: ['1', '2', '3'] });
    const special = await sb.api('/api/v2/things/special', { token });
    expect(await special.json()).toEqual({ special: true });
    const ping = (await (await sb.api('/api/v2/ping', { token })).json()) as { now: number };
    expect(ping.now).toBe(Date.parse('2024-05-01T12:00:00Z'));
    const gone = await sb.api('/api/v2/gone/z', { token });
    expect(gone.headers.get('x-why')).toBe('missing');
  });

  it('answers HEAD from the GET route without a body', async () => {
    const res = await sb.api('/api/v2/ping', { method: 'HEAD', token });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(0);
  });

  it('checks the token before reading the body (401 beats 415)', async () => {
    const res = await sb.api('/api/v2/echo', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
    expect(res.status).toBe(401);
  });

  it('answers every one of a few hundred concurrent requests', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, () => sb.api('/api/v2/ping', { token }).then((r) => r.status)));
    expect(results.every((s) => s === 200)).toBe(true);
    expect(results).toHaveLength(200);
  }, 120_000);
});

describe('request log and counters', () => {
  it('records method, endpoint pattern, status, outcome and client, and never a token or secret', async () => {
    await sb.control('DELETE', '/__sandbox/requests');
    const fresh = await sb.login();
    await sb.api('/api/v2/things/abc?id=1', { token: fresh });
    await sb.api('/api/v2/things/abc', { token: 'some-bogus-token-value' });
    await sb.api('/api/v2/nope', { token: fresh });
    const user = (await sb.control('POST', '/__sandbox/tokens/user', { userId: 'user-1' })).json.access_token as string;
    await sb.api('/api/v2/me', { token: user });
    await fetch(`${sb.url}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('cxgraph-demo:wrong-secret').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });

    const { json } = await sb.control('GET', '/__sandbox/requests');
    const text = JSON.stringify(json);
    for (const secret of [fresh, user, token, 'some-bogus-token-value', 'cxgraph-demo-secret', 'wrong-secret']) expect(text).not.toContain(secret);
    const entries = json.entries as Array<Record<string, unknown>>;
    expect(entries.map((e) => [e['endpoint'], e['status'], e['outcome'], e['clientId'] ?? null, e['userId'] ?? null])).toEqual([
      ['POST /oauth/token', 200, 'ok', 'cxgraph-demo', null],
      ['GET /api/v2/things/{thingId}', 200, 'ok', 'cxgraph-demo', null],
      ['GET /api/v2/things/{thingId}', 401, 'unauthorized', null, null],
      ['unmatched', 404, 'error', null, null],
      ['GET /api/v2/me', 200, 'ok', 'cxgraph-demo', 'user-1'],
      ['POST /oauth/token', 401, 'unauthorized', 'cxgraph-demo', null],
    ]);
    const first = entries[1] as Record<string, unknown>;
    expect(first['path']).toBe('/api/v2/things/abc');
    expect(first['method']).toBe('GET');
    expect(first['correlationId']).toMatch(UUID);
    expect(Date.parse(first['time'] as string)).toBeGreaterThan(Date.now() - 60_000);
    expect(first['durationMs']).toBeTypeOf('number');
    const seqs = entries.map((e) => e['seq'] as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    const page = (await sb.control('GET', `/__sandbox/requests?since=${seqs[1]}&limit=2`)).json.entries as Array<{ seq: number }>;
    expect(page.map((e) => e.seq)).toEqual([seqs[2], seqs[3]]);

    const counters = (await sb.control('GET', '/__sandbox/counters')).json;
    expect(JSON.stringify(counters)).not.toContain(fresh);
    expect(counters.counters['GET /api/v2/things/{thingId}']).toEqual({ requests: 2, ok: 1, errors: 1, rateLimited: 0, faults: 0, byStatus: { '200': 1, '401': 1 } });
    expect(counters.counters['POST /oauth/token']).toMatchObject({ requests: 2, ok: 1, errors: 1 });
    expect(counters.total).toMatchObject({ requests: 6, ok: 3, errors: 3 });

    expect((await sb.control('DELETE', '/__sandbox/requests')).status).toBe(200);
    expect((await sb.control('GET', '/__sandbox/requests')).json.entries).toEqual([]);
    expect((await sb.control('GET', '/__sandbox/counters')).json.total.requests).toBe(0);
  });
});
