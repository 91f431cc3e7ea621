import { resolveTimeRange } from '@cxgraph/core';
import { NOW as SETUP_NOW } from './schema-setup.js';

const NOW_MS = Date.parse(SETUP_NOW);
import type { DetailsFilterInput } from '@cxgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes, startHarness, type Harness } from './schema-setup.js';

let h: Harness;
type Detail = Awaited<ReturnType<Harness['client']['history']['get']>>;

/** The first `n` records core's iterator gives (the independent path). */
async function coreFirst(n: number, range: { relative: string } | { interval: string }, filter: DetailsFilterInput = {}): Promise<Detail[]> {
  const out: Detail[] = [];
  if (n <= 0) return out;
  // `limit`: nothing is fetched ahead that could land in a later measurement.
  for await (const c of h.client.history.conversations({ range: resolveTimeRange(range, NOW_MS), filter, limit: n })) {
    out.push(c);
    if (out.length >= n) break;
  }
  return out;
}

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const FIELDS = `
  id startTime endTime isLive mediaType direction durationMs queue { id }
  participants {
    id purpose name agent { id name }
    sessions {
      id mediaType direction
      segments { type start end queue { id } disconnectType wrapUpCode }
      metrics { name value emitDate }
    }
  }`;

type Page = {
  historicalConversations: {
    edges: Array<{ cursor: string; node: Record<string, unknown> & { id: string } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };
};

describe('historicalConversations', () => {
  it('maps every field of the detail records core returns', async () => {
    const expected = await coreFirst(10, { relative: 'yesterday' });
    const userIds = [...new Set(expected.flatMap((c) => (c.participants ?? []).map((p) => p.userId)).filter((id): id is string => !!id))];
    const names = new Map((await h.client.directory.getUsers(userIds)).map((u) => [u?.id, u?.name]));
    const d = await h.data<Page>(`{ historicalConversations(range: { relative: YESTERDAY }, first: 10) { edges { node { ${FIELDS} } } } }`);
    const got = nodes(d.historicalConversations);
    expect(got.map((c) => c.id)).toEqual(expected.map((c) => c.conversationId));
    for (const [i, c] of expected.entries()) {
      const firstQueue = (c.participants ?? []).flatMap((p) => (p.sessions ?? []).flatMap((s) => (s.segments ?? []).map((g) => g.queueId))).find((q) => q);
      expect(got[i]).toEqual({
        id: c.conversationId,
        startTime: c.conversationStart,
        endTime: c.conversationEnd ?? null,
        isLive: false,
        mediaType: c.participants?.[0]?.sessions?.[0]?.mediaType ?? null,
        direction: c.originatingDirection ?? null,
        durationMs: Date.parse(c.conversationEnd!) - Date.parse(c.conversationStart!),
        queue: firstQueue ? { id: firstQueue } : null,
        participants: (c.participants ?? []).map((p) => ({
          id: p.participantId,
          purpose: p.purpose ?? null,
          name: p.participantName ?? null,
          agent: p.userId ? { id: p.userId, name: names.get(p.userId) } : null,
          sessions: (p.sessions ?? []).map((s) => ({
            id: s.sessionId,
            mediaType: s.mediaType ?? null,
            direction: s.direction ?? null,
            segments: (s.segments ?? []).map((g) => ({
              type: g.segmentType ?? null,
              start: g.segmentStart,
              end: g.segmentEnd ?? null,
              queue: g.queueId ? { id: g.queueId } : null,
              disconnectType: g.disconnectType ?? null,
              wrapUpCode: g.wrapUpCode ?? null,
            })),
            metrics: (s.metrics ?? []).map((m) => ({ name: m.name, value: m.value, emitDate: m.emitDate ?? null })),
          })),
        })),
      });
    }
  });

  it('pages with opaque cursors and reads only up to the end of the page (not the whole range)', async () => {
    const expected = await coreFirst(161, { relative: 'yesterday' });
    const q = `query($first: Int, $after: String) { historicalConversations(range: { relative: YESTERDAY }, first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;

    h.reset();
    const p1 = await h.data<Page>(q, { first: 100 });
    // 101 records (100 + 1 to know there is a next page): two details pages of 100, out of ~18 for the day.
    expect(h.calls('details')).toBe(2);
    expect(nodes(p1.historicalConversations).map((c) => c.id)).toEqual(expected.slice(0, 100).map((c) => c.conversationId));
    expect(p1.historicalConversations.pageInfo.hasNextPage).toBe(true);
    // The cursor is opaque (base64), not a conversation id.
    expect(p1.historicalConversations.pageInfo.endCursor).toMatch(/^[A-Za-z0-9+/]+=*$/);

    h.reset();
    const p2 = await h.data<Page>(q, { first: 60, after: p1.historicalConversations.pageInfo.endCursor });
    expect(nodes(p2.historicalConversations).map((c) => c.id)).toEqual(expected.slice(100, 160).map((c) => c.conversationId));
    expect(p2.historicalConversations.pageInfo.hasNextPage).toBe(true);
    // Records 0..160: two details pages again, never the rest of the day.
    expect(h.calls('details')).toBe(2);

    h.reset();
    const small = await h.data<Page>(q, {});
    expect(small.historicalConversations.edges).toHaveLength(25);
    expect(h.calls('details')).toBe(1);
  });

  it('the last page says hasNextPage false', async () => {
    const interval = '2026-03-09T03:00:00Z/2026-03-09T03:30:00Z';
    const all = await coreFirst(1000, { interval });
    expect(all.length).toBeGreaterThan(2);
    const d = await h.data<Page>(`query($i: String) { historicalConversations(range: { interval: $i }, first: 100) { edges { node { id } } pageInfo { hasNextPage } } }`, { i: interval });
    expect(nodes(d.historicalConversations).map((c) => c.id)).toEqual(all.map((c) => c.conversationId));
    expect(d.historicalConversations.pageInfo.hasNextPage).toBe(false);
  });

  it('filters like core: media types, queues, agents, directions, wrap-up codes', async () => {
    const sample = (await coreFirst(200, { relative: 'yesterday' })).find((c) =>
      (c.participants ?? []).some((p) => p.userId && (p.sessions ?? []).some((s) => (s.segments ?? []).some((g) => g.wrapUpCode))),
    )!;
    const agent = sample.participants!.find((p) => p.userId)!;
    const wrapUpCode = agent.sessions!.flatMap((s) => s.segments ?? []).find((g) => g.wrapUpCode)!.wrapUpCode!;
    const queueId = sample.participants!.flatMap((p) => p.sessions ?? []).flatMap((s) => s.segments ?? []).find((g) => g.queueId)!.queueId!;
    const cases: Array<{ gql: Record<string, unknown>; core: DetailsFilterInput }> = [
      { gql: { mediaTypes: ['chat'] }, core: { mediaTypes: ['chat'] } },
      { gql: { queueIds: [queueId], mediaTypes: ['voice', 'chat'] }, core: { queueIds: [queueId], mediaTypes: ['voice', 'chat'] } },
      { gql: { agentIds: [agent.userId] }, core: { userIds: [agent.userId!] } },
      { gql: { directions: ['OUTBOUND'] }, core: { directions: ['outbound'] } },
      { gql: { wrapUpCodes: [wrapUpCode] }, core: { wrapUpCodes: [wrapUpCode] } },
    ];
    for (const c of cases) {
      const expected = await coreFirst(30, { relative: 'yesterday' }, c.core);
      expect(expected.length).toBeGreaterThan(0);
      const d = await h.data<Page>(`query($f: HistoryFilter) { historicalConversations(range: { relative: YESTERDAY }, filter: $f, first: 30) { edges { node { id } } } }`, { f: c.gql });
      expect(nodes(d.historicalConversations).map((n) => n.id)).toEqual(expected.map((e) => e.conversationId));
    }
  });

  it('resolves the agents and queues of a page in one users call and one queues call', async () => {
    h.reset();
    const d = await h.data<Page>(
      `{ historicalConversations(range: { relative: YESTERDAY }, first: 50) { edges { node { id queue { name } participants { agent { name } sessions { segments { queue { name } } } } } } } }`,
    );
    expect(d.historicalConversations.edges).toHaveLength(50);
    expect(h.calls('users')).toBe(1);
    expect(h.calls('queues')).toBe(1);
  });

  it('rejects first: 101, a foreign cursor, a bad direction and a bad range with INVALID_QUERY', async () => {
    h.reset();
    const big = await h.query(`{ historicalConversations(range: { relative: YESTERDAY }, first: 101) { edges { node { id } } } }`);
    expect(big.errors?.[0]).toMatchObject({ message: '`first` must be between 0 and 100 (got 101); page through larger sets with `after`.', extensions: { code: 'INVALID_QUERY' } });
    const cursor = await h.query(`{ historicalConversations(range: { relative: YESTERDAY }, after: "abc") { edges { node { id } } } }`);
    expect(cursor.errors?.[0]?.extensions?.code).toBe('INVALID_QUERY');
    const direction = await h.query(`{ historicalConversations(range: { relative: YESTERDAY }, filter: { directions: ["sideways"] }) { edges { node { id } } } }`);
    expect(direction.errors?.[0]?.extensions?.code).toBe('INVALID_QUERY');
    expect(direction.errors?.[0]?.message).toMatch(/sideways/);
    const range = await h.query(`{ historicalConversations(range: { relative: YESTERDAY, interval: "2026-03-01T00:00:00Z/2026-03-02T00:00:00Z" }) { edges { node { id } } } }`);
    expect(range.errors?.[0]?.extensions?.code).toBe('INVALID_QUERY');
    expect(h.calls('details')).toBe(0);
  });
});

describe('historicalConversation(id)', () => {
  it('returns one detail record; an unknown id gives null', async () => {
    const [c] = await coreFirst(1, { relative: 'yesterday' });
    const d = await h.data<{ historicalConversation: { id: string; startTime: string }; none: null }>(
      `query($id: ID!) { historicalConversation(id: $id) { id startTime } none: historicalConversation(id: "00000000-0000-4000-8000-000000000000") { id } }`,
      { id: c!.conversationId },
    );
    expect(d).toEqual({ historicalConversation: { id: c!.conversationId, startTime: c!.conversationStart }, none: null });
  });
});
