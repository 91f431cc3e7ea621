import type platformClient from 'purecloud-platform-client-v2';
import { InvalidQueryError } from './errors.js';

type AnalyticsConversation = platformClient.Models.AnalyticsConversationWithoutAttributes;
type ConversationQuery = platformClient.Models.ConversationQuery;

const DAY = 86_400_000;

/** A page of a Genesys entity listing (`*EntityListing`). */
export interface EntityPage<T> {
  entities?: T[];
  pageNumber?: number;
  pageCount?: number;
  nextUri?: string;
}

/**
 * Every entity of a page-number listing (users, queues, members). Stops after the last page; breaking out
 * of `for await` stops fetching.
 */
export async function* paginateEntities<T>(fetchPage: (pageNumber: number) => Promise<EntityPage<T>>): AsyncGenerator<T> {
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await fetchPage(pageNumber);
    const entities = page.entities ?? [];
    yield* entities;
    if (entities.length === 0 || !page.nextUri || pageNumber >= (page.pageCount ?? pageNumber)) return;
  }
}

export interface DetailsPagingOptions {
  /** Rows per page (Genesys: ≤ 100). */
  pageSize?: number;
  /** Deepest result paging can reach (Genesys: 100,000). */
  maxResults?: number;
  /** Longest interval one query may cover, days: 7 without a filter, 31 with one (Genesys's docs). */
  maxIntervalDays?: number;
  /** At most this many records will be read: no page is fetched ahead past it (default: no limit). */
  limit?: number;
}

const hasFilters = (q: ConversationQuery): boolean =>
  [q.conversationFilters, q.segmentFilters, q.evaluationFilters, q.surveyFilters, q.resolutionFilters].some((f) => (f?.length ?? 0) > 0);

/**
 * Every conversation of a details query, in the query's order within each chunk of days.
 *
 * A details query matches whole UTC days (conversations that *started* on a day the interval touches), so
 * the interval is cut on day boundaries: chunks share no day and so no conversation. A chunk whose result
 * is deeper than paging can reach is cut again, down to single days. Within a chunk, paging stops at
 * `totalHits`, and records repeated across pages (Genesys warns pages can overlap while data arrives) are
 * dropped.
 */
export async function* paginateDetails(
  query: ConversationQuery,
  fetchPage: (body: ConversationQuery) => Promise<platformClient.Models.AnalyticsConversationQueryResponse>,
  options: DetailsPagingOptions = {},
): AsyncGenerator<AnalyticsConversation> {
  const pageSize = options.pageSize ?? 100;
  const maxResults = options.maxResults ?? 100_000;
  const maxDays = options.maxIntervalDays ?? (hasFilters(query) ? 31 : 7);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let yielded = 0;
  const [start, end] = parseInterval(query.interval);
  const chunks = dayChunks(start, end, maxDays);
  // Whether an interval ending exactly at midnight also touches the next day is not documented, so
  // neighbouring chunks may share a day: remember the previous chunk's ids too.
  let previous = new Set<string>();
  while (chunks.length > 0) {
    const [from, to] = chunks.shift()!;
    const interval = `${new Date(from).toISOString()}/${new Date(to).toISOString()}`;
    const seen = new Set<string>();
    let received = 0;
    const fetchNumber = (pageNumber: number) => fetchPage({ ...query, interval, paging: { pageSize, pageNumber } });
    // One page is fetched ahead while the caller works through the current one, so a slow upstream does not
    // halve the rate the budget allows. Breaking out leaves at most that one page unread.
    let ahead: Promise<platformClient.Models.AnalyticsConversationQueryResponse> | undefined;
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await (ahead ?? fetchNumber(pageNumber));
      ahead = undefined;
      const total = page.totalHits ?? 0;
      const more =
        (page.conversations ?? []).length > 0 &&
        received + (page.conversations ?? []).length < total &&
        pageNumber * pageSize < maxResults &&
        yielded + (page.conversations ?? []).length < limit;
      if (more && !(pageNumber === 1 && total > maxResults)) {
        ahead = fetchNumber(pageNumber + 1);
        // A page fetched ahead and never awaited (the caller stopped) must not surface as an unhandled rejection.
        ahead.catch(() => undefined);
      }
      if (pageNumber === 1 && total > maxResults) {
        const days = Math.ceil((to - from) / DAY);
        if (days <= 1 && dayOf(from) === dayOf(to - 1)) {
          throw new InvalidQueryError(
            `The details query matches ${total} conversations on one day (${interval}); paging can reach only ${maxResults}.`,
            'interval',
            { hint: 'Add filters to narrow it, or export it with an analytics details job.' },
          );
        }
        chunks.unshift(...dayChunks(from, to, Math.max(1, Math.floor(days / 2))));
        break;
      }
      const rows = page.conversations ?? [];
      for (const c of rows) {
        const id = c.conversationId ?? '';
        if (seen.has(id) || previous.has(id)) continue;
        seen.add(id);
        yielded++;
        yield c;
      }
      received += rows.length;
      if (rows.length === 0 || received >= total || pageNumber * pageSize >= maxResults) {
        previous = seen;
        break;
      }
    }
  }
}

const dayOf = (t: number): number => Math.floor(t / DAY);

/** [start, end) cut on UTC midnights into pieces of at most `days` days (the first and last may be partial days). */
export function dayChunks(start: number, end: number, days: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let from = start; from < end; ) {
    const to = Math.min(end, (dayOf(from) + days) * DAY);
    out.push([from, to]);
    from = to;
  }
  return out;
}

function parseInterval(interval: string | undefined): [number, number] {
  const [a, b] = (interval ?? '').split('/');
  const start = Date.parse(a ?? '');
  const end = Date.parse(b ?? '');
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) {
    throw new InvalidQueryError(`Invalid interval "${interval ?? ''}": expected two ISO-8601 instants, start/end, the end after the start.`, 'interval', {
      hint: 'For example 2026-03-01T00:00:00Z/2026-03-08T00:00:00Z.',
    });
  }
  return [start, end];
}
