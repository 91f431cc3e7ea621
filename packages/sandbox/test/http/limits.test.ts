import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxClock } from '../../src/clock.js';
import { parseLimitsPatch, rateHeaders, RateLimiter } from '../../src/http/limits.js';
import { startHttpServer } from '../../src/http/server.js';
import { DEFAULT_LIMITS } from '../../src/options.js';
import { sleep, startTestSandbox, type TestSandbox } from './support.js';

describe('RateLimiter (injected time)', () => {
  it.each([
    // [requests at these ms offsets, budget, window] → expected ok flags / counts / reset seconds
    { at: [0, 10, 20], budget: 2, window: 1000, ok: [true, true, false], count: [1, 2, 3], reset: [1, 1, 1] },
    { at: [0, 999, 1000], budget: 1, window: 1000, ok: [true, false, true], count: [1, 2, 1], reset: [1, 1, 1] },
    { at: [0, 30_500, 59_999], budget: 300, window: 60_000, ok: [true, true, true], count: [1, 2, 3], reset: [60, 30, 1] },
  ])('budget $budget per $window ms at $at', ({ at, budget, window, ok, count, reset }) => {
    const l = new RateLimiter({ requestsPerMinute: budget, rateWindowMs: window });
    const states = at.map((t) => l.hit('tok', 1_000_000 + t));
    expect(states.map((s) => s.ok)).toEqual(ok);
    expect(states.map((s) => s.count)).toEqual(count);
    expect(states.map((s) => Number(rateHeaders(s)['inin-ratelimit-reset']))).toEqual(reset);
  });

  it('keeps one window per key and peeks without counting', () => {
    const l = new RateLimiter({ requestsPerMinute: 1, rateWindowMs: 1000 });
    expect(l.hit('a', 0).ok).toBe(true);
    expect(l.hit('b', 0).ok).toBe(true);
    expect(l.peek('a', 10)).toEqual({ count: 1, allowed: 1, resetMs: 990, ok: true });
    expect(l.peek(undefined, 10)).toEqual({ count: 0, allowed: 1, resetMs: 1000, ok: true });
    expect(l.hit('a', 20).ok).toBe(false);
  });

  it('reads changed settings at once', () => {
    const settings = { requestsPerMinute: 1, rateWindowMs: 1000 };
    const l = new RateLimiter(() => settings);
    l.hit('a', 0);
    expect(l.hit('a', 1).ok).toBe(false);
    settings.requestsPerMinute = 5;
    expect(l.hit('a', 2).ok).toBe(true);
  });
});

describe('parseLimitsPatch', () => {
  it.each([
    { input: { requestsPerMinute: 10 }, ok: true },
    { input: { rejectUnknownFields: false, detailsMaxPageSize: 50 }, ok: true },
    { input: { requestsPerMinute: 0 }, error: /requestsPerMinute/ },
    { input: { requestsPerMinute: 'many' }, error: /requestsPerMinute/ },
    { input: { rejectUnknownFields: 'yes' }, error: /rejectUnknownFields/ },
    { input: { invalidClientStatus: 200 }, error: /invalidClientStatus/ },
    { input: { bogus: 1, alsoBogus: 2 }, error: /bogus, alsoBogus/ },
    { input: [1], error: /Invalid limits/ },
  ])('$input', ({ input, ok, error }) => {
    if (ok) expect(parseLimitsPatch(input)).toEqual(input);
    else expect(() => parseLimitsPatch(input)).toThrow(error);
  });
});

