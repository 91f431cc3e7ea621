import type platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type AgentState, type Sandbox } from '../../src/index.js';
import { eventsBetween, type NotificationEvent } from '../../src/notifications/events.js';
import { sdkClient, type Sdk } from '../integration/sdk-client.js';
import { allTopics, idOfTopic, sdkModelFields, undeclaredFields } from './events-support.js';

/**
 * Presence and routing status topics over a span that holds shift starts, breaks and busy work: each event agrees
 * with store.agentState at its instant and just after, the state does not change between consecutive events (an
 * independent scan every 5 s), and the bodies are the SDK's models and agree with GET /api/v2/users over HTTP.
 */

const NOW = Date.parse('2026-03-10T08:30:00Z'); // a Tuesday morning: shifts start, first breaks, rising load
const FROM = NOW - 45 * 60_000;
const SCAN_STEP = 10_000;

type Presence = platformClient.Models.PresenceEventUserPresence;
type Routing = platformClient.Models.UserRoutingStatusUserRoutingStatus;

/** The system presence as GET /users spells it ("On Queue") → as agentState does (ON_QUEUE). */
const upperSnake = (label: string | undefined): string => (label ?? '').toUpperCase().replace(/\s+/g, '_');

describe('presence and routing status events', () => {
  let sandbox: Sandbox;
  let sdk: Sdk;
  let events: NotificationEvent[];

  beforeAll(async () => {
    sandbox = await createSandbox({ seed: 11, now: NOW, historyDays: 30, limits: { requestsPerMinute: 100_000 } });
    sdk = await sdkClient(sandbox.url);
    const t = allTopics(sandbox.store);
    events = eventsBetween(sandbox.store, FROM, NOW, new Set([...t.presence, ...t.routingStatus]));
  });
  afterAll(() => sandbox?.close());

  const stateOf = (e: NotificationEvent): string =>
    e.topicName.endsWith('.presence') ? upperSnake((e.eventBody as Presence).presenceDefinition?.systemPresence) : (e.eventBody as Routing).routingStatus!.status!;
  const storeValue = (topic: string, at: number): string => {
    const s = sandbox.store.agentState(idOfTopic(topic), at);
    return topic.endsWith('.presence') ? s.presence : s.routingStatus;
  };

  it('cover shift starts, breaks and work, ordered, one per topic and instant', () => {
    const values = new Set(events.map(stateOf));
    for (const v of ['ON_QUEUE', 'BREAK', 'IDLE', 'INTERACTING', 'OFF_QUEUE']) expect(values, v).toContain(v);
    const seen = new Set<string>();
    events.forEach((e, i) => {
      if (i > 0) expect(e.at).toBeGreaterThanOrEqual(events[i - 1]!.at);
      expect(e.at > FROM && e.at <= NOW).toBe(true);
      const key = `${e.topicName}|${e.at}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    });
  });

  it('agree with store.agentState at and just after each event, and since then', () => {
    for (const e of events) {
      const id = idOfTopic(e.topicName);
      const s = sandbox.store.agentState(id, e.at);
      expect(stateOf(e), `${e.topicName} at ${e.at}`).toBe(storeValue(e.topicName, e.at));
      expect(storeValue(e.topicName, e.at + 1)).toBe(stateOf(e));
      if (e.topicName.endsWith('.presence')) expect((e.eventBody as Presence).modifiedDate).toBe(new Date(s.presenceSince).toISOString());
      else expect((e.eventBody as Routing).routingStatus!.startTime).toBe(new Date(s.routingSince).toISOString());
      // A change: the value before the event differs.
      expect(storeValue(e.topicName, e.at - 1)).not.toBe(stateOf(e));
    }
  });

  it('leave the state unchanged between consecutive events (scan every 10 s of every agent)', () => {
    const byTopic = new Map<string, NotificationEvent[]>();
    for (const e of events) byTopic.set(e.topicName, [...(byTopic.get(e.topicName) ?? []), e]);
    let scanned = 0;
    for (const agent of sandbox.store.org.agents) {
      const kinds = [
        { list: byTopic.get(`v2.users.${agent.id}.presence`) ?? [], read: (s: AgentState) => s.presence as string, i: -1 },
        { list: byTopic.get(`v2.users.${agent.id}.routingStatus`) ?? [], read: (s: AgentState) => s.routingStatus as string, i: -1 },
      ];
      const before = sandbox.store.agentState(agent.id, FROM);
      for (let at = FROM + 1; at <= NOW; at += SCAN_STEP) {
        const s = sandbox.store.agentState(agent.id, at);
        for (const k of kinds) {
          while (k.i + 1 < k.list.length && k.list[k.i + 1]!.at <= at) k.i++;
          const expected = k.i >= 0 ? stateOf(k.list[k.i]!) : k.read(before);
          expect(k.read(s), `${agent.id} at ${new Date(at).toISOString()}`).toBe(expected);
        }
        scanned++;
      }
    }
    expect(scanned).toBeGreaterThan(10_000);
  });

  it('are the SDK models, and agree with GET /api/v2/users?expand=presence,routingStatus over HTTP', async () => {
    const fieldsOf = sdkModelFields();
    for (const e of events) {
      const presence = e.topicName.endsWith('.presence');
      const nested: Record<string, string> = presence
        ? { 'PresenceEventUserPresence.presenceDefinition': 'PresenceEventOrganizationPresence' }
        : { 'UserRoutingStatusUserRoutingStatus.routingStatus': 'UserRoutingStatusRoutingStatus' };
      expect(undeclaredFields(e.eventBody, presence ? 'PresenceEventUserPresence' : 'UserRoutingStatusUserRoutingStatus', fieldsOf, nested)).toEqual([]);
    }
    const samples = Array.from({ length: 10 }, (_, i) => events[Math.floor(((i + 0.5) * events.length) / 10)]!);
    for (const e of samples) {
      const id = idOfTopic(e.topicName);
      sandbox.clock.set(e.at);
      const user = await sdk.users.getUser(id, { expand: ['presence', 'routingStatus'] });
      if (e.topicName.endsWith('.presence')) {
        const body = e.eventBody as Presence;
        expect(body.presenceDefinition).toEqual({ id: user.presence?.presenceDefinition?.id, systemPresence: user.presence?.presenceDefinition?.systemPresence });
        expect(body.modifiedDate).toBe(user.presence?.modifiedDate);
      } else {
        const body = e.eventBody as Routing;
        expect(body).toEqual({ id, routingStatus: { status: user.routingStatus?.status, startTime: user.routingStatus?.startTime } });
      }
    }
  });

  it('split into pieces, give the same events', () => {
    const t = allTopics(sandbox.store);
    const topics = new Set([...t.presence, ...t.routingStatus]);
    const pieces: NotificationEvent[] = [];
    for (let a = FROM; a < NOW; a += 7 * 60_000 + 1) pieces.push(...eventsBetween(sandbox.store, a, Math.min(NOW, a + 7 * 60_000 + 1), topics));
    expect(JSON.stringify(pieces)).toBe(JSON.stringify(events));
  });
});
