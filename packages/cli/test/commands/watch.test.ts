import { createClient } from '@cxgraph/core';
import { createSandbox, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, type Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/commands/watch.js';
import { fakeIo, type FakeIo } from '../support/io.js';
import { NOW, NOW_MS, testDeps } from '../support/sandbox.js';

/**
 * `cxgraph watch` in-process on a sandbox that pushes notifications over a real WebSocket: the test moves the
 * sandbox clock on and checks the printed changes against the sandbox's own records (its store), read
 * independently of the live state.
 */
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await createSandbox({ seed: 1, now: NOW, host: '127.0.0.1', port: 0, limits: { requestsPerMinute: 1_000_000, notificationDeliveryTickMs: 20 } });
});
afterAll(() => sandbox.close());

const client = () =>
  createClient({ apiUrl: sandbox.url, clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, rateLimitPerMinute: 1_000_000, timeoutMs: 120_000, now: () => sandbox.clock.now(), sources: { env: {}, dotenv: false } });

async function waitFor(what: string, cond: () => boolean, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Line = Record<string, unknown>;
const lines = (io: FakeIo): Line[] => io.stdout().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Line);

/** Every delivery cursor of the sandbox's connected channels has reached its clock. */
const delivered = () => {
  const now = new Date(sandbox.clock.now()).toISOString();
  const channels = sandbox.notifications.status().filter((c: { connected: boolean }) => c.connected);
  return channels.length > 0 && channels.every((c: { cursor?: string; backlog: number }) => c.cursor === now && c.backlog === 0);
};

/** Conversations that reached a queue or an agent (what notifications follow) and ended in (from, to], from the store. */
function endedInStore(from: number, to: number): string[] {
  const ids: string[] = [];
  for (const day of [Math.floor(from / 86_400_000) - 1, Math.floor(from / 86_400_000)]) {
    for (const c of sandbox.store.conversationsOfDay(day)) {
      const routed = c.participants.some((p) => (p.purpose === 'acd' && p.queueId) || ((p.purpose === 'agent' || p.purpose === 'user') && p.userId));
      if (routed && c.end !== undefined && c.end > from && c.end <= to) ids.push(c.id);
    }
  }
  return ids.sort();
}

describe('cxgraph watch', () => {
  it('prints one NDJSON line per conversation change as the clock moves, every ending the store has, with no polling', async () => {
    sandbox.clock.set(NOW_MS);
    const io = fakeIo();
    const deps = testDeps(sandbox, io, { client: client() });
    const running = run({ kinds: ['conversation'] }, deps);
    await waitFor('the stream to start', () => io.stderrText().includes('streaming'));
    await waitFor('delivery to reach the clock', delivered);
    const callsAtStart = sandbox.log.counters();
    const from = sandbox.clock.now();
    sandbox.clock.advance(120_000);
    const to = sandbox.clock.now();
    const expected = endedInStore(from, to);
    expect(expected.length).toBeGreaterThan(5);
    await waitFor('every ending to be printed', () => {
      const ended = new Set(lines(io).filter((l) => l.kind === 'conversation.ended').map((l) => l.conversationId));
      return expected.every((id) => ended.has(id));
    });
    deps.interrupt();
    const written = await running;

    const out = lines(io);
    expect(out).toHaveLength(written);
    expect(out.every((l) => ['conversation.added', 'conversation.updated', 'conversation.ended'].includes(String(l.kind)))).toBe(true);
    expect(Object.keys(out[0]!)).toEqual(['at', 'kind', 'conversationId', 'mediaType', 'direction', 'queueId', 'state', 'agentIds']);
    const endedIds = out.filter((l) => l.kind === 'conversation.ended').map((l) => String(l.conversationId));
    expect(new Set(endedIds).size).toBe(endedIds.length);
    expect([...endedIds].filter((id) => Date.parse(String(out.find((l) => l.conversationId === id && l.kind === 'conversation.ended')!.at)) > from).sort()).toEqual(expected);
    // Per conversation, changes come in time order.
    const lastAt = new Map<string, number>();
    for (const l of out) {
      const at = Date.parse(String(l.at));
      expect(at).toBeGreaterThanOrEqual(lastAt.get(String(l.conversationId)) ?? 0);
      lastAt.set(String(l.conversationId), at);
    }
    // Streaming: no details query and no conversation read while the clock moved.
    const callsAtEnd = sandbox.log.counters();
    for (const endpoint of ['POST /api/v2/analytics/conversations/details/query', 'GET /api/v2/conversations/{conversationId}']) {
      expect(callsAtEnd[endpoint]?.requests ?? 0, endpoint).toBe(callsAtStart[endpoint]?.requests ?? 0);
    }
  });

  it('agent changes agree with the store’s agent state at their instant', async () => {
    sandbox.clock.set(NOW_MS + 3_600_000);
    const io = fakeIo();
    const deps = testDeps(sandbox, io, { client: client(), quiet: true });
    let finished = false;
    const running = run({ kinds: ['agent'], maxEvents: 15 }, deps).finally(() => (finished = true));
    // --quiet: no note; wait for the stream to be delivering, then move on until 15 agent changes have come (the
    // command then stops and closes its channel, so "delivered" no longer applies).
    await waitFor('delivery to reach the clock', delivered);
    while (!finished && lines(io).length < 15) {
      sandbox.clock.advance(30_000);
      await waitFor('delivery to reach the clock', () => finished || delivered());
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await running).toBe(15);
    expect(io.stderrText()).toBe('');
    for (const l of lines(io)) {
      expect(l.kind).toBe('agent.status');
      const truth = sandbox.store.agentState(String(l.agentId), Date.parse(String(l.at)));
      expect(l.routingStatus, `${String(l.agentId)} at ${String(l.at)}`).toBe(truth.routingStatus);
    }
  });
});
