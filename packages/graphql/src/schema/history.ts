/**
 * Historical conversations: the analytics details query (core's `history.conversations` iterator) as a
 * Relay connection. A page reads only `offset + first + 1` records from the iterator and then stops it, so
 * page N never reads the rest of the range (it does re-read the records before it: cursors are offsets).
 */
import type { CxGraphClient, DetailsFilterInput } from '@cxgraph/core';
import { builder } from '../builder.js';
import { EDGES_FIELD, NODE_FIELD, TimeRangeInput, connectionComplexity, iterablePage, orNull, requestNow, resolveRange, type TimeRangeArg } from './common.js';
import { Agent, Queue } from './directory.js';

type Detail = ReturnType<CxGraphClient['history']['conversations']> extends AsyncIterable<infer T> ? T : never;
type DetailParticipant = NonNullable<Detail['participants']>[number];
type DetailSession = NonNullable<DetailParticipant['sessions']>[number];
type DetailSegment = NonNullable<DetailSession['segments']>[number];
type DetailMetric = NonNullable<DetailSession['metrics']>[number];

const SessionMetric = builder.objectRef<DetailMetric>('SessionMetric').implement({
  description: 'A metric emitted by a session (nOffered, tAcd, tTalk, tHandle…), as the details query reports it.',
  fields: (t) => ({
    name: t.string({ description: 'Metric name, e.g. tHandle.', resolve: (m) => m.name ?? '' }),
    value: t.float({ description: 'Value: ms for t* metrics, a count for n* metrics.', resolve: (m) => m.value ?? 0 }),
    emitDate: t.field({ type: 'DateTime', nullable: true, description: 'When it was emitted (aggregates bucket it by this instant).', resolve: (m) => m.emitDate ?? null }),
  }),
});

const Segment = builder.objectRef<DetailSegment>('Segment').implement({
  description: 'A stretch of a session in one state: ivr, interact, alert, hold, wrapup, dialing…',
  fields: (t) => ({
    type: t.string({ nullable: true, description: 'Segment type (interact, alert, hold, wrapup, ivr, dialing…).', resolve: (s) => s.segmentType ?? null }),
    start: t.field({ type: 'DateTime', description: 'Start.', resolve: (s) => s.segmentStart ?? '' }),
    end: t.field({ type: 'DateTime', nullable: true, description: 'End; null while it lasts.', resolve: (s) => s.segmentEnd ?? null }),
    queue: t.field({ type: Queue, nullable: true, description: 'The queue of the segment (batched loader).', resolve: (s) => s.queueId ?? null }),
    disconnectType: t.string({ nullable: true, description: 'How it ended, on the last segment (endpoint, peer, transfer, client, system…).', resolve: (s) => s.disconnectType ?? null }),
    wrapUpCode: t.string({ nullable: true, description: 'Wrap-up code id, on an agent\'s wrapup segment.', resolve: (s) => s.wrapUpCode ?? null }),
  }),
});

const HistoricalSession = builder.objectRef<DetailSession>('HistoricalSession').implement({
  description: "One media session of a participant in a conversation's detail record.",
  fields: (t) => ({
    id: t.id({ description: 'The session id.', resolve: (s) => s.sessionId ?? '' }),
    mediaType: t.string({ nullable: true, description: 'voice, callback, chat, email, message…', resolve: (s) => s.mediaType ?? null }),
    direction: t.string({ nullable: true, description: 'inbound or outbound.', resolve: (s) => s.direction ?? null }),
    segments: t.field({ type: [Segment], complexity: { field: 1, multiplier: 4 }, description: 'Its segments, in order.', resolve: (s) => s.segments ?? [] }),
    metrics: t.field({ type: [SessionMetric], complexity: { field: 1, multiplier: 8 }, description: 'The metrics it emitted.', resolve: (s) => s.metrics ?? [] }),
  }),
});

const HistoricalParticipant = builder.objectRef<DetailParticipant>('HistoricalParticipant').implement({
  description: "A party to a conversation, from its detail record.",
  fields: (t) => ({
    id: t.id({ description: 'The participant id.', resolve: (p) => p.participantId ?? '' }),
    purpose: t.string({ nullable: true, description: 'customer, external, ivr, acd, agent, user…', resolve: (p) => p.purpose ?? null }),
    name: t.string({ nullable: true, description: 'Display name.', resolve: (p) => p.participantName ?? null }),
    agent: t.field({ type: Agent, nullable: true, description: 'The agent, for a user participant (batched loader).', resolve: (p) => p.userId ?? null }),
    sessions: t.field({ type: [HistoricalSession], complexity: { field: 1, multiplier: 1 }, description: 'Its sessions.', resolve: (p) => p.sessions ?? [] }),
  }),
});

const firstQueueId = (c: Detail): string | undefined => {
  for (const p of c.participants ?? []) for (const s of p.sessions ?? []) for (const seg of s.segments ?? []) if (seg.queueId) return seg.queueId;
  return undefined;
};

