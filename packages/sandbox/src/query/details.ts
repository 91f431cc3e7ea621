/**
 * The analytics conversation DETAILS query (`POST /api/v2/analytics/conversations/details/query`): parsing
 * and validating a `ConversationQuery` (`details-parse.ts`, into the compiled `DetailsQuery` of
 * `details-query.ts`), then filtering, ordering, faceting and paging the candidate detail records the route
 * hands over (`details-run.ts`) and writing the response (`details-respond.ts`). This module is their one
 * entry point. Filter semantics are documented in `filter.ts`.
 *
 * Sandbox choices where genesys-api.md is silent or UNCONFIRMED (◆ in the comments of these modules):
 * - Unknown JSON properties anywhere in the body → 400 `bad.request` naming the field, its model and the
 *   allowed fields (when `limits.rejectUnknownFields`; otherwise they are ignored). Reported before any
 *   other problem, shallowest first, as a JSON binder failing on the first unknown property would.
 * - `null` counts as absent for optional fields. Predicate `value`s that are JSON numbers or booleans are
 *   read as their string form (as Jackson coerces scalars); every other number must be a JSON number.
 * - A predicate's `type` is inferred when absent (the SDK docs: "Optional type, can usually be inferred"):
 *   from whichever of `dimension`, `metric` or `property` is set; more than one set without a type → 400.
 * - `matches` needs exactly one of `value` and `range`; `exists`/`notExists` take neither.
 * - `range` is only for metrics and numeric/date dimensions/properties; date bounds may be ISO-8601 strings
 *   or epoch ms (the SDK types NumericRange as numbers).
 * - A filter needs at least one predicate or clause, a clause at least one predicate.
 * - `segmentStart` is not a filter dimension (the Genesys enum only has `segmentEnd`) → 400 with a hint.
 * - `paging` may give only one of pageSize/pageNumber (the other defaults). pageSize must be 1..
 *   `detailsMaxPageSize` (maximum UNCONFIRMED), pageNumber ≥ 1, and pageNumber × pageSize ≤
 *   `detailsMaxResults` ("Pagination may not exceed 100000 results." + Genesys's tip, code `bad.request`).
 * - An interval longer than `detailsMaxIntervalDaysWithoutFilter` (7) days without any filter, or
 *   `detailsMaxIntervalDays` (31) days with one → 400 `bad.request` (limits from Genesys's detail-query docs;
 *   message UNCONFIRMED).
 * - Ordering: ties broken by conversationId ascending in both orders; conversations with no sort value
 *   (a running conversation for `conversationEnd`, one without an ended segment for `segmentEnd`) sort
 *   last in both orders (as Elasticsearch's default `missing: _last`); `segmentStart`/`segmentEnd` use
 *   the conversation's earliest segmentStart / latest segmentEnd.
 * - Response: `conversations` is omitted when the page is empty (no matches, or a page past the end);
 *   `aggregations` is present whenever the query asked for some.
 * - Aggregations: `type` inferred from dimension (termFrequency) or metric (numericRange). termFrequency
 *   counts matched conversations per distinct value (a conversation counts once per value; segment
 *   dimensions over all its segments), most frequent first (ties by value), top `size` (default 10);
 *   numericRange counts matched conversations with at least one value of the metric in [gte, lt)
 *   (conversation metrics: any session's metric; tSegmentDuration: any segment). `count` on each
 *   AggregationResult is the number of matched conversations that have the dimension/metric at all.
 */
export {
  CONVERSATION_DIMENSIONS,
  CONVERSATION_METRICS,
  EVALUATION_DIMENSIONS,
  EVALUATION_METRICS,
  OPERATORS,
  PREDICATE_TYPES,
  PROPERTY_TYPES,
  RESOLUTION_METRICS,
  SEGMENT_DIMENSIONS,
  SEGMENT_METRICS,
  SURVEY_DIMENSIONS,
  SURVEY_METRICS,
} from './filter.js';
export type { Clause, DetailsFilters, Filter, NumberRange, Predicate, Test, ValueKind } from './filter.js';
export * from './details-query.js';
export { parseDetailsQuery, PAGINATION_TIP } from './details-parse.js';
export { facets, matchesDetailsQuery, pageOf, sortConversations, sortKey } from './details-run.js';
export { detailsResponse, runDetailsQuery } from './details-respond.js';
