import { createClient } from '@cxgraph/core';
import { createSandbox, type Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../src/index.js';

/** More than 100 agents on one page take two users calls (Genesys's id limit), yet one aggregates query. */
describe('batching past 100 agents', () => {
  let sandbox: Sandbox;
  let gateway: Gateway;
  beforeAll(async () => {
    sandbox = await createSandbox({ seed: 1, now: '2026-03-10T14:30:00Z', agents: 440, conversationsPerDay: 14_000, limits: { requestsPerMinute: 1_000_000 } });
    const client = createClient({ apiUrl: sandbox.url, clientId: 'cxgraph-demo', clientSecret: 'cxgraph-demo-secret', rateLimitPerMinute: 1_000_000, now: () => sandbox.clock.now(), timeoutMs: 120_000, sources: { env: {}, dotenv: false } });
    gateway = createGateway({ client, now: () => sandbox.clock.now(), liveState: false });
  });
  afterAll(() => sandbox.close());

  it('the join over a page with > 100 distinct agents: 2 users calls, 1 aggregates call', async () => {
    const query = 'query($after: String) { liveConversations(first: 100, after: $after) { pageInfo { endCursor } edges { node { participants { agent { id metrics(range: {relative: LAST_7_DAYS}) { handled } } } } } } }';
    const post = (variables: Record<string, unknown>) =>
      gateway.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    // This org's second page of live conversations has more than 100 distinct agents.
    const first = (await (await post({})).json()) as { data: { liveConversations: { pageInfo: { endCursor: string } } } };
    sandbox.log.reset();
    const res = await post({ after: first.data.liveConversations.pageInfo.endCursor });
    const body = (await res.json()) as { data: { liveConversations: { edges: Array<{ node: { participants: Array<{ agent: { id: string; metrics: { handled: number } } | null }> } }> } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const agents = new Set(body.data.liveConversations.edges.flatMap((e) => e.node.participants).flatMap((p) => (p.agent ? [p.agent.id] : [])));
    expect(agents.size).toBeGreaterThan(100);
    const counters = sandbox.log.counters();
    expect(counters['GET /api/v2/users']?.requests).toBe(Math.ceil(agents.size / 100));
    expect(counters['POST /api/v2/analytics/conversations/aggregates/query']?.requests).toBe(1);
    // 7 cold days of a 440-agent org (14,000 conversations a day) behind one query: minutes on a loaded 2-core machine.
  }, 300_000);
});
