import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Sandbox } from '../../src/index.js';
import { FrameReader, notificationsApi, startSandbox, type NotificationsApi } from './channel-support.js';

/** The WebSocket half: connecting, heartbeats, ping/pong and subscribing over the socket. */

const HEARTBEAT = { topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } };

let sb: Sandbox;
let api: NotificationsApi;

beforeAll(async () => {
  // A short heartbeat interval: the test counts heartbeats and checks their order, never their timing.
  sb = await startSandbox({ limits: { notificationHeartbeatMs: 50 } });
  api = await notificationsApi(sb.url);
});
afterAll(() => sb.close());

/** The HTTP status an upgrade to `uri` is refused with, and the body's message. */
function refusal(uri: string): Promise<{ status: number; message: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(uri);
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, message: (JSON.parse(body) as { message: string }).message }));
    });
    ws.once('error', () => undefined);
  });
}

describe('connecting', () => {
  it('an unknown channel, or any other path, refuses the upgrade with 404 and says what to do', async () => {
    const base = sb.url.replace('http://', 'ws://');
    const r = await refusal(`${base}/channels/streaming-unknown`);
    expect(r.status).toBe(404);
    expect(r.message).toMatch(/POST \/api\/v2\/notifications\/channels/);
    expect((await refusal(`${base}/somewhere/else`)).status).toBe(404);
    const badId = await refusal(`${base}/channels/%E0%A4%A`);
    expect(badId.status).toBe(404);
    expect(badId.message).toMatch(/not valid percent-encoding/);
  });

  it('a channel takes one socket at a time (409 for a second); after the first closes a new one connects', async () => {
    const ch = await api.postNotificationsChannels();
    const first = await FrameReader.open(ch.connectUri!);
    const second = await refusal(ch.connectUri!);
    expect(second.status).toBe(409);
    expect(second.message).toMatch(/one connection at a time/);
    first.close();
    await first.until(() => first.closed !== undefined, 'the first socket to close');
    // The server sees the close a moment later: retry a few times, counting attempts rather than time.
    let again: FrameReader | undefined;
    for (let i = 0; i < 50 && !again; i++) again = await FrameReader.open(ch.connectUri!).catch(() => undefined);
    expect(again).toBeDefined();
    again!.close();
  });
});

describe('heartbeats', () => {
  it('arrive repeatedly on a connected socket, each exactly the documented frame', async () => {
    const ch = await api.postNotificationsChannels();
    const r = await FrameReader.open(ch.connectUri!);
    await r.until(() => r.frames.length >= 3, 'three heartbeats');
    expect(r.frames.slice(0, 3)).toEqual([HEARTBEAT, HEARTBEAT, HEARTBEAT]);
    r.close();
  });

  it('default to every 30 s (a limit)', async () => {
    const own = await startSandbox();
    expect(own.limits.notificationHeartbeatMs).toBe(30_000);
    await own.close();
  });
});

describe('client messages', () => {
  it('ping gets a pong frame', async () => {
    const own = await startSandbox(); // 30 s heartbeats: nothing else arrives
    try {
      const a = await notificationsApi(own.url);
      const r = await FrameReader.open((await a.postNotificationsChannels()).connectUri!);
      r.send({ message: 'ping' });
      await r.until(() => r.frames.length >= 1, 'the pong');
      expect(r.frames[0]).toEqual({ topicName: 'channel.metadata', eventBody: { message: 'pong' } });
      r.close();
    } finally {
      await own.close();
    }
  });

  it('subscribe over the socket adds topics (as REST POST does) and answers with the correlationId', async () => {
    const own = await startSandbox();
    try {
      const a = await notificationsApi(own.url);
      const ch = await a.postNotificationsChannels();
      const agent = own.store.org.agents[0]!.id;
      const r = await FrameReader.open(ch.connectUri!);
      const topics = [`v2.users.${agent}.presence`, `v2.users.${agent}.routingStatus`];
      r.send({ message: 'subscribe', topics, correlationId: 'c-1' });
      await r.until(() => r.frames.length >= 1, 'the subscribe answer');
      expect(r.frames[0]).toMatchObject({ result: '200', status: 'subscribed', correlationId: 'c-1' });
      expect((await a.getNotificationsChannelSubscriptions(ch.id!)).entities!.map((t) => t.id)).toEqual(topics);

      r.send({ message: 'subscribe', topics: ['v2.users.nobody.presence'], correlationId: 'c-2' });
      await r.until(() => r.frames.length >= 2, 'the second answer');
      expect(r.frames[1]).toMatchObject({ result: '400', correlationId: 'c-2', topics: [{ id: 'v2.users.nobody.presence', state: 'Rejected' }] });
      expect((await a.getNotificationsChannelSubscriptions(ch.id!)).entities).toHaveLength(2);
      r.close();
    } finally {
      await own.close();
    }
  });

  it('subscribe over the socket past the topic cap answers 400 naming the limit and adds nothing', async () => {
    const own = await startSandbox({ limits: { notificationTopicsPerChannel: 2 } });
    try {
      const a = await notificationsApi(own.url);
      const ch = await a.postNotificationsChannels();
      const [x, y] = own.store.org.agents as [any, any];
      const r = await FrameReader.open(ch.connectUri!);
      r.send({ message: 'subscribe', topics: [`v2.users.${x.id}.presence`, `v2.users.${y.id}.presence`, `v2.users.${x.id}.routingStatus`], correlationId: 'cap' });
      await r.until(() => r.frames.length >= 1, 'the answer');
      expect(r.frames[0]).toMatchObject({ result: '400', correlationId: 'cap', message: expect.stringContaining('at most 2 topics; this subscription would give it 3') });
      expect((await a.getNotificationsChannelSubscriptions(ch.id!)).entities).toEqual([]);
      r.close();
    } finally {
      await own.close();
    }
  });

  it('bad messages get a 400 answer that says what to send, and the socket stays open', async () => {
    const own = await startSandbox();
    try {
      const a = await notificationsApi(own.url);
      const r = await FrameReader.open((await a.postNotificationsChannels()).connectUri!);
      r.ws.send('not json');
      r.send({ message: 'dance', correlationId: 'c-3' });
      r.send({ message: 'subscribe', topics: 'v2.users.x.presence' });
      await r.until(() => r.frames.length >= 3, 'three answers');
      expect(r.frames[0]).toMatchObject({ result: '400', message: expect.stringMatching(/not valid JSON.*"ping"/) });
      expect(r.frames[1]).toMatchObject({ result: '400', correlationId: 'c-3', message: expect.stringMatching(/Unknown message "dance"/) });
      expect(r.frames[2]).toMatchObject({ result: '400', message: expect.stringMatching(/"topics": an array of topic names/) });
      r.send({ message: 'ping' });
      await r.until(() => r.frames.length >= 4, 'the pong');
      expect(r.frames[3]!.eventBody).toEqual({ message: 'pong' });
      expect(r.closed).toBeUndefined();
      r.close();
    } finally {
      await own.close();
    }
  });
});

describe('closing the sandbox', () => {
  it('closes connected sockets and does not hang', async () => {
    const own = await startSandbox();
    const a = await notificationsApi(own.url);
    const r = await FrameReader.open((await a.postNotificationsChannels()).connectUri!);
    await own.close();
    await r.until(() => r.closed !== undefined, 'the socket to close');
    expect(r.closed!.code).toBe(1001);
  });
});
