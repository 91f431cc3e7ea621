/**
 * The details query's response body (`AnalyticsConversationQueryResponse`).
 */
import { type Conversation, type QueryResponse, type DetailsQuery } from './details-query.js';
import { facets, matchesDetailsQuery, pageOf, sortConversations } from './details-run.js';

/**
 * The response body for the matched conversations, already in order: the requested page, `totalHits`,
 * and the aggregations if asked for. No `conversations` key when the page is empty.
 */
export function detailsResponse(sorted: readonly Conversation[], q: DetailsQuery): QueryResponse {
  const out: QueryResponse = {};
  const page = pageOf(sorted, q);
  if (page.length > 0) out.conversations = page;
  if (q.aggregations.length > 0) out.aggregations = facets(sorted, q);
  out.totalHits = sorted.length;
  return out;
}

/** Filters, orders and pages candidate records in one call: what the route needs. */
export function runDetailsQuery(candidates: readonly Conversation[], q: DetailsQuery): QueryResponse {
  return detailsResponse(sortConversations(candidates.filter((c) => matchesDetailsQuery(c, q)), q), q);
}
