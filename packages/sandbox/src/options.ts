/**
 * Every limit and every choice the fact sheet leaves UNCONFIRMED, in one place, with the sandbox's
 * defaults. The README's "Fidelity choices" table documents each one; change them per sandbox with
 * `createSandbox({ limits: { … } })`.
 */
export interface SandboxLimits {
  /** Requests per token per rate window (Genesys: token.rate.per.minute = 300). */
  requestsPerMinute: number;
  /** Length of the fixed rate window, ms. */
  rateWindowMs: number;
  /** Lifetime of client-credentials tokens (Genesys default 86400 s; clients may set 300..172800). */
  tokenLifetimeSeconds: number;
  /** Details query: largest `paging.pageSize` (UNCONFIRMED: 100 is the widely used maximum). */
  detailsMaxPageSize: number;
  /** Details query: deepest result reachable by paging ("Pagination may not exceed 100000 results."). */
  detailsMaxResults: number;
  /** Details query: longest interval with a filter, days (Genesys's detail-query docs: 31). */
  detailsMaxIntervalDays: number;
  /** Details query: longest interval without any filter, days (Genesys's detail-query docs: 7). */
  detailsMaxIntervalDaysWithoutFilter: number;
  /** Aggregates query: longest interval, days (UNCONFIRMED: believed about a year). */
  aggregatesMaxIntervalDays: number;
  /** Aggregates query: most granularity buckets in one query (UNCONFIRMED). */
  aggregatesMaxBuckets: number;
  /** Aggregates query: most groupBy dimensions (UNCONFIRMED). */
  aggregatesMaxGroupBy: number;
  /**
   * Aggregates granularity: the hours-and-minutes part must be a whole multiple of this many minutes
   * (UNCONFIRMED: Genesys documents no set; 15 matches its 15-minute interval data and core's default rule;
   * 1 accepts any whole number of minutes).
   */
  granularityStepMinutes: number;
  /** Users and queues listings: largest pageSize (UNCONFIRMED: 500 for users, 100 believed for queues; we use 500 for both). */
  listMaxPageSize: number;
  /** Most `id` values in one users/queues listing request (UNCONFIRMED: believed 100). */
  maxIdsPerRequest: number;
  /** Largest request body, bytes (Genesys: request.bytes.max = 512000). */
  maxRequestBytes: number;
  /** Reject unknown JSON properties in analytics bodies with 400 (UNCONFIRMED whether Genesys does). */
  rejectUnknownFields: boolean;
  /** Status of "requires a user context" on user-scoped endpoints called with client credentials (UNCONFIRMED; 400 seen for /users/me). */
  userContextErrorStatus: number;
  /** Status for bad client credentials at /oauth/token (UNCONFIRMED: 400 or 401). */
  invalidClientStatus: number;
  /** Retry-After sent with a 429 during an injected storm, seconds. */
  stormRetryAfterSeconds: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  requestsPerMinute: 300,
  rateWindowMs: 60_000,
  tokenLifetimeSeconds: 86_400,
  detailsMaxPageSize: 100,
  detailsMaxResults: 100_000,
  detailsMaxIntervalDays: 31,
  detailsMaxIntervalDaysWithoutFilter: 7,
  aggregatesMaxIntervalDays: 366,
  aggregatesMaxBuckets: 5_000,
  aggregatesMaxGroupBy: 5,
  granularityStepMinutes: 15,
  listMaxPageSize: 500,
  maxIdsPerRequest: 100,
  maxRequestBytes: 512_000,
  rejectUnknownFields: true,
  userContextErrorStatus: 400,
  invalidClientStatus: 401,
  stormRetryAfterSeconds: 2,
};
