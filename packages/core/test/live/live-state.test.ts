/**
 * The live state against a real sandbox, over real HTTP and WebSocket, with the unchanged SDK. The sandbox clock
 * is frozen at a busy hour and moved by the test; the truth at each checked instant is the sandbox's own live set
 * (the ids running in its store's records, each read with GET /api/v2/conversations/{id} through the raw SDK).
 */
import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveOverflowError, type CxGraphClient, type LiveChange, type LiveState } from '../../src/index.js';
import { clientFor, startSandbox } from '../helpers.js';
import { agentTruth, caughtUp, project, queueTruth, rawApis, truth, waitFor, type RawApis } from './support.js';

const BUSY = Date.parse('2026-03-10T14:00:00Z');
const STEP_MS = 135_000; // 27 steps: a simulated hour

describe('LiveState streaming from the sandbox', () => {
  let sandbox: Sandbox;
  let client: CxGraphClient;
  let state: LiveState;
  let raw: RawApis;
  const changes: LiveChange[] = [];
  let reading: Promise<void>;
  /** A reader that never reads: it must be dropped with an overflow, never hold memory without bound. */
  let idle: AsyncIterator<LiveChange>;

  beforeAll(async () => {
    // 350 agents: 3 topics each plus 2 per queue is over 1,000 topics, so two channels.
    sandbox = await startSandbox({
      now: BUSY,
      agents: 350,
      limits: { requestsPerMinute: 100_000, notificationHeartbeatMs: 100, notificationDeliveryTickMs: 20 },
    });
    client = clientFor(sandbox, { rateLimitPerMinute: 100_000, maxConcurrency: 16 });
    raw = await rawApis(sandbox);
    state = client.liveState({ heartbeatTimeoutMs: 2_000, watchdogIntervalMs: 50, reconnectBaseDelayMs: 20, reconnectMaxDelayMs: 200, rotationDrainMs: 100, rotateBeforeExpiryMs: 2_000, changeBufferSize: 500 });
    const iterator = state.changes()[Symbol.asyncIterator]();
    idle = state.changes()[Symbol.asyncIterator]();
    reading = (async () => {
      for (;;) {
        const r = await iterator.next();
        if (r.done) return;
        changes.push(r.value);
      }
    })();
    await state.start();
  });
  afterAll(async () => {
    state?.close();
    await reading;
    await sandbox?.close();
  });

  const check = async (label: string) => {
    // The state is exact whenever no gap is open. On a loaded machine the watchdog can (rightly) call a starved
    // socket dead in the middle of a check: then catch up again and compare again.
    let mine: ReturnType<typeof project>[] = [];
    let expected: ReturnType<typeof project>[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const gaps = state.stats().gaps;
      await caughtUp(sandbox, state);
      mine = (await state.list()).map((c) => project(c.raw)).sort((a, b) => (a.id! < b.id! ? -1 : 1));
      expected = await truth(sandbox, raw);
      if (state.stats().gaps === gaps) break;
    }
    expect(mine, label).toEqual(expected);
    const agents = await agentTruth(raw);
    const wrongAgents: string[] = [];
    for (const [id, t] of agents) {
      const a = await state.agentStatus(id);
      if (a?.routingStatus !== t.routingStatus || a?.presence !== t.presence) wrongAgents.push(`${id}: ${a?.routingStatus}/${a?.presence} vs ${t.routingStatus}/${t.presence}`);
    }
    expect(wrongAgents, label).toEqual([]);
    const queueIds = sandbox.store.org.queues.map((q) => q.id);
    const queues = await queueTruth(raw, queueIds);
    for (const q of queueIds) {
      const s = await state.queueStats(q);
      expect({ waiting: s?.waiting, interacting: s?.interacting, alerting: s?.alerting }, `${label}: queue ${q}`).toEqual(queues.get(q));
    }
    return expected.length;
  };

  /** Moves the sandbox clock on one step, so a span of events happens (and is delivered, or missed in a gap). */
  const step = () => sandbox.clock.advance(STEP_MS);
  const channelIds = () => state.channels!.channels().map((c) => c.id);

  it('equals the sandbox live set at every checked instant of a busy hour, through drops, stopped heartbeats, expiry, rotation and socket_closing', async () => {
    expect(state.mode).toBe('streaming');
    const s0 = state.stats();
    expect(s0.topics).toBeGreaterThan(1_000);
    expect(s0.channels).toBe(2);
    const sizes: number[] = [await check('at start')];
    const faults: Record<number, () => Promise<void>> = {
      4: async () => {
        // A dropped socket (no close frame): the stream is lost, events in the gap are missed, the snapshot repairs.
        const before = state.stats().reconnects;
        sandbox.notifications.dropSocket(channelIds()[0]!);
        step();
        await waitFor('reconnect after a drop', () => state.stats().reconnects > before);
      },
      8: async () => {
        // Heartbeats stop: only the watchdog can tell the socket is dead.
        const before = state.stats().reconnects;
        sandbox.notifications.setHeartbeats(channelIds()[1]!, false);
        await waitFor('watchdog reconnect', () => state.stats().reconnects > before);
        step();
      },
      12: async () => {
        // Expired early by the server: closed with 4001, then a new channel.
        const before = state.stats().reconnects;
        sandbox.notifications.expire(channelIds()[0]!);
        step();
        await waitFor('reconnect after expiry', () => state.stats().reconnects > before);
      },
      16: async () => {
        // socket_closing: a new channel is subscribed before the old one closes: a rotation, no gap.
        const before = state.stats();
        sandbox.notifications.announceClosing(channelIds()[1]!, 300);
        await waitFor('rotation on socket_closing', () => state.stats().rotations > before.rotations);
        step();
        expect(state.stats().gaps).toBe(before.gaps);
      },
      20: async () => {
        // Lifetimes short enough that the manager rotates before expiry; back to 24 h once it has.
        const before = state.stats();
        sandbox.setLimits({ notificationChannelLifetimeSeconds: 3 });
        sandbox.notifications.announceClosing(channelIds()[0]!, 200);
        await waitFor('a short-lived channel', () => state.stats().rotations > before.rotations);
        await waitFor('rotation before expiry', () => state.stats().rotations > before.rotations + 1);
        sandbox.setLimits({ notificationChannelLifetimeSeconds: 86_400 });
        step();
        expect(state.stats().gaps).toBe(before.gaps);
      },
      24: async () => {
        // A malformed frame is logged and counted; nothing else changes.
        const before = state.stats().malformedFrames;
        sandbox.notifications.sendMalformedFrame(channelIds()[0]!);
        await waitFor('the malformed frame', () => state.stats().malformedFrames > before);
        step();
      },
    };
    for (let i = 1; i <= 27; i++) {
      const fault = faults[i];
      if (fault) await fault();
      else step();
      sizes.push(await check(`step ${i}${fault ? ' (after a fault)' : ''}`));
    }
    expect(sizes.length).toBeGreaterThanOrEqual(20);
    expect(Math.min(...sizes)).toBeGreaterThan(5);
    const s = state.stats();
    expect(s.reconnects).toBeGreaterThanOrEqual(3);
    expect(s.rotations).toBeGreaterThanOrEqual(2);
    expect(s.malformedFrames).toBe(1);
    expect(s.events).toBeGreaterThan(100);
  });

  it('sent changes in order per conversation, none duplicated', () => {
    const byId = new Map<string, Array<Extract<LiveChange, { conversation: unknown }>>>();
    for (const c of changes) if ('conversation' in c) byId.set(c.conversation.id, [...(byId.get(c.conversation.id) ?? []), c]);
    expect(byId.size).toBeGreaterThan(30);
    let ended = 0;
    for (const [id, list] of byId) {
      const kinds = list.map((c) => c.kind);
      // At most one added (first) and one ended (last), updates between.
      expect(kinds.filter((k) => k === 'conversation.added').length, id).toBeLessThanOrEqual(1);
      expect(kinds.filter((k) => k === 'conversation.ended').length, id).toBeLessThanOrEqual(1);
      if (kinds.includes('conversation.added')) expect(kinds[0], id).toBe('conversation.added');
      if (kinds.includes('conversation.ended')) {
        expect(kinds.at(-1), id).toBe('conversation.ended');
        ended++;
      }
      // No change repeats the state before it; and a conversation only ever moves forward: participants join,
      // media disconnect, never the other way.
      let progress = -1;
      let last = '';
      for (const c of list) {
        const p = project(c.conversation.raw);
        const now = JSON.stringify(c.conversation.raw);
        expect(now, `${id} repeated`).not.toBe(last);
        last = now;
        const forward = p.participants.length * 1000 + p.participants.flatMap((x) => x.media).filter((m) => m.state === 'disconnected').length;
        expect(forward, `${id} went back`).toBeGreaterThanOrEqual(progress);
        progress = forward;
      }
    }
    expect(ended).toBeGreaterThan(10);
    expect(changes.some((c) => c.kind === 'agent.status')).toBe(true);
  });

  it('dropped the reader that never read, with an overflow error, while the one that kept up got everything', async () => {
    expect(changes.length).toBeGreaterThan(500);
    await expect(idle.next()).rejects.toBeInstanceOf(LiveOverflowError);
  });

  it('answers reads from memory: no upstream call for list(), get(), agentStatus() or queueStats() at steady state', async () => {
    await caughtUp(sandbox, state);
    const before = sandbox.log.total().requests;
    const statsBefore = client.stats().requests;
    const agent = sandbox.store.org.agents[3]!.id;
    const queue = sandbox.store.org.queues[0]!.id;
    for (let i = 0; i < 20; i++) {
      const all = await state.list();
      await state.list({ queueIds: [queue] });
      await state.get(all[0]!.id);
      expect(await state.agentStatus(agent)).toMatchObject({ userId: agent });
      expect(await state.queueStats(queue)).toMatchObject({ queueId: queue });
    }
    expect(client.stats().requests - statsBefore).toBe(0);
    expect(sandbox.log.total().requests - before).toBe(0);
  });
});
