import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DirectoryService, resolveConfig, SdkTransport, type LimiterStore } from '../src/index.js';
import { LimiterRegistry } from '../src/limiter.js';
import { DEMO, ManualClock, startSandbox, upstreamCalls } from './helpers.js';

const USERS = 'GET /api/v2/users/{userId}';
/** Waits for what other tasks do (HTTP round trips), generously: a loaded machine is slow, never wrong. */
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 60_000, interval: 5 });

/**
 * A second LimiterStore, independent of the module under test: a plain Map of send times and one of pauses.
 * A slot is free once fewer than `limit` sends fall in the window before it; no margin.
 */
class MapLimiterStore implements LimiterStore {
  private readonly sends = new Map<string, number[]>();
  private readonly pauses = new Map<string, number>();

  async reserve(key: string, limit: number, windowMs: number, now: number): Promise<number> {
    const sends = this.sends.get(key) ?? [];
    let at = Math.max(now, this.pauses.get(key) ?? 0);
    if (sends.length >= limit) at = Math.max(at, sends[sends.length - limit]! + windowMs);
    sends.push(at);
    this.sends.set(key, sends);
    return at;
  }

  async pause(key: string, until: number): Promise<void> {
    this.pauses.set(key, Math.max(this.pauses.get(key) ?? 0, until));
  }

  async pausedUntil(key: string): Promise<number> {
    return this.pauses.get(key) ?? 0;
  }
}

describe('a LimiterStore of our own, against the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('a 429 pauses a caller that reserved its slot before the 429 came', async () => {
    const clock = new ManualClock();
    const config = resolveConfig({ apiUrl: sandbox.url, ...DEMO, rateLimitPerMinute: 1 }, { env: {}, dotenv: false });
    // One request per (simulated) second, on a clock only this test moves.
    const transport = new SdkTransport(config, { limiterStore: new MapLimiterStore(), windowMs: 1_000, now: clock.now, sleep: clock.sleep });
    const directory = new DirectoryService(transport);
    const agentId = sandbox.store.org.agents[0]!.id;
    const t0 = clock.now();
    await directory.getUser(agentId); // logs in; the slot at t0

    sandbox.setLimits({ stormRetryAfterSeconds: 5 });
    sandbox.faults.set({ stormRemaining: 1 });
    const sentAt: Record<string, number> = {};
    const a = directory.getUser(agentId).then((u) => ((sentAt.a = clock.now()), u));
    const b = directory.getUser(agentId).then((u) => ((sentAt.b = clock.now()), u));
    // A holds the slot at t0 + 1 s, B the one at t0 + 2 s.
    await eventually(() => expect(clock.sleeping).toBe(2));

    // A goes and gets the 429: Retry-After 5 s pauses the budget until t0 + 6 s. A sleeps towards it.
    clock.advance(1_000);
    await eventually(() => expect(sandbox.log.counters()[USERS]?.faults).toBe(1));
    await eventually(() => expect(clock.sleeping).toBe(2));

    // B's slot comes: it reads the pause through the store and sleeps on instead of sending.
    clock.advance(1_000);
    await eventually(() => expect(clock.slept).toContain(4_000));
    expect(upstreamCalls(sandbox, USERS)).toBe(2);

    clock.advance(4_000);
    expect((await Promise.all([a, b])).map((u) => u.id)).toEqual([agentId, agentId]);
    expect(sentAt).toEqual({ a: t0 + 6_000, b: t0 + 6_000 });
    expect(upstreamCalls(sandbox, USERS)).toBe(4);
    expect(transport.stats().byEndpoint[USERS]).toMatchObject({ rateLimited: 1, retries: 1, errors: 0 });
  });
});

describe("the process's budgets: bounded, never dropping one that holds anything", () => {
  const WINDOW = 60_000;
  /** The rolling window plus the documented skew margin for a one-minute window (README: 250 ms). */
  const HELD = WINDOW + 250;
  const budget = { limit: 2, windowMs: WINDOW, maxConcurrency: 4 };

  /** One request on `key`'s budget, sent and answered at once. */
  async function oneCall(budgets: LimiterRegistry, key: string): Promise<void> {
    const { release } = await budgets.get(key, budget).acquire();
    release();
  }

  it('10,000 tokens, one call each, 100 ms apart: only those of the last window are kept, then none', async () => {
    const clock = new ManualClock();
    const budgets = new LimiterRegistry(clock);
    const step = 100;
    const sizes: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      await oneCall(budgets, `token-${i}`);
      if (i % 100 === 99) sizes.push(budgets.size);
      clock.advance(step);
    }
    // Independently: a budget is kept for HELD ms after its send, so HELD / step budgets at a time.
    expect(Math.min(...sizes.slice(10))).toBeGreaterThanOrEqual(Math.floor(HELD / step));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(Math.ceil(HELD / step) + 1);
    clock.advance(HELD);
    expect(budgets.size).toBe(0);
  });

  it('a budget in flight, one whose window is full and one paused all survive 10,000 others', async () => {
    const clock = new ManualClock();
    const budgets = new LimiterRegistry(clock);
    const busy = budgets.get('busy', budget);
    const inFlight = await busy.acquire();
    const full = budgets.get('full', budget);
    await oneCall(budgets, 'full');
    await oneCall(budgets, 'full');
    const paused = budgets.get('paused', budget);
    await paused.pause(clock.now() + 30 * 60_000);
    const fullAt = clock.now();

    // 10,000 other tokens over 50 s.
    for (let i = 0; i < 10_000; i++) {
      await oneCall(budgets, `token-${i}`);
      if (i % 20 === 0) clock.advance(100);
    }
    expect(budgets.get('full', budget)).toBe(full);
    // The window still holds the two sends: the third waits for the first to leave it.
    const third = budgets.get('full', budget).acquire();
    await eventually(() => expect(clock.sleeping).toBe(1));
    expect(clock.slept.at(-1)).toBe(fullAt + HELD - clock.now());
    clock.advance(HELD);
    (await third).release();
    // Ten quiet minutes: every other budget is dropped.
    clock.advance(10 * 60_000);
    expect(budgets.size).toBe(2);
    expect(budgets.get('busy', budget)).toBe(busy);
    expect(budgets.get('paused', budget)).toBe(paused);
    inFlight.release();
    clock.advance(HELD);
    expect(budgets.size).toBe(1);
    clock.advance(30 * 60_000);
    expect(budgets.size).toBe(0);
  });
});
