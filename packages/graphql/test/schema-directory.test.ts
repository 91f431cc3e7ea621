import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes, startHarness, type Harness } from './schema-setup.js';

let h: Harness;
type User = NonNullable<Awaited<ReturnType<Harness['client']['directory']['getUsers']>>[number]>;
type QueueModel = NonNullable<Awaited<ReturnType<Harness['client']['directory']['getQueues']>>[number]>;
let users: User[];
let queues: QueueModel[];

beforeAll(async () => {
  h = await startHarness();
  users = [];
  for await (const u of h.client.directory.listUsers({ expand: ['routingStatus', 'presence'] })) users.push(u);
  queues = [];
  for await (const q of h.client.directory.listQueues()) queues.push(q);
});
afterAll(() => h.close());

const AGENT_FIELDS = 'id name email title department routingStatus routingStatusSince presence presenceSince';
const expectedAgent = (u: User) => ({
  id: u.id,
  name: u.name,
  email: u.email ?? null,
  title: u.title ?? null,
  department: u.department ?? null,
  routingStatus: u.routingStatus?.status ?? null,
  routingStatusSince: u.routingStatus?.startTime ?? null,
  presence: u.presence?.presenceDefinition?.systemPresence ?? null,
  presenceSince: u.presence?.modifiedDate ?? null,
});

describe('agents', () => {
  it('lists the org\'s agents with routing status and presence, as core does', async () => {
    expect(users).toHaveLength(60);
    const d = await h.data<{ agents: { edges: Array<{ node: Record<string, unknown> }> } }>(`{ agents(first: 100) { edges { node { ${AGENT_FIELDS} } } } }`);
    expect(nodes(d.agents)).toEqual(users.map(expectedAgent));
    // The sandbox at 14:30 on a Tuesday: some agents are talking, some idle.
    const statuses = new Set(nodes(d.agents).map((a) => a.routingStatus));
    expect(statuses.has('INTERACTING')).toBe(true);
    expect(statuses.has('IDLE')).toBe(true);
  });

  it('pages with first/after and pageInfo.hasNextPage (default 25)', async () => {
    const q = `query($first: Int, $after: String) { agents(first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    type Page = { agents: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const ids: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const p: Page = await h.data<Page>(q, { first: 25, after });
      ids.push(...nodes(p.agents).map((a) => a.id));
      pages++;
      if (!p.agents.pageInfo.hasNextPage) break;
      after = p.agents.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(ids).toEqual(users.map((u) => u.id));
    const dflt = await h.data<Page>(q, {});
    expect(dflt.agents.edges).toHaveLength(25);
    expect(dflt.agents.pageInfo.hasNextPage).toBe(true);
  });

  it('rejects first: 101 with a clear message', async () => {
    const r = await h.query(`{ agents(first: 101) { edges { node { id } } } }`);
    expect(r.errors?.[0]).toMatchObject({ message: '`first` must be between 0 and 100 (got 101); page through larger sets with `after`.', extensions: { code: 'INVALID_QUERY' } });
  });

  it('agent(id) returns one agent; an unknown id gives null', async () => {
    const u = users[7]!;
    const d = await h.data<{ agent: unknown; nobody: unknown }>(`query($id: ID!) { agent(id: $id) { ${AGENT_FIELDS} } nobody: agent(id: "00000000-0000-4000-8000-000000000000") { id } }`, { id: u.id });
    expect(d).toEqual({ agent: expectedAgent(u), nobody: null });
  });

  it('loads every agent of one request in one users call, however many references', async () => {
    const ids = users.map((u) => u.id!);
    h.reset();
    // 60 agents by id, each referenced twice.
    const d = await h.data<{ agentMetrics: Array<{ agentId: string; agent: { name: string }; again: { id: string } }> }>(
      `query($ids: [ID!]) { agentMetrics(range: { relative: TODAY }, agentIds: $ids) { agentId agent { name } again: agent { id } } }`,
      { ids },
    );
    expect(d.agentMetrics.map((r) => r.agent.name)).toEqual(users.map((u) => u.name));
    expect(d.agentMetrics.map((r) => r.again.id)).toEqual(ids);
    expect(h.calls('users')).toBe(1);
  });
});

describe('queues', () => {
  it('lists the queues and reads one by id', async () => {
    expect(queues).toHaveLength(10);
    const d = await h.data<{ queues: { edges: Array<{ node: { id: string; name: string; mediaTypes: string[]; memberCount: number } }> } }>(
      `{ queues { edges { node { id name mediaTypes memberCount } } } }`,
    );
    expect(nodes(d.queues).map((q) => [q.id, q.name, q.memberCount])).toEqual(queues.map((q) => [q.id, q.name, q.memberCount]));
    const support = nodes(d.queues).find((q) => q.name === 'Support')!;
    // call → voice: analytics' name for it.
    expect(support.mediaTypes).toEqual(['voice', 'chat', 'message', 'email', 'callback']);
    const one = await h.data<{ queue: { id: string; name: string }; none: null }>(`query($id: ID!) { queue(id: $id) { id name } none: queue(id: "00000000-0000-4000-8000-000000000000") { id } }`, {
      id: support.id,
    });
    expect(one).toEqual({ queue: { id: support.id, name: 'Support' }, none: null });
  });

  it('liveStats: every queue of the request in ONE observations call, equal to core', async () => {
    const expected = await h.client.live.queueStats(queues.map((q) => q.id!));
    h.reset();
    const d = await h.data<{ queues: { edges: Array<{ node: { id: string; liveStats: Record<string, unknown> } }> } }>(
      `{ queues(first: 10) { edges { node { id liveStats { waiting interacting alerting agentsOnQueue agentsOffQueue agentsActive members longestWaitMs agentsOnQueueByStatus { status count } } } } } }`,
    );
    expect(h.calls('observations')).toBe(1);
    expect(h.calls('queues')).toBe(1);
    for (const node of nodes(d.queues)) {
      const s = expected.find((e) => e.queueId === node.id)!;
      expect(node.liveStats).toEqual({
        waiting: s.waiting,
        interacting: s.interacting,
        alerting: s.alerting,
        agentsOnQueue: s.agentsOnQueue,
        agentsOffQueue: s.agentsOffQueue,
        agentsActive: s.agentsActive,
        members: s.members,
        longestWaitMs: s.longestWaitMs ?? null,
        agentsOnQueueByStatus: Object.entries(s.onQueueByStatus).map(([status, count]) => ({ status, count })),
      });
    }
    expect(nodes(d.queues).some((q) => (q.liveStats.interacting as number) > 0)).toBe(true);
  });

  it('the queue of every live conversation and participant: one queues call and one observations call', async () => {
    h.reset();
    const d = await h.data<{ liveConversations: { edges: Array<{ node: { queue: { name: string; liveStats: { interacting: number } } | null } }> } }>(
      `{ liveConversations(first: 50) { edges { node { queue { name liveStats { interacting } } participants { queue { name liveStats { waiting } } } } } } }`,
    );
    expect(nodes(d.liveConversations).filter((c) => c.queue).length).toBeGreaterThan(3);
    expect(h.calls('queues')).toBe(1);
    expect(h.calls('observations')).toBe(1);
  });
});
