import type platformClient from 'purecloud-platform-client-v2';
import { badRequest, notFound } from '../http/errors.js';
import { listParam, type RequestContext, type Route } from '../http/router.js';
import { DAY_MS, dayOf, MAX_CONVERSATION_MS, viewAt, type AgentState, type SimConversation } from '../model.js';
import { AggregatesEngine } from '../query/aggregates/engine.js';
import { parseAggregatesQuery } from '../query/aggregates/parse.js';
import { facets, matchesDetailsQuery, parseDetailsQuery, sortKey, type DetailsQuery } from '../query/details.js';
import { parseObservationQuery } from '../query/observations/parse.js';
import { runObservationQuery } from '../query/observations/run.js';
import { toAnalyticsConversation } from '../wire/analytics.js';
import { conversationAt, liveConversations, type RouteDeps } from './context.js';

type AnalyticsConversation = platformClient.Models.AnalyticsConversationWithoutAttributes;

const DETAIL_VIEW = ['analytics:conversationDetail:view', 'analytics:agentConversationDetail:view'];

/**
 * Agents holding only `analytics:agentConversationDetail:view` see the conversations they took part in
 * (the permission's meaning in Genesys); everyone else sees the whole org.
 */
function onlyOwnConversations(ctx: RequestContext): string | undefined {
  const p = ctx.auth.permissions;
  return !p.has('analytics:conversationDetail:view') && ctx.auth.userId ? ctx.auth.userId : undefined;
}

const tookPart = (c: SimConversation, userId: string | undefined): boolean =>
  userId === undefined || c.participants.some((p) => p.userId === userId);

/** A matched conversation, kept small: the page is rebuilt from the day's records when it is served. */
interface Hit {
  day: number;
  index: number;
  key: number | undefined;
  id: string;
}

interface DetailsResult {
  hits: Hit[];
  aggregations?: platformClient.Models.AggregationResult[];
}

/**
 * Results of recent queries, so paging through a details result set costs one scan and a dashboard polling
 * the same aggregates costs one computation. A result whose inputs can no longer change (all its days
 * ended long before `now`) is kept whatever `now` is; otherwise it is tied to the instant.
 */
class LruCache<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly size = 16) {}

  get(key: string, compute: () => T): T {
    let hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
    } else {
      hit = compute();
      while (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, hit);
    return hit;
  }
}

