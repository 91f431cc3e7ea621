import pMap from 'p-map';
import type platformClient from 'purecloud-platform-client-v2';
import { buildDetailsFilters } from '../details-filter.js';
import { NotFoundError } from '../errors.js';
import { paginateDetails } from '../pagination.js';
import type { CallOptions, Transport } from '../transport-types.js';

type AnalyticsConversation = platformClient.Models.AnalyticsConversationWithoutAttributes;
type Conversation = platformClient.Models.Conversation;
type Participant = platformClient.Models.Participant;

const DAY = 86_400_000;
const MEDIA_ARRAYS = { calls: 'voice', callbacks: 'callback', chats: 'chat', emails: 'email', messages: 'message' } as const;

export interface LiveFilter {
  queueIds?: string[];
  mediaTypes?: string[];
  /** Conversations any of these agents took part in. */
  agentIds?: string[];
}

export interface LiveSession {
  id: string;
  mediaType: string;
  state: string | undefined;
  direction: string | undefined;
  held: boolean;
  connectedTime: string | undefined;
  disconnectedTime: string | undefined;
}

export interface LiveParticipant {
  id: string;
  purpose: string | undefined;
  name: string | undefined;
  /** The participant's state: that of its latest media session (connected, alerting, disconnected…). */
  state: string | undefined;
  userId: string | undefined;
  queueId: string | undefined;
  startTime: string | undefined;
  endTime: string | undefined;
  /** An agent still in after-call work (disconnected, wrap-up not yet entered). */
  inWrapUp: boolean;
  sessions: LiveSession[];
}

/** A conversation as the live API shows it, with what the gateway and the CLI need worked out once. */
export interface LiveConversation {
  id: string;
  startTime: string;
  endTime: string | undefined;
  isLive: boolean;
  /** So far, for a live one. */
  durationMs: number;
  mediaType: string | undefined;
  direction: string | undefined;
  /** The first queue the conversation entered. */
  queueId: string | undefined;
  participants: LiveParticipant[];
  raw: Conversation;
}

export interface LiveServiceOptions {
  now?: () => number;
  /** Conversations hydrated at once (GET /conversations/{id}). */
  hydrateConcurrency?: number;
}

/**
 * Live conversations. Org-wide, Genesys has no "list active conversations" endpoint: the analytics details
 * query with `conversationEnd notExists` over a recent window finds them (genesys-api.md §2.2), and each is
 * then read from the Conversations API for its current state, a bounded number at a time.
 */
export class LiveService {
  constructor(
    private readonly t: Transport,
    private readonly options: LiveServiceOptions = {},
  ) {}

  /** Every conversation in progress in the org that matches the filter, newest first. */
  async list(filter: LiveFilter = {}, opts: CallOptions = {}): Promise<LiveConversation[]> {
    const found = await findUnended(this.t, filter, (this.options.now ?? Date.now)(), opts);
    const hydrated = await pMap(
      found,
      (c) => this.fetch(c.conversationId ?? '', opts, c).catch((e: unknown) => {
        // Gone between the query and the read: not live any more.
        if (e instanceof NotFoundError) return undefined;
        throw e;
      }),
      { concurrency: this.options.hydrateConcurrency ?? 8, ...(opts.signal ? { signal: opts.signal } : {}) },
    );
    return hydrated.filter((c): c is LiveConversation => c !== undefined && c.isLive);
  }

  /** One conversation by id, live or ended. */
  get(id: string, opts: CallOptions = {}): Promise<LiveConversation> {
    return this.fetch(id, opts);
  }

  /** The caller's own conversations in progress (needs a user's token: GENESYS_ACCESS_TOKEN). */
  async mine(opts: CallOptions = {}): Promise<LiveConversation[]> {
    const listing = await this.t.call('GET /api/v2/conversations', (api) => api.conversations.getConversations(), opts);
    const now = (this.options.now ?? Date.now)();
    return (listing.entities ?? []).map((c) => toLive(c, undefined, now));
  }

