/**
 * Subscriptions, pushed from the live state (core's `LiveState.changes()`: Genesys notifications, or comparing
 * polls on the fallback path); no subscription ever polls on its own. Every filter is checked before the
 * subscription starts (unknown ids → INVALID_QUERY), each one takes a slot (caps per server and per WebSocket
 * connection, TOO_MANY_SUBSCRIPTIONS), and a subscriber that falls behind is dropped with LIVE_OVERFLOW.
 */
import { matchesFilter, type AgentStatus as CoreAgentStatus, type LiveChange, type LiveConversation, type LiveFilter, type QueueLiveStats as CoreQueueLiveStats } from '@cxgraph/core';
import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import { liveStream, payloadOrThrow, type FailedEvent, type StreamStep } from '../live/guarded-stream.js';
import { gqlError, invalidQuery, upstream } from './common.js';
import { Conversation, LiveConversationFilter, toLiveFilter } from './conversation.js';
import { Agent, Queue, QueueLiveStats } from './directory.js';

/** Ids in one subscription filter (as many as one directory request checks). */
const MAX_FILTER_IDS = 100;
const MEDIA_TYPES = ['voice', 'callback', 'chat', 'email', 'message'];

type Kind = 'CURRENT' | 'ADDED' | 'UPDATED' | 'ENDED';
interface ConversationEvent {
  kind: Kind;
  at: number;
  conversation: LiveConversation;
}
interface AgentStatusEvent {
  at: number;
  status: CoreAgentStatus;
}
interface QueueStatsEvent {
  at: number;
  stats: CoreQueueLiveStats;
}

const ChangeKind = builder.enumType('LiveChangeKind', {
  description: 'What happened to a conversation.',
  values: {
    CURRENT: { description: 'Its state when the subscription began (`conversation(id)` only, first event).' },
    ADDED: { description: 'It became live (reached a queue or an agent).' },
    UPDATED: { description: 'Something in it changed (a participant joined, was connected, disconnected…).' },
    ENDED: { description: 'It ended (last event for it).' },
  } as const,
});

const iso = (ms: number) => new Date(ms).toISOString();

const ConversationChange = builder.objectRef<ConversationEvent>('ConversationChange').implement({
  description: 'A change of a live conversation, pushed from Genesys notifications.',
  fields: (t) => ({
    kind: t.field({ type: ChangeKind, description: 'CURRENT, ADDED, UPDATED or ENDED.', resolve: (e) => e.kind }),
    at: t.field({ type: 'DateTime', description: 'When the gateway applied the change.', resolve: (e) => iso(e.at) }),
    conversation: t.field({ type: Conversation, description: 'The conversation after the change.', resolve: (e) => e.conversation }),
  }),
});

const AgentStatusChange = builder.objectRef<AgentStatusEvent>('AgentStatusChange').implement({
  description: "A change of an agent's routing status or presence.",
  fields: (t) => ({
    at: t.field({ type: 'DateTime', description: 'When the gateway applied the change.', resolve: (e) => iso(e.at) }),
    agentId: t.id({ description: 'The user id.', resolve: (e) => e.status.userId }),
    agent: t.field({ type: Agent, nullable: true, description: 'The agent (one users call per event when selected).', resolve: (e) => e.status.userId }),
    routingStatus: t.string({ nullable: true, description: 'OFF_QUEUE, IDLE, INTERACTING, NOT_RESPONDING or COMMUNICATING.', resolve: (e) => e.status.routingStatus ?? null }),
    routingStatusSince: t.field({ type: 'DateTime', nullable: true, description: 'When the current routing status began.', resolve: (e) => e.status.routingStatusSince ?? null }),
    presence: t.string({ nullable: true, description: 'System presence (Available, On Queue, Busy…).', resolve: (e) => e.status.presence ?? null }),
    presenceSince: t.field({ type: 'DateTime', nullable: true, description: 'When the presence last changed.', resolve: (e) => e.status.presenceSince ?? null }),
  }),
});

const QueueStatsChange = builder.objectRef<QueueStatsEvent>('QueueStatsChange').implement({
  description: "A change of a queue's real-time figures.",
  fields: (t) => ({
    at: t.field({ type: 'DateTime', description: 'When the gateway applied the change.', resolve: (e) => iso(e.at) }),
    queueId: t.id({ description: 'The queue id.', resolve: (e) => e.stats.queueId }),
    queue: t.field({ type: Queue, nullable: true, description: 'The queue (one queues call per event when selected).', resolve: (e) => e.stats.queueId }),
    stats: t.field({ type: QueueLiveStats, description: 'Its figures after the change.', resolve: (e) => e.stats }),
  }),
});

