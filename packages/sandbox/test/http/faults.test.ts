import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Faults, mulberry32, parseFaultsPatch } from '../../src/http/faults.js';
import { startTestSandbox, type TestSandbox } from './support.js';

describe('Faults (unit)', () => {
  it('mulberry32 is deterministic per seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect([c(), c(), c()]).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('gives the same error pattern for the same seed and settings, re-seeded on set()', () => {
    const pattern = (f: Faults) => Array.from({ length: 40 }, () => (f.takeError() ? 1 : 0)).join('');
    const f1 = new Faults(42);
    f1.set({ errorRate: 0.5 });
    const p1 = pattern(f1);
    f1.set({ errorRate: 0.5 });
    expect(pattern(f1)).toBe(p1);
    const f2 = new Faults(42);
    f2.set({ errorRate: 0.5, latencyJitterMs: 10 });
    for (let i = 0; i < 5; i++) f2.latency(); // other streams do not disturb the error stream
    expect(pattern(f2)).toBe(p1);
    const f3 = new Faults(43);
    f3.set({ errorRate: 0.5 });
    expect(pattern(f3)).not.toBe(p1);
    expect(p1).toMatch(/1/);
    expect(p1).toMatch(/0/);
  });

  it.each([
    { input: { errorRate: 1.5 }, error: /errorRate/ },
    { input: { errorStatus: 418 }, error: /errorStatus/ },
    { input: { latencyMs: -1 }, error: /latencyMs/ },
    { input: { whatever: 1 }, error: /whatever/ },
    { input: { stormUntil: 'tomorrow' }, error: /stormUntil/ },
  ])('rejects $input', ({ input, error }) => {
    expect(() => parseFaultsPatch(input)).toThrow(error);
  });

  it('turns stormSeconds and ISO stormUntil into epoch ms', () => {
    expect(parseFaultsPatch({ stormSeconds: 2 }, 1000)).toEqual({ stormUntil: 3000 });
    expect(parseFaultsPatch({ stormUntil: '2024-05-01T00:00:00Z' })).toEqual({ stormUntil: Date.parse('2024-05-01T00:00:00Z') });
  });
});

