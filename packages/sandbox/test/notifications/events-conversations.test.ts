import type platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { dayOf } from '../../src/model.js';
import { eventsBetween, type NotificationEvent } from '../../src/notifications/events.js';
import { sdkClient, type Sdk } from '../integration/sdk-client.js';
import { allTopics, idOfTopic, looksEnded, sdkModelFields, undeclaredFields } from './events-support.js';

/**
 * Conversation topics over a busy span: replaying a conversation's events gives what GET /conversations/{id}
 * answers over HTTP (clock set to each sampled event's instant, and to just before its next change), events are
 * ordered and unique, the conversations that end in the span are exactly those with a final event, and a span
 * split in pieces gives the same events.
 */

const NOW = Date.parse('2026-03-10T15:00:00Z'); // a Tuesday, busy hour
const FROM = NOW - 20 * 60_000;
const MEDIA = ['calls', 'callbacks', 'chats', 'emails', 'messages'] as const;

/** A conversation event body (or GET body): always has its id. */
type Conversation = platformClient.Models.Conversation & { id: string };

/** The fields GET and the event models share, read from either shape (the test's own statement of the contract). */
function shared(c: any, side: 'get' | 'event') {
  return JSON.parse(
    JSON.stringify({
      id: c.id,
      address: c.address,
      recordingState: c.recordingState,
      divisions: (c.divisions ?? []).map((d: any) => ({ division: d.division?.id, entities: (d.entities ?? []).map((e: any) => e.id) })),
      participants: (c.participants ?? []).map((p: any) => ({
        id: p.id,
        purpose: p.purpose,
        userId: p.userId,
        queueId: p.queueId,
        name: p.name,
        address: p.address,
        connectedTime: p.connectedTime,
        endTime: p.endTime,
        wrapupRequired: p.wrapupRequired,
        wrapup: p.wrapup && { code: p.wrapup.code, notes: p.wrapup.notes, durationSeconds: p.wrapup.durationSeconds, endTime: p.wrapup.endTime },
        startAcwTime: p.startAcwTime,
        endAcwTime: p.endAcwTime,
        media: MEDIA.flatMap((k) =>
          (p[k] ?? []).map((m: any) => ({
            kind: k,
            id: m.id,
            state: m.state,
            held: m.held,
            // The chat event model has no direction.
            direction: k === 'chats' ? undefined : m.direction,
            disconnectType: m.disconnectType,
            connectedTime: m.connectedTime,
            disconnectedTime: m.disconnectedTime,
            startHoldTime: m.startHoldTime,
            afterCallWorkRequired: m.afterCallWorkRequired,
            acw:
              side === 'event'
                ? m.afterCallWork?.state
                : p.startAcwTime === undefined
                  ? undefined
                  : p.endAcwTime === undefined
                    ? 'pending'
                    : 'complete',
          })),
        ),
      })),
    }),
  );
}

