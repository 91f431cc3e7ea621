import type platformClient from 'purecloud-platform-client-v2';

/** The SDK's API classes, all on the one ApiClient of a credential set. */
export interface Apis {
  analytics: platformClient.AnalyticsApi;
  conversations: platformClient.ConversationsApi;
  users: platformClient.UsersApi;
  routing: platformClient.RoutingApi;
  tokens: platformClient.TokensApi;
  notifications: platformClient.NotificationsApi;
}

export interface CallOptions {
  /** Cancels waiting for a slot or a retry, and the wait for the answer. */
  signal?: AbortSignal;
  /** Counts this caller's upstream requests, retries, 429s and waits (e.g. one GraphQL request's). */
  tally?: CallTally;
}

export interface CallTally {
  requests: number;
  retries: number;
  rateLimited: number;
  waitMs: number;
}

export const newTally = (): CallTally => ({ requests: 0, retries: 0, rateLimited: 0, waitMs: 0 });

/** Per-endpoint counts, for tests, benchmarks and the gateway's `extensions`. */
export interface EndpointStats {
  calls: number;
  retries: number;
  rateLimited: number;
  errors: number;
  /** Time spent waiting for the limiter and for retries, ms. */
  waitMs: number;
}

export interface TransportStats {
  /** Upstream HTTP requests actually sent (attempts, retries included). */
  requests: number;
  logins: number;
  byEndpoint: Record<string, EndpointStats>;
}

/**
 * Every SDK call goes through `call`: the shared rate limiter, then the SDK on this credential set's own
 * ApiClient, then the retry policy. `endpoint` names the call for counters and errors, e.g.
 * `POST /api/v2/analytics/conversations/details/query`. `fn` must call exactly one SDK method; with
 * extended responses on, the transport unwraps `.body` for you, so `T` is the model type.
 */
export interface Transport {
  call<T>(endpoint: string, fn: (apis: Apis) => Promise<T>, opts?: CallOptions): Promise<T>;
  readonly authMode: 'client-credentials' | 'bearer';
  stats(): TransportStats;
}
