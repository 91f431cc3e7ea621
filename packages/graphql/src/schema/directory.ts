/**
 * The directory: agents (users) and queues as loadable objects, so every reference to them in one request
 * (participants, segments, metrics rows…) costs one `GET /users` / `GET /routing/queues` per 100 ids; the
 * queues' real-time statistics, batched into one observations query per request; and the listings.
 */
import type { AgentStatus, CxGraphClient, QueueLiveStats as CoreQueueLiveStats } from '@cxgraph/core';
import DataLoader from 'dataloader';
import { builder } from '../builder.js';
import { perRequest, type GatewayContext } from '../context.js';
import { EDGES_FIELD, NODE_FIELD, connectionComplexity, gqlError, iterablePage, upstream } from './common.js';

export type UserModel = NonNullable<Awaited<ReturnType<CxGraphClient['directory']['getUsers']>>[number]>;
export type QueueModel = NonNullable<Awaited<ReturnType<CxGraphClient['directory']['getQueues']>>[number]>;

/** What `Agent` needs besides the user itself: routing status and presence. */
export const USER_EXPAND = ['routingStatus', 'presence'];

/** Ids per users / queues request (Genesys's limit for `id=`). */
const MAX_IDS = 100;

/** Genesys's `mediaSettings` keys → the media type names analytics and the live API use. */
const MEDIA_SETTING_TYPES: Record<string, string> = { call: 'voice', callback: 'callback', chat: 'chat', email: 'email', message: 'message' };

/**
 * Agent batches of this request still in flight. More than 100 agents take several users calls that answer
 * at different times; metrics loaders wait for all of them (see metrics.ts), so the agents of every batch
 * share one aggregates query.
 */
export function pendingAgentLoads(ctx: GatewayContext): Set<Promise<unknown>> {
  return perRequest(ctx, 'pendingAgentLoads', () => new Set<Promise<unknown>>());
}

function trackAgentLoad<T>(ctx: GatewayContext, load: Promise<T>): Promise<T> {
  const pending = pendingAgentLoads(ctx);
  pending.add(load);
  const done = () => void pending.delete(load);
  load.then(done, done);
  return load;
}

/** The agent's status from the live state while it streams (fresher than the user read with this request). */
async function liveAgent(ctx: GatewayContext, u: UserModel): Promise<AgentStatus | undefined> {
  const state = ctx.live?.streaming();
  return state && u.id ? state.agentStatus(u.id) : undefined;
}

export const Agent = builder.loadableObject('Agent', {
  description: 'An agent (a Genesys Cloud user). Loaded in batches: every agent referenced in one request costs one users call per 100.',
  load: (ids: string[], ctx: GatewayContext) =>
    trackAgentLoad(
      ctx,
      (async () => {
        const users = await upstream(() => ctx.client.directory.getUsers(ids, { expand: USER_EXPAND }, ctx.callOptions));
        // Only the users found: with `sort`, an unknown id becomes null.
        return users.filter((u): u is UserModel => u !== undefined);
      })(),
    ),
  sort: (u) => u.id ?? '',
  // Users returned whole (the `agents` listing) go into this request's loader cache.
  cacheResolved: (u) => u.id ?? '',
  loaderOptions: { maxBatchSize: MAX_IDS },
  fields: (t) => ({
    id: t.id({ description: 'The user id.', resolve: (u) => u.id ?? '' }),
    name: t.string({ description: 'Display name.', resolve: (u) => u.name ?? '' }),
    email: t.string({ nullable: true, description: 'Email address.', resolve: (u) => u.email ?? null }),
    title: t.string({ nullable: true, description: 'Job title.', resolve: (u) => u.title ?? null }),
    department: t.string({ nullable: true, description: 'Department.', resolve: (u) => u.department ?? null }),
    routingStatus: t.string({
      nullable: true,
      description: 'ACD routing status now: OFF_QUEUE, IDLE, INTERACTING, NOT_RESPONDING or COMMUNICATING.',
      resolve: async (u, _args, ctx) => {
        const live = await liveAgent(ctx, u);
        return live ? (live.routingStatus ?? null) : (u.routingStatus?.status ?? null);
      },
    }),
    routingStatusSince: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the current routing status began.',
      resolve: async (u, _args, ctx) => {
        const live = await liveAgent(ctx, u);
        return live ? (live.routingStatusSince ?? null) : (u.routingStatus?.startTime ?? null);
      },
    }),
    presence: t.string({
      nullable: true,
      description: 'System presence now (Available, On Queue, Busy, Away, Break, Meal, Meeting, Training, Offline…).',
      resolve: async (u, _args, ctx) => {
        const live = await liveAgent(ctx, u);
        return live ? (live.presence ?? null) : (u.presence?.presenceDefinition?.systemPresence ?? null);
      },
    }),
    presenceSince: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the presence last changed.',
      resolve: async (u, _args, ctx) => {
        const live = await liveAgent(ctx, u);
        return live ? (live.presenceSince ?? null) : (u.presence?.modifiedDate ?? null);
      },
    }),
  }),
});

