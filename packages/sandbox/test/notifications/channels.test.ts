import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/index.js';
import { FrameReader, notificationsApi, rejection, startSandbox, type NotificationsApi } from './channel-support.js';

/** The REST half of the Notifications API through the unchanged SDK: channels, subscriptions, the catalogue, limits. */

let sb: Sandbox;
let api: NotificationsApi;
let queueId: string;
let agentId: string;

beforeAll(async () => {
  sb = await startSandbox();
  api = await notificationsApi(sb.url);
  queueId = sb.store.org.queues[0]!.id;
  agentId = sb.store.org.agents[0]!.id;
});
afterAll(() => sb.close());

describe('channels', () => {
  it('POST creates a channel whose connectUri is this sandbox over ws and which expires in 24 h', async () => {
    const before = Date.now();
    const ch = await api.postNotificationsChannels();
    expect(ch.id).toMatch(/^streaming-/);
    expect(ch.connectUri).toBe(`${sb.url.replace('http://', 'ws://')}/channels/${ch.id}`);
    const expires = Date.parse(ch.expires!);
    expect(expires).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 86_400_000);
  });

  it('GET lists this token\'s channels; includechannels=oauthclient adds those of other tokens of the client', async () => {
    const other = await notificationsApi(sb.url);
    const mine = await api.postNotificationsChannels();
    const theirs = await other.postNotificationsChannels();
    const byToken = (await api.getNotificationsChannels()).entities!.map((c) => c.id);
    expect(byToken).toContain(mine.id);
    expect(byToken).not.toContain(theirs.id);
    const byClient = (await api.getNotificationsChannels({ includechannels: 'oauthclient' })).entities!.map((c) => c.id);
    expect(byClient).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    const err = await rejection(api.getNotificationsChannels({ includechannels: 'everyone' }));
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/includechannels must be token or oauthclient/);
  });

  it('HEAD answers for live channels only, and another client\'s channel is absent', async () => {
    const ch = await api.postNotificationsChannels();
    await expect(api.headNotificationsChannel(ch.id!)).resolves.toBeUndefined();
    // A HEAD answer has no body, so the SDK rejects with nothing to read: the status is checked over fetch.
    await rejection(api.headNotificationsChannel('streaming-nope'));
    const stranger = await notificationsApi(sb.url, { id: 'cxgraph-no-analytics', secret: 'cxgraph-no-analytics-secret' });
    await rejection(stranger.headNotificationsChannel(ch.id!));
    const token = (api as any).apiClient.authData.accessToken;
    const head = (id: string) => fetch(`${sb.url}/api/v2/notifications/channels/${id}`, { method: 'HEAD', headers: { Authorization: `Bearer ${token}` } });
    expect((await head(ch.id!)).status).toBe(200);
    expect((await head('streaming-nope')).status).toBe(404);
    const err = await rejection(stranger.getNotificationsChannelSubscriptions(ch.id!));
    expect(err.status).toBe(404);
    expect(err.code).toBe('not.found');
  });

  it('refuses a call without a token (401), like every /api/v2 endpoint', async () => {
    const res = await fetch(`${sb.url}/api/v2/notifications/channels`, { method: 'POST' });
    expect(res.status).toBe(401);
  });
});

