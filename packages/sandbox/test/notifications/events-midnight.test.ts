import { beforeAll, describe, expect, it } from 'vitest';
import { dayOf, type AgentState } from '../../src/model.js';
import { eventsBetween, isEndedConversationEvent, type NotificationEvent } from '../../src/notifications/events.js';
import { SimulatedOrgStore } from '../../src/sim/store.js';
import { allTopics, idOfTopic } from './events-support.js';

/**
 * A span across midnight, where the night crews hand over and conversations of the day before still run: every
 * kind of topic splits cleanly at midnight, the agents' state between events is unchanged (a scan every 30 s),
 * and the conversations that end in the span have their final event.
 */

const MIDNIGHT = Date.parse('2026-03-11T00:00:00Z');
const FROM = MIDNIGHT - 30 * 60_000;
const TO = MIDNIGHT + 30 * 60_000;

describe('events across midnight', () => {
  const store = new SimulatedOrgStore({ seed: 9, historyDays: 10 });
  const t = allTopics(store);
  const topics = new Set(Object.values(t).flat());
  let events: NotificationEvent[];

  beforeAll(() => {
    events = eventsBetween(store, FROM, TO, topics);
  });

  it('split at midnight (and in 10 s pieces around it) into the same events', () => {
    const json = (xs: NotificationEvent[]) => JSON.stringify(xs);
    expect(json([...eventsBetween(store, FROM, MIDNIGHT, topics), ...eventsBetween(store, MIDNIGHT, TO, topics)])).toBe(json(events));
    const pieces: NotificationEvent[] = [];
    for (let a = MIDNIGHT - 60_000; a < MIDNIGHT + 60_000; a += 10_000) pieces.push(...eventsBetween(store, a, a + 10_000, topics));
    expect(json(pieces)).toBe(json(events.filter((e) => e.at > MIDNIGHT - 60_000 && e.at <= MIDNIGHT + 60_000)));
  });

  it('leave each agent state as the last event said, scanning every 30 s', () => {
    const last = new Map<string, string>();
    const value = (topic: string, s: AgentState) => (topic.endsWith('.presence') ? s.presence : s.routingStatus);
    for (const topic of [...t.presence, ...t.routingStatus]) last.set(topic, value(topic, store.agentState(idOfTopic(topic), FROM)));
    const agentEvents = events.filter((e) => e.topicName.endsWith('.presence') || e.topicName.endsWith('.routingStatus'));
    expect(agentEvents.length).toBeGreaterThan(10);
    let i = 0;
    for (let at = FROM + 1; at <= TO; at += 30_000) {
      for (; i < agentEvents.length && agentEvents[i]!.at <= at; i++) {
        const e = agentEvents[i]!;
        const body = e.eventBody as any;
        last.set(e.topicName, e.topicName.endsWith('.presence') ? body.presenceDefinition.systemPresence.toUpperCase().replace(/\s+/g, '_') : body.routingStatus.status);
      }
      for (const agent of store.org.agents) {
        const s = store.agentState(agent.id, at);
        for (const topic of [`v2.users.${agent.id}.presence`, `v2.users.${agent.id}.routingStatus`]) expect(value(topic, s), `${topic} at ${at}`).toBe(last.get(topic));
      }
    }
  });

  it('end the conversations that end in the span, from both days', () => {
    const ended = new Set(events.filter((e) => e.topicName.includes('conversations') && isEndedConversationEvent(e.eventBody as any)).map((e) => (e.eventBody as any).id as string));
    const expected = new Set<string>();
    const startDays = new Set<number>();
    for (const d of [dayOf(FROM) - 1, dayOf(FROM), dayOf(TO)]) {
      for (const c of store.conversationsOfDay(d)) {
        if (c.end! > FROM && c.end! <= TO && c.participants.some((p) => p.purpose === 'acd' || p.userId !== undefined)) {
          expected.add(c.id);
          startDays.add(c.day);
        }
      }
    }
    expect(startDays.size).toBe(2);
    expect([...ended].sort()).toEqual([...expected].sort());
  });
});
