/**
 * Live conversations: the org-wide list (core's `live.list`: the details query for conversations without an
 * end, then each one read from the Conversations API) as a Relay connection, and one conversation by id.
 * Agents and queues are references resolved through the batched loaders of `directory.ts`.
 */
import type { LiveConversation, LiveFilter, LiveParticipant, LiveSession } from '@cxgraph/core';
import { builder } from '../builder.js';
import { perRequest, type GatewayContext } from '../context.js';
import { EDGES_FIELD, NODE_FIELD, arrayPage, checkPage, connectionComplexity, orNull, upstream } from './common.js';
import { Agent, Queue } from './directory.js';

export const MediaSession = builder.objectRef<LiveSession>('MediaSession').implement({
  description: "One media session of a participant (a call, a chat, an email…), as the Conversations API shows it now.",
  fields: (t) => ({
    id: t.id({ description: 'The session (communication) id.', resolve: (s) => s.id }),
    mediaType: t.exposeString('mediaType', { description: 'voice, callback, chat, email or message.' }),
    state: t.string({ nullable: true, description: 'alerting, connected, disconnected, terminated…', resolve: (s) => s.state ?? null }),
    direction: t.string({ nullable: true, description: 'inbound or outbound.', resolve: (s) => s.direction ?? null }),
    held: t.exposeBoolean('held', { description: 'On hold now.' }),
    connectedTime: t.field({ type: 'DateTime', nullable: true, description: 'When the session connected.', resolve: (s) => s.connectedTime ?? null }),
    disconnectedTime: t.field({ type: 'DateTime', nullable: true, description: 'When it disconnected.', resolve: (s) => s.disconnectedTime ?? null }),
  }),
});

export const Participant = builder.objectRef<LiveParticipant>('Participant').implement({
  description: 'A party to a live conversation: the customer, an IVR, a queue (acd), an agent…',
  fields: (t) => ({
    id: t.id({ description: 'The participant id.', resolve: (p) => p.id }),
    purpose: t.string({ nullable: true, description: 'customer, external, ivr, acd, agent, user…', resolve: (p) => p.purpose ?? null }),
    name: t.string({ nullable: true, description: 'Display name (the caller, the flow, the queue, the agent).', resolve: (p) => p.name ?? null }),
    state: t.string({ nullable: true, description: "The state of the participant's latest media session (alerting, connected, disconnected…).", resolve: (p) => p.state ?? null }),
    agent: t.field({ type: Agent, nullable: true, description: 'The agent, for a user participant (batched loader).', resolve: (p) => p.userId ?? null }),
    queue: t.field({ type: Queue, nullable: true, description: 'The queue this participant is or was in (batched loader).', resolve: (p) => p.queueId ?? null }),
    startTime: t.field({ type: 'DateTime', nullable: true, description: 'When the participant joined.', resolve: (p) => p.startTime ?? null }),
    endTime: t.field({ type: 'DateTime', nullable: true, description: 'When it left.', resolve: (p) => p.endTime ?? null }),
    inWrapUp: t.exposeBoolean('inWrapUp', { description: 'An agent disconnected and still in after-call work (wrap-up required, not yet entered).' }),
    sessions: t.field({
      type: [MediaSession],
      complexity: { field: 1, multiplier: 2 },
      description: 'Its media sessions.',
      resolve: (p) => p.sessions,
    }),
  }),
});

export const Conversation = builder.objectRef<LiveConversation>('Conversation').implement({
  description: 'A conversation as the Conversations API shows it now (live, or ended when read by id).',
  fields: (t) => ({
    id: t.id({ description: 'The conversation id.', resolve: (c) => c.id }),
    startTime: t.field({ type: 'DateTime', description: 'When it started.', resolve: (c) => c.startTime }),
    endTime: t.field({ type: 'DateTime', nullable: true, description: 'When it ended; null while live.', resolve: (c) => c.endTime ?? null }),
    isLive: t.exposeBoolean('isLive', { description: 'In progress (after-call work included).' }),
    durationMs: t.exposeFloat('durationMs', { description: 'Duration in ms: so far, for a live one.' }),
    mediaType: t.string({ nullable: true, description: 'voice, callback, chat, email or message.', resolve: (c) => c.mediaType ?? null }),
    direction: t.string({ nullable: true, description: 'inbound or outbound (the originating direction).', resolve: (c) => c.direction ?? null }),
    participants: t.field({
      type: [Participant],
      complexity: { field: 1, multiplier: 4 },
      description: 'Its participants, in the order they joined.',
      resolve: (c) => c.participants,
    }),
    queue: t.field({ type: Queue, nullable: true, description: 'The first queue it entered (batched loader).', resolve: (c) => c.queueId ?? null }),
  }),
});

