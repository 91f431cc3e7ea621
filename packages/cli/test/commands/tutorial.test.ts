import type { CxGraphClient } from '@cxgraph/core';
import { createGateway } from '@cxgraph/graphql';
import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as conversation from '../../src/commands/conversation.js';
import * as live from '../../src/commands/live.js';
import * as metrics from '../../src/commands/metrics.js';
import { fakeIo } from '../support/io.js';
import { coreClient, startSandbox, testDeps } from '../support/sandbox.js';

/**
 * The tutorial's workflow — what is live, then how did that agent do over the last 7 days — gives the
 * same figures as the gateway answering the same question.
 */
let sandbox: Sandbox;
let client: CxGraphClient;
beforeAll(async () => {
  sandbox = await startSandbox();
  client = coreClient(sandbox);
});
afterAll(() => sandbox?.close());

/** A command's stdout, run on the sandbox with a client of its own. */
async function stdoutOf<O>(command: { run: (opts: O, deps: ReturnType<typeof testDeps>) => Promise<unknown> }, opts: O): Promise<string> {
  const io = fakeIo();
  await command.run(opts, testDeps(sandbox, io));
  expect(io.stderrText()).toBe('');
  return io.stdout();
}

describe('the tutorial workflow', () => {
  it('`live --media voice`, `conversation <id>`, then `metrics --agent <id> --range "last 7 days"` equal the gateway', async () => {
    const calls = (await stdoutOf(live, { media: ['voice'], format: 'ndjson' })).trim().split('\n').map((l) => JSON.parse(l) as { id: string; agents: Array<{ id: string; name: string | null }> });
    const withAgent = calls.find((c) => c.agents.length > 0);
    expect(withAgent).toBeDefined();

    // The agent's id, from the conversation itself.
    const parsed = JSON.parse(await stdoutOf(conversation, { id: withAgent!.id, format: 'json' })) as { participants: Array<{ purpose: string; userId?: string }> };
    const agentId = parsed.participants.find((p) => p.purpose === 'agent' && p.userId)!.userId!;
    expect(withAgent!.agents.map((a) => a.id)).toContain(agentId); // live's own row names the same agent by id

    const [row] = JSON.parse(await stdoutOf(metrics, { by: 'agent', agent: [agentId], range: 'last 7 days', format: 'json' })) as Array<{ agentId: string; handled: number; handleTimeAvgMs: number }>;

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
