import { beforeAll, expect, it } from 'vitest';
import { SandboxClock } from '../../src/clock.js';
import type { TopicSubscription } from '../../src/notifications/channels.js';
import { ChannelDelivery, SLICE_MS } from '../../src/notifications/delivery.js';
import { eventsBetween } from '../../src/notifications/events.js';
import { SimulatedOrgStore } from '../../src/sim/store.js';
import { NOW } from './channel-support.js';

/**
 * ChannelDelivery against a socket whose buffer the test controls (a stand-in for ws's `bufferedAmount`; the
 * delivery logic and the real timeline are what run): a full buffer stops sending, nothing is lost or reordered
 * when it drains, and no more than one slice of events is ever held.
 */

let store: SimulatedOrgStore;
beforeAll(() => {
  store = new SimulatedOrgStore({ seed: 11, agents: 60, conversationsPerDay: 1_800, historyDays: 30, cacheDays: 4 });
});

class FullableSocket {
  bufferedAmount = 0;
  readonly sent: any[] = [];
  send(frame: string): void {
    this.sent.push(JSON.parse(frame));
  }
}

it('waits while the socket is over its high-water mark and resumes in order; holds one slice at most', () => {
  const topics = new Map<string, TopicSubscription>(store.org.queues.map((q) => [`v2.routing.queues.${q.id}.conversations`, { name: `v2.routing.queues.${q.id}.conversations`, since: NOW }]));
  const clock = new SandboxClock({ now: NOW });
  const d = new ChannelDelivery(clock.now());
  const socket = new FullableSocket();
  const span = 3 * SLICE_MS;
  clock.advance(span);
  const turn = () => d.turn({ store, now: clock.now(), realNow: 0, topics, highWaterBytes: 100, socket });

  socket.bufferedAmount = 100; // full from the start: nothing goes out, and only the first slice is computed
  turn();
  expect(socket.sent).toHaveLength(0);
  const firstSlice = eventsBetween(store, NOW, NOW + SLICE_MS, new Set(topics.keys())).length;
  expect(d.backlog).toBe(firstSlice);
  expect(d.cursor).toBe(NOW + SLICE_MS);

  const names = new Set(topics.keys());
  const biggestSlice = Math.max(...[0, 1, 2].map((i) => eventsBetween(store, NOW + i * SLICE_MS, NOW + (i + 1) * SLICE_MS, names).length));

  // Drains a little at a time: each turn sends until the buffer "fills" again.
  let turns = 0;
  const origSend = socket.send.bind(socket);
  socket.send = (f: string) => {
    origSend(f);
    if (socket.sent.length % 7 === 0) socket.bufferedAmount = 100;
  };
  while (d.cursor < clock.now() || d.backlog > 0) {
    socket.bufferedAmount = 0;
    turn();
    expect(d.backlog).toBeLessThanOrEqual(biggestSlice); // one slice at a time, never the whole span
    if (++turns > 10_000) throw new Error('delivery did not finish');
  }
  const want = eventsBetween(store, NOW, NOW + span, new Set(topics.keys())).map((e) => ({ topicName: e.topicName, eventBody: JSON.parse(JSON.stringify(e.eventBody)) }));
  expect(socket.sent.map((f) => ({ topicName: f.topicName, eventBody: f.eventBody }))).toEqual(want);
  expect(turns).toBeGreaterThan(1);
});

it('holds events back by the delay in real time, then sends them in order', () => {
  const name = `v2.routing.queues.${store.org.queues[1]!.id}.conversations`;
  const topics = new Map<string, TopicSubscription>([[name, { name, since: NOW }]]);
  const d = new ChannelDelivery(NOW);
  d.delayMs = 500;
  const socket = new FullableSocket();
  d.turn({ store, now: NOW + SLICE_MS, realNow: 1_000, topics, highWaterBytes: 1e9, socket });
  expect(socket.sent).toHaveLength(0);
  d.turn({ store, now: NOW + SLICE_MS, realNow: 1_499, topics, highWaterBytes: 1e9, socket });
  expect(socket.sent).toHaveLength(0);
  d.turn({ store, now: NOW + SLICE_MS, realNow: 1_500, topics, highWaterBytes: 1e9, socket });
  expect(socket.sent.map((f) => f.topicName)).toEqual(eventsBetween(store, NOW, NOW + SLICE_MS, new Set([name])).map((e) => e.topicName));
  expect(socket.sent.length).toBeGreaterThan(0);
});
