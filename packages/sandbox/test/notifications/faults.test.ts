import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/index.js';
import { eventsBetween } from '../../src/notifications/events.js';
import { control, FrameReader, NOW, notificationsApi, startSandbox, type NotificationsApi } from './channel-support.js';

/** Notification faults over the control API (and the in-process Sandbox object), and channel expiry. */

let sb: Sandbox;
let api: NotificationsApi;
const readers: FrameReader[] = [];
const isHeartbeat = (f: { eventBody?: any }) => f.eventBody?.message === 'WebSocket Heartbeat';
const PATH = '/__sandbox/notifications/channels';

beforeAll(async () => {
  sb = await startSandbox({ limits: { notificationHeartbeatMs: 30 } });
  api = await notificationsApi(sb.url);
});
afterAll(() => sb.close());
beforeEach(() => sb.clock.set(NOW));
afterEach(() => {
  for (const r of readers.splice(0)) r.ws.terminate();
});

async function connected(topics: string[] = []): Promise<{ id: string; reader: FrameReader }> {
  const ch = await api.postNotificationsChannels();
  if (topics.length > 0) await api.putNotificationsChannelSubscriptions(ch.id!, topics.map((id) => ({ id })));
  const reader = await FrameReader.open(ch.connectUri!);
  readers.push(reader);
  return { id: ch.id!, reader };
}

async function headStatus(id: string): Promise<number> {
  const token = (api as any).apiClient.authData.accessToken;
  return (await fetch(`${sb.url}/api/v2/notifications/channels/${id}`, { method: 'HEAD', headers: { Authorization: `Bearer ${token}` } })).status;
}

/** Sends a ping and waits for its pong: every frame the server sent before it has arrived by then. */
async function roundTrip(r: FrameReader): Promise<void> {
  const pongs = () => r.frames.filter((f) => f.eventBody?.message === 'pong').length;
  const n = pongs();
  r.send({ message: 'ping' });
  await r.until(() => pongs() > n, 'a pong');
}

it('GET lists channels with their state', async () => {
  const { id } = await connected([`v2.users.${sb.store.org.agents[0]!.id}.presence`]);
  const r = await control(sb, 'GET', PATH);
  expect(r.status).toBe(200);
  expect(r.json.channels.find((c: any) => c.id === id)).toMatchObject({ id, connected: true, topics: 1, heartbeats: true, delayMs: 0, owner: 'cxgraph-demo/' });
});

it('drop destroys the connection without a close frame; the channel stays and takes a new socket', async () => {
  const { id, reader } = await connected();
  expect((await control(sb, 'POST', `${PATH}/${id}/drop`)).json).toEqual({ dropped: id });
  await reader.until(() => reader.closed !== undefined, 'the drop');
  expect(reader.closed!.code).toBe(1006); // abnormal closure: no close frame came
  expect(await headStatus(id)).toBe(200);
  let again: FrameReader | undefined;
  for (let i = 0; i < 50 && !again; i++) again = await FrameReader.open(`${sb.url.replace('http', 'ws')}/channels/${id}`).catch(() => undefined);
  expect(again).toBeDefined();
  readers.push(again!);
});

it('heartbeats stop on one socket while another keeps getting them, and restart', async () => {
  const a = await connected();
  const b = await connected();
  await a.reader.until(() => a.reader.frames.filter(isHeartbeat).length >= 2, 'two heartbeats');
  expect((await control(sb, 'PUT', `${PATH}/${a.id}/heartbeats`, { enabled: false })).json).toEqual({ channelId: a.id, heartbeats: false });
  await roundTrip(a.reader);
  const stoppedAt = a.reader.frames.filter(isHeartbeat).length;
  const bNow = b.reader.frames.filter(isHeartbeat).length;
  await b.reader.until(() => b.reader.frames.filter(isHeartbeat).length >= bNow + 5, 'five more heartbeats on the other socket');
  await roundTrip(a.reader);
  expect(a.reader.frames.filter(isHeartbeat).length).toBe(stoppedAt);
  await control(sb, 'PUT', `${PATH}/${a.id}/heartbeats`, { enabled: true });
  await a.reader.until(() => a.reader.frames.filter(isHeartbeat).length > stoppedAt, 'heartbeats again');
});

it('delay holds event frames back: a ping sent after the clock moves is answered first, then the events arrive complete', async () => {
  const topics = sb.store.org.queues.map((q) => `v2.routing.queues.${q.id}.conversations`);
  const { id, reader } = await connected(topics);
  expect((await control(sb, 'PUT', `${PATH}/${id}/delay`, { ms: 1_500 })).json).toEqual({ channelId: id, delayMs: 1_500 });
  sb.clock.advance(5 * 60_000);
  reader.send({ message: 'ping' });
  const want = eventsBetween(sb.store, NOW, NOW + 5 * 60_000, new Set(topics)).map((e) => e.topicName);
  expect(want.length).toBeGreaterThan(0);
  await reader.until(() => reader.events().length >= want.length, `${want.length} delayed events`);
  const firstEvent = reader.frames.findIndex((f) => f.topicName?.startsWith('v2.routing'));
  const pong = reader.frames.findIndex((f) => f.eventBody?.message === 'pong');
  expect(pong).toBeGreaterThanOrEqual(0);
  expect(pong).toBeLessThan(firstEvent);
  expect(reader.events().map((f) => f.topicName)).toEqual(want);
});

