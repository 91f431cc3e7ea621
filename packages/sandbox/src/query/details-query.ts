/**
 * The compiled details query: what parsing produces and running reads (see details.ts for the sandbox's
 * choices).
 */
import type platformClient from 'purecloud-platform-client-v2';
import type { Interval } from './interval.js';
import type { DetailsFilters } from './filter.js';

export type Conversation = platformClient.Models.AnalyticsConversationWithoutAttributes;
export type QueryResponse = platformClient.Models.AnalyticsConversationQueryResponse;
export type AggregationResult = platformClient.Models.AggregationResult;
export type AggregationResultEntry = platformClient.Models.AggregationResultEntry;

export const DETAILS_ORDERS = ['asc', 'desc', 'unordered'] as const;
export const DETAILS_ORDER_BYS = ['conversationStart', 'conversationEnd', 'segmentStart', 'segmentEnd'] as const;
export const AGGREGATION_TYPES = ['termFrequency', 'numericRange'] as const;
export type DetailsOrder = (typeof DETAILS_ORDERS)[number];
export type DetailsOrderBy = (typeof DETAILS_ORDER_BYS)[number];

export const DEFAULT_PAGE_SIZE = 25;
/** ◆ Default `size` of a termFrequency aggregation (UNCONFIRMED; Elasticsearch's default). */
export const DEFAULT_TERM_SIZE = 10;

export type DetailsAggregation =
  | { type: 'termFrequency'; dimension: string; size: number }
  | { type: 'numericRange'; metric: string; ranges: Array<{ gte?: number; lt?: number }> };

/** A validated `ConversationQuery`, with defaults applied and filters compiled. */
export interface DetailsQuery extends DetailsFilters {
  interval: Interval;
  /** The interval as sent. */
  intervalText: string;
  order: DetailsOrder;
  orderBy: DetailsOrderBy;
  paging: { pageSize: number; pageNumber: number };
  aggregations: DetailsAggregation[];
}
