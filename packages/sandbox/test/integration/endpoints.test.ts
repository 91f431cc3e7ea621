import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';

/**
 * Every /api/v2 endpoint of the sandbox, driven through the real, unchanged SDK over loopback HTTP.
 * Every call goes through a client with extended responses so that each response's headers are checked
 * (`ok()` / `fail()` below). Expected values come from another endpoint, from the org's directory, or are
 * worked out by hand here — never from the endpoint under test compared with itself.
 */

type AnalyticsConversation = platformClient.Models.AnalyticsConversationWithoutAttributes;
type ConversationQuery = platformClient.Models.ConversationQuery;
type ErrorBody = { message: string; code: string; status: number; contextId: string; messageParams?: Record<string, string> };
interface Ext<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

const NOW = '2026-03-10T14:30:00Z';
const TODAY = '2026-03-10T00:00:00.000Z/2026-03-11T00:00:00.000Z';
const YESTERDAY = '2026-03-09T00:00:00.000Z/2026-03-10T00:00:00.000Z';
const RATE_ALLOWED = 5000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const DETAIL_PERMISSIONS = ['analytics:conversationDetail:view', 'analytics:agentConversationDetail:view'];
const ISSUE_METRICS = [
  'nConnected', 'tConnected', 'nFlow', 'tIvr', 'nOffered', 'tAcd', 'tAbandon', 'tShortAbandon', 'tWait', 'nOverSla',
  'tAlert', 'tNotResponding', 'tAnswered', 'tTalk', 'tTalkComplete', 'tHeld', 'tHeldComplete', 'tAcw', 'tHandle',
  'tDialing', 'nOutbound', 'nTransferred', 'nBlindTransferred', 'nConsultTransferred', 'nConsult', 'nError',
];

let sandbox: Sandbox;
let port: number;
/** Every response seen (success or error), for the header checks. */
const seen: Array<Ext<unknown>> = [];

function checkHeaders(r: Ext<unknown>): void {
  expect(r.headers['inin-correlation-id'], 'inin-correlation-id').toMatch(UUID);
  expect(r.headers['inin-ratelimit-allowed']).toBe(String(RATE_ALLOWED));
  expect(Number(r.headers['inin-ratelimit-count'])).toBeGreaterThanOrEqual(1);
  expect(Number(r.headers['inin-ratelimit-reset'])).toBeGreaterThanOrEqual(1);
}

/** Awaits an SDK call made with an extended-responses client; checks the status class and headers. */
async function ok<T>(call: Promise<unknown>): Promise<T> {
  const r = (await call) as Ext<T>;
  expect(r.status).toBe(200);
  checkHeaders(r);
  seen.push(r);
  return r.body;
}

/** The rejection of an SDK call made with an extended-responses client (fails the test if it resolves). */
async function fail(call: Promise<unknown>): Promise<Ext<ErrorBody>> {
  let r: Ext<ErrorBody> | undefined;
  try {
    await call;
  } catch (e) {
    r = e as Ext<ErrorBody>;
  }
  if (r === undefined) throw new Error('expected the call to be rejected');
  expect(typeof r.status, 'an extended rejection (not a network error)').toBe('number');
  checkHeaders(r);
  expect(r.body.contextId).toBe(r.headers['inin-correlation-id']);
  expect(r.body.status).toBe(r.status);
  seen.push(r);
  return r;
}

function newClient(): InstanceType<typeof platformClient.ApiClientClass> {
  const c = new platformClient.ApiClientClass();
  c.config.live_reload_config = false;
  // A loaded 2-core machine can take far longer than the SDK's 16 s on one cold request.
  (c as unknown as { timeout: number }).timeout = 120_000;
  c.setGateway({ host: '127.0.0.1', protocol: 'http', port, path_params_login: '', path_params_api: '' });
  c.setReturnExtendedResponses(true);
  return c;
}

function apis(c: InstanceType<typeof platformClient.ApiClientClass>) {
  return {
    analytics: new platformClient.AnalyticsApi(c),
    users: new platformClient.UsersApi(c),
    routing: new platformClient.RoutingApi(c),
    conversations: new platformClient.ConversationsApi(c),
    tokens: new platformClient.TokensApi(c),
  };
}

type Apis = ReturnType<typeof apis>;
let demo: Apis;
let noAnalytics: Apis;

async function loggedIn(id: string, secret: string): Promise<Apis> {
  const c = newClient();
  const auth = await c.loginClientCredentialsGrant(id, secret);
  expect(auth.accessToken).toEqual(expect.any(String));
  return apis(c);
}

function asUser(userId: string): Apis {
  const c = newClient();
  c.setAccessToken(sandbox.mintUserToken(userId));
  return apis(c);
}

/** Every conversation of a details query, 100 a page. */
async function allDetails(body: ConversationQuery): Promise<AnalyticsConversation[]> {
  const out: AnalyticsConversation[] = [];
  for (let pageNumber = 1; pageNumber < 100; pageNumber++) {
    const page = await ok<platformClient.Models.AnalyticsConversationQueryResponse>(
      demo.analytics.postAnalyticsConversationsDetailsQuery({ ...body, paging: { pageSize: 100, pageNumber } }),
    );
    out.push(...(page.conversations ?? []));
    if (!page.conversations || out.length >= (page.totalHits ?? 0)) return out;
  }
  throw new Error('too many pages');
}

const LIVE_FILTER: ConversationQuery['conversationFilters'] = [
  { type: 'and', predicates: [{ type: 'dimension', dimension: 'conversationEnd', operator: 'notExists' }] },
];

/** Conversations running at NOW (from the details query), and everything that started today. */
let live: AnalyticsConversation[];
let today: AnalyticsConversation[];
/** A voice conversation at NOW whose agent is connected (open interact segment), and that agent. */
let liveCall: AnalyticsConversation;
let liveAgentId: string;