export const Queue = builder.loadableObject('Queue', {
  description: 'An ACD queue. Loaded in batches: every queue referenced in one request costs one queues call per 100.',
  load: async (ids: string[], ctx: GatewayContext) => {
    const queues = await upstream(() => ctx.client.directory.getQueues(ids, ctx.callOptions));
    return queues.filter((q): q is QueueModel => q !== undefined);
  },
  sort: (q) => q.id ?? '',
  cacheResolved: (q) => q.id ?? '',
  loaderOptions: { maxBatchSize: MAX_IDS },
  fields: (t) => ({
    id: t.id({ description: 'The queue id.', resolve: (q) => q.id ?? '' }),
    name: t.string({ description: 'Queue name.', resolve: (q) => q.name ?? '' }),
    description: t.string({ nullable: true, description: 'Free-text description.', resolve: (q) => q.description ?? null }),
    mediaTypes: t.stringList({
      description: 'Media the queue is configured for (its media settings), named as analytics names them: voice, callback, chat, email, message.',
      resolve: (q) => Object.keys(q.mediaSettings ?? {}).map((k) => MEDIA_SETTING_TYPES[k] ?? k),
    }),
    memberCount: t.int({ nullable: true, description: 'Members (users) of the queue.', resolve: (q) => q.memberCount ?? q.userMemberCount ?? null }),
    liveStats: t.field({
      type: QueueLiveStats,
      nullable: true,
      complexity: 5,
      description: 'Real-time statistics (queue observations). From memory while the live state streams; otherwise all queues of one request are read in ONE observations query.',
      resolve: async (q, _args, ctx) => {
        if (!q.id) return null;
        const live = await ctx.live?.streaming()?.queueStats(q.id);
        return live ?? queueLiveStatsLoader(ctx).load(q.id);
      },
    }),
  }),
});

const StatusCount = builder.objectRef<{ status: string; count: number }>('RoutingStatusCount').implement({
  description: 'How many on-queue agents are in one routing status.',
  fields: (t) => ({
    status: t.exposeString('status', { description: 'Routing status (IDLE, INTERACTING, NOT_RESPONDING, COMMUNICATING…).' }),
    count: t.exposeInt('count', { description: 'Agents in it.' }),
  }),
});

export const QueueLiveStats = builder.objectRef<CoreQueueLiveStats>('QueueLiveStats').implement({
  description: 'A queue right now (analytics queue observations).',
  fields: (t) => ({
    waiting: t.exposeInt('waiting', { description: 'Interactions waiting in the queue (an alerted agent has not answered yet).' }),
    interacting: t.exposeInt('interacting', { description: 'Interactions connected to an agent (talking or held; not after-call work).' }),
    alerting: t.exposeInt('alerting', { description: 'Interactions alerting an agent.' }),
    agentsOnQueue: t.exposeInt('agentsOnQueue', { description: 'Members on queue.' }),
    agentsOnQueueByStatus: t.field({
      type: [StatusCount],
      complexity: { field: 1, multiplier: 5 },
      description: 'On-queue members by routing status.',
      resolve: (s) => Object.entries(s.onQueueByStatus).map(([status, count]) => ({ status, count })),
    }),
    agentsOffQueue: t.exposeInt('agentsOffQueue', { description: 'Members off queue (logged in, not routable).' }),
    agentsActive: t.exposeInt('agentsActive', { description: 'Members active (logged in).' }),
    members: t.exposeInt('members', { description: 'Members of the queue.' }),
    longestWaitMs: t.float({ nullable: true, description: 'Longest current wait, ms; null when nobody waits.', resolve: (s) => s.longestWaitMs ?? null }),
  }),
});

/** All queues' live stats of one request in one observations query. */
function queueLiveStatsLoader(ctx: GatewayContext): DataLoader<string, CoreQueueLiveStats> {
  return perRequest(
    ctx,
    'queueLiveStats',
    () =>
      new DataLoader<string, CoreQueueLiveStats>(async (ids) => {
        const stats = await upstream(() => ctx.client.live.queueStats(ids, ctx.callOptions));
        const byId = new Map(stats.map((s) => [s.queueId, s]));
        return ids.map((id) => byId.get(id) ?? gqlError('NOT_FOUND', `No live statistics for queue ${id}.`));
      }),
  );
}

builder.queryFields((t) => ({
  agents: t.connection(
    {
      type: Agent,
      description: 'Every agent (user) of the org, by name, with routing status and presence.',
      complexity: connectionComplexity,
      resolve: (_root, args, ctx) => iterablePage(args, () => ctx.client.directory.listUsers({ expand: USER_EXPAND }, ctx.callOptions)),
    },
    { name: 'AgentConnection', description: 'A page of agents.', edgesField: EDGES_FIELD },
    { name: 'AgentEdge', description: 'An agent and its cursor.', nodeField: NODE_FIELD },
  ),
  agent: t.field({
    type: Agent,
    nullable: true,
    description: 'One agent by user id; null when there is none.',
    args: { id: t.arg.id({ required: true, description: 'The user id.' }) },
    resolve: (_root, args) => String(args.id),
  }),
  queues: t.connection(
    {
      type: Queue,
      description: 'Every queue of the org, by name.',
      complexity: connectionComplexity,
      resolve: (_root, args, ctx) => iterablePage(args, () => ctx.client.directory.listQueues({}, ctx.callOptions)),
    },
    { name: 'QueueConnection', description: 'A page of queues.', edgesField: EDGES_FIELD },
    { name: 'QueueEdge', description: 'A queue and its cursor.', nodeField: NODE_FIELD },
  ),
  queue: t.field({
    type: Queue,
    nullable: true,
    description: 'One queue by id; null when there is none.',
    args: { id: t.arg.id({ required: true, description: 'The queue id.' }) },
    resolve: (_root, args) => String(args.id),
  }),
}));