export const HistoricalConversation = builder.objectRef<Detail>('HistoricalConversation').implement({
  description: 'A conversation from the analytics details query (ended, or still running if it started recently).',
  fields: (t) => ({
    id: t.id({ description: 'The conversation id.', resolve: (c) => c.conversationId ?? '' }),
    startTime: t.field({ type: 'DateTime', description: 'When it started.', resolve: (c) => c.conversationStart ?? '' }),
    endTime: t.field({ type: 'DateTime', nullable: true, description: 'When it ended (after-call work included); null while it runs.', resolve: (c) => c.conversationEnd ?? null }),
    isLive: t.boolean({ description: 'Still running (no end yet).', resolve: (c) => !c.conversationEnd }),
    mediaType: t.string({ nullable: true, description: 'The media type of its first session.', resolve: (c) => c.participants?.[0]?.sessions?.[0]?.mediaType ?? null }),
    direction: t.string({ nullable: true, description: 'inbound or outbound (originatingDirection).', resolve: (c) => c.originatingDirection ?? null }),
    durationMs: t.float({
      description: 'end − start in ms; so far, for one still running.',
      resolve: (c, _args, ctx) => {
        const start = Date.parse(c.conversationStart ?? '');
        const end = c.conversationEnd ? Date.parse(c.conversationEnd) : requestNow(ctx);
        return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : 0;
      },
    }),
    queue: t.field({ type: Queue, nullable: true, description: 'The first queue it entered (batched loader).', resolve: (c) => firstQueueId(c) ?? null }),
    participants: t.field({
      type: [HistoricalParticipant],
      complexity: { field: 1, multiplier: 4 },
      description: 'Its participants.',
      resolve: (c) => c.participants ?? [],
    }),
  }),
});

const HistoryFilter = builder.inputType('HistoryFilter', {
  description: 'Narrows historical conversations. Values are OR-ed within a list; lists are AND-ed (each may be met by a different segment).',
  fields: (t) => ({
    mediaTypes: t.stringList({ description: 'voice, callback, chat, email, message, cobrowse, video, screenshare.' }),
    queueIds: t.idList({ description: 'Conversations that went through any of these queues.' }),
    agentIds: t.idList({ description: 'Conversations any of these agents took part in.' }),
    directions: t.stringList({ description: 'Session direction of some segment: inbound, outbound.' }),
    wrapUpCodes: t.stringList({ description: 'Wrap-up code ids.' }),
  }),
});

const strings = (list: ReadonlyArray<string | number> | null | undefined): string[] | undefined => (list?.length ? list.map(String) : undefined);

builder.queryFields((t) => ({
  historicalConversations: t.connection(
    {
      type: HistoricalConversation,
      description:
        'Conversations that started in the range, oldest first (analytics details query; at most 100 a page, default 25). A page reads the records up to its end, never the rest of the range.',
      args: {
        range: t.arg({ type: TimeRangeInput, required: true, description: 'Conversations that started in it.' }),
        filter: t.arg({ type: HistoryFilter, description: 'Media, queues, agents, directions, wrap-up codes.' }),
      },
      complexity: connectionComplexity,
      resolve: (_root, args, ctx) => {
        const range = resolveRange(ctx, args.range as TimeRangeArg);
        const f = args.filter;
        const filter: DetailsFilterInput = {};
        const mediaTypes = strings(f?.mediaTypes);
        const queueIds = strings(f?.queueIds);
        const userIds = strings(f?.agentIds);
        const directions = strings(f?.directions);
        const wrapUpCodes = strings(f?.wrapUpCodes);
        if (mediaTypes) filter.mediaTypes = mediaTypes;
        if (queueIds) filter.queueIds = queueIds;
        if (userIds) filter.userIds = userIds;
        // Core validates (and lower-cases) the directions: a bad one is INVALID_QUERY naming the allowed values.
        if (directions) filter.directions = directions as NonNullable<DetailsFilterInput['directions']>;
        if (wrapUpCodes) filter.wrapUpCodes = wrapUpCodes;
        return iterablePage(args, (limit) => ctx.client.history.conversations({ range, filter, limit }, ctx.callOptions));
      },
    },
    { name: 'HistoricalConversationConnection', description: 'A page of historical conversations.', edgesField: EDGES_FIELD },
    { name: 'HistoricalConversationEdge', description: 'A historical conversation and its cursor.', nodeField: NODE_FIELD },
  ),
  historicalConversation: t.field({
    type: HistoricalConversation,
    nullable: true,
    description: "One conversation's detail record by id; null when there is none.",
    args: { id: t.arg.id({ required: true, description: 'The conversation id.' }) },
    resolve: (_root, args, ctx) => orNull(() => ctx.client.history.get(String(args.id), ctx.callOptions)),
  }),
}));