describe('subscriptions', () => {
  it('POST adds, GET lists, PUT replaces, DELETE clears', async () => {
    const ch = await api.postNotificationsChannels();
    const a = `v2.routing.queues.${queueId}.conversations`;
    const b = `v2.users.${agentId}.presence`;
    const c = `v2.users.${agentId}.routingStatus`;
    const added = await api.postNotificationsChannelSubscriptions(ch.id!, [{ id: a }, { id: b }]);
    expect(added.entities).toEqual([
      { id: a, state: 'Permitted' },
      { id: b, state: 'Permitted' },
    ]);
    await api.postNotificationsChannelSubscriptions(ch.id!, [{ id: b }, { id: c }]);
    expect((await api.getNotificationsChannelSubscriptions(ch.id!)).entities!.map((t) => t.id)).toEqual([a, b, c]);
    await api.putNotificationsChannelSubscriptions(ch.id!, [{ id: c }]);
    expect((await api.getNotificationsChannelSubscriptions(ch.id!)).entities!.map((t) => t.id)).toEqual([c]);
    await api.deleteNotificationsChannelSubscriptions(ch.id!);
    expect((await api.getNotificationsChannelSubscriptions(ch.id!)).entities).toEqual([]);
  });

  it('a topic the token may not have is Rejected with missingPermissions under ignoreErrors, and the rest subscribed', async () => {
    const limited = await notificationsApi(sb.url, { id: 'cxgraph-no-analytics', secret: 'cxgraph-no-analytics-secret' });
    const ch = await limited.postNotificationsChannels();
    const observations = `v2.analytics.queues.${queueId}.observations`;
    const presence = `v2.users.${agentId}.presence`;
    const r = await limited.postNotificationsChannelSubscriptions(ch.id!, [{ id: observations }, { id: presence }], { ignoreErrors: true });
    expect(r.entities![0]).toMatchObject({ id: observations, state: 'Rejected', missingPermissions: ['analytics:queueObservation:view'] });
    expect(r.entities![0]!.rejectionReason).toMatch(/analytics:queueObservation:view/);
    expect(r.entities![1]).toEqual({ id: presence, state: 'Permitted' });
    expect((await limited.getNotificationsChannelSubscriptions(ch.id!)).entities!.map((t) => t.id)).toEqual([presence]);
  });

  it("a user token may have its own user's topics; its channels are its own, apart from the client's", async () => {
    const [me, other] = sb.store.org.agents as [any, any];
    const asAgent = await notificationsApi(sb.url, { token: sb.mintUserToken(me.id) });
    const ch = await asAgent.postNotificationsChannels();
    const r = await asAgent.postNotificationsChannelSubscriptions(
      ch.id!,
      [{ id: `v2.users.${me.id}.conversations` }, { id: `v2.users.${other.id}.presence` }, { id: `v2.analytics.queues.${queueId}.observations` }],
      { ignoreErrors: true },
    );
    expect(r.entities!.map((e) => e.state)).toEqual(['Permitted', 'Permitted', 'Rejected']);
    expect(r.entities![2]!.missingPermissions).toEqual(['analytics:queueObservation:view']);
    // Same OAuth client, different user: the client-credentials caller does not see the agent's channel.
    expect((await rejection(api.getNotificationsChannelSubscriptions(ch.id!))).status).toBe(404);
    expect((await api.getNotificationsChannels({ includechannels: 'oauthclient' })).entities!.map((c) => c.id)).not.toContain(ch.id);
  });

  it('without ignoreErrors a rejected topic is a 400 in the Genesys error shape and nothing is subscribed', async () => {
    const ch = await api.postNotificationsChannels();
    const good = `v2.users.${agentId}.presence`;
    const unknownQueue = 'v2.routing.queues.00000000-0000-0000-0000-000000000000.conversations';
    const err = await rejection(api.postNotificationsChannelSubscriptions(ch.id!, [{ id: good }, { id: unknownQueue }, { id: 'v2.made.up.topic' }]));
    expect(err).toMatchObject({ status: 400, code: 'bad.request', errors: [] });
    expect(err.message).toMatch(/2 topic\(s\) were rejected/);
    expect(err.message).toMatch(/ignoreErrors=true/);
    expect(err.details.map((d: any) => d.entityId)).toEqual([unknownQueue, 'v2.made.up.topic']);
    expect(typeof err.contextId).toBe('string');
    expect((await api.getNotificationsChannelSubscriptions(ch.id!)).entities).toEqual([]);
  });

  it('with notificationRejectedTopicsFail off, a rejected topic without ignoreErrors answers 200 and the rest is subscribed', async () => {
    const ch = await api.postNotificationsChannels();
    sb.setLimits({ notificationRejectedTopicsFail: false });
    try {
      const good = `v2.users.${agentId}.routingStatus`;
      const r = await api.postNotificationsChannelSubscriptions(ch.id!, [{ id: good }, { id: 'v2.made.up.topic' }]);
      expect(r.entities!.map((e) => e.state)).toEqual(['Permitted', 'Rejected']);
      expect((await api.getNotificationsChannelSubscriptions(ch.id!)).entities!.map((t) => t.id)).toEqual([good]);
    } finally {
      sb.setLimits({ notificationRejectedTopicsFail: true });
    }
  });

  it('an unknown topic says which patterns exist; an unknown user id says where to find ids', async () => {
    const ch = await api.postNotificationsChannels();
    const r = await api.postNotificationsChannelSubscriptions(ch.id!, [{ id: 'v2.users.nobody.presence' }, { id: 'v2.analytics.everything' }], { ignoreErrors: true });
    expect(r.entities!.map((e) => e.state)).toEqual(['Rejected', 'Rejected']);
    expect(r.entities![0]!.rejectionReason).toMatch(/user nobody/);
    expect(r.entities![1]!.rejectionReason).toMatch(/v2\.users\.\{id\}\.presence/);
  });

  it('1,001 topics on one channel is a 400 naming the limit and changes nothing; 1,000 fit', async () => {
    // An org large enough to have 1,001 distinct topics (3 per agent).
    const big = await startSandbox({ agents: 340 });
    try {
      const a = await notificationsApi(big.url);
      const ch = await a.postNotificationsChannels();
      const all = big.store.org.agents.flatMap((x) => [`v2.users.${x.id}.presence`, `v2.users.${x.id}.routingStatus`, `v2.users.${x.id}.conversations`]).slice(0, 1_001);
      expect(all).toHaveLength(1_001);
      const err = await rejection(a.putNotificationsChannelSubscriptions(ch.id!, all.map((id) => ({ id }))));
      expect(err.status).toBe(400);
      expect(err.message).toContain('at most 1000 topics; this subscription would give it 1001');
      expect((await a.getNotificationsChannelSubscriptions(ch.id!)).entities).toEqual([]);
      const ok = await a.putNotificationsChannelSubscriptions(ch.id!, all.slice(0, 1_000).map((id) => ({ id })));
      expect(ok.entities!.filter((e) => e.state === 'Permitted')).toHaveLength(1_000);
      const more = await rejection(a.postNotificationsChannelSubscriptions(ch.id!, [{ id: all[1_000]! }]));
      expect(more.status).toBe(400);
      expect(more.message).toContain('would give it 1001');
      // Re-adding topics it already has is not "more".
      await expect(a.postNotificationsChannelSubscriptions(ch.id!, [{ id: all[0]! }])).resolves.toBeDefined();
    } finally {
      await big.close();
    }
  });

  it('bad bodies and parameters get a 400 that says what was wrong', async () => {
    const ch = await api.postNotificationsChannels();
    const post = (body: unknown, query = '') =>
      fetch(`${sb.url}/api/v2/notifications/channels/${ch.id}/subscriptions${query}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${(api as any).apiClient.authData.accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const notArray = await post({ id: 'v2.users.x.presence' });
    expect(notArray.status).toBe(400);
    expect(notArray.body.message).toMatch(/JSON array of topics/);
    const noId = await post([{ topic: 'v2.users.x.presence' }]);
    expect(noId.body.message).toMatch(/item 0 has no string "id"/);
    const badFlag = await post([], '?ignoreErrors=maybe');
    expect(badFlag.status).toBe(400);
    expect(badFlag.body.message).toMatch(/ignoreErrors must be true or false/);
  });

  it('subscribing extends the channel\'s lifetime', async () => {
    const ch = await api.postNotificationsChannels();
    await new Promise((r) => setTimeout(r, 20));
    await api.postNotificationsChannelSubscriptions(ch.id!, [{ id: `v2.users.${agentId}.presence` }]);
    const listed = (await api.getNotificationsChannels()).entities!.find((c) => c.id === ch.id)!;
    expect(Date.parse(listed.expires!)).toBeGreaterThan(Date.parse(ch.expires!));
  });
});

describe('the 20-channel cap', () => {
  it('the 21st channel evicts the least recently used, channels without a socket first', async () => {
    const own = await startSandbox({ limits: { notificationChannelsPerClient: 4 } });
    try {
      const a = await notificationsApi(own.url);
      const made = [];
      for (let i = 0; i < 4; i++) made.push(await a.postNotificationsChannels());
      const [c0, c1, c2, c3] = made as [any, any, any, any];
      const s0 = await FrameReader.open(c0.connectUri); // connected: evicted only after every idle one
      await a.getNotificationsChannelSubscriptions(c1.id); // c1 used after c2 and c3
      const evicted: string[] = [];
      const created: string[] = [];
      for (let i = 0; i < 4; i++) {
        const before = new Set((await a.getNotificationsChannels()).entities!.map((c) => c.id));
        created.push((await a.postNotificationsChannels()).id!);
        const after = new Set((await a.getNotificationsChannels()).entities!.map((c) => c.id));
        evicted.push(...[...before].filter((id): id is string => id !== undefined && !after.has(id)));
      }
      // From the rule: idle ones by last use (c2, c3, c1), then the first new (idle) one, never the connected c0.
      expect(evicted).toEqual([c2.id, c3.id, c1.id, created[0]]);
      expect(s0.closed).toBeUndefined();
      s0.close();
    } finally {
      await own.close();
    }
  });

  it('among connected channels the least recently used goes, and its socket is closed (4002)', async () => {
    const own = await startSandbox({ limits: { notificationChannelsPerClient: 2 } });
    try {
      const a = await notificationsApi(own.url);
      const x = await a.postNotificationsChannels();
      const y = await a.postNotificationsChannels();
      const sx = await FrameReader.open(x.connectUri!);
      const sy = await FrameReader.open(y.connectUri!);
      await a.getNotificationsChannelSubscriptions(x.id!); // x is now the more recently used
      await a.postNotificationsChannels();
      await sy.until(() => sy.closed !== undefined, "the evicted channel's socket to close");
      expect(sy.closed!.code).toBe(4002);
      expect((await rejection(a.getNotificationsChannelSubscriptions(y.id!))).status).toBe(404);
      expect(sx.closed).toBeUndefined();
      // The cap is per client: another client's channel creation evicts nothing of this one's.
      const b = await notificationsApi(own.url, { id: 'cxgraph-no-analytics', secret: 'cxgraph-no-analytics-secret' });
      await b.postNotificationsChannels();
      await b.postNotificationsChannels();
      await b.postNotificationsChannels();
      await expect(a.getNotificationsChannelSubscriptions(x.id!)).resolves.toBeDefined();
      sx.close();
    } finally {
      await own.close();
    }
  });

  it('defaults to 20 per client', () => {
    expect(sb.limits.notificationChannelsPerClient).toBe(20);
  });
});

describe('availabletopics', () => {
  it('lists the five topic templates; expand adds fields', async () => {
    const plain = await api.getNotificationsAvailabletopics();
    expect(plain.entities!.map((t) => t.id).sort()).toEqual(
      ['v2.analytics.queues.{id}.observations', 'v2.routing.queues.{id}.conversations', 'v2.users.{id}.conversations', 'v2.users.{id}.presence', 'v2.users.{id}.routingStatus'].sort(),
    );
    const expanded = await api.getNotificationsAvailabletopics({ expand: ['requiresPermissions', 'transports'] });
    const obs = expanded.entities!.find((t) => t.id === 'v2.analytics.queues.{id}.observations')!;
    expect(obs.requiresPermissions).toEqual(['analytics:queueObservation:view']);
    expect(obs.transports).toEqual(['Websocket']);
    const err = await rejection(api.getNotificationsAvailabletopics({ expand: ['everything'] }));
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/Unknown expand value\(s\) everything\. Allowed: description/);
  });
});
