import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  ConfigError,
  createClient,
  InvalidQueryError,
  NotFoundError,
  PermissionError,
  resolveTimeRange,
  UpstreamError,
  UserContextRequiredError,
  type CxGraphError,
} from '../src/index.js';
import { clientFor, startSandbox } from './helpers.js';

/** Every error code, each from a real upstream condition on the sandbox (or a real bad configuration). */
describe('typed errors from real conditions', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  const fail = async (p: Promise<unknown>): Promise<CxGraphError> => {
    try {
      await p;
    } catch (e) {
      return e as CxGraphError;
    }
    throw new Error('expected a failure');
  };

  it('CONFIG: an unknown region names the valid ones', () => {
    let error: unknown;
    try {
      createClient({ clientId: 'a', clientSecret: 'b', region: 'mars-1', sources: { env: {}, dotenv: false } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG');
    expect((error as ConfigError).message).toContain('mars-1');
    expect(`${(error as ConfigError).message} ${(error as ConfigError).hint}`).toContain('eu-west-1');
  });

  it('AUTHENTICATION: a wrong client secret', async () => {
    const e = await fail(clientFor(sandbox, { clientSecret: 'nope' }).directory.getUser(sandbox.store.org.agents[0]!.id));
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(e.code).toBe('AUTHENTICATION');
    expect(e.message).toContain('authentication failed');
    expect(e.hint).toContain('GENESYS_CLIENT_SECRET');
  });

  it('AUTHENTICATION: a bearer token that is not valid says so', async () => {
    const client = createClient({ apiUrl: sandbox.url, accessToken: 'not-a-real-token', sources: { env: {}, dotenv: false } });
    const e = await fail(client.directory.getUser(sandbox.store.org.agents[0]!.id));
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(e.message).toMatch(/access token was rejected.*invalid or expired/);
    expect(e.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("PERMISSION: the permission-limited client, naming Genesys's permissions", async () => {
    const client = clientFor(sandbox, { clientId: 'cxgraph-no-analytics', clientSecret: 'cxgraph-no-analytics-secret' });
    const e = await fail(client.metrics.query({ range: resolveTimeRange({ interval: '2026-03-09T00:00:00Z/2026-03-10T00:00:00Z' }, 0) }));
    expect(e).toBeInstanceOf(PermissionError);
    expect(e.code).toBe('PERMISSION');
    expect((e as PermissionError).permissions).toEqual(['analytics:conversationAggregate:view']);
    expect(e.hint).toContain('analytics:conversationAggregate:view');
    const d = await fail(client.history.get('00000000-0000-4000-8000-000000000000'));
    expect((d as PermissionError).permissions).toEqual(['analytics:conversationDetail:view', 'analytics:agentConversationDetail:view']);
  });

  it('USER_CONTEXT_REQUIRED: a user-scoped endpoint with client credentials', async () => {
    const e = await fail(clientFor(sandbox).live.mine());
    expect(e).toBeInstanceOf(UserContextRequiredError);
    expect(e.code).toBe('USER_CONTEXT_REQUIRED');
    expect(e.hint).toContain('GENESYS_ACCESS_TOKEN');
  });

  it("INVALID_QUERY: Genesys's message, field and contextId", async () => {
    const client = clientFor(sandbox);
    const e = await fail(
      client.transport.call('POST /api/v2/analytics/conversations/aggregates/query', (api) =>
        api.analytics.postAnalyticsConversationsAggregatesQuery({ interval: '2026-03-09T00:00:00Z/2026-03-10T00:00:00Z', metrics: ['tHandle'], granularity: 'PT0M' }),
      ),
    );
    expect(e).toBeInstanceOf(InvalidQueryError);
    expect(e.code).toBe('INVALID_QUERY');
    expect(e.status).toBe(400);
    expect((e as InvalidQueryError).field).toBe('granularity');
    expect(e.message).toContain('PT0M');
    expect(e.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    // The SDK's own synchronous throw for a missing parameter is normalised too.
    const s = await fail(client.directory.getUser(''));
    expect(s).toBeInstanceOf(InvalidQueryError);
    expect(s.message).toContain('Missing the required parameter');
  });

  it('NOT_FOUND: an unknown user', async () => {
    const e = await fail(clientFor(sandbox).directory.getUser('00000000-0000-4000-8000-000000000000'));
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e.code).toBe('NOT_FOUND');
    expect(e.status).toBe(404);
  });

  it('UPSTREAM: 5xx past the retry budget', async () => {
    const client = clientFor(sandbox, { retry: { maxAttempts: 2 } });
    await client.directory.getUser(sandbox.store.org.agents[0]!.id);
    sandbox.faults.set({ errorRate: 1, errorStatus: 500 });
    try {
      const e = await fail(client.directory.getUser(sandbox.store.org.agents[0]!.id));
      expect(e).toBeInstanceOf(UpstreamError);
      expect(e.code).toBe('UPSTREAM');
      expect(e.genesysCode).toBe('internal.server.error');
    } finally {
      sandbox.faults.clear();
    }
  });

  it('ABORTED: the caller cancels while the server is slow', async () => {
    const client = clientFor(sandbox);
    await client.directory.getUser(sandbox.store.org.agents[0]!.id);
    // A minute of latency: the abort comes first however long a loaded machine stalls (closing the sandbox cuts the wait).
    sandbox.faults.set({ latencyMs: 60_000 });
    try {
      const controller = new AbortController();
      const pending = client.directory.getUser(sandbox.store.org.agents[0]!.id, {}, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const e = await fail(pending);
      expect(e).toBeInstanceOf(AbortError);
      expect(e.code).toBe('ABORTED');
    } finally {
      sandbox.faults.clear();
    }
  });
});
