import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, MemoryLimiterStore, RateLimitError, retryDelay, UpstreamError, InvalidQueryError, NetworkError, AuthenticationError, dayChunks } from '../src/index.js';
import { Semaphore } from '../src/limiter.js';

describe('rolling-window reservations', () => {
  it('hands out `limit` slots at once, then one per slot leaving the window (+ margin)', async () => {
    const store = new MemoryLimiterStore(100);
    const at: number[] = [];
    for (let i = 0; i < 7; i++) at.push(await store.reserve('k', 3, 1_000, 0));
    expect(at).toEqual([0, 0, 0, 1_100, 1_100, 1_100, 2_200]);
  });

  it('the default margin is 0.5% of the window, between 25 and 250 ms', async () => {
    const store = new MemoryLimiterStore();
    const at: number[] = [];
    for (const windowMs of [1_000, 10_000, 60_000]) {
      await store.reserve(`w${windowMs}`, 1, windowMs, 0);
      at.push(await store.reserve(`w${windowMs}`, 1, windowMs, 0));
    }
    expect(at).toEqual([1_025, 10_050, 60_250]);
  });

  it('keys are independent; a pause holds every later reservation of its key', async () => {
    const store = new MemoryLimiterStore(0);
    await store.pause('a', 5_000);
    expect(await store.reserve('a', 10, 1_000, 100)).toBe(5_000);
    expect(await store.reserve('b', 10, 1_000, 100)).toBe(100);
  });

  it('a changed limit keeps counting what was already sent', async () => {
    const store = new MemoryLimiterStore(0);
    for (let i = 0; i < 4; i++) await store.reserve('k', 4, 1_000, 0);
    // Down to 2 per window: the last two sends at 0 fill it, so the next waits for the window.
    expect(await store.reserve('k', 2, 1_000, 10)).toBe(1_000);
  });
});

describe('semaphore', () => {
  it('admits `max` holders, first come first served', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const p3 = s.acquire().then((r) => (order.push(3), r));
    const p4 = s.acquire().then((r) => (order.push(4), r));
    r1();
    (await p3)();
    r2();
    (await p4)();
    expect(order).toEqual([3, 4]);
  });
});

describe('retry delays', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, random: () => 0.5, maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300, maxTotalMs: 10_000 };
  const cases: Array<[string, unknown, number, number, number | undefined]> = [
    ['429 waits what the server said', new RateLimitError('x', 7_000), 0, 0, 7_000],
    ['429 without a hint waits the default', new RateLimitError('x', undefined), 0, 0, 3_000],
    ['5xx: full jitter on 100·2^0', new UpstreamError('x'), 0, 0, 50],
    ['5xx: full jitter on 100·2^1', new UpstreamError('x'), 1, 0, 100],
    ['network errors back off too', new NetworkError('x'), 1, 0, 100],
    // 100·2^2 = 400 is past the 300 cap: half of 300, not half of 400.
    ['the cap bounds the backoff', new UpstreamError('x'), 2, 0, 150],
    ['no attempt beyond maxAttempts', new UpstreamError('x'), 3, 0, undefined],
    ['no wait past maxTotalMs', new RateLimitError('x', 5_000), 0, 6_000, undefined],
    ['4xx is not retried', new InvalidQueryError('x', undefined), 0, 0, undefined],
    ['401 is not retried here (the transport re-logs in once)', new AuthenticationError('x'), 0, 0, undefined],
  ];
  it.each(cases)('%s', (_name, error, attempt, elapsed, expected) => {
    expect(retryDelay(error, attempt, elapsed, policy)).toBe(expected);
  });
});

describe('day chunks', () => {
  const D = Date.parse('2026-03-01T00:00:00Z');
  const H = 3_600_000;
  it.each([
    ['one partial day stays whole', D + 10 * H, D + 20 * H, 7, [[D + 10 * H, D + 20 * H]]],
    ['cuts on midnights, at most N days each', D + 12 * H, D + 9 * 24 * H, 7, [[D + 12 * H, D + 7 * 24 * H], [D + 7 * 24 * H, D + 9 * 24 * H]]],
    ['single days', D, D + 3 * 24 * H, 1, [[D, D + 24 * H], [D + 24 * H, D + 48 * H], [D + 48 * H, D + 72 * H]]],
  ] as const)('%s', (_name, start, end, days, expected) => {
    expect(dayChunks(start, end, days)).toEqual(expected);
  });
});
