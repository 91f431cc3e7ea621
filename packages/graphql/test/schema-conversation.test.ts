import { resolveTimeRange } from '@cxgraph/core';
import { NOW as SETUP_NOW } from './schema-setup.js';

const NOW_MS = Date.parse(SETUP_NOW);
import type { LiveConversation } from '@cxgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes, startHarness, type Harness } from './schema-setup.js';

let h: Harness;
let live: LiveConversation[];

beforeAll(async () => {
  h = await startHarness();
  // The independent path: core called directly.
  live = await h.client.live.list({});
});
afterAll(() => h.close());

const CONVERSATION_FIELDS = `
  id startTime endTime isLive durationMs mediaType direction
  queue { id name }
  participants {
    id purpose name state startTime endTime inWrapUp
    agent { id name }
    queue { id }
    sessions { id mediaType state direction held connectedTime disconnectedTime }
  }`;

interface Conv {
  id: string;
  startTime: string;
  endTime: string | null;
  isLive: boolean;
  durationMs: number;
  mediaType: string | null;
  direction: string | null;
  queue: { id: string; name: string } | null;
  participants: Array<{
    id: string;
    purpose: string | null;
    name: string | null;
    state: string | null;
    startTime: string | null;
    endTime: string | null;
    inWrapUp: boolean;
    agent: { id: string; name: string } | null;
    queue: { id: string } | null;
    sessions: Array<Record<string, unknown>>;
  }>;
}

