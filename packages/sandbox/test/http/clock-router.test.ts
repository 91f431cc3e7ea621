import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SandboxClock } from '../../src/clock.js';
import { listParam, Router, type Route } from '../../src/http/router.js';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const AT = '2024-05-01T12:00:00.000Z';
const AT_MS = Date.parse(AT);

describe('SandboxClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const later = (ms: number) => vi.setSystemTime(Date.now() + ms);

  it.each([
    { name: 'default: real time, running', make: () => new SandboxClock(), at0: T0, after1s: T0 + 1000, frozen: false },
    { name: 'now given: frozen there', make: () => new SandboxClock({ now: AT }), at0: AT_MS, after1s: AT_MS, frozen: true },
    { name: 'now given, frozen false: runs from there', make: () => new SandboxClock({ now: new Date(AT), frozen: false }), at0: AT_MS, after1s: AT_MS + 1000, frozen: false },
    { name: 'frozen at real time', make: () => new SandboxClock({ frozen: true }), at0: T0, after1s: T0, frozen: true },
  ])('$name', ({ make, at0, after1s, frozen }) => {
    const c = make();
    expect(c.now()).toBe(at0);
    expect(c.frozen).toBe(frozen);
    later(1000);
    expect(c.now()).toBe(after1s);
  });

  it.each([
    { name: 'set (frozen by default)', op: (c: SandboxClock) => c.set(AT), now: AT_MS, after1s: AT_MS, frozen: true },
    { name: 'set running', op: (c: SandboxClock) => c.set(AT_MS, { frozen: false }), now: AT_MS, after1s: AT_MS + 1000, frozen: false },
    { name: 'advance a running clock', op: (c: SandboxClock) => c.advance(5000), now: T0 + 5000, after1s: T0 + 6000, frozen: false },
    { name: 'set then advance', op: (c: SandboxClock) => (c.set(AT), c.advance(-60_000)), now: AT_MS - 60_000, after1s: AT_MS - 60_000, frozen: true },
    { name: 'set then resume', op: (c: SandboxClock) => (c.set(AT), c.resume()), now: AT_MS, after1s: AT_MS + 1000, frozen: false },
    { name: 'freeze', op: (c: SandboxClock) => c.freeze(), now: T0, after1s: T0, frozen: true },
  ])('$name', ({ op, now, after1s, frozen }) => {
    const c = new SandboxClock();
    op(c);
    expect(c.now()).toBe(now);
    expect(c.frozen).toBe(frozen);
    later(1000);
    expect(c.now()).toBe(after1s);
  });

  it('resume continues from the frozen reading, not real time', () => {
    const c = new SandboxClock({ now: AT });
    later(10_000);
    c.resume();
    expect(c.now()).toBe(AT_MS);
    later(500);
    expect(c.now()).toBe(AT_MS + 500);
    expect(c.toJSON()).toEqual({ now: '2024-05-01T12:00:00.500Z', frozen: false });
  });

  it.each([['not a date'], [Number.NaN], [new Date('x')]])('rejects the invalid instant %s', (bad) => {
    expect(() => new SandboxClock().set(bad)).toThrow(RangeError);
  });

  it('rejects a non-finite advance', () => {
    expect(() => new SandboxClock().advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('listParam', () => {
  it.each([
    { query: 'id=a,b', expected: ['a', 'b'] },
    { query: 'id=a&id=b', expected: ['a', 'b'] },
    { query: 'id=a,b&id=c', expected: ['a', 'b', 'c'] },
    { query: 'id=a%2Cb', expected: ['a', 'b'] },
    { query: 'id=+a+,,b+', expected: ['a', 'b'] },
    { query: 'id=', expected: [] },
    { query: 'other=1', expected: [] },
  ])('$query → $expected', ({ query, expected }) => {
    expect(listParam(new URLSearchParams(query), 'id')).toEqual(expected);
  });
});

describe('Router', () => {
  const h = () => ({});
  const routes: Route[] = [
    { method: 'GET', pattern: '/api/v2/jobs/{jobId}', handler: h },
    { method: 'DELETE', pattern: '/api/v2/jobs/{jobId}', handler: h },
    { method: 'GET', pattern: '/api/v2/jobs/availability', handler: h },
    { method: 'GET', pattern: '/api/v2/jobs/{jobId}/results', handler: h },
    { method: 'POST', pattern: '/api/v2/users/search', handler: h },
    { method: 'GET', pattern: '/api/v2/users/{userId}', handler: h },
    { method: 'HEAD', pattern: '/api/v2/tokens/me', handler: h },
    { method: 'GET', pattern: '/api/v2/tokens/me', handler: h },
  ];
  const router = new Router(routes);

  it.each([
    { method: 'GET', path: '/api/v2/jobs/j1', endpoint: 'GET /api/v2/jobs/{jobId}', params: { jobId: 'j1' } },
    { method: 'GET', path: '/api/v2/jobs/availability', endpoint: 'GET /api/v2/jobs/availability', params: {} },
    { method: 'DELETE', path: '/api/v2/jobs/availability', endpoint: 'DELETE /api/v2/jobs/{jobId}', params: { jobId: 'availability' } },
    { method: 'GET', path: '/api/v2/jobs/a%2Fb%20c/results', endpoint: 'GET /api/v2/jobs/{jobId}/results', params: { jobId: 'a/b c' } },
    { method: 'GET', path: '/api/v2/users/search', endpoint: 'GET /api/v2/users/{userId}', params: { userId: 'search' } },
    { method: 'HEAD', path: '/api/v2/users/u1', endpoint: 'GET /api/v2/users/{userId}', params: { userId: 'u1' } },
    { method: 'HEAD', path: '/api/v2/tokens/me', endpoint: 'HEAD /api/v2/tokens/me', params: {} },
  ])('$method $path → $endpoint', ({ method, path, endpoint, params }) => {
    const m = router.match(method, path);
    expect(m.kind).toBe('found');
    if (m.kind === 'found') {
      expect(m.route.endpoint).toBe(endpoint);
      expect(m.params).toEqual(params);
    }
  });

  it.each([
    { method: 'PUT', path: '/api/v2/jobs/j1', result: { kind: 'method-not-allowed', allowed: ['DELETE', 'GET', 'HEAD'] } },
    { method: 'GET', path: '/api/v2/jobs', result: { kind: 'none' } },
    { method: 'GET', path: '/api/v2/jobs/', result: { kind: 'none' } },
    { method: 'GET', path: '/api/v2/jobs/j1/other', result: { kind: 'none' } },
  ])('$method $path → $result.kind', ({ method, path, result }) => {
    expect(router.match(method, path)).toEqual(result);
  });

  it('throws a 400 for malformed percent-encoding', () => {
    expect(() => router.match('GET', '/api/v2/jobs/%E0%A4%A')).toThrow(/jobId/);
  });

  it.each([
    { routes: [{ method: 'GET', pattern: '/a', handler: h }, { method: 'GET', pattern: '/a', handler: h }], error: /Duplicate route/ },
    { routes: [{ method: 'GET', pattern: 'a/b', handler: h }], error: /start with/ },
    { routes: [{ method: 'GET', pattern: '/a/x{id}', handler: h }], error: /whole segment/ },
    { routes: [{ method: 'GET', pattern: '/a/{id}/{id}', handler: h }], error: /Duplicate parameter/ },
  ] as Array<{ routes: Route[]; error: RegExp }>)('rejects bad route tables ($error)', ({ routes: bad, error }) => {
    expect(() => new Router(bad)).toThrow(error);
  });
});
