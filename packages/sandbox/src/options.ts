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
  /**
   * Notification channels per OAuth client and user (Genesys: "20 channels per user/app combination"); creating one
   * more evicts the least recently used, channels without a connected socket first.
   */
  notificationChannelsPerClient: number;
  /** Topics one channel may hold (Genesys: "Each WebSocket connection is limited to 1,000 topics"). */
  notificationTopicsPerChannel: number;
  /** Channel lifetime, REAL seconds from creation or the last subscription change (Genesys: 24 h, extended by resubscribing). */
  notificationChannelLifetimeSeconds: number;
  /** Heartbeat frame interval on a connected socket, real ms (UNCONFIRMED: ~30 s reported by a customer). */
  notificationHeartbeatMs: number;
  /** How often, real ms, the delivery loop sends what happened on the sandbox clock since its last turn. */
  notificationDeliveryTickMs: number;
  /** A socket whose unsent bytes reach this many waits (ws `bufferedAmount`) before it gets more event frames. */
  notificationSocketHighWaterBytes: number;
  /** Real ms between a `v2.system.socket_closing` frame and the close it announces (Genesys: about a minute). */
  notificationClosingNoticeMs: number;
  /**
   * A subscription request with a rejected topic and without `ignoreErrors=true` answers 400 and changes nothing
   * (UNCONFIRMED); false answers 200 with the rejected entries and subscribes the rest.
   */
  notificationRejectedTopicsFail: boolean;
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
  notificationChannelsPerClient: 20,
  notificationTopicsPerChannel: 1_000,
  notificationChannelLifetimeSeconds: 86_400,
  notificationHeartbeatMs: 30_000,
  notificationDeliveryTickMs: 100,
  notificationSocketHighWaterBytes: 1_048_576,
  notificationClosingNoticeMs: 60_000,
  notificationRejectedTopicsFail: true,
};