describe('liveConversations', () => {
  it('returns the live conversations core lists, field by field', async () => {
    expect(live.length).toBeGreaterThan(5);
    expect(live.length).toBeLessThanOrEqual(25);
    // Every field at once, so a page of 25 (the whole list here) keeps the query under the complexity limit.
    const d = await h.data<{ liveConversations: { totalCount: number; edges: Array<{ node: Conv }> } }>(`{ liveConversations(first: 25) { totalCount edges { node { ${CONVERSATION_FIELDS} } } } }`);
    const got = nodes(d.liveConversations);
    expect(d.liveConversations.totalCount).toBe(live.length);
    expect(got.map((c) => c.id)).toEqual(live.map((c) => c.id));

    const userIds = [...new Set(live.flatMap((c) => c.participants.map((p) => p.userId)).filter((id): id is string => !!id))];
    const users = new Map((await h.client.directory.getUsers(userIds)).map((u) => [u?.id, u?.name]));
    const queueIds = [...new Set(live.map((c) => c.queueId).filter((id): id is string => !!id))];
    const queues = new Map((await h.client.directory.getQueues(queueIds)).map((q) => [q?.id, q?.name]));

    for (const [i, c] of live.entries()) {
      const g = got[i]!;
      expect(g).toMatchObject({
        startTime: c.startTime,
        endTime: c.endTime ?? null,
        isLive: true,
        durationMs: c.durationMs,
        mediaType: c.mediaType ?? null,
        direction: c.direction ?? null,
      });
      expect(g.queue).toEqual(c.queueId ? { id: c.queueId, name: queues.get(c.queueId) } : null);
      expect(g.participants).toHaveLength(c.participants.length);
      for (const [j, p] of c.participants.entries()) {
        const gp = g.participants[j]!;
        expect(gp).toMatchObject({ id: p.id, purpose: p.purpose ?? null, name: p.name ?? null, state: p.state ?? null, inWrapUp: p.inWrapUp });
        expect(gp.agent).toEqual(p.userId ? { id: p.userId, name: users.get(p.userId) } : null);
        expect(gp.queue).toEqual(p.queueId ? { id: p.queueId } : null);
        expect(gp.sessions).toEqual(
          p.sessions.map((s) => ({
            id: s.id,
            mediaType: s.mediaType,
            state: s.state ?? null,
            direction: s.direction ?? null,
            held: s.held,
            connectedTime: s.connectedTime ?? null,
            disconnectedTime: s.disconnectedTime ?? null,
          })),
        );
      }
    }
    // A live conversation lasts from its start to the frozen now.
    const first = live[0]!;
    expect(first.durationMs).toBe(h.sandbox.clock.now() - Date.parse(first.startTime));
  });

  it('pages with first/after, pageInfo.hasNextPage, default 25', async () => {
    const q = `query($first: Int, $after: String) { liveConversations(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    type Page = { liveConversations: { edges: Array<{ cursor: string; node: { id: string } }>; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string } } };
    const p1 = await h.data<Page>(q, { first: 5 });
    expect(nodes(p1.liveConversations).map((c) => c.id)).toEqual(live.slice(0, 5).map((c) => c.id));
    expect(p1.liveConversations.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = await h.data<Page>(q, { first: 5, after: p1.liveConversations.pageInfo.endCursor });
    expect(nodes(p2.liveConversations).map((c) => c.id)).toEqual(live.slice(5, 10).map((c) => c.id));
    expect(p2.liveConversations.pageInfo.hasPreviousPage).toBe(true);
    // The last page.
    const rest = await h.data<Page>(q, { first: 100, after: p1.liveConversations.pageInfo.endCursor });
    expect(nodes(rest.liveConversations).map((c) => c.id)).toEqual(live.slice(5).map((c) => c.id));
    expect(rest.liveConversations.pageInfo.hasNextPage).toBe(false);
    // Default page size 25 (fewer live conversations here: all of them, no next page).
    const all = await h.data<Page>(q, {});
    expect(all.liveConversations.edges).toHaveLength(Math.min(25, live.length));
    expect(all.liveConversations.pageInfo.hasNextPage).toBe(live.length > 25);
  });

  it('rejects first > 100 and foreign cursors with a clear INVALID_QUERY error, before any upstream call', async () => {
    h.reset();
    const r = await h.query(`{ liveConversations(first: 101) { edges { node { id } } } }`);
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.message).toBe('`first` must be between 0 and 100 (got 101); page through larger sets with `after`.');
    expect(r.errors?.[0]?.extensions?.code).toBe('INVALID_QUERY');
    const bad = await h.query(`{ liveConversations(first: 5, after: "not-a-cursor") { edges { node { id } } } }`);
    expect(bad.errors?.[0]?.message).toMatch(/^Invalid cursor `after`/);
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_QUERY');
    expect(h.calls('details')).toBe(0);
  });

  it('filters by media type, queue and agent like core', async () => {
    const sample = live.find((c) => c.participants.some((p) => p.userId))!;
    const agentId = sample.participants.find((p) => p.userId)!.userId!;
    const cases = [
      { mediaTypes: [sample.mediaType!] },
      { queueIds: [sample.queueId!] },
      { agentIds: [agentId] },
    ];
    for (const filter of cases) {
      const expected = (await h.client.live.list(filter)).map((c) => c.id);
      const d = await h.data<{ liveConversations: { edges: Array<{ node: { id: string } }> } }>(
        `query($filter: LiveConversationFilter) { liveConversations(first: 100, filter: $filter) { edges { node { id } } } }`,
        { filter },
      );
      expect(nodes(d.liveConversations).map((c) => c.id)).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    }
  });

  it('reads the live list once per request, however many aliases', async () => {
    h.reset();
    await h.data(`{ a: liveConversations(first: 2) { edges { node { id } } } b: liveConversations(first: 3) { edges { node { id } } } }`);
    expect(h.calls('details')).toBe(1);
    expect(h.calls('conversation')).toBe(live.length);
  });
});

describe('conversation(id)', () => {
  it('returns one conversation like core', async () => {
    const c = live[1]!;
    const d = await h.data<{ conversation: Conv }>(`query($id: ID!) { conversation(id: $id) { ${CONVERSATION_FIELDS} } }`, { id: c.id });
    expect(d.conversation.id).toBe(c.id);
    expect(d.conversation.participants.map((p) => p.id)).toEqual(c.participants.map((p) => p.id));
    expect(d.conversation.durationMs).toBe(c.durationMs);
  });

  it('returns an ended conversation with isLive false', async () => {
    let ended: string | undefined;
    for await (const rec of h.client.history.conversations({ range: resolveTimeRange({ relative: 'yesterday' }, NOW_MS) })) {
      ended = rec.conversationId;
      break;
    }
    const d = await h.data<{ conversation: Conv }>(`query($id: ID!) { conversation(id: $id) { id isLive endTime durationMs } }`, { id: ended });
    const c = await h.client.live.get(ended!);
    expect(d.conversation).toEqual({ id: ended, isLive: false, endTime: c.endTime, durationMs: c.durationMs });
  });

  it('is null for an unknown id (NotFoundError), without an error', async () => {
    const r = await h.query(`{ conversation(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ conversation: null });
  });
});