// --- checks made before subscribing ------------------------------------------------------------------------

function idList(name: string, list: ReadonlyArray<string | number> | null | undefined, required: boolean): string[] | undefined {
  const ids = list ? [...new Set(list.map(String))] : [];
  if (ids.length === 0) {
    if (required) throw invalidQuery(`\`${name}\` needs at least one id.`, { field: name });
    return undefined;
  }
  if (ids.length > MAX_FILTER_IDS) throw invalidQuery(`\`${name}\` has ${ids.length} ids; at most ${MAX_FILTER_IDS} are allowed. Split it over several subscriptions.`, { field: name, max: MAX_FILTER_IDS });
  return ids;
}

async function checkQueues(ctx: GatewayContext, name: string, ids: string[] | undefined): Promise<void> {
  if (!ids) return;
  const found = await upstream(() => ctx.client.directory.getQueues(ids, ctx.callOptions));
  unknownIds(name, 'queue', ids, found);
}

async function checkAgents(ctx: GatewayContext, name: string, ids: string[] | undefined): Promise<void> {
  if (!ids) return;
  const found = await upstream(() => ctx.client.directory.getUsers(ids, {}, ctx.callOptions));
  unknownIds(name, 'user', ids, found);
}

function unknownIds(name: string, what: string, ids: string[], found: ReadonlyArray<{ id?: string | undefined } | undefined>): void {
  const known = new Set(found.map((x) => x?.id).filter((x): x is string => !!x));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) throw invalidQuery(`Unknown ${what} id${unknown.length > 1 ? 's' : ''} in \`${name}\`: ${unknown.join(', ')}. Use ids from the \`${what === 'user' ? 'agents' : 'queues'}\` query.`, { field: name, unknownIds: unknown });
}

/** The live state and a slot, or a coded error (no live state in this context, or over a cap). */
function open(ctx: GatewayContext): { state: ReturnType<NonNullable<GatewayContext['live']>['state']>; release: () => void } {
  if (!ctx.live) throw gqlError('CONFIG', 'Subscriptions need the gateway (createGateway): this context has no live state.');
  const slots = ctx.subscriptionSlots;
  const releaseConnection = slots?.connection?.acquire();
  let releaseServer: (() => void) | undefined;
  try {
    releaseServer = slots?.server.acquire();
  } catch (e) {
    releaseConnection?.();
    throw e;
  }
  const state = ctx.live.state();
  return {
    state,
    release: () => {
      releaseConnection?.();
      releaseServer?.();
    },
  };
}

const KIND: Record<string, Kind> = { 'conversation.added': 'ADDED', 'conversation.updated': 'UPDATED', 'conversation.ended': 'ENDED' };

const conversationStep =
  (filter: LiveFilter) =>
  (c: LiveChange): StreamStep<ConversationEvent> =>
    'conversation' in c && matchesFilter(c.conversation, filter) ? { emit: { kind: KIND[c.kind]!, at: c.at, conversation: c.conversation } } : 'skip';

builder.subscriptionType({ description: 'Live changes, pushed (GraphQL over SSE, or WebSocket with the graphql-ws protocol at /graphql).' });

