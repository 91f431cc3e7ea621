import type platformClient from 'purecloud-platform-client-v2';
import { buildDetailsFilters, type DetailsFilterInput } from '../details-filter.js';
import { paginateDetails, type DetailsPagingOptions } from '../pagination.js';
import type { ResolvedRange } from '../time/index.js';
import type { CallOptions, Transport } from '../transport-types.js';

type AnalyticsConversation = platformClient.Models.AnalyticsConversationWithoutAttributes;

export interface HistoryQuery {
  /** Conversations that *started* in it; resolved once by the caller (`resolveTimeRange`). */
  range: ResolvedRange;
  filter?: DetailsFilterInput;
  order?: 'asc' | 'desc';
  orderBy?: 'conversationStart' | 'conversationEnd' | 'segmentStart' | 'segmentEnd';
  /** The caller reads at most this many: no page is fetched ahead past it (a GraphQL page, a `--limit`). */
  limit?: number;
}

export interface HistoryServiceOptions {
  paging?: DetailsPagingOptions;
}

/**
 * Historical conversations from the analytics details query, as one async iterator however long the range:
 * the typed filter puts each dimension where Genesys wants it, long intervals are cut on days (see
 * paginateDetails) and records outside the range are dropped (a details query matches whole days).
 */
export class HistoryService {
  constructor(
    private readonly t: Transport,
    private readonly options: HistoryServiceOptions = {},
  ) {}

  conversations(query: HistoryQuery, opts: CallOptions = {}): AsyncIterable<AnalyticsConversation> {
    const { range } = query;
    const body: platformClient.Models.ConversationQuery = {
      interval: range.interval,
      order: query.order ?? 'asc',
      orderBy: query.orderBy ?? 'conversationStart',
      ...buildDetailsFilters(query.filter ?? {}),
    };
    const paging = query.limit !== undefined ? { ...this.options.paging, limit: query.limit } : this.options.paging;
    const pages = paginateDetails(body, (b) => this.t.call('POST /api/v2/analytics/conversations/details/query', (api) => api.analytics.postAnalyticsConversationsDetailsQuery(b), opts), paging);
    return inRange(pages, range.start, range.end);
  }

  /** One conversation's detail record. */
  get(conversationId: string, opts: CallOptions = {}): Promise<AnalyticsConversation> {
    return this.t.call('GET /api/v2/analytics/conversations/{conversationId}/details', (api) => api.analytics.getAnalyticsConversationDetails(conversationId), opts);
  }
}

/** Keeps conversations that started in [start, end): Genesys returns every conversation of the days touched. */
async function* inRange(source: AsyncIterable<AnalyticsConversation>, start: number, end: number): AsyncGenerator<AnalyticsConversation> {
  for await (const c of source) {
    const t = Date.parse(c.conversationStart ?? '');
    if (t >= start && t < end) yield c;
  }
}
