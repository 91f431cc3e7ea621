import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/index.js';
import { eventsBetween } from '../../src/notifications/events.js';
import { FrameReader, NOW, notificationsApi, startSandbox, type Frame, type NotificationsApi } from './channel-support.js';

/**
 * Events reach a connected socket as they happen on the sandbox clock. Expected frames are computed by the
 * events module for the same span (`eventsBetween`), a path the delivery loop under test does not take part in.
 */

const MIN = 60_000;
let sb: Sandbox;
let api: NotificationsApi;

const readers: FrameReader[] = [];

beforeAll(async () => {
  // Short heartbeats: "some turns of the loop have passed" is counted in heartbeats, never timed.
  sb = await startSandbox({ limits: { notificationHeartbeatMs: 30 } });
  api = await notificationsApi(sb.url);
});
afterAll(() => sb.close());
beforeEach(() => sb.clock.set(NOW));
afterEach(() => {
  for (const r of readers.splice(0)) r.ws.terminate();
});

async function open(uri: string): Promise<FrameReader> {
  const r = await FrameReader.open(uri);
  readers.push(r);
  return r;
}

function topicsOf(s: Sandbox): string[] {
  const { queues, agents } = s.store.org;
  return [
    ...queues.map((q) => `v2.routing.queues.${q.id}.conversations`),
    ...agents.slice(0, 10).flatMap((a) => [`v2.users.${a.id}.presence`, `v2.users.${a.id}.routingStatus`, `v2.users.${a.id}.conversations`]),
    ...queues.slice(0, 3).map((q) => `v2.analytics.queues.${q.id}.observations`),
  ];
}

async function channelWith(topics: string[]): Promise<{ id: string; reader: FrameReader }> {
  const ch = await api.postNotificationsChannels();
  await api.putNotificationsChannelSubscriptions(ch.id!, topics.map((id) => ({ id })));
  return { id: ch.id!, reader: await open(ch.connectUri!) };
}

const expected = (from: number, to: number, topics: Iterable<string>) =>
  eventsBetween(sb.store, from, to, new Set(topics)).map((e) => ({ topicName: e.topicName, eventBody: JSON.parse(JSON.stringify(e.eventBody)) }));

const received = (r: FrameReader) => r.events().map((f: Frame) => ({ topicName: f.topicName, eventBody: f.eventBody }));

/** Waits until `n` more heartbeats have arrived: at least that many turns of the delivery loop. */
async function heartbeats(r: FrameReader, n: number): Promise<void> {
  const count = () => r.frames.filter((f) => f.eventBody?.message === 'WebSocket Heartbeat').length;
  const target = count() + n;
  await r.until(() => count() >= target, `${n} heartbeats`);
}