beforeAll(async () => {
  sandbox = await createSandbox({ seed: 7, now: NOW, limits: { requestsPerMinute: RATE_ALLOWED } });
  port = sandbox.port;
  demo = await loggedIn('cxgraph-demo', 'cxgraph-demo-secret');
  noAnalytics = await loggedIn('cxgraph-no-analytics', 'cxgraph-no-analytics-secret');
  live = await allDetails({ interval: TODAY, conversationFilters: LIVE_FILTER });
  today = await allDetails({ interval: TODAY });
  for (const c of live) {
    for (const p of c.participants ?? []) {
      if (p.purpose !== 'agent' || !p.userId) continue;
      const connected = (p.sessions ?? []).some((s) => {
        const last = s.segments?.[s.segments.length - 1];
        return s.mediaType === 'voice' && last?.segmentType === 'interact' && last.segmentEnd === undefined;
      });
      if (connected) {
        liveCall = c;
        liveAgentId = p.userId;
        break;
      }
    }
    if (liveAgentId) break;
  }
  if (!liveAgentId) throw new Error('no voice conversation with a connected agent at the frozen instant');
});

afterAll(async () => {
  await sandbox?.close();
});

/** Agents taking part in a conversation who still have an open segment (talking, held, alerting or in wrap-up). */
function activeAgents(c: AnalyticsConversation): Set<string> {
  const out = new Set<string>();
  for (const p of c.participants ?? []) {
    if (!p.userId) continue;
    if ((p.sessions ?? []).some((s) => (s.segments ?? []).some((g) => g.segmentEnd === undefined))) out.add(p.userId);
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
describe('users', () => {
  it('getUsers pages 25 at a time: total, pageCount, nextUri/previousUri, every agent exactly once', async () => {
    const agents = sandbox.store.org.agents;
    const expectedPages = Math.ceil(agents.length / 25);
    expect(expectedPages).toBeGreaterThan(1);
    const ids: string[] = [];
    for (let n = 1; n <= expectedPages; n++) {
      const page = await ok<platformClient.Models.UserEntityListing>(demo.users.getUsers({ pageSize: 25, pageNumber: n }));
      expect(page.total).toBe(agents.length);
      expect(page.pageCount).toBe(expectedPages);
      expect(page.pageSize).toBe(25);
      expect(page.pageNumber).toBe(n);
      expect(page.entities).toHaveLength(n < expectedPages ? 25 : agents.length - 25 * (expectedPages - 1));
      if (n < expectedPages) expect(page.nextUri).toBe(`/api/v2/users?pageSize=25&pageNumber=${n + 1}`);
      else expect(page.nextUri).toBeUndefined();
      if (n > 1) expect(page.previousUri).toBe(`/api/v2/users?pageSize=25&pageNumber=${n - 1}`);
      else expect(page.previousUri).toBeUndefined();
      ids.push(...(page.entities ?? []).map((u) => u.id ?? ''));
    }
    expect(ids).toHaveLength(agents.length);
    expect(new Set(ids)).toEqual(new Set(agents.map((a) => a.id)));
  });

  it('getUsers with id: [a, b] returns exactly those two users', async () => {
    const [a, b] = sandbox.store.org.agents.slice(7, 9).map((x) => x.id) as [string, string];
    const page = await ok<platformClient.Models.UserEntityListing>(demo.users.getUsers({ id: [a, b], pageSize: 100 }));
    expect(page.total).toBe(2);
    expect((page.entities ?? []).map((u) => u.id).sort()).toEqual([a, b].sort());
  });

  it("expand: ['routingStatus','presence'] adds both; without expand neither is present", async () => {
    const plain = await ok<platformClient.Models.UserEntityListing>(demo.users.getUsers({ pageSize: 100 }));
    for (const u of plain.entities ?? []) {
      expect(u.routingStatus).toBeUndefined();
      expect(u.presence).toBeUndefined();
    }
    const expanded = await ok<platformClient.Models.UserEntityListing>(demo.users.getUsers({ pageSize: 100, expand: ['routingStatus', 'presence'] }));
    expect(expanded.entities).toHaveLength(sandbox.store.org.agents.length);
    for (const u of expanded.entities ?? []) {
      expect(u.routingStatus?.userId).toBe(u.id);
      expect(['OFF_QUEUE', 'IDLE', 'INTERACTING', 'NOT_RESPONDING', 'COMMUNICATING']).toContain(u.routingStatus?.status);
      expect(u.presence?.presenceDefinition?.systemPresence).toEqual(expect.any(String));
      expect(u.presence?.presenceDefinition?.id).toMatch(UUID);
    }
    // The agent found talking on a call in the details query is INTERACTING and On Queue.
    const agent = (expanded.entities ?? []).find((u) => u.id === liveAgentId);
    expect(agent?.routingStatus?.status).toBe('INTERACTING');
    expect(agent?.presence?.presenceDefinition?.systemPresence).toBe('On Queue');
  });

  it("sortOrder 'desc' lists users by name, descending", async () => {
    const page = await ok<platformClient.Models.UserEntityListing>(demo.users.getUsers({ pageSize: 100, sortOrder: 'desc' }));
    const expected = sandbox.store.org.agents.map((a) => a.name).sort((a, b) => b.localeCompare(a));
    expect((page.entities ?? []).map((u) => u.name)).toEqual(expected);
  });

  it('getUser returns the directory entry', async () => {
    const agent = sandbox.store.org.agents[3]!;
    const u = await ok<platformClient.Models.User>(demo.users.getUser(agent.id));
    expect(u).toMatchObject({ id: agent.id, name: agent.name, email: agent.email, username: agent.username, state: 'active', selfUri: `/api/v2/users/${agent.id}` });
    expect(u.division?.id).toBe(sandbox.store.org.divisionId);
  });

  it('getUsersMe works with a user token and is refused for client credentials', async () => {
    const me = await ok<platformClient.Models.User>(asUser(liveAgentId).users.getUsersMe());
    expect(me.id).toBe(liveAgentId);
    expect(me.name).toBe(sandbox.store.org.agentById.get(liveAgentId)?.name);
    const e = await fail(demo.users.getUsersMe());
    expect(e.status).toBe(400);
    expect(e.body.message).toBe('This request requires a user context. Client credentials cannot be used for requests to this resource.');
  });
});

// -------------------------------------------------------------------------------------------------
describe('routing queues', () => {
  it('getRoutingQueues pages and lists every queue once', async () => {
    const queues = sandbox.store.org.queues;
    const pageSize = 4;
    const pages = Math.ceil(queues.length / pageSize);
    const ids: string[] = [];
    for (let n = 1; n <= pages; n++) {
      const page = await ok<platformClient.Models.QueueEntityListing>(demo.routing.getRoutingQueues({ pageSize, pageNumber: n }));
      expect(page).toMatchObject({ total: queues.length, pageCount: pages, pageNumber: n, pageSize });
      if (n < pages) expect(page.nextUri).toContain(`pageNumber=${n + 1}`);
      else expect(page.nextUri).toBeUndefined();
      ids.push(...(page.entities ?? []).map((q) => q.id ?? ''));
    }
    expect(ids.sort()).toEqual(queues.map((q) => q.id).sort());
  });

  it('getRoutingQueues with id returns exactly those queues', async () => {
    const want = [sandbox.store.org.queues[0]!.id, sandbox.store.org.queues[5]!.id];
    const page = await ok<platformClient.Models.QueueEntityListing>(demo.routing.getRoutingQueues({ id: want }));
    expect((page.entities ?? []).map((q) => q.id).sort()).toEqual([...want].sort());
    expect(page.total).toBe(2);
  });

  it("getRoutingQueues name 'Sup*' is a prefix wildcard", async () => {
    const expected = sandbox.store.org.queues.filter((q) => q.name.toLowerCase().startsWith('sup')).map((q) => q.name);
    expect(expected.length).toBeGreaterThan(0);
    const page = await ok<platformClient.Models.QueueEntityListing>(demo.routing.getRoutingQueues({ name: 'Sup*' }));
    expect((page.entities ?? []).map((q) => q.name).sort()).toEqual(expected.sort());
    // Without the wildcard the name must match whole: 'Sup' alone names no queue.
    const none = await ok<platformClient.Models.QueueEntityListing>(demo.routing.getRoutingQueues({ name: 'Sup' }));
    expect(none.total).toBe(0);
  });

  it('getRoutingQueue returns one queue with its member count and media settings', async () => {
    const q = sandbox.store.org.queues[1]!;
    const got = await ok<platformClient.Models.Queue>(demo.routing.getRoutingQueue(q.id));
    expect(got).toMatchObject({ id: q.id, name: q.name, memberCount: q.memberIds.length, selfUri: `/api/v2/routing/queues/${q.id}` });
    const keys = Object.keys(got.mediaSettings ?? {});
    expect(keys).toHaveLength(q.mediaTypes.length);
    if (q.mediaTypes.includes('voice')) expect(got.mediaSettings?.call?.serviceLevel?.percentage).toBe(q.serviceLevel.percentage);
  });

  it('getRoutingQueueMembers lists the members with their routing status', async () => {
    const q = sandbox.store.org.queues[1]!;
    const page = await ok<platformClient.Models.QueueMemberEntityListing>(demo.routing.getRoutingQueueMembers(q.id, { pageSize: 100 }));
    expect(page.entities).toHaveLength(q.memberIds.length);
    expect((page.entities ?? []).map((m) => m.id).sort()).toEqual([...q.memberIds].sort());
    for (const m of page.entities ?? []) {
      expect(m.user?.id).toBe(m.id);
      expect(m.routingStatus?.status).toEqual(expect.any(String));
    }
  });
});

// -------------------------------------------------------------------------------------------------
describe('tokens', () => {
  it('getTokensMe describes the client and its scopes', async () => {
    const info = await ok<platformClient.Models.TokenInfo>(demo.tokens.getTokensMe());
    expect(info.OAuthClient?.id).toBe('cxgraph-demo');
    expect(info.organization?.id).toBe(sandbox.store.org.id);
    expect(info.authorizedScope).toEqual(expect.arrayContaining(['analytics:conversationDetail:view', 'analytics:conversationAggregate:view', 'analytics:queueObservation:view']));
    const head = (await demo.tokens.headTokensMe()) as unknown as { status: number; headers: Record<string, string> };
    expect(head.status).toBe(200);
    checkHeaders({ ...head, body: undefined });
    const limited = await ok<platformClient.Models.TokenInfo>(noAnalytics.tokens.getTokensMe());
    expect(limited.OAuthClient?.id).toBe('cxgraph-no-analytics');
    expect((limited.authorizedScope ?? []).filter((s) => s.startsWith('analytics:'))).toEqual([]);
  });
});

// -------------------------------------------------------------------------------------------------
describe('live conversations', () => {
  it('the details query finds live conversations at the frozen instant', () => {
    expect(live.length).toBeGreaterThan(3);
    for (const c of live) expect(c.conversationEnd).toBeUndefined();
    // Independently: the unfiltered day minus the ended ones.
    expect(new Set(live.map((c) => c.conversationId))).toEqual(new Set(today.filter((c) => c.conversationEnd === undefined).map((c) => c.conversationId)));
  });

  it("getConversations with the agent's token lists exactly that agent's live conversations", async () => {
    const expected = live.filter((c) => activeAgents(c).has(liveAgentId)).map((c) => c.conversationId);
    expect(expected).toContain(liveCall.conversationId);
    const list = await ok<platformClient.Models.ConversationEntityListing>(asUser(liveAgentId).conversations.getConversations());
    expect((list.entities ?? []).map((c) => c.id).sort()).toEqual(expected.sort());
    for (const c of list.entities ?? []) {
      expect(c.endTime).toBeUndefined();
      expect((c.participants ?? []).some((p) => p.userId === liveAgentId)).toBe(true);
    }
  });

  it('getConversations for an agent with nothing live is empty', async () => {
    const busy = new Set(live.flatMap((c) => [...activeAgents(c)]));
    const idle = sandbox.store.org.agents.find((a) => !busy.has(a.id));
    expect(idle).toBeDefined();
    const list = await ok<platformClient.Models.ConversationEntityListing>(asUser(idle!.id).conversations.getConversations());
    expect(list.total).toBe(0);
    expect(list.entities).toEqual([]);
  });

  it("getConversationsCalls lists the agent's live calls", async () => {
    const expected = live
      .filter((c) => activeAgents(c).has(liveAgentId) && (c.participants ?? []).some((p) => (p.sessions ?? []).some((s) => s.mediaType === 'voice')))
      .map((c) => c.conversationId);
    const list = await ok<platformClient.Models.CallConversationEntityListing>(asUser(liveAgentId).conversations.getConversationsCalls());
    expect((list.entities ?? []).map((c) => c.id).sort()).toEqual(expected.sort());
    const mine = (list.entities ?? []).find((c) => c.id === liveCall.conversationId);
    const me = mine?.participants?.find((p) => p.user?.id === liveAgentId);
    expect(me?.state).toBe('connected');
    expect(me?.purpose).toBe('agent');
  });

  it('getConversations and getConversationsCalls need a user context', async () => {
    for (const call of [demo.conversations.getConversations(), demo.conversations.getConversationsCalls()]) {
      const e = await fail(call);
      expect(e.status).toBe(400);
      expect(e.body.message).toMatch(/^This request requires a user context\. Client credentials cannot be used/);
    }
  });

  it('getConversation: a live conversation has no endTime, an ended one has the details endTime', async () => {
    const c = await ok<platformClient.Models.Conversation>(demo.conversations.getConversation(liveCall.conversationId!));
    expect(c.id).toBe(liveCall.conversationId);
    expect(c.startTime).toBe(liveCall.conversationStart);
    expect(c).not.toHaveProperty('endTime');
    expect(c).not.toHaveProperty('state');
    const agent = c.participants?.find((p) => p.userId === liveAgentId);
    expect(agent?.calls?.[0]?.state).toBe('connected');

    const ended = today.find((x) => x.conversationEnd !== undefined)!;
    const e = await ok<platformClient.Models.Conversation>(demo.conversations.getConversation(ended.conversationId!));
    expect(e.startTime).toBe(ended.conversationStart);
    expect(e.endTime).toBe(ended.conversationEnd);
    for (const p of e.participants ?? []) expect(p.endTime).toEqual(expect.any(String));
  });

  it('getConversationsCall returns the call with its participants', async () => {
    const call = await ok<platformClient.Models.CallConversation>(demo.conversations.getConversationsCall(liveCall.conversationId!));
    expect(call.id).toBe(liveCall.conversationId);
    const fromDetails = (liveCall.participants ?? []).map((p) => p.purpose).sort();
    expect((call.participants ?? []).map((p) => p.purpose).sort()).toEqual(fromDetails);
    expect(call.participants?.find((p) => p.user?.id === liveAgentId)?.state).toBe('connected');
  });
});

// -------------------------------------------------------------------------------------------------
describe('analytics conversation details', () => {
  it('conversationEnd notExists returns only running conversations, each live on GET /conversations/{id}', async () => {
    const page = await ok<platformClient.Models.AnalyticsConversationQueryResponse>(
      demo.analytics.postAnalyticsConversationsDetailsQuery({ interval: TODAY, conversationFilters: LIVE_FILTER, paging: { pageSize: 5, pageNumber: 1 } }),
    );
    expect(page.totalHits).toBe(live.length);
    expect(page.conversations).toHaveLength(5);
    for (const c of page.conversations ?? []) {
      const g = await ok<platformClient.Models.Conversation>(demo.conversations.getConversation(c.conversationId!));
      expect(g.endTime).toBeUndefined();
    }
  });

  it('segment filter mediaType voice + queueId matches what a hand filter over the day finds', async () => {
    const queue = sandbox.store.org.queues.find((q) => q.mediaTypes.includes('voice'))!;
    const expected = today
      .filter((c) =>
        (c.participants ?? []).some((p) => (p.sessions ?? []).some((s) => s.mediaType === 'voice' && (s.segments ?? []).some((g) => g.queueId === queue.id))),
      )
      .map((c) => c.conversationId);
    expect(expected.length).toBeGreaterThan(10);
    const got = await allDetails({
      interval: TODAY,
      segmentFilters: [{ type: 'and', predicates: [{ dimension: 'mediaType', value: 'voice' }, { dimension: 'queueId', value: queue.id }] }],
    });
    expect(got.map((c) => c.conversationId).sort()).toEqual(expected.sort());
  });

  it('order desc sorts by conversationStart descending; default is ascending', async () => {
    const desc = await ok<platformClient.Models.AnalyticsConversationQueryResponse>(
      demo.analytics.postAnalyticsConversationsDetailsQuery({ interval: TODAY, order: 'desc', paging: { pageSize: 50, pageNumber: 1 } }),
    );
    const starts = (desc.conversations ?? []).map((c) => Date.parse(c.conversationStart!));
    expect(starts).toHaveLength(50);
    for (let i = 1; i < starts.length; i++) expect(starts[i]).toBeLessThanOrEqual(starts[i - 1]!);
    // The newest conversation of the day comes first.
    expect(starts[0]).toBe(Math.max(...today.map((c) => Date.parse(c.conversationStart!))));
    const asc = today.map((c) => Date.parse(c.conversationStart!));
    for (let i = 1; i < asc.length; i++) expect(asc[i]).toBeGreaterThanOrEqual(asc[i - 1]!);
  });

  it('paging: pages are disjoint, consecutive slices; a page past the end has no conversations', async () => {
    const q = (pageSize: number, pageNumber: number) =>
      ok<platformClient.Models.AnalyticsConversationQueryResponse>(demo.analytics.postAnalyticsConversationsDetailsQuery({ interval: TODAY, paging: { pageSize, pageNumber } }));
    const [p1, p2, p12] = await Promise.all([q(10, 1), q(10, 2), q(20, 1)]);
    const ids = (r: platformClient.Models.AnalyticsConversationQueryResponse) => (r.conversations ?? []).map((c) => c.conversationId);
    expect(ids(p1)).toHaveLength(10);
    expect([...ids(p1), ...ids(p2)]).toEqual(ids(p12));
    expect(ids(p12)).toEqual(today.slice(0, 20).map((c) => c.conversationId));
    expect(p1.totalHits).toBe(today.length);
    const past = await q(100, Math.ceil(today.length / 100) + 1);
    expect(past.totalHits).toBe(today.length);
    expect(past).not.toHaveProperty('conversations');
  });

  it("an agent's user token sees only the conversations the agent took part in", async () => {
    const expected = today.filter((c) => (c.participants ?? []).some((p) => p.userId === liveAgentId)).map((c) => c.conversationId);
    expect(expected.length).toBeGreaterThan(1);
    const agent = asUser(liveAgentId);
    const page = await ok<platformClient.Models.AnalyticsConversationQueryResponse>(
      agent.analytics.postAnalyticsConversationsDetailsQuery({ interval: TODAY, paging: { pageSize: 100, pageNumber: 1 } }),
    );
    expect(page.totalHits).toBe(expected.length);
    expect((page.conversations ?? []).map((c) => c.conversationId).sort()).toEqual([...expected].sort());
    const other = today.find((c) => !(c.participants ?? []).some((p) => p.userId === liveAgentId))!;
    expect((await fail(agent.analytics.getAnalyticsConversationDetails(other.conversationId!))).status).toBe(404);
    // Agents hold no aggregate permission.
    const e = await fail(agent.analytics.postAnalyticsConversationsAggregatesQuery({ interval: TODAY, metrics: ['nOffered'] }));
    expect(e.status).toBe(403);
    expect(e.body.message).toContain('analytics:conversationAggregate:view');
  });

  it('getAnalyticsConversationDetails returns the record the details query returned', async () => {
    const one = await ok<AnalyticsConversation>(demo.analytics.getAnalyticsConversationDetails(liveCall.conversationId!));
    expect(one).toEqual(liveCall);
  });

  it('getAnalyticsConversationsDetails({id:[…]}) returns exactly the requested conversations', async () => {
    const want = [today[0]!, today[5]!, liveCall];
    const got = await ok<platformClient.Models.AnalyticsConversationWithoutAttributesMultiGetResponse>(
      demo.analytics.getAnalyticsConversationsDetails({ id: want.map((c) => c.conversationId!) }),
    );
    expect((got.conversations ?? []).map((c) => c.conversationId).sort()).toEqual(want.map((c) => c.conversationId).sort());
    const ended = got.conversations?.find((c) => c.conversationId === today[0]!.conversationId);
    expect(ended?.conversationEnd).toBe(today[0]!.conversationEnd);
  });
});

// -------------------------------------------------------------------------------------------------
describe('analytics conversation aggregates', () => {
  type AggResponse = platformClient.Models.ConversationAggregateQueryResponse;
  const agg = (body: platformClient.Models.ConversationAggregationQuery) => ok<AggResponse>(demo.analytics.postAnalyticsConversationsAggregatesQuery(body));

  function statsShape(metric: string, stats: object): void {
    const keys = Object.keys(stats).sort();
    if (metric === 'oServiceLevel') expect(keys, metric).toEqual(['denominator', 'numerator', 'ratio', 'target']);
    else if (metric.startsWith('n')) expect(keys, metric).toEqual(['count']);
    else if (metric.startsWith('t')) expect(keys, metric).toEqual(['count', 'max', 'min', 'sum']);
  }

  it("every one of the issue's metrics appears with the right stats fields", async () => {
    const r = await agg({ interval: YESTERDAY, metrics: [...ISSUE_METRICS, 'oServiceLevel'] });
    expect(r.results).toHaveLength(1);
    expect(r.results?.[0]?.group).toEqual({});
    const data = r.results?.[0]?.data ?? [];
    expect(data).toHaveLength(1);
    expect(data[0]?.interval).toBe(YESTERDAY);
    const metrics = data[0]?.metrics ?? [];
    expect(metrics.map((m) => m.metric)).toEqual([...ISSUE_METRICS, 'oServiceLevel']);
    for (const m of metrics) {
      statsShape(m.metric ?? '', m.stats ?? {});
      const s = m.stats!;
      if (m.metric?.startsWith('t')) {
        expect(s.min!).toBeLessThanOrEqual(s.max!);
        expect(s.sum!).toBeGreaterThanOrEqual(s.max!);
      }
    }
    const sl = metrics.find((m) => m.metric === 'oServiceLevel')!.stats!;
    expect(sl.ratio).toBeCloseTo(sl.numerator! / sl.denominator!, 12);
    const count = (name: string) => metrics.find((m) => m.metric === name)?.stats?.count ?? 0;
    // Genesys's service level: answered within SLA / (answered + abandoned).
    expect(sl.numerator).toBe(count('tAnswered') - count('nOverSla'));
    expect(sl.denominator).toBe(count('tAnswered') + count('tAbandon'));
  });

  it('groupBy queueId: nOffered per queue equals the nOffered metrics in the detail records', async () => {
    const interval = `2026-03-10T00:00:00.000Z/${new Date(NOW).toISOString()}`;
    const r = await agg({ interval, groupBy: ['queueId'], metrics: ['nOffered', 'tHandle', 'oServiceLevel'] });
    // By hand: every nOffered emitted today (conversations started today or yesterday), by the queue of its segment.
    const yesterday = await allDetails({ interval: YESTERDAY });
    const start = Date.parse('2026-03-10T00:00:00Z');
    const end = Date.parse(NOW);
    const byQueue = new Map<string, number>();
    for (const c of [...yesterday, ...today]) {
      for (const p of c.participants ?? []) {
        for (const s of p.sessions ?? []) {
          for (const m of s.metrics ?? []) {
            const t = Date.parse(m.emitDate!);
            if (m.name !== 'nOffered' || t < start || t >= end) continue;
            const q = (s.segments ?? []).find((g) => g.queueId)?.queueId ?? '?';
            byQueue.set(q, (byQueue.get(q) ?? 0) + 1);
          }
        }
      }
    }
    const got = new Map<string, number>();
    for (const res of r.results ?? []) {
      expect(Object.keys(res.group ?? {})).toEqual(['queueId']);
      const n = res.data?.[0]?.metrics?.find((m) => m.metric === 'nOffered')?.stats?.count;
      if (n !== undefined) got.set(res.group!['queueId']!, n);
      for (const m of res.data?.[0]?.metrics ?? []) statsShape(m.metric!, m.stats!);
    }
    expect(got).toEqual(byQueue);
    expect(new Set(got.keys())).toEqual(new Set(sandbox.store.org.queues.map((q) => q.id)));
  });

  it('groupBy userId: tHandle per agent equals the tHandle metrics of that agent in the detail records', async () => {
    const r = await agg({ interval: `2026-03-10T00:00:00.000Z/${new Date(NOW).toISOString()}`, groupBy: ['userId'], metrics: ['tHandle'] });
    const start = Date.parse('2026-03-10T00:00:00Z');
    const yesterday = await allDetails({ interval: YESTERDAY });
    const hand = new Map<string, { sum: number; count: number }>();
    for (const c of [...yesterday, ...today]) {
      for (const p of c.participants ?? []) {
        for (const s of p.sessions ?? []) {
          for (const m of s.metrics ?? []) {
            if (m.name !== 'tHandle' || Date.parse(m.emitDate!) < start || !p.userId) continue;
            const h = hand.get(p.userId) ?? { sum: 0, count: 0 };
            h.sum += m.value!;
            h.count++;
            hand.set(p.userId, h);
          }
        }
      }
    }
    const got = new Map<string, { sum: number; count: number }>();
    for (const res of r.results ?? []) {
      const s = res.data?.[0]?.metrics?.[0]?.stats;
      got.set(res.group!['userId']!, { sum: s!.sum!, count: s!.count! });
    }
    expect(got.size).toBeGreaterThan(10);
    expect(got).toEqual(hand);
    for (const id of got.keys()) expect(sandbox.store.org.agentById.has(id)).toBe(true);
  });

  it('groupBy mediaType / direction / originatingDirection / wrapUpCode use the right vocabularies', async () => {
    const values = async (dim: string, metric: string) => {
      const r = await agg({ interval: YESTERDAY, groupBy: [dim], metrics: [metric] });
      return (r.results ?? []).map((x) => x.group?.[dim]);
    };
    const media = await values('mediaType', 'nOffered');
    expect(media.length).toBeGreaterThan(2);
    expect(media).toContain('voice');
    for (const m of media) expect(['voice', 'callback', 'chat', 'message', 'email']).toContain(m);
    expect((await values('direction', 'nConnected')).sort()).toEqual(['inbound', 'outbound']);
    expect((await values('originatingDirection', 'nConnected')).sort()).toEqual(['inbound', 'outbound']);
    const codes = await values('wrapUpCode', 'tAcw');
    const known = new Set(sandbox.store.org.wrapUpCodes.map((c) => c.id));
    expect(codes.length).toBeGreaterThan(2);
    for (const c of codes) expect(known.has(c ?? '')).toBe(true);
  });

  it('groupBy [queueId, mediaType]: each group is a medium the queue serves', async () => {
    const r = await agg({ interval: YESTERDAY, groupBy: ['queueId', 'mediaType'], metrics: ['nOffered'] });
    expect((r.results ?? []).length).toBeGreaterThan(sandbox.store.org.queues.length);
    for (const res of r.results ?? []) {
      const q = sandbox.store.org.queueById.get(res.group!['queueId']!);
      expect(q).toBeDefined();
      expect(q!.mediaTypes).toContain(res.group!['mediaType']);
    }
  });

  it('granularity PT1H cuts the interval into hour buckets whose counts add up to the whole', async () => {
    const interval = '2026-03-09T08:00:00.000Z/2026-03-09T14:00:00.000Z';
    const whole = await agg({ interval, metrics: ['nOffered', 'tHandle'] });
    const hourly = await agg({ interval, granularity: 'PT1H', metrics: ['nOffered', 'tHandle'] });
    const data = hourly.results?.[0]?.data ?? [];
    expect(data.map((d) => d.interval)).toEqual(
      [8, 9, 10, 11, 12, 13].map((h) => `2026-03-09T${String(h).padStart(2, '0')}:00:00.000Z/2026-03-09T${String(h + 1).padStart(2, '0')}:00:00.000Z`),
    );
    const sum = (metric: string, field: 'count' | 'sum') =>
      data.reduce((acc, d) => acc + (d.metrics?.find((m) => m.metric === metric)?.stats?.[field] ?? 0), 0);
    const wholeStats = (metric: string) => whole.results?.[0]?.data?.[0]?.metrics?.find((m) => m.metric === metric)?.stats;
    expect(sum('nOffered', 'count')).toBe(wholeStats('nOffered')?.count);
    expect(sum('tHandle', 'sum')).toBe(wholeStats('tHandle')?.sum);
  });

  it('granularity P1D follows the timeZone calendar (23-hour day at the US DST change)', async () => {
    // 2026-03-08 is the day US clocks go forward: midnight New York is 05:00Z before, 04:00Z after.
    const interval = '2026-03-07T05:00:00.000Z/2026-03-10T04:00:00.000Z';
    const ny = await agg({ interval, granularity: 'P1D', timeZone: 'America/New_York', metrics: ['nOffered'] });
    expect((ny.results?.[0]?.data ?? []).map((d) => d.interval)).toEqual([
      '2026-03-07T05:00:00.000Z/2026-03-08T05:00:00.000Z',
      '2026-03-08T05:00:00.000Z/2026-03-09T04:00:00.000Z',
      '2026-03-09T04:00:00.000Z/2026-03-10T04:00:00.000Z',
    ]);
    const utc = await agg({ interval, granularity: 'P1D', metrics: ['nOffered'] });
    expect((utc.results?.[0]?.data ?? []).map((d) => d.interval)).toEqual([
      '2026-03-07T05:00:00.000Z/2026-03-08T05:00:00.000Z',
      '2026-03-08T05:00:00.000Z/2026-03-09T05:00:00.000Z',
      '2026-03-09T05:00:00.000Z/2026-03-10T04:00:00.000Z',
    ]);
  });

  it('filter on queueId keeps only that queue, with the same figures as the unfiltered group', async () => {
    const q = sandbox.store.org.queues[2]!;
    const all = await agg({ interval: YESTERDAY, groupBy: ['queueId'], metrics: ['nOffered', 'tAnswered'] });
    const filtered = await agg({
      interval: YESTERDAY,
      groupBy: ['queueId'],
      metrics: ['nOffered', 'tAnswered'],
      filter: { type: 'and', predicates: [{ type: 'dimension', dimension: 'queueId', operator: 'matches', value: q.id }] },
    });
    expect(filtered.results).toHaveLength(1);
    expect(filtered.results?.[0]).toEqual(all.results?.find((r) => r.group?.['queueId'] === q.id));
  });
});

// -------------------------------------------------------------------------------------------------
describe('queue observations', () => {
  type ObsResponse = platformClient.Models.QueueObservationQueryResponse;
  const obs = (body: platformClient.Models.QueueObservationQuery) => ok<ObsResponse>(demo.analytics.postAnalyticsQueuesObservationsQuery(body));
  const everyQueue = (): platformClient.Models.QueueObservationQueryFilter => ({
    type: 'or',
    predicates: sandbox.store.org.queues.map((q) => ({ type: 'dimension', dimension: 'queueId', operator: 'matches', value: q.id })),
  });

  it('oWaiting / oInteracting (with detailMetrics) agree with the live detail records', async () => {
    const r = await obs({ filter: everyQueue(), metrics: ['oWaiting', 'oInteracting'], detailMetrics: ['oWaiting', 'oInteracting'] });
    // By hand from the details query: open acd interact segments wait; agents with an open interact/hold interact.
    const waiting = new Map<string, string[]>();
    const interacting = new Map<string, string[]>();
    const push = (m: Map<string, string[]>, k: string, id: string) => m.set(k, [...(m.get(k) ?? []), id]);
    for (const c of live) {
      for (const p of c.participants ?? []) {
        for (const s of p.sessions ?? []) {
          const open = (s.segments ?? []).filter((g) => g.segmentEnd === undefined);
          if (p.purpose === 'acd') {
            const seg = open.find((g) => g.segmentType === 'interact');
            if (seg?.queueId) push(waiting, `${seg.queueId}|${s.mediaType}`, c.conversationId!);
          } else if (p.purpose === 'agent') {
            const seg = open.find((g) => g.segmentType === 'interact' || g.segmentType === 'hold');
            const queueId = (s.segments ?? []).find((g) => g.queueId)?.queueId;
            if (seg && queueId) push(interacting, `${queueId}|${s.mediaType}`, c.conversationId!);
          }
        }
      }
    }
    expect([...interacting.values()].flat()).toContain(liveCall.conversationId);
    const gotWaiting = new Map<string, string[]>();
    const gotInteracting = new Map<string, string[]>();
    for (const res of r.results ?? []) {
      const key = `${res.group?.queueId}|${res.group?.mediaType}`;
      expect(res.group?.mediaType).toEqual(expect.any(String));
      for (const d of res.data ?? []) {
        expect(['oWaiting', 'oInteracting']).toContain(d.metric);
        const ids = (d.observations ?? []).map((o) => o.conversationId!);
        expect(ids).toHaveLength(d.stats?.count ?? -1);
        if (ids.length === 0) continue;
        for (const o of d.observations ?? []) expect(o.observationDate).toEqual(expect.any(String));
        (d.metric === 'oWaiting' ? gotWaiting : gotInteracting).set(key, ids);
      }
    }
    const sorted = (m: Map<string, string[]>) => new Map([...m].map(([k, v]) => [k, [...v].sort()]));
    expect(sorted(gotWaiting)).toEqual(sorted(waiting));
    expect(sorted(gotInteracting)).toEqual(sorted(interacting));
    const agentObs = (r.results ?? []).flatMap((res) => res.data ?? []).flatMap((d) => d.observations ?? []).find((o) => o.conversationId === liveCall.conversationId);
    expect(agentObs?.userId).toBe(liveAgentId);
  });

  it('user metrics agree with the queue members and their presences from the directory endpoints', async () => {
    const queue = [...sandbox.store.org.queues].sort((a, b) => b.memberIds.length - a.memberIds.length)[0]!;
    const r = await obs({
      filter: { type: 'or', predicates: [{ dimension: 'queueId', value: queue.id }] },
      metrics: ['oOnQueueUsers', 'oOffQueueUsers', 'oActiveUsers', 'oMemberUsers', 'oUserRoutingStatuses'],
    });
    expect(r.results).toHaveLength(1);
    expect(r.results?.[0]?.group).toEqual({ queueId: queue.id });
    const data = r.results?.[0]?.data ?? [];

    const members = await ok<platformClient.Models.QueueMemberEntityListing>(demo.routing.getRoutingQueueMembers(queue.id, { pageSize: 100 }));
    const users = await ok<platformClient.Models.UserEntityListing>(demo.users.getUsers({ id: queue.memberIds, expand: ['presence', 'routingStatus'], pageSize: 100 }));
    const status = new Map((members.entities ?? []).map((m) => [m.id!, m.routingStatus!.status!]));
    const presence = new Map((users.entities ?? []).map((u) => [u.id!, u.presence!.presenceDefinition!.systemPresence!.toUpperCase().replace(/ /g, '_')]));
    expect(status.size).toBe(queue.memberIds.length);
    expect(presence.size).toBe(queue.memberIds.length);
    const tally = (ids: string[], key: (id: string) => string) => {
      const t: Record<string, number> = {};
      for (const id of ids) t[key(id)] = (t[key(id)] ?? 0) + 1;
      return t;
    };
    const ids = queue.memberIds;
    const qualified = (metric: string) => Object.fromEntries(data.filter((d) => d.metric === metric).map((d) => [d.qualifier!, d.stats!.count!]));
    const plain = (metric: string) => data.find((d) => d.metric === metric)?.stats?.count;

    expect(plain('oMemberUsers')).toBe(ids.length);
    expect(plain('oActiveUsers')).toBe(ids.filter((id) => presence.get(id) !== 'OFFLINE').length);
    expect(qualified('oUserRoutingStatuses')).toEqual(tally(ids, (id) => status.get(id)!));
    expect(qualified('oOnQueueUsers')).toEqual(tally(ids.filter((id) => status.get(id) !== 'OFF_QUEUE'), (id) => status.get(id)!));
    expect(qualified('oOffQueueUsers')).toEqual(
      tally(ids.filter((id) => status.get(id) === 'OFF_QUEUE' && presence.get(id) !== 'OFFLINE'), (id) => presence.get(id)!),
    );
    expect(Object.keys(qualified('oUserRoutingStatuses')).length).toBeGreaterThan(0);
    expect(r.systemToOrganizationMappings).toHaveProperty('AVAILABLE');
  });
});

// -------------------------------------------------------------------------------------------------
describe('the clock', () => {
  it('a conversation that starts after the frozen instant does not exist yet on any endpoint', async () => {
    sandbox.clock.set('2026-03-10T16:00:00Z');
    let future: AnalyticsConversation | undefined;
    try {
      const later = await ok<platformClient.Models.AnalyticsConversationQueryResponse>(
        demo.analytics.postAnalyticsConversationsDetailsQuery({ interval: TODAY, order: 'desc', paging: { pageSize: 1, pageNumber: 1 } }),
      );
      future = later.conversations?.[0];
    } finally {
      sandbox.clock.set(NOW);
    }
    expect(Date.parse(future!.conversationStart!)).toBeGreaterThan(Date.parse(NOW));
    const id = future!.conversationId!;
    expect(today.some((c) => c.conversationId === id)).toBe(false);
    for (const call of [demo.conversations.getConversation(id), demo.conversations.getConversationsCall(id), demo.analytics.getAnalyticsConversationDetails(id)]) {
      expect((await fail(call)).status).toBe(404);
    }
    const multi = await ok<platformClient.Models.AnalyticsConversationWithoutAttributesMultiGetResponse>(demo.analytics.getAnalyticsConversationsDetails({ id: [id] }));
    expect(multi.conversations).toEqual([]);
  });
});

// -------------------------------------------------------------------------------------------------
describe('permissions, 404s and headers', () => {
  it.each([
    ['postAnalyticsConversationsDetailsQuery', () => noAnalytics.analytics.postAnalyticsConversationsDetailsQuery({ interval: TODAY }), DETAIL_PERMISSIONS],
    ['getAnalyticsConversationDetails', () => noAnalytics.analytics.getAnalyticsConversationDetails(liveCall.conversationId!), DETAIL_PERMISSIONS],
    ['getAnalyticsConversationsDetails', () => noAnalytics.analytics.getAnalyticsConversationsDetails({ id: [liveCall.conversationId!] }), DETAIL_PERMISSIONS],
    ['postAnalyticsConversationsAggregatesQuery', () => noAnalytics.analytics.postAnalyticsConversationsAggregatesQuery({ interval: TODAY, metrics: ['nOffered'] }), ['analytics:conversationAggregate:view']],
    [
      'postAnalyticsQueuesObservationsQuery',
      () => noAnalytics.analytics.postAnalyticsQueuesObservationsQuery({ filter: { type: 'or', predicates: [{ dimension: 'queueId', value: sandbox.store.org.queues[0]!.id }] }, metrics: ['oWaiting'] }),
      ['analytics:queueObservation:view'],
    ],
  ] as const)('cxgraph-no-analytics gets 403 on %s', async (_name, call, permissions) => {
    const e = await fail(call());
    expect(e.status).toBe(403);
    expect(e.body.code).toBe('missing.any.permissions');
    expect(e.body.message).toMatch(/^Unable to perform the requested action\. You must have at least one of the following permissions assigned: /);
    for (const p of permissions) expect(e.body.message).toContain(p);
  });

  it('cxgraph-no-analytics still reads users, queues and conversations', async () => {
    await ok(noAnalytics.users.getUser(liveAgentId));
    await ok(noAnalytics.routing.getRoutingQueue(sandbox.store.org.queues[0]!.id));
    await ok(noAnalytics.conversations.getConversation(liveCall.conversationId!));
  });

  it.each([
    ['getUser', () => demo.users.getUser(UNKNOWN_ID)],
    ['getRoutingQueue', () => demo.routing.getRoutingQueue(UNKNOWN_ID)],
    ['getRoutingQueueMembers', () => demo.routing.getRoutingQueueMembers(UNKNOWN_ID)],
    ['getConversation', () => demo.conversations.getConversation(UNKNOWN_ID)],
    ['getConversationsCall', () => demo.conversations.getConversationsCall(UNKNOWN_ID)],
    ['getAnalyticsConversationDetails', () => demo.analytics.getAnalyticsConversationDetails(UNKNOWN_ID)],
  ] as const)('404 not.found for an unknown id on %s', async (_name, call) => {
    const e = await fail(call());
    expect(e.status).toBe(404);
    expect(e.body.code).toBe('not.found');
    expect(e.body.message).toContain(UNKNOWN_ID);
  });

  it('every response carried inin-correlation-id and inin-ratelimit-* (distinct correlation ids)', () => {
    // checkHeaders ran on each; here: they were many, and no correlation id repeated.
    expect(seen.length).toBeGreaterThan(60);
    const ids = seen.map((r) => r.headers['inin-correlation-id']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(seen.some((r) => r.status >= 400)).toBe(true);
  });
});