export function analyticsRoutes(deps: RouteDeps): Route[] {
  const { store } = deps;
  const detailsCache = new LruCache<DetailsResult>();
  const aggregatesCache = new LruCache<platformClient.Models.ConversationAggregateQueryResponse>(32);
  const aggregates = new AggregatesEngine(store);

  /** Conversations that started on a UTC day the interval touches (Genesys's rule), as they stand at `now`. */
  function* candidates(q: DetailsQuery, now: number): Generator<SimConversation> {
    const { first, last } = store.historyDays(now);
    const from = Math.max(first, dayOf(q.interval.start));
    const to = Math.min(last, dayOf(q.interval.end - 1));
    for (let day = from; day <= to; day++) {
      for (const c of store.conversationsOfDay(day)) {
        if (c.start > now) break;
        yield viewAt(c, now)!;
      }
    }
  }

  function runDetails(q: DetailsQuery, ctx: RequestContext): DetailsResult {
    const userId = onlyOwnConversations(ctx);
    const settled = (dayOf(q.interval.end - 1) + 1) * DAY_MS + MAX_CONVERSATION_MS <= ctx.now;
    const { paging: _paging, ...rest } = q;
    const key = JSON.stringify([rest, userId ?? '', settled ? 'settled' : ctx.now, store.historyDays(ctx.now).first]);
    return detailsCache.get(key, () => {
      const hits: Hit[] = [];
      const matched: AnalyticsConversation[] = [];
      // Without filters or facets, ordered by start, the wire form is not needed to match or sort.
      const plain = !hasFilters(q) && q.aggregations.length === 0 && q.orderBy === 'conversationStart';
      for (const c of candidates(q, ctx.now)) {
        if (!tookPart(c, userId)) continue;
        if (plain) {
          hits.push({ day: c.day, index: c.index, key: c.start, id: c.id });
          continue;
        }
        const wire = toAnalyticsConversation(c);
        if (!matchesDetailsQuery(wire, q)) continue;
        hits.push({ day: c.day, index: c.index, key: sortKey(wire, q.orderBy), id: c.id });
        if (q.aggregations.length > 0) matched.push(wire);
      }
      sortHits(hits, q);
      return q.aggregations.length > 0 ? { hits, aggregations: facets(matched, q) } : { hits };
    });
  }

  function wireOf(hit: Hit, now: number): AnalyticsConversation {
    return toAnalyticsConversation(viewAt(store.conversationsOfDay(hit.day)[hit.index]!, now)!);
  }

  return [
    {
      method: 'POST',
      pattern: '/api/v2/analytics/conversations/details/query',
      permissions: DETAIL_VIEW,
      handler: (ctx) => {
        const q = parseDetailsQuery(ctx.body, deps.limits);
        const { hits, aggregations } = runDetails(q, ctx);
        const { pageSize, pageNumber } = q.paging;
        const page = hits.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
        // Genesys leaves `conversations` out when nothing matched (fact sheet §3.2).
        const body: platformClient.Models.AnalyticsConversationQueryResponse = { totalHits: hits.length };
        if (page.length > 0) body.conversations = page.map((h) => wireOf(h, ctx.now));
        if (aggregations) body.aggregations = aggregations;
        return { body };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/analytics/conversations/{conversationId}/details',
      permissions: DETAIL_VIEW,
      handler: (ctx) => {
        const c = conversationAt(store, ctx.params.conversationId ?? '', ctx.now);
        if (!c || !tookPart(c, onlyOwnConversations(ctx))) throw notFound(`Conversation [${ctx.params.conversationId}] was not found.`);
        return { body: toAnalyticsConversation(c) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/analytics/conversations/details',
      permissions: DETAIL_VIEW,
      handler: (ctx) => {
        const ids = listParam(ctx.query, 'id');
        if (ids.length === 0) throw badRequest('The id parameter is required: one or more conversation ids, comma-separated.', 'id', 'missing.request.parameter');
        if (ids.length > deps.limits.maxIdsPerRequest) {
          throw badRequest(`Too many ids: ${ids.length} were given, at most ${deps.limits.maxIdsPerRequest} are allowed per request.`, 'id');
        }
        const userId = onlyOwnConversations(ctx);
        const conversations = ids
          .map((id) => conversationAt(store, id, ctx.now))
          .filter((c): c is SimConversation => c !== undefined && tookPart(c, userId))
          .map(toAnalyticsConversation);
        return { body: { conversations } satisfies platformClient.Models.AnalyticsConversationWithoutAttributesMultiGetResponse };
      },
    },
    {
      method: 'POST',
      pattern: '/api/v2/analytics/conversations/aggregates/query',
      permissions: ['analytics:conversationAggregate:view'],
      handler: (ctx) => {
        const q = parseAggregatesQuery(ctx.body, deps.limits);
        // Metrics emitted by `now` only: once the interval has ended, its result no longer changes.
        const settled = q.interval.end <= ctx.now;
        const key = JSON.stringify([ctx.body, settled ? 'settled' : ctx.now, store.historyDays(ctx.now).first]);
        return { body: aggregatesCache.get(key, () => aggregates.run(q, ctx.now)) };
      },
    },
    {
      method: 'POST',
      pattern: '/api/v2/analytics/queues/observations/query',
      permissions: ['analytics:queueObservation:view'],
      handler: (ctx) => {
        const q = parseObservationQuery(ctx.body, deps.limits);
        const agentStates = new Map<string, AgentState>();
        for (const a of store.org.agents) agentStates.set(a.id, store.agentState(a.id, ctx.now));
        return { body: runObservationQuery(q, { now: ctx.now, org: store.org, live: liveConversations(store, ctx.now), agentStates }) };
      },
    },
  ];
}

const hasFilters = (q: DetailsQuery): boolean =>
  [q.conversationFilters, q.segmentFilters, q.evaluationFilters, q.surveyFilters, q.resolutionFilters].some((f) => f.length > 0);

/** Same order as the details engine's sortConversations: by key (missing keys last), then by id. */
function sortHits(hits: Hit[], q: DetailsQuery): void {
  if (q.order === 'unordered') return;
  const sign = q.order === 'desc' ? -1 : 1;
  hits.sort((a, b) => {
    if (a.key !== b.key) {
      if (a.key === undefined) return 1;
      if (b.key === undefined) return -1;
      return sign * (a.key - b.key);
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}
