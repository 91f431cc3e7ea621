import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DirectoryService, resolveConfig, SdkTransport, type LimiterStore } from '../src/index.js';
import { DEMO, ManualClock, startSandbox, upstreamCalls } from './helpers.js';

const USERS = 'GET /api/v2/users/{userId}';
/** Waits for what other tasks do (HTTP round trips), generously: a loaded machine is slow, never wrong. */
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 15_000, interval: 5 });

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