  /** Real-time queue statistics (observations): waiting, interacting, agents on queue, longest wait. */
  async queueStats(queueIds: readonly string[], opts: CallOptions = {}): Promise<QueueLiveStats[]> {
    if (queueIds.length === 0) return [];
    const results = await observeQueues(this.t, queueIds, opts);
    return queueStatsFrom(queueIds, results, (this.options.now ?? Date.now)());
  }

  private async fetch(id: string, opts: CallOptions, details?: AnalyticsConversation): Promise<LiveConversation> {
    const raw = await this.t.call('GET /api/v2/conversations/{conversationId}', (api) => api.conversations.getConversation(id), opts);
    return toLive(raw, details, (this.options.now ?? Date.now)());
  }
}

export interface QueueLiveStats {
  queueId: string;
  waiting: number;
  interacting: number;
  alerting: number;
  agentsOnQueue: number;
  onQueueByStatus: Record<string, number>;
  agentsOffQueue: number;
  agentsActive: number;
  members: number;
  /** Longest current wait, ms (undefined when nobody waits). */
  longestWaitMs: number | undefined;
}

const emptyQueueStats = (queueId: string): QueueLiveStats => ({
  queueId, waiting: 0, interacting: 0, alerting: 0, agentsOnQueue: 0, onQueueByStatus: {}, agentsOffQueue: 0, agentsActive: 0, members: 0, longestWaitMs: undefined,
});

/**
 * The details records of every conversation that has not ended (and matches the filter), newest first: the
 * one way both the polling path and the live state's snapshot find live conversations org-wide.
 */
export async function findUnended(t: Transport, filter: LiveFilter, now: number, opts: CallOptions = {}): Promise<AnalyticsConversation[]> {
  // Conversations are indexed by the day they started: today and yesterday cover anything still running.
  const from = (Math.floor(now / DAY) - 1) * DAY;
  const body: platformClient.Models.ConversationQuery = {
    interval: `${new Date(from).toISOString()}/${new Date(now + 60_000).toISOString()}`,
    order: 'desc',
    orderBy: 'conversationStart',
    ...mergeFilters(buildDetailsFilters({ live: true, ...pick(filter) })),
  };
  const found: AnalyticsConversation[] = [];
  for await (const c of paginateDetails(body, (b) => t.call('POST /api/v2/analytics/conversations/details/query', (api) => api.analytics.postAnalyticsConversationsDetailsQuery(b), opts))) {
    found.push(c);
  }
  return found;
}

/** Metrics of the queue observations query that {@link queueStatsFrom} reads. */
export const QUEUE_OBSERVATION_METRICS = ['oWaiting', 'oInteracting', 'oAlerting', 'oOnQueueUsers', 'oOffQueueUsers', 'oActiveUsers', 'oMemberUsers'];

type ObservationResult = platformClient.Models.QueueObservationDataContainer;

/** The raw observation results (one per queue and media type) for these queues: one call. */
export async function observeQueues(t: Transport, queueIds: readonly string[], opts: CallOptions = {}): Promise<ObservationResult[]> {
  const res = await t.call(
    'POST /api/v2/analytics/queues/observations/query',
    (api) =>
      api.analytics.postAnalyticsQueuesObservationsQuery({
        filter: { type: 'or', predicates: queueIds.map((id) => ({ type: 'dimension', dimension: 'queueId', operator: 'matches', value: id })) },
        metrics: QUEUE_OBSERVATION_METRICS,
        detailMetrics: ['oWaiting'],
      }),
    opts,
  );
  return res.results ?? [];
}

