/**
 * Subscriptions end to end: the sandbox pushes Genesys notifications, the gateway's live state applies them, and
 * one subscriber over SSE (graphql-sse) and one over WebSocket (graphql-ws) each receive every change of one
 * conversation from queued to ended, in order, none repeated, none missing — compared with the sandbox's own
 * view of that conversation at each instant its record says something changes.
 */
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LIVE_CHANGES } from '../src/examples.js';
import { advanceUntil, caughtUp, projectWire, queuedConversation, sleep, startLive, token, waitFor, wireTimeline, type LiveSetup, type Projected } from './subscriptions-setup.js';

const CONVERSATION = /* GraphQL */ `
  subscription One($id: ID!) {
    conversation(id: $id) {
      kind
      at
      conversation { id endTime participants { id purpose sessions { state held } } }
    }
  }
`;

interface Event {
  kind: string;
  conversation: { id: string; endTime: string | null; participants: Array<{ id: string; purpose: string | null; sessions: Array<{ state: string | null; held: boolean }> }> };
}
type Result = { data?: { conversation?: Event } | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

const project = (e: Event): Projected[] =>
  projectWire({ participants: e.conversation.participants.map((p) => ({ id: p.id, purpose: p.purpose ?? undefined, calls: p.sessions.map((s) => ({ state: s.state ?? undefined, held: s.held })) })) });

/** Consecutive equal views once (the state may change in ways these fields do not show, e.g. a wrap-up code). */
const collapse = (views: Projected[][]) => views.filter((v, i) => i === 0 || JSON.stringify(v) !== JSON.stringify(views[i - 1]));

describe('subscriptions over SSE and WebSocket', () => {
  let live: LiveSetup;
  let ws: WsClient;
  let target: ReturnType<typeof queuedConversation>;
  let expected: Projected[][];

  beforeAll(async () => {
    live = await startLive({ maxSubscriptionsPerConnection: 3 });
    target = queuedConversation(live.sandbox, 20 * 60_000);
    // The truth first, before any channel exists (moving the clock then emits nothing).
    expected = await wireTimeline(live.sandbox, target.id, target.instants);
    await live.client.liveState().start();
    ws = createWsClient({ url: live.served.wsUrl!, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  });
  afterAll(async () => {
    await ws?.dispose();
    await live?.close();
  });

  it('streams every change of one conversation, queued to ended, to an SSE and a WebSocket subscriber', async () => {
    const sse = createSseClient({ url: live.served.url, retryAttempts: 0 });
    const got = { sse: [] as Result[], ws: [] as Result[] };
    const done = { sse: false, ws: false };
    const read = async (name: 'sse' | 'ws', it: AsyncIterable<unknown>) => {
      for await (const r of it) got[name].push(r as Result);
      done[name] = true;
    };
    const reading = [
      read('sse', sse.iterate({ query: CONVERSATION, variables: { id: target.id } })),
      read('ws', ws.iterate({ query: CONVERSATION, variables: { id: target.id } })),
    ];
    await waitFor('both CURRENT events', () => got.sse.length > 0 && got.ws.length > 0);

    // Drive the clock through the conversation's life; the sandbox delivers the skipped span's events in order.
    for (let t = live.sandbox.clock.now(); t <= target.end + 1_000; t += 60_000) {
      live.sandbox.clock.set(Math.min(t + 60_000, target.end + 1_000));
      await sleep(30);
    }
    await waitFor('both subscriptions to complete', () => done.sse && done.ws);
    await Promise.all(reading);
    sse.dispose();

    for (const name of ['sse', 'ws'] as const) {
      const results = got[name];
      expect(results.flatMap((r) => r.errors ?? []), name).toEqual([]);
      const events = results.map((r) => r.data!.conversation!);
      const kinds = events.map((e) => e.kind);
      expect(kinds[0], name).toBe('CURRENT');
      expect(kinds.at(-1), name).toBe('ENDED');
      expect(kinds.filter((k) => k === 'ENDED').length, name).toBe(1);
      expect(new Set(events.map((e) => e.conversation.id)), name).toEqual(new Set([target.id]));
      // None repeated: no event shows the same conversation as the one before it.
      for (let i = 1; i < events.length; i++) expect(JSON.stringify(events[i]!.conversation), `${name} #${i} repeats #${i - 1}`).not.toBe(JSON.stringify(events[i - 1]!.conversation));
      // None missing, in order: the views the subscriber saw are the sandbox's own, step by step.
      expect(collapse(events.map(project)), name).toEqual(expected);
      expect(events.at(-1)!.conversation.endTime, name).toBe(new Date(target.end).toISOString());
    }
    // Both transports saw the same stream.
    expect(got.ws.map((r) => r.data!.conversation!.conversation)).toEqual(got.sse.map((r) => r.data!.conversation!.conversation));
    expect(expected.length).toBeGreaterThanOrEqual(3);
  });

  it('runs the GraphiQL subscription example over SSE: voice conversations as they change', async () => {
    const sse = createSseClient({ url: live.served.url, retryAttempts: 0 });
    const seen: Array<{ data?: { liveConversations?: { kind: string; conversation: { id: string } } } | null; errors?: unknown[] }> = [];
    const it = sse.iterate({ query: LIVE_CHANGES.query })[Symbol.asyncIterator]();
    let r: IteratorResult<unknown> | undefined;
    const first = it.next().then((x) => (r = x));
    // Once the subscription has started, a minute of the sandbox clock brings changes.
    await advanceUntil(live, 'change', () => r !== undefined);
    await first;
    seen.push(r!.value as never);
    await it.return?.();
    sse.dispose();
    expect(seen[0]!.errors).toBeUndefined();
    expect(['ADDED', 'UPDATED', 'ENDED']).toContain(seen[0]!.data!.liveConversations!.kind);
  });

  it('pushes queue figures: after the clock moves, the last event of each queue is what the observations query says', async () => {
    const queueIds = live.sandbox.store.org.queues.slice(0, 3).map((q) => q.id);
    const last = new Map<string, { waiting: number; interacting: number; alerting: number }>();
    let count = 0;
    const stop = ws.subscribe(
      { query: `subscription($q: [ID!]!) { queueLiveStats(queueIds: $q) { queueId stats { waiting interacting alerting } } }`, variables: { q: queueIds } },
      {
        next: (r) => {
          const e = (r.data as { queueLiveStats: { queueId: string; stats: { waiting: number; interacting: number; alerting: number } } }).queueLiveStats;
          last.set(e.queueId, e.stats);
          count++;
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await advanceUntil(live, 'queue figures', () => count > 0);
    live.sandbox.clock.advance(10 * 60_000);
    await caughtUp(live);
    expect(count).toBeGreaterThan(0);
    // The independent side: the sandbox's observations query over raw HTTP.
    const bearer = await token(live.sandbox);
    const res = await fetch(`${live.sandbox.url}/api/v2/analytics/queues/observations/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { type: 'or', predicates: queueIds.map((value) => ({ dimension: 'queueId', value })) }, metrics: ['oWaiting', 'oInteracting', 'oAlerting'] }),
    });
    const body = (await res.json()) as { results?: Array<{ group?: { queueId?: string }; data?: Array<{ metric: string; stats?: { count?: number } }> }> };
    const truth = new Map(queueIds.map((q) => [q, { waiting: 0, interacting: 0, alerting: 0 }]));
    const key = { oWaiting: 'waiting', oInteracting: 'interacting', oAlerting: 'alerting' } as const;
    for (const r of body.results ?? []) for (const d of r.data ?? []) {
      const k = key[d.metric as keyof typeof key];
      const q = truth.get(r.group?.queueId ?? '');
      if (k && q) q[k] += d.stats?.count ?? 0;
    }
    // The last figures go out over the socket after the state has them: wait (bounded) for them to arrive.
    const agrees = () => [...last].every(([q, stats]) => JSON.stringify(stats) === JSON.stringify(truth.get(q)));
    await waitFor('the last pushed figures', agrees).catch(() => undefined);
    stop();
    for (const [q, stats] of last) expect(stats, q).toEqual(truth.get(q));
  });

  it('refuses a WebSocket from another origin at the upgrade', async () => {
    const socket = new WebSocket(live.served.wsUrl!, 'graphql-transport-ws', { headers: { origin: 'https://elsewhere.example' } });
    const status = await new Promise<number | undefined>((resolve) => {
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      socket.on('open', () => resolve(101));
      socket.on('error', () => resolve(undefined));
    });
    socket.terminate();
    expect(status).toBe(403);
    expect((await post('{ liveConversations(first: 0) { totalCount } }')).errors).toBeUndefined();
  });

  const post = async (query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(live.served.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  };

  it('answers live queries from memory: 0 upstream calls at steady state', async () => {
    const queueId = live.sandbox.store.org.queues[0]!.id;
    const first = await post('{ liveConversations(first: 5) { totalCount edges { node { id participants { state } } } } }');
    expect(first.errors).toBeUndefined();
    const someId = first.data!['liveConversations'].edges[0]?.node.id as string;
    const before = live.sandbox.log.total().requests;
    for (let i = 0; i < 5; i++) {
      const r = await post(
        `query($id: ID!, $q: ID!) {
          all: liveConversations(first: 0) { totalCount }
          inQueue: liveConversations(filter: { queueIds: [$q] }) { totalCount edges { node { id mediaType participants { purpose state } } } }
          conversation(id: $id) { id isLive }
        }`,
        { id: someId, q: queueId },
      );
      expect(r.errors).toBeUndefined();
      expect(r.data!['conversation']).toEqual({ id: someId, isLive: true });
    }
    expect(live.sandbox.log.total().requests - before).toBe(0);
    // The count is the sandbox's own live set, read from its records: running now and already in a queue or with an agent.
    const now = live.sandbox.clock.now();
    const day = Math.floor(now / 86_400_000);
    const routed = [day - 1, day]
      .flatMap((d) => live.sandbox.store.conversationsOfDay(d))
      .filter((c) => c.start <= now && (c.end === undefined || c.end > now) && c.participants.some((p) => p.start <= now && ((p.purpose === 'acd' && p.queueId) || ((p.purpose === 'agent' || p.purpose === 'user') && p.userId))));
    const all = (await post('{ liveConversations(first: 0) { totalCount } }')).data!['liveConversations'].totalCount as number;
    expect(routed.length).toBeGreaterThan(0);
    expect(all).toBe(routed.length);
  });

  it('refuses unknown ids with INVALID_QUERY before subscribing, over SSE and WebSocket', async () => {
    const sse = createSseClient({ url: live.served.url, retryAttempts: 0 });
    const first = async (it: AsyncIterable<unknown>) => {
      const out: Result[] = [];
      for await (const r of it) out.push(r as Result);
      return out;
    };
    const overSse = await first(sse.iterate({ query: 'subscription { queueLiveStats(queueIds: ["no-such-queue"]) { queueId } }' })).catch((e: unknown) => e);
    const overWs = await first(ws.iterate({ query: 'subscription { agentStatus(agentIds: ["no-such-agent"]) { agentId } }' })).catch((e: unknown) => e);
    const overWsConversation = await first(ws.iterate({ query: 'subscription { conversation(id: "no-such-conversation") { kind } }' })).catch((e: unknown) => e);
    sse.dispose();
    for (const got of [overSse, overWs, overWsConversation]) {
      const errors = Array.isArray(got) ? got.flatMap((r: Result) => r.errors ?? []) : (got as Array<{ message: string; extensions?: Record<string, unknown> }>);
      expect(errors.length, JSON.stringify(got)).toBe(1);
      expect(errors[0]!.extensions?.['code']).toBe('INVALID_QUERY');
      expect(errors[0]!.message).toMatch(/no-such-/);
    }
  });

  it('caps subscriptions per WebSocket connection with TOO_MANY_SUBSCRIPTIONS, and keeps serving the others', async () => {
    const agentId = live.sandbox.store.org.agents[0]!.id;
    const q = `subscription { agentStatus(agentIds: ["${agentId}"]) { agentId routingStatus } }`;
    const results: Array<Result[]> = [[], [], [], []];
    const errors: unknown[] = [];
    const subs = results.map((out, i) =>
      ws.subscribe({ query: q }, { next: (r) => void out.push(r as Result), error: (e) => void (errors[i] = e), complete: () => undefined }),
    );
    await waitFor('the fourth to be refused', () => results[3]!.length > 0 || errors[3] !== undefined);
    const refused = results[3]!.flatMap((r) => r.errors ?? []);
    expect(refused.map((e) => e.extensions?.['code'])).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    expect(refused[0]!.message).toMatch(/at most 3/);
    // The gateway still answers queries, and a freed slot can be used again.
    expect((await post('{ liveConversations(first: 0) { totalCount } }')).errors).toBeUndefined();
    subs[0]!();
    // The freed slot is taken again: a new subscription is refused only until the server has seen the old one go.
    let again: Result[] = [];
    let unsubscribe = (): void => undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      const mine: Result[] = [];
      unsubscribe = ws.subscribe({ query: q }, { next: (r) => void mine.push(r as Result), error: () => undefined, complete: () => undefined });
      await sleep(100);
      again = mine;
      if (mine.flatMap((r) => r.errors ?? []).length === 0) break;
      unsubscribe();
    }
    expect(again.flatMap((r) => r.errors ?? [])).toEqual([]);
    unsubscribe();
    for (const s of subs) s();
  });
});

describe('a subscriber that falls behind', () => {
  let live: LiveSetup;
  beforeAll(async () => {
    // A tiny change buffer, so a busy quarter of an hour overflows a reader that does not read.
    live = await startLive({ liveStateOptions: { changeBufferSize: 3 } });
    // The client's one live state is made by its first caller: with the gateway's options.
    await live.client.liveState({ changeBufferSize: 3 }).start();
  });
  afterAll(async () => {
    await live?.close();
  });

  it('is dropped with one LIVE_OVERFLOW error event, then the stream completes; the gateway serves on', async () => {
    // Executed through the gateway's own envelop (schema, plugins, masked errors, context), and pulled by the
    // test: SSE and graphql-ws read a source as fast as it yields and leave the backlog to the socket, so over
    // them "not reading" cannot be staged deterministically.
    const request = new Request('http://127.0.0.1/graphql');
    const { schema, subscribe, contextFactory, parse } = live.gateway.getEnveloped({ request, params: { query: '' } });
    const document = parse('subscription { liveConversations { kind conversation { id } } }');
    const result = (await subscribe({ schema, document, contextValue: await contextFactory() })) as AsyncIterableIterator<{ data?: unknown; errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }>;
    expect(Symbol.asyncIterator in result).toBe(true);
    let got: IteratorResult<{ data?: unknown; errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }> | undefined;
    const first = result.next().then((x) => (got = x));
    // Once the subscription reads, a quarter of an hour of changes arrives far faster than one read at a time.
    await advanceUntil(live, 'change', () => got !== undefined);
    await first;
    live.sandbox.clock.advance(15 * 60_000);
    const rest: Array<{ data?: unknown; errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }> = [];
    if (!got!.done) rest.push(got!.value);
    await caughtUp(live);
    for (;;) {
      const r = await result.next();
      if (r.done) break;
      rest.push(r.value);
    }
    expect(rest.length).toBeLessThanOrEqual(4);
    const errors = rest.flatMap((e) => e.errors ?? []);
    expect(errors.map((e) => e.extensions?.['code'])).toEqual(['LIVE_OVERFLOW']);
    expect(rest.at(-1)!.errors).toBeDefined();
    const again = await fetch(live.served.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query: '{ liveConversations(first: 0) { totalCount } }' }) });
    expect(((await again.json()) as { errors?: unknown }).errors).toBeUndefined();
  });
});