export const LiveConversationFilter = builder.inputType('LiveConversationFilter', {
  description: 'Narrows the live list. Lists are OR-ed within, AND-ed across.',
  fields: (t) => ({
    queueIds: t.idList({ description: 'Conversations that were in any of these queues.' }),
    mediaTypes: t.stringList({ description: 'voice, callback, chat, email, message…' }),
    agentIds: t.idList({ description: 'Conversations any of these agents took part in.' }),
  }),
});

/**
 * The live list, once per request and filter (aliases and repeated fields share it): from the live state's
 * memory while it streams (0 upstream calls), else polled as before.
 */
function liveList(ctx: GatewayContext, filter: LiveFilter): Promise<LiveConversation[]> {
  const state = ctx.live?.streaming();
  return perRequest(ctx, `live:${JSON.stringify(filter)}`, () => upstream(() => (state ? state.list(filter) : ctx.client.live.list(filter, ctx.callOptions))));
}

const ids = (list: ReadonlyArray<string | number> | null | undefined): string[] | undefined => (list?.length ? list.map(String) : undefined);

type FilterArg = { queueIds?: ReadonlyArray<string | number> | null | undefined; mediaTypes?: readonly string[] | null | undefined; agentIds?: ReadonlyArray<string | number> | null | undefined } | null | undefined;

/** The GraphQL filter as core's `LiveFilter` (empty lists mean "any"). */
export function toLiveFilter(f: FilterArg): LiveFilter {
  const filter: LiveFilter = {};
  const queueIds = ids(f?.queueIds);
  const agentIds = ids(f?.agentIds);
  if (queueIds) filter.queueIds = queueIds;
  if (f?.mediaTypes?.length) filter.mediaTypes = [...f.mediaTypes];
  if (agentIds) filter.agentIds = agentIds;
  return filter;
}

builder.queryFields((t) => ({
  liveConversations: t.connection(
    {
      type: Conversation,
      description:
        'Every conversation in progress in the org, newest first (at most 100 a page, default 25). While the live state streams (Genesys notifications) it is read from memory: no upstream call. Otherwise each one is read from the Conversations API, so the whole list is fetched whatever the page.',
      args: { filter: t.arg({ type: LiveConversationFilter, description: 'Queues, media types, agents.' }) },
      complexity: connectionComplexity,
      resolve: async (_root, args, ctx) => {
        checkPage(args);
        return arrayPage(args, await liveList(ctx, toLiveFilter(args.filter)));
      },
    },
    {
      name: 'ConversationConnection',
      description: 'A page of live conversations.',
      edgesField: EDGES_FIELD,
      fields: (c) => ({
        totalCount: c.int({
          description: 'Live conversations matching the filter, all pages together.',
          resolve: (page) => (page as { totalCount?: number }).totalCount ?? 0,
        }),
      }),
    },
    { name: 'ConversationEdge', description: 'A conversation and its cursor.', nodeField: NODE_FIELD },
  ),
  conversation: t.field({
    type: Conversation,
    nullable: true,
    description: 'One conversation by id, live or ended; null when there is no such conversation. A live one is read from memory while the live state streams.',
    args: { id: t.arg.id({ required: true, description: 'The conversation id.' }) },
    resolve: async (_root, args, ctx) => {
      const id = String(args.id);
      const live = await ctx.live?.streaming()?.get(id);
      return live ?? orNull(() => ctx.client.live.get(id, ctx.callOptions));
    },
  }),
}));