describe('rate limiting over HTTP (60-second window, budget 5)', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    // A window far longer than the test, so a loaded machine never crosses it by accident; the window's end is
    // reached by shrinking it (the limiter reads its settings on every request), not by waiting.
    sb = await startTestSandbox({ limits: { requestsPerMinute: 5, rateWindowMs: 60_000 } });
  });
  afterAll(() => sb.close());

  it('counts per token, answers 429 with Retry-After past the budget, and recovers after the reset', async () => {
    const token = await sb.login();
    const other = await sb.login();
    const statuses: number[] = [];
    const counts: string[] = [];
    const resets: number[] = [];
    let last!: Response;
    for (let i = 0; i < 7; i++) {
      last = await sb.api('/api/v2/ping', { token });
      statuses.push(last.status);
      counts.push(last.headers.get('inin-ratelimit-count') ?? '');
      resets.push(Number(last.headers.get('inin-ratelimit-reset')));
      expect(last.headers.get('inin-ratelimit-allowed')).toBe('5');
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(counts).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    // The first request opens the window, so a whole window is left; then it only counts down, never below 1.
    expect(resets[0]).toBe(60);
    for (let i = 1; i < resets.length; i++) expect(resets[i]).toBeLessThanOrEqual(resets[i - 1]!);
    expect(Math.min(...resets)).toBeGreaterThanOrEqual(1);
    const retryAfter = resets[resets.length - 1]!;
    expect(last.headers.get('retry-after')).toBe(String(retryAfter));
    expect(await last.json()).toMatchObject({
      status: 429,
      code: 'too.many.requests.retry.after',
      message: `Rate limit exceeded the maximum. Retry the request in [${retryAfter}] seconds`,
      messageParams: { retryAfter: String(retryAfter) },
    });
    // Another token has its own budget.
    expect((await sb.api('/api/v2/ping', { token: other })).status).toBe(200);

    // End the window: with a 1-ms window, the one opened above has passed after a few ms of real time.
    expect((await sb.control('PUT', '/__sandbox/limits', { rateWindowMs: 1 })).status).toBe(200);
    await sleep(5);
    const again = await sb.api('/api/v2/ping', { token });
    expect((await sb.control('PUT', '/__sandbox/limits', { rateWindowMs: 60_000 })).status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers.get('inin-ratelimit-count')).toBe('1');

    const { json } = await sb.control('GET', '/__sandbox/counters');
    expect(json.counters['GET /api/v2/ping']).toMatchObject({ rateLimited: 2, byStatus: { '200': 7, '429': 2 } });
  });

  it('carries rate headers on errors too, and login does not use a token budget', async () => {
    for (let i = 0; i < 8; i++) await sb.login();
    const token = await sb.login();
    const unauth = await sb.api('/api/v2/ping');
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('inin-ratelimit-count')).toBe('0');
    expect(unauth.headers.get('inin-ratelimit-allowed')).toBe('5');
    const notFound = await sb.api('/api/v2/nothing-here', { token });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('inin-ratelimit-allowed')).toBe('5');
    expect((await sb.api('/api/v2/ping', { token })).headers.get('inin-ratelimit-count')).toBe('1');
  });

  it('changes limits at runtime over the control API and validates them', async () => {
    const bad = await sb.control('PUT', '/__sandbox/limits', { requestsPerMinute: -1, nope: true });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/nope/);
    expect(bad.json.message).toMatch(/requestsPerMinute/);
    const put = await sb.control('PUT', '/__sandbox/limits', { requestsPerMinute: 2 });
    expect(put.status).toBe(200);
    expect(put.json.requestsPerMinute).toBe(2);
    expect((await sb.control('GET', '/__sandbox/limits')).json).toMatchObject({ requestsPerMinute: 2, rateWindowMs: 60_000 });
    expect(sb.server.limits.requestsPerMinute).toBe(2);
    const token = await sb.login();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await sb.api('/api/v2/ping', { token })).status);
    expect(statuses).toEqual([200, 200, 429]);
    sb.server.setLimits({ requestsPerMinute: 5 });
  });
});

describe('the limits object', () => {
  it('is updated in place for handlers that share it, and DEFAULT_LIMITS is never mutated', async () => {
    const base = { clock: new SandboxClock(), seed: 1, routes: [], userExists: () => false };
    const shared = { ...DEFAULT_LIMITS };
    const a = await startHttpServer({ ...base, limits: shared });
    const b = await startHttpServer({ ...base, limits: DEFAULT_LIMITS });
    try {
      a.setLimits({ detailsMaxPageSize: 7 });
      expect(shared.detailsMaxPageSize).toBe(7);
      b.setLimits({ detailsMaxPageSize: 9 });
      expect(b.limits.detailsMaxPageSize).toBe(9);
      expect(DEFAULT_LIMITS.detailsMaxPageSize).toBe(100);
      expect(() => a.setLimits({ detailsMaxPageSize: -1 })).toThrow(/detailsMaxPageSize/);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