builder.subscriptionFields((t) => ({
  liveConversations: t.field({
    type: ConversationChange,
    description: 'Every change of the live conversations that match the filter: ADDED, UPDATED, ENDED. Unknown queue or agent ids are an INVALID_QUERY error.',
    args: { filter: t.arg({ type: LiveConversationFilter, description: 'Queues, media types, agents.' }) },
    subscribe: async (_root, args, ctx) => {
      const filter = toLiveFilter(args.filter);
      idList('filter.queueIds', filter.queueIds, false);
      idList('filter.agentIds', filter.agentIds, false);
      const badMedia = (filter.mediaTypes ?? []).filter((m) => !MEDIA_TYPES.includes(m));
      if (badMedia.length) throw invalidQuery(`Unknown media type in \`filter.mediaTypes\`: ${badMedia.join(', ')}. Allowed: ${MEDIA_TYPES.join(', ')}.`, { field: 'filter.mediaTypes' });
      await checkQueues(ctx, 'filter.queueIds', filter.queueIds);
      await checkAgents(ctx, 'filter.agentIds', filter.agentIds);
      const { state, release } = open(ctx);
      return liveStream(state, release, conversationStep(filter));
    },
    resolve: (e: ConversationEvent | FailedEvent) => payloadOrThrow(e),
  }),
  conversation: t.field({
    type: ConversationChange,
    description:
      'One conversation: its current state (CURRENT), then every change until it ends (ENDED, then the subscription completes). An id that is not a conversation is an INVALID_QUERY error; an ended one gives one ENDED event.',
    args: { id: t.arg.id({ required: true, description: 'The conversation id.' }) },
    subscribe: async (_root, args, ctx) => {
      const id = String(args.id);
      const { state, release } = open(ctx);
      let last = '';
      // The same state twice in a row (a change applied while the first read was in flight) is sent once.
      const fresh = (c: LiveConversation) => {
        const key = JSON.stringify(c.raw);
        if (key === last) return false;
        last = key;
        return true;
      };
      let current: LiveConversation | undefined;
      // Reading changes starts before the first read, so nothing that happens during it is missed.
      const stream = liveStream<ConversationEvent>(
        state,
        release,
        (c) => {
          if (!('conversation' in c) || c.conversation.id !== id) return 'skip';
          if (c.kind !== 'conversation.ended' && !fresh(c.conversation)) return 'skip';
          const e: ConversationEvent = { kind: KIND[c.kind]!, at: c.at, conversation: c.conversation };
          return c.kind === 'conversation.ended' ? { emit: e, last: true } : { emit: e };
        },
        async () => {
          fresh(current!);
          return [{ kind: current!.isLive ? 'CURRENT' : 'ENDED', at: ctx.now(), conversation: current! }];
        },
      );
      try {
        await state.start();
        current = await state.get(id);
        if (!current) {
          // Not live: an ended conversation (one ENDED event) or no conversation at all (INVALID_QUERY).
          current = await ctx.client.live.get(id, ctx.callOptions).catch((e: unknown) => {
            if (e instanceof Error && 'code' in e && e.code === 'NOT_FOUND') throw invalidQuery(`No conversation ${id}. Use an id from \`liveConversations\`.`, { field: 'id' });
            throw e;
          });
        }
      } catch (e) {
        await stream.return?.();
        throw e;
      }
      return current.isLive ? stream : endAfterFirst(stream);
    },
    resolve: (e: ConversationEvent | FailedEvent) => payloadOrThrow(e),
  }),
  agentStatus: t.field({
    type: AgentStatusChange,
    description: "Every change of these agents' routing status or presence. Unknown ids are an INVALID_QUERY error.",
    args: { agentIds: t.arg.idList({ required: true, description: 'User ids (1–100).' }) },
    subscribe: async (_root, args, ctx) => {
      const ids = idList('agentIds', args.agentIds, true)!;
      await checkAgents(ctx, 'agentIds', ids);
      const wanted = new Set(ids);
      const { state, release } = open(ctx);
      return liveStream<AgentStatusEvent>(state, release, (c) => (c.kind === 'agent.status' && wanted.has(c.agent.userId) ? { emit: { at: c.at, status: c.agent } } : 'skip'));
    },
    resolve: (e: AgentStatusEvent | FailedEvent) => payloadOrThrow(e),
  }),
  queueLiveStats: t.field({
    type: QueueStatsChange,
    description: "Every change of these queues' real-time figures (waiting, interacting, alerting…). Unknown ids are an INVALID_QUERY error.",
    args: { queueIds: t.arg.idList({ required: true, description: 'Queue ids (1–100).' }) },
    subscribe: async (_root, args, ctx) => {
      const ids = idList('queueIds', args.queueIds, true)!;
      await checkQueues(ctx, 'queueIds', ids);
      const wanted = new Set(ids);
      const { state, release } = open(ctx);
      return liveStream<QueueStatsEvent>(state, release, (c) => (c.kind === 'queue.stats' && wanted.has(c.queue.queueId) ? { emit: { at: c.at, stats: c.queue } } : 'skip'));
    },
    resolve: (e: QueueStatsEvent | FailedEvent) => payloadOrThrow(e),
  }),
}));

/** Completes after the first event (an ended conversation has nothing more to say). */
function endAfterFirst<T>(it: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
  let sent = false;
  const out: AsyncIterableIterator<T> = {
    async next() {
      if (sent) {
        await it.return?.();
        return { value: undefined, done: true };
      }
      sent = true;
      return it.next();
    },
    return: async () => (await it.return?.()) ?? { value: undefined, done: true },
    [Symbol.asyncIterator]: () => out,
  };
  return out;
}

