import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, createClient, MemoryLimiterStore, NetworkError, resolveTimeRange, RateLimitError, TimeoutError, UpstreamError, type CxGraphClient } from '../src/index.js';
import { captureLogs, clientFor, DEMO, startSandbox, upstreamCalls } from './helpers.js';

const USERS = 'GET /api/v2/users/{userId}';
const DETAILS = 'POST /api/v2/analytics/conversations/details/query';

describe('transport against the sandbox', () => {
  let sandbox: Sandbox;
  let agentId: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ limits: { requestsPerMinute: 100_000 } });
    agentId = sandbox.store.org.agents[0]!.id;
  });
  afterAll(() => sandbox.close());
  afterEach(() => {
    sandbox.faults.clear();
    sandbox.log.reset();
  });

  it('100 concurrent callers at start → exactly 1 login', async () => {
    const client = clientFor(sandbox, { maxConcurrency: 20 });
    const users = await Promise.all(Array.from({ length: 100 }, () => client.directory.getUser(agentId)));
    expect(users.every((u) => u.id === agentId)).toBe(true);
    expect(client.stats().logins).toBe(1);
    expect(upstreamCalls(sandbox, 'POST /oauth/token')).toBe(1);
    expect(upstreamCalls(sandbox, USERS)).toBe(100);
  });

  it('a 429 storm is waited out: no error reaches the caller', async () => {
    const client = clientFor(sandbox);
    await client.directory.getUser(agentId); // logged in
    // Counted, not timed: exactly the next 5 requests get a 429, however slow the machine.
    sandbox.faults.set({ stormRemaining: 5 });
    const users = await Promise.all(Array.from({ length: 10 }, () => client.directory.getUser(agentId)));
    expect(users.map((u) => u.id)).toEqual(Array.from({ length: 10 }, () => agentId));
    const stats = client.stats().byEndpoint[USERS]!;
    expect(stats.rateLimited).toBe(5);
    expect(stats.errors).toBe(0);
    // The sandbox counts storm 429s as injected faults.
    expect(sandbox.log.counters()[USERS]!.faults).toBe(stats.rateLimited);
  });

  it('a 429 storm longer than the retry budget ends in RATE_LIMITED', async () => {
    // Retry-After (2 s) is past the retry budget (1 s): the first 429 ends it, with no real wait.
    const client = clientFor(sandbox, { retry: { maxTotalMs: 1_000, baseDelayMs: 10 } });
    await client.directory.getUser(agentId);
    sandbox.faults.set({ stormRemaining: 1_000 });
    const error = await client.directory.getUser(agentId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe('RATE_LIMITED');
    expect((error as RateLimitError).retryAfterMs).toBe(2_000);
    expect(client.stats().byEndpoint[USERS]!.rateLimited).toBe(1);
  });

  it('5xx bursts are retried within bounds; past them, a typed UPSTREAM error', async () => {
    const client = clientFor(sandbox, { retry: { maxAttempts: 4 } });
    await client.directory.getUser(agentId);
    sandbox.log.reset();
    sandbox.faults.set({ errorRate: 0.5 });
    const users = await Promise.all(Array.from({ length: 20 }, () => client.directory.getUser(agentId)));
    expect(users).toHaveLength(20);
    expect(client.stats().byEndpoint[USERS]!.retries).toBeGreaterThan(0);

    sandbox.faults.set({ errorRate: 1, errorStatus: 503 });
    sandbox.log.reset();
    const error = await client.directory.getUser(agentId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).status).toBe(503);
    expect((error as UpstreamError).message).toContain('after 4 attempts');
    // Exactly the bounded number of attempts reached the server.
    expect(upstreamCalls(sandbox, USERS)).toBe(4);
  });

  it('a revoked token is replaced by one new login, the caller sees nothing', async () => {
    const client = clientFor(sandbox);
    await client.directory.getUser(agentId);
    sandbox.tokens.revokeAll();
    await expect(client.directory.getUser(agentId)).resolves.toMatchObject({ id: agentId });
    expect(client.stats().logins).toBe(2);
  });

  it('token expiry in the middle of a 50-page iteration: no gap, no duplicate', async () => {
    const client = createClient({
      apiUrl: sandbox.url,
      ...DEMO,
      now: () => sandbox.clock.now(),
      sources: { env: {}, dotenv: false },
    });
    const range = resolveTimeRange({ interval: '2026-03-09T00:00:00Z/2026-03-10T00:00:00Z' }, 0);
    // The independent count: one direct query for totalHits.
    const first = await client.transport.call(DETAILS, (api) => api.analytics.postAnalyticsConversationsDetailsQuery({ interval: range.interval, paging: { pageSize: 1, pageNumber: 1 } }));
    const total = first.totalHits!;
    // Rounded down, so the iteration has at least 50 pages whatever the day's count (ceil could give 49).
    const pageSize = Math.floor(total / 50);
    const paged = createClient({ apiUrl: sandbox.url, ...DEMO, now: () => sandbox.clock.now(), sources: { env: {}, dotenv: false } });
    const history = new (await import('../src/services/history.js')).HistoryService(paged.transport, { paging: { pageSize } });
    const ids: string[] = [];
    for await (const c of history.conversations({ range })) {
      ids.push(c.conversationId!);
      if (ids.length === pageSize * 25) sandbox.tokens.expireAll();
    }
    expect(paged.stats().byEndpoint[DETAILS]!.calls).toBeGreaterThanOrEqual(50);
    expect(paged.stats().logins).toBe(2);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(total);
  });

  it('timeouts and dropped connections are typed (TIMEOUT, NETWORK)', async () => {
    // A timeout a loaded machine meets for a plain call, and a latency far past it.
    const client = clientFor(sandbox, { timeoutMs: 1_500, retry: { maxAttempts: 1 } });
    await client.directory.getUser(agentId);
    sandbox.faults.set({ latencyMs: 5_000 });
    const slow = await client.directory.getUser(agentId).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(TimeoutError);
    expect((slow as TimeoutError).code).toBe('TIMEOUT');
    sandbox.faults.set({ latencyMs: 0, dropRate: 1 });
    const dropped = await client.directory.getUser(agentId).catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(NetworkError);
    expect((dropped as NetworkError).code).toBe('NETWORK');
  });

  it('never logs or throws a secret or a token', async () => {
    const logs = captureLogs();
    const client = clientFor(sandbox, { logger: logs.logger, retry: { maxAttempts: 2 } });
    await client.directory.getUser(agentId);
    const token = (client.transport.apis.users as unknown as { apiClient: { authData: { accessToken: string } } }).apiClient.authData.accessToken;
    expect(token.length).toBeGreaterThan(20);
    sandbox.faults.set({ errorRate: 1 });
    const errors: unknown[] = [];
    errors.push(await client.directory.getUser(agentId).catch((e: unknown) => e));
    sandbox.faults.clear();
    const bad = clientFor(sandbox, { clientSecret: 'definitely-wrong-secret-value', logger: logs.logger });
    errors.push(await bad.directory.getUser(agentId).catch((e: unknown) => e));
    expect(errors[1]).toBeInstanceOf(AuthenticationError);
    const everything = logs.text() + errors.map((e) => JSON.stringify(e) + String(e) + String((e as Error).stack) + JSON.stringify((e as Error).cause ?? null)).join('\n');
    expect(logs.text().length).toBeGreaterThan(100);
    for (const secret of [token, DEMO.clientSecret, 'definitely-wrong-secret-value', Buffer.from(`${DEMO.clientId}:${DEMO.clientSecret}`).toString('base64')]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe('rate limiter against a real budget', () => {
  /** The limiter's own reservations: when it let each request go (what it decides, whatever the machine's load). */
  class RecordingStore extends MemoryLimiterStore {
    readonly slots: number[] = [];
    override async reserve(key: string, limit: number, windowMs: number, now: number): Promise<number> {
      const at = await super.reserve(key, limit, windowMs, now);
      this.slots.push(at);
      return at;
    }
  }

  it('never lets more than the budget go in any window: 60 concurrent calls on 20 per 2 s, all answered', async () => {
    const sandbox = await startSandbox({ limits: { requestsPerMinute: 20, rateWindowMs: 2_000 } });
    try {
      const store = new RecordingStore();
      const client: CxGraphClient = clientFor(sandbox, { rateLimitPerMinute: 20, windowMs: 2_000, limiterStore: store });
      const agentId = sandbox.store.org.agents[1]!.id;
      const users = await Promise.all(Array.from({ length: 60 }, () => client.directory.getUser(agentId)));
      expect(users.every((u) => u.id === agentId)).toBe(true);
      // Any 21 consecutive sends span more than the window: at most 20 in any 2 s.
      const slots = [...store.slots].sort((a, b) => a - b);
      expect(slots.length).toBeGreaterThanOrEqual(60);
      for (let i = 0; i + 20 < slots.length; i++) expect(slots[i + 20]! - slots[i]!).toBeGreaterThanOrEqual(2_000);
      // The server counts by when it handles a request, on this test's own event loop: a stalled loop can bunch
      // sends from two windows into one and draw a 429, which is then retried. Both sides agree on how many.
      expect(client.stats().byEndpoint[USERS]!.rateLimited).toBe(sandbox.log.counters()[USERS]!.rateLimited);
    } finally {
      await sandbox.close();
    }
  });
});
