import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationChannel, TopicRejectedError, type LiveChange } from '../../src/index.js';
import { captureLogs, clientFor, startSandbox } from '../helpers.js';
import { project, rawApis, truth, type RawApis } from './support.js';

describe('LiveState when notifications are unavailable', () => {
  let sandbox: Sandbox;
  let raw: RawApis;

  beforeAll(async () => {
    sandbox = await startSandbox({ now: '2026-03-10T14:00:00Z', limits: { requestsPerMinute: 100_000 } });
    raw = await rawApis(sandbox);
  });
  afterAll(() => sandbox.close());

  it('turned off: polls through today’s path, says so in mode and a log line, and still equals the sandbox live set', async () => {
    const logs = captureLogs();
    const client = clientFor(sandbox, { rateLimitPerMinute: 100_000, logger: logs.logger });
    const state = client.liveState({ notifications: false, pollIntervalMs: 50 });
    try {
      await state.start();
      expect(state.mode).toBe('polling');
      expect(logs.text()).toContain('falling back to polling');
      expect(logs.text()).toContain('notifications are turned off');
      const mine = (await state.list()).map((c) => project(c.raw)).sort((a, b) => (a.id! < b.id! ? -1 : 1));
      expect(mine).toEqual(await truth(sandbox, raw, { routed: false }));
      expect(client.stats().byEndpoint['POST /api/v2/notifications/channels']).toBeUndefined();
      // Changes come from comparing polls: the first poll adds every live conversation.
      const first: LiveChange[] = [];
      for await (const c of state.changes()) {
        first.push(c);
        if (first.length === mine.length) break;
      }
      expect(first.every((c) => c.kind === 'conversation.added')).toBe(true);
    } finally {
      state.close();
    }
  });

  it('a refused topic is a TopicRejectedError naming the topic and reason; the live state then falls back to polling', async () => {
    const logs = captureLogs();
    const client = clientFor(sandbox, { rateLimitPerMinute: 100_000, logger: logs.logger });
    const topic = 'v2.routing.queues.no-such-queue.conversations';
    const channel = await NotificationChannel.open(client.transport, { onFrame: () => undefined, onLost: () => undefined });
    try {
      const e = await channel.subscribe([topic, `v2.users.${sandbox.store.org.agents[0]!.id}.presence`]).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TopicRejectedError);
      const err = e as TopicRejectedError;
      expect(err.code).toBe('TOPIC_REJECTED');
      expect(err.rejected).toHaveLength(1);
      expect(err.rejected[0]!.topic).toBe(topic);
      expect(err.rejected[0]!.reason.length).toBeGreaterThan(0);
      expect(err.message).toContain(topic);
      // The permitted one stays subscribed.
      expect([...channel.topics]).toEqual([`v2.users.${sandbox.store.org.agents[0]!.id}.presence`]);
    } finally {
      channel.close();
    }
    const state = client.liveState({ queueIds: ['no-such-queue'], agentIds: [] });
    try {
      await state.start();
      expect(state.mode).toBe('polling');
      expect(logs.text()).toContain('notifications unavailable');
      expect((await state.list()).length).toBe((await truth(sandbox, raw, { routed: false })).length);
    } finally {
      state.close();
    }
  });
});