describe('faults over HTTP', () => {
  let sb: TestSandbox;
  let token: string;
  beforeAll(async () => {
    sb = await startTestSandbox({ limits: { stormRetryAfterSeconds: 3 } });
    token = await sb.login();
  });
  afterEach(async () => {
    await sb.control('DELETE', '/__sandbox/faults');
  });
  afterAll(() => sb.close());

  const statuses = async (n: number, path = '/api/v2/ping') => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await sb.api(path, { token })).status);
    return out;
  };

  it.each([
    { errorStatus: 500, code: 'internal.server.error' },
    { errorStatus: 502, code: 'bad.gateway' },
    { errorStatus: 503, code: 'service.unavailable' },
    { errorStatus: 504, code: 'request.timeout' },
  ])('errorRate 1 → every request $errorStatus $code; errorRate 0 → ok again', async ({ errorStatus, code }) => {
    const put = await sb.control('PUT', '/__sandbox/faults', { errorRate: 1, errorStatus });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ errorRate: 1, errorStatus });
    expect(await statuses(3)).toEqual([errorStatus, errorStatus, errorStatus]);
    const res = await sb.api('/api/v2/ping', { token });
    expect(await res.json()).toMatchObject({ status: errorStatus, code, contextId: res.headers.get('inin-correlation-id') });
    // Logins are faulted too; the control API never is.
    const login = await fetch(`${sb.url}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('cxgraph-demo:cxgraph-demo-secret').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(login.status).toBe(errorStatus);
    expect((await sb.control('GET', '/__sandbox/health')).status).toBe(200);
    await sb.control('PUT', '/__sandbox/faults', { errorRate: 0 });
    expect(await statuses(2)).toEqual([200, 200]);
  });

  it('errorRate 0.5 fails some requests, not all, reproducibly', async () => {
    await sb.control('PUT', '/__sandbox/faults', { errorRate: 0.5 });
    const a = await statuses(20);
    await sb.control('PUT', '/__sandbox/faults', { errorRate: 0.5 });
    const b = await statuses(20);
    expect(b).toEqual(a);
    expect(a).toContain(500);
    expect(a).toContain(200);
  });

  it('adds measurable latency, and none once cleared', async () => {
    await sb.control('PUT', '/__sandbox/faults', { latencyMs: 250, latencyJitterMs: 50 });
    let t = performance.now();
    expect((await sb.api('/api/v2/ping', { token })).status).toBe(200);
    const slow = performance.now() - t;
    expect(slow).toBeGreaterThanOrEqual(245);
    // Cleared, a minute of latency must be gone: bounds far from both a loaded machine and the minute.
    await sb.control('PUT', '/__sandbox/faults', { latencyMs: 60_000, latencyJitterMs: 0 });
    await sb.control('DELETE', '/__sandbox/faults');
    t = performance.now();
    expect((await sb.api('/api/v2/ping', { token })).status).toBe(200);
    expect(performance.now() - t).toBeLessThan(20_000);
  }, 120_000);

  it('dropRate 1 → the connection closes with no response; the log records the drop', async () => {
    await sb.control('PUT', '/__sandbox/faults', { dropRate: 1 });
    await expect(sb.api('/api/v2/ping', { token })).rejects.toThrow();
    await sb.control('PUT', '/__sandbox/faults', { dropRate: 0 });
    expect((await sb.api('/api/v2/ping', { token })).status).toBe(200);
    const { json } = await sb.control('GET', '/__sandbox/requests?limit=2');
    expect(json.entries.map((e: { outcome: string; status: number }) => [e.outcome, e.status])).toEqual([
      ['fault-drop', 0],
      ['ok', 200],
    ]);
  });

  it('stormSeconds → every /api/v2 request gets 429 with Retry-After = stormRetryAfterSeconds; DELETE ends it', async () => {
    const put = await sb.control('PUT', '/__sandbox/faults', { stormSeconds: 30 });
    expect(put.json.stormUntil).toBeGreaterThan(Date.now() + 25_000);
    for (const path of ['/api/v2/ping', '/api/v2/things/1', '/api/v2/nothing-here']) {
      const res = await sb.api(path, { token });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
      expect(res.headers.get('inin-ratelimit-allowed')).toBe('300');
      expect(await res.json()).toMatchObject({ code: 'too.many.requests.retry.after', messageParams: { retryAfter: '3' } });
    }
    // Logins are not part of a storm.
    expect(await sb.login()).toBeTypeOf('string');
    await sb.control('DELETE', '/__sandbox/faults');
    expect(await statuses(1)).toEqual([200]);
  });

  it('stormRemaining → exactly the next N requests get 429', async () => {
    await sb.control('PUT', '/__sandbox/faults', { stormRemaining: 2 });
    expect(await statuses(4)).toEqual([429, 429, 200, 200]);
    expect((await sb.control('GET', '/__sandbox/faults')).json.stormRemaining).toBe(0);
    const { json } = await sb.control('GET', '/__sandbox/requests?limit=4');
    expect(json.entries.map((e: { outcome: string }) => e.outcome)).toEqual(['fault-storm', 'fault-storm', 'ok', 'ok']);
  });

  it('PUT /__sandbox/faults rejects bad input with 400 naming the key', async () => {
    const r = await sb.control('PUT', '/__sandbox/faults', { dropRate: 2 });
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/dropRate/);
    expect((await sb.control('GET', '/__sandbox/faults')).json.dropRate).toBe(0);
  });
});

it('close() does not wait for requests sleeping in injected latency', async () => {
  const own = await startTestSandbox();
  const token = await own.login();
  own.server.faults.set({ latencyMs: 60_000 });
  const pending = own.api('/api/v2/ping', { token }).then(
    () => 'answered',
    () => 'rejected',
  );
  await new Promise((r) => setTimeout(r, 50));
  const t = performance.now();
  await own.close();
  // Far below the minute of latency, far above a loaded machine's slowest close.
  expect(performance.now() - t).toBeLessThan(20_000);
  expect(await pending).toBe('rejected');
}, 120_000);

it('closing during a latency fault stays unrecorded', async () => {
  const own = await startTestSandbox();
  const token = await own.login();
  const before = own.server.log.lastSeq;
  own.server.faults.set({ latencyMs: 60_000 });
  const pending = own.api('/api/v2/ping', { token }).then(
    () => 'answered',
    () => 'rejected',
  );
  await new Promise((r) => setTimeout(r, 50));
  await own.close();
  expect(await pending).toBe('rejected');
  // The abandoned request was neither answered nor dropped by a fault: it leaves no log entry.
  expect(own.server.log.lastSeq).toBe(before);
}, 120_000);