describe('delivery on the sandbox clock', () => {
  it('after clock.advance the skipped span\'s events arrive in order, equal to eventsBetween for that span', async () => {
    const topics = topicsOf(sb);
    const { reader } = await channelWith(topics);
    sb.clock.advance(10 * MIN);
    const want = expected(NOW, NOW + 10 * MIN, topics);
    expect(want.length).toBeGreaterThan(50);
    await reader.until(() => reader.events().length >= want.length, `${want.length} events`);
    await heartbeats(reader, 3);
    expect(received(reader)).toEqual(want);
    for (const f of reader.events()) {
      expect(f.version).toBe('2');
      expect(typeof f.metadata?.CorrelationId).toBe('string');
    }
  });

  it('many small steps across loop turns lose and repeat nothing at the turn boundaries', async () => {
    const topics = topicsOf(sb);
    const { reader } = await channelWith(topics);
    for (let i = 0; i < 20; i++) {
      sb.clock.advance(30_000);
      await heartbeats(reader, 1);
    }
    const want = expected(NOW, NOW + 20 * 30_000, topics);
    await reader.until(() => reader.events().length >= want.length, `${want.length} events`);
    await heartbeats(reader, 3);
    expect(received(reader)).toEqual(want);
  });

  it('a jump of hours arrives complete and in order', async () => {
    const topics = topicsOf(sb).slice(0, 6);
    const { reader } = await channelWith(topics);
    sb.clock.advance(2 * 60 * MIN);
    const want = expected(NOW, NOW + 2 * 60 * MIN, topics);
    await reader.until(() => reader.events().length >= want.length, `${want.length} events`, 60_000);
    await heartbeats(reader, 3);
    expect(received(reader)).toEqual(want);
  });

  it('a frozen clock sends nothing new', async () => {
    const { reader } = await channelWith(topicsOf(sb));
    await heartbeats(reader, 5);
    expect(reader.events()).toEqual([]);
  });

  it('a clock set backwards replays nothing', async () => {
    const topics = topicsOf(sb);
    const { reader } = await channelWith(topics);
    sb.clock.advance(5 * MIN);
    const want = expected(NOW, NOW + 5 * MIN, topics);
    await reader.until(() => reader.events().length >= want.length, `${want.length} events`);
    sb.clock.set(NOW - 30 * MIN);
    await heartbeats(reader, 5);
    expect(received(reader)).toEqual(want);
  });

  it('a topic subscribed later starts from its subscription time', async () => {
    const all = topicsOf(sb);
    const early = all.slice(0, 5);
    const late = all.slice(5);
    const ch = await api.postNotificationsChannels();
    await api.putNotificationsChannelSubscriptions(ch.id!, early.map((id) => ({ id })));
    const reader = await open(ch.connectUri!);
    sb.clock.advance(5 * MIN);
    const first = expected(NOW, NOW + 5 * MIN, early);
    await reader.until(() => reader.events().length >= first.length, 'the early topics\' events');
    await api.postNotificationsChannelSubscriptions(ch.id!, late.map((id) => ({ id })));
    sb.clock.advance(5 * MIN);
    const want = [...first, ...expected(NOW + 5 * MIN, NOW + 10 * MIN, all)];
    expect(want.length).toBeGreaterThan(first.length);
    await reader.until(() => reader.events().length >= want.length, `${want.length} events`);
    await heartbeats(reader, 3);
    expect(received(reader)).toEqual(want);
  });

  it('events while no socket is connected are not kept: delivery starts when the socket connects', async () => {
    const topics = topicsOf(sb);
    const ch = await api.postNotificationsChannels();
    await api.putNotificationsChannelSubscriptions(ch.id!, topics.map((id) => ({ id })));
    sb.clock.advance(5 * MIN);
    const reader = await open(ch.connectUri!);
    sb.clock.advance(5 * MIN);
    const want = expected(NOW + 5 * MIN, NOW + 10 * MIN, topics);
    await reader.until(() => reader.events().length >= want.length, `${want.length} events`);
    await heartbeats(reader, 3);
    expect(received(reader)).toEqual(want);
  });

  it('channels caught up together each get exactly their own topics\' events', async () => {
    const all = topicsOf(sb);
    const a = await channelWith(all.filter((_, i) => i % 2 === 0));
    const b = await channelWith(all.filter((_, i) => i % 2 === 1));
    const c = await channelWith(all);
    for (let i = 0; i < 5; i++) {
      sb.clock.advance(60_000);
      await heartbeats(c.reader, 1);
    }
    for (const [ch, topics] of [
      [a, all.filter((_, i) => i % 2 === 0)],
      [b, all.filter((_, i) => i % 2 === 1)],
      [c, all],
    ] as const) {
      const want = expected(NOW, NOW + 5 * 60_000, topics);
      await ch.reader.until(() => ch.reader.events().length >= want.length, `${want.length} events`);
      await heartbeats(ch.reader, 2);
      expect(received(ch.reader)).toEqual(want);
    }
  });

  it('a socket that went away does not hold up another channel\'s delivery', async () => {
    const topics = topicsOf(sb);
    const gone = await channelWith(topics);
    const live = await channelWith(topics);
    gone.reader.ws.terminate();
    sb.clock.advance(10 * MIN);
    const want = expected(NOW, NOW + 10 * MIN, topics);
    await live.reader.until(() => live.reader.events().length >= want.length, `${want.length} events`);
    expect(received(live.reader)).toEqual(want);
  });
});