/** Observation results (from the query, or from `v2.analytics.queues.{id}.observations` events) folded per queue. */
export function queueStatsFrom(queueIds: readonly string[], results: readonly ObservationResult[], now: number): QueueLiveStats[] {
  const stats = new Map<string, QueueLiveStats>(queueIds.map((id) => [id, emptyQueueStats(id)]));
  for (const r of results) {
    const s = stats.get(r.group?.queueId ?? '');
    if (!s) continue;
    for (const d of r.data ?? []) {
      const count = d.stats?.count ?? 0;
      switch (d.metric) {
        case 'oWaiting':
          s.waiting += count;
          for (const o of d.observations ?? []) {
            const since = Date.parse(o.observationDate ?? '');
            if (Number.isFinite(since)) s.longestWaitMs = Math.max(s.longestWaitMs ?? 0, now - since);
          }
          break;
        case 'oInteracting':
          s.interacting += count;
          break;
        case 'oAlerting':
          s.alerting += count;
          break;
        case 'oOnQueueUsers':
          s.agentsOnQueue += count;
          if (d.qualifier) s.onQueueByStatus[d.qualifier] = (s.onQueueByStatus[d.qualifier] ?? 0) + count;
          break;
        case 'oOffQueueUsers':
          s.agentsOffQueue += count;
          break;
        case 'oActiveUsers':
          s.agentsActive += count;
          break;
        case 'oMemberUsers':
          s.members += count;
          break;
      }
    }
  }
  return [...stats.values()];
}

function pick(f: LiveFilter) {
  return {
    ...(f.queueIds?.length ? { queueIds: f.queueIds } : {}),
    ...(f.mediaTypes?.length ? { mediaTypes: f.mediaTypes } : {}),
    ...(f.agentIds?.length ? { userIds: f.agentIds } : {}),
  };
}

function mergeFilters(f: Pick<platformClient.Models.ConversationQuery, 'conversationFilters' | 'segmentFilters'>) {
  return {
    ...(f.conversationFilters?.length ? { conversationFilters: f.conversationFilters } : {}),
    ...(f.segmentFilters?.length ? { segmentFilters: f.segmentFilters } : {}),
  };
}

/** The live model made convenient: media type, direction, queue and each participant's state worked out. */
export function toLive(raw: Conversation, details: AnalyticsConversation | undefined, now: number): LiveConversation {
  const participants = (raw.participants ?? []).map(toLiveParticipant);
  const start = Date.parse(raw.startTime ?? '');
  const end = raw.endTime ? Date.parse(raw.endTime) : undefined;
  const firstSession = participants.flatMap((p) => p.sessions)[0];
  return {
    id: raw.id ?? '',
    startTime: raw.startTime ?? '',
    endTime: raw.endTime,
    isLive: !raw.endTime,
    durationMs: Math.max(0, (end ?? now) - start),
    mediaType: details?.participants?.[0]?.sessions?.[0]?.mediaType ?? firstSession?.mediaType,
    direction: details?.originatingDirection ?? firstSession?.direction,
    queueId: participants.find((p) => p.purpose === 'acd')?.queueId ?? participants.find((p) => p.queueId)?.queueId,
    participants,
    raw,
  };
}

function toLiveParticipant(p: Participant): LiveParticipant {
  const sessions: LiveSession[] = [];
  for (const [key, mediaType] of Object.entries(MEDIA_ARRAYS) as Array<[keyof typeof MEDIA_ARRAYS, string]>) {
    for (const m of (p[key] ?? []) as Array<{ id?: string; state?: string; direction?: string; held?: boolean; connectedTime?: string; disconnectedTime?: string }>) {
      sessions.push({
        id: m.id ?? '',
        mediaType,
        state: m.state,
        direction: m.direction,
        held: m.held ?? false,
        connectedTime: m.connectedTime,
        disconnectedTime: m.disconnectedTime,
      });
    }
  }
  const last = sessions[sessions.length - 1];
  return {
    id: p.id ?? '',
    purpose: p.purpose,
    name: p.name,
    state: last?.state,
    userId: p.userId,
    queueId: p.queueId,
    startTime: p.startTime,
    endTime: p.endTime,
    inWrapUp: p.wrapupRequired === true && !p.wrapup && last?.state === 'disconnected',
    sessions,
  };
}