it('expire ends the channel now: its socket closes (4001), HEAD answers 404, the list drops it', async () => {
  const { id, reader } = await connected();
  expect((await control(sb, 'POST', `${PATH}/${id}/expire`)).json).toEqual({ expired: id });
  await reader.until(() => reader.closed !== undefined, 'the close');
  expect(reader.closed).toEqual({ code: 4001, reason: 'channel expired' });
  expect(await headStatus(id)).toBe(404);
  expect((await api.getNotificationsChannels()).entities!.map((c) => c.id)).not.toContain(id);
});

it('socket-closing announces v2.system.socket_closing, then closes (1001); the channel stays', async () => {
  const { id, reader } = await connected();
  const r = await control(sb, 'POST', `${PATH}/${id}/socket-closing`, { closeAfterMs: 200 });
  expect(r.status).toBe(200);
  expect(typeof r.json.closeAt).toBe('string');
  await reader.until(() => reader.closed !== undefined, 'the announced close');
  const closing = reader.frames.filter((f) => f.topicName === 'v2.system.socket_closing');
  expect(closing).toHaveLength(1);
  expect(closing[0]!.eventBody.closeAt).toBe(r.json.closeAt);
  expect(reader.closed!.code).toBe(1001);
  expect(await headStatus(id)).toBe(200);
});

it('malformed-frame sends one frame that is not JSON; the socket keeps working', async () => {
  const { id, reader } = await connected();
  expect((await control(sb, 'POST', `${PATH}/${id}/malformed-frame`)).status).toBe(200);
  await roundTrip(reader);
  const raw = reader.frames.filter((f) => 'raw' in f);
  expect(raw).toHaveLength(1);
  expect(() => JSON.parse(raw[0]!['raw'] as string)).toThrow();
  expect(reader.closed).toBeUndefined();
});

it('the same faults are on the in-process Sandbox object', async () => {
  const { id, reader } = await connected();
  sb.notifications.sendMalformedFrame(id, 'garbage');
  await roundTrip(reader);
  expect(reader.frames.some((f) => f['raw'] === 'garbage')).toBe(true);
  sb.notifications.expire(id);
  await reader.until(() => reader.closed !== undefined, 'the close');
  expect(reader.closed!.code).toBe(4001);
  expect(sb.notifications.status().some((c) => c.id === id)).toBe(false);
});

describe('bad fault requests say what is wrong', () => {
  it('unknown channel 404, no socket 409, bad body 400, wrong method 405, unknown action 404', async () => {
    const unknown = await control(sb, 'POST', `${PATH}/streaming-nope/drop`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.message).toMatch(/No live notification channel streaming-nope/);
    const ch = await api.postNotificationsChannels();
    const idle = await control(sb, 'POST', `${PATH}/${ch.id}/drop`);
    expect(idle.status).toBe(409);
    expect(idle.json.message).toMatch(/no connected socket/);
    const { id } = await connected();
    const bad = await control(sb, 'PUT', `${PATH}/${id}/delay`, { ms: -5 });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/Invalid delay setting: ms/);
    const extra = await control(sb, 'PUT', `${PATH}/${id}/heartbeats`, { enabled: false, loudly: true });
    expect(extra.status).toBe(400);
    expect(extra.json.message).toMatch(/unknown key\(s\): loudly/);
    expect((await control(sb, 'GET', `${PATH}/${id}/drop`)).status).toBe(405);
    const what = await control(sb, 'POST', `${PATH}/${id}/explode`);
    expect(what.status).toBe(404);
    expect(what.json.message).toMatch(/POST .*\/drop/);
  });
});

describe('lifetime', () => {
  it('a channel past its lifetime closes its socket (4001) and HEAD answers 404', async () => {
    const own = await startSandbox({ limits: { notificationChannelLifetimeSeconds: 0.3 } });
    try {
      const a = await notificationsApi(own.url);
      const ch = await a.postNotificationsChannels();
      expect(Date.parse(ch.expires!) - Date.now()).toBeLessThanOrEqual(300);
      const reader = await FrameReader.open(ch.connectUri!);
      await reader.until(() => reader.closed !== undefined, 'the expiry');
      expect(reader.closed!.code).toBe(4001);
      const token = (a as any).apiClient.authData.accessToken;
      expect((await fetch(`${own.url}/api/v2/notifications/channels/${ch.id}`, { method: 'HEAD', headers: { Authorization: `Bearer ${token}` } })).status).toBe(404);
    } finally {
      await own.close();
    }
  });

  it('defaults to 24 h', () => {
    expect(sb.limits.notificationChannelLifetimeSeconds).toBe(86_400);
  });
});
