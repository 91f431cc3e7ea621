import { createClient } from '@cxgraph/core';
import { createGateway } from '@cxgraph/graphql';
import { createSandbox, type Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from './run-cli.js';

/**
 * The tutorial's workflow in two commands — what is live, then how did that agent do over the last 7
 * days — gives the same figures as the gateway answering the same question on an independent sandbox.
 */
const NOW = '2026-03-10T14:30:00Z';

describe('the tutorial workflow', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ seed: 1, now: NOW });
  });
  afterAll(() => sandbox.close());

  it('`live --media voice` then `metrics --agent <id> --range "last 7 days"` equal the gateway', async () => {
    const live = await runCli(['live', '--media', 'voice', '--ndjson', '--sandbox', '--sandbox-now', NOW], { env: cleanEnv() });
    expect(live.code).toBe(0);
    const calls = live.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; agents: string | null });
    const withAgent = calls.find((c) => c.agents);
    expect(withAgent).toBeDefined();

    // The agent's id, from the conversation itself.
    const conversation = await runCli(['conversation', withAgent!.id, '--json', '--sandbox', '--sandbox-now', NOW], { env: cleanEnv() });
    const parsed = JSON.parse(conversation.stdout) as { participants: Array<{ purpose: string; userId?: string; endTime?: string }> };
    const agentId = parsed.participants.find((p) => p.purpose === 'agent' && p.userId)!.userId!;

    const metrics = await runCli(['metrics', '--agent', agentId, '--range', 'last 7 days', '--json', '--sandbox', '--sandbox-now', NOW], { env: cleanEnv() });
    expect(metrics.code).toBe(0);
    const [row] = JSON.parse(metrics.stdout) as Array<{ agentId: string; handled: number; handleTimeAvgMs: number }>;

    const client = createClient({ apiUrl: sandbox.url, clientId: 'cxgraph-demo', clientSecret: 'cxgraph-demo-secret', now: () => sandbox.clock.now(), sources: { env: {}, dotenv: false } });
    const gateway = createGateway({ client, now: () => sandbox.clock.now() });
    const res = await gateway.fetch('http://x/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `query($id: ID!) { agent(id: $id) { metrics(range: {relative: LAST_7_DAYS}) { handled handleTime { avg } } } }`, variables: { id: agentId } }),
    });
    const { data } = (await res.json()) as { data: { agent: { metrics: { handled: number; handleTime: { avg: number } } } } };
    expect(row!.agentId).toBe(agentId);
    expect(data.agent.metrics.handled).toBeGreaterThan(0);
    expect(row!.handled).toBe(data.agent.metrics.handled);
    expect(row!.handleTimeAvgMs).toBeCloseTo(data.agent.metrics.handleTime.avg, 6);
  });
});