describe('conversation events', () => {
  let sandbox: Sandbox;
  let sdk: Sdk;
  let events: NotificationEvent[];
  let topics: Set<string>;

  beforeAll(async () => {
    sandbox = await createSandbox({ seed: 7, now: NOW, historyDays: 30, limits: { requestsPerMinute: 100_000 } });
    sdk = await sdkClient(sandbox.url);
    const t = allTopics(sandbox.store);
    topics = new Set([...t.queueConversations, ...t.userConversations]);
    events = eventsBetween(sandbox.store, FROM, NOW, topics);
  });
  afterAll(() => sandbox?.close());

  it('are in (from, to], ordered by instant, and none is duplicated', () => {
    expect(events.length).toBeGreaterThan(200);
    const seen = new Set<string>();
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      expect(e.at).toBeGreaterThan(FROM);
      expect(e.at).toBeLessThanOrEqual(NOW);
      if (i > 0) expect(e.at).toBeGreaterThanOrEqual(events[i - 1]!.at);
      expect(topics.has(e.topicName)).toBe(true);
      const key = `${e.topicName}|${(e.eventBody as Conversation).id}|${e.at}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it('each say something new: consecutive events of a conversation on a topic never carry the same body', () => {
    const last = new Map<string, string>();
    for (const e of events) {
      const key = `${e.topicName}|${(e.eventBody as Conversation).id}`;
      const json = JSON.stringify(e.eventBody);
      expect(last.get(key), `${key} at ${e.at}`).not.toBe(json);
      last.set(key, json);
    }
  });

  it('go to the queue topics of queues the conversation reached, and to the user topics of users in it', () => {
    for (const e of events) {
      const body = e.eventBody as Conversation;
      const id = idOfTopic(e.topicName);
      const ps = body.participants ?? [];
      if (e.topicName.startsWith('v2.routing.queues.')) expect(ps.some((p) => p.purpose === 'acd' && p.queueId === id)).toBe(true);
      else expect(ps.some((p) => p.userId === id)).toBe(true);
    }
  });

  it('carry only fields of the SDK event models', () => {
    const fieldsOf = sdkModelFields();
    const nested = (prefix: string): Record<string, string> => ({
      [`${prefix}Conversation.participants`]: `${prefix}Participant`,
      [`${prefix}Conversation.divisions`]: `${prefix}ConversationDivisionMembership`,
      [`${prefix}ConversationDivisionMembership.division`]: `${prefix}DomainEntityRef`,
      [`${prefix}ConversationDivisionMembership.entities`]: `${prefix}DivisionEntityRef`,
      [`${prefix}Participant.calls`]: `${prefix}Call`,
      [`${prefix}Participant.callbacks`]: `${prefix}Callback`,
      [`${prefix}Participant.chats`]: `${prefix}Chat`,
      [`${prefix}Participant.emails`]: `${prefix}Email`,
      [`${prefix}Participant.messages`]: `${prefix}Message`,
      [`${prefix}Participant.wrapup`]: `${prefix}Wrapup`,
      ...Object.fromEntries(['Call', 'Callback', 'Chat', 'Email', 'Message'].map((m) => [`${prefix}${m}.afterCallWork`, `${prefix}AfterCallWork`])),
    });
    const seenMedia = new Set<string>();
    for (const e of events) {
      const [model, prefix] = e.topicName.startsWith('v2.routing.queues.') ? ['QueueConversationEventTopicConversation', 'QueueConversationEventTopic'] : ['ConversationEventTopicConversation', 'ConversationEventTopic'];
      expect(undeclaredFields(e.eventBody, model, fieldsOf, nested(prefix))).toEqual([]);
      for (const p of (e.eventBody as Conversation).participants ?? []) for (const k of MEDIA) if (p[k]) seenMedia.add(k);
    }
    expect(seenMedia.size).toBe(MEDIA.length);
  });

  it('replayed per conversation, reproduce GET /api/v2/conversations/{id} at sampled instants', async () => {
    // The latest body per conversation and instant (all topics carry the same body for one instant).
    const byConversation = new Map<string, NotificationEvent[]>();
    for (const e of events) {
      const id = (e.eventBody as Conversation).id;
      const list = byConversation.get(id) ?? [];
      if (list.at(-1)?.at !== e.at) list.push(e);
      byConversation.set(id, list);
    }
    const steps = [...byConversation.values()].flatMap((list) => list.map((e, i) => ({ e, next: list[i + 1]?.at })));
    steps.sort((a, b) => a.e.at - b.e.at);
    const samples = Array.from({ length: 12 }, (_, i) => steps[Math.floor(((i + 0.5) * steps.length) / 12)]!);
    let checked = 0;
    for (const { e, next } of samples) {
      const body = e.eventBody as Conversation;
      const instants = [e.at, ...(next !== undefined && next - 1 > e.at ? [next - 1] : [])];
      for (const at of instants) {
        sandbox.clock.set(at);
        const got = await sdk.conversations.getConversation(body.id);
        expect(shared(body, 'event'), `${body.id} at ${new Date(at).toISOString()}`).toEqual(shared(got, 'get'));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('end with one final event (all disconnected, no wrap-up pending) exactly for the conversations that end in the span', () => {
    const finals = new Map<string, number>();
    const lastAt = new Map<string, number>();
    for (const e of events) {
      const body = e.eventBody as Conversation;
      lastAt.set(body.id, e.at);
      if (looksEnded(body)) {
        expect(finals.get(body.id) ?? e.at, `one final instant for ${body.id}`).toBe(e.at);
        finals.set(body.id, e.at);
      }
    }
    // Nothing after the final event.
    for (const [id, at] of finals) expect(lastAt.get(id)).toBe(at);
    // Independently, from the store's records: conversations ending in (FROM, NOW] that some subscribed topic covers
    // (they reached a queue or had a user in them).
    const expected = new Map<string, number>();
    for (let d = dayOf(FROM) - 1; d <= dayOf(NOW); d++) {
      for (const c of sandbox.store.conversationsOfDay(d)) {
        if (c.end === undefined || c.end <= FROM || c.end > NOW) continue;
        if (c.participants.some((p) => p.purpose === 'acd' || p.userId !== undefined)) expected.set(c.id, c.end);
      }
    }
    expect(expected.size).toBeGreaterThan(20);
    expect(new Map([...finals].sort())).toEqual(new Map([...expected].sort()));
  });

  it('split into pieces, give the same events as the whole span', () => {
    const json = (xs: NotificationEvent[]) => JSON.stringify(xs);
    const mid = FROM + 7 * 60_000 + 123;
    expect(json([...eventsBetween(sandbox.store, FROM, mid, topics), ...eventsBetween(sandbox.store, mid, NOW, topics)])).toBe(json(events));
    // 100 ms pieces over two minutes, as a delivery loop would ask for them.
    const a = NOW - 2 * 60_000;
    const pieces: NotificationEvent[] = [];
    for (let t = a; t < NOW; t += 100) pieces.push(...eventsBetween(sandbox.store, t, t + 100, topics));
    expect(json(pieces)).toBe(json(events.filter((e) => e.at > a)));
    expect(pieces.length).toBeGreaterThan(10);
  });

  it('nothing for an empty or reversed span, or no topics', () => {
    expect(eventsBetween(sandbox.store, NOW, NOW, topics)).toEqual([]);
    expect(eventsBetween(sandbox.store, NOW, FROM, topics)).toEqual([]);
    expect(eventsBetween(sandbox.store, FROM, NOW, new Set())).toEqual([]);
  });
});
