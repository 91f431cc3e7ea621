import { createHash } from 'node:crypto';
import platformClient from 'purecloud-platform-client-v2';
import { BearerProvider, ClientCredentialsProvider, type TokenProvider } from './auth.js';
import type { Config } from './config.js';
import { AbortError, AuthenticationError, normalizeError, RateLimitError, type CxGraphError } from './errors.js';
import { LimiterRegistry, RateLimiter, sleep as realSleep, type Budget, type LimiterStore } from './limiter.js';
import type { Logger } from './logger.js';
import { DEFAULT_RETRY_POLICY, retryDelay, withAttempts, type RetryPolicy } from './retry.js';
import type { Apis, CallOptions, CallTally, EndpointStats, Transport, TransportStats } from './transport-types.js';

export type { Apis, CallOptions, CallTally, EndpointStats, Transport, TransportStats } from './transport-types.js';

export interface TransportOptions {
  retry?: Partial<RetryPolicy>;
  /** Rate window (Genesys counts per minute). */
  windowMs?: number;
  /** Shared limiter state (default: in memory, shared by every transport of the process with the same credentials). */
  limiterStore?: LimiterStore;
  logger?: Logger;
  /** The clock of retries, and of the limiter with a `limiterStore` (the process's shared budgets run on real time). */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Budgets by credential set: everything in the process that uses the same credentials shares one. */
const SHARED_BUDGETS = new LimiterRegistry();

function targetKey(config: Config): string {
  return config.target.kind === 'region' ? config.target.region.domain : config.target.url;
}

/** Which budget a credential set spends (never the secret or token itself: a hash of the token). */
function budgetKey(config: Config): string {
  const who =
    config.auth.kind === 'client-credentials'
      ? `client:${config.auth.clientId}`
      : `token:${createHash('sha256').update(config.auth.accessToken).digest('hex').slice(0, 16)}`;
  return `${who}@${targetKey(config)}`;
}

/** An SDK ApiClient of our own for one credential set (never the SDK's process-wide singleton). */
function createApiClient(config: Config): platformClient.ApiClientClass {
  const client = new platformClient.ApiClientClass();
  // Each instance watches ~/.genesyscloudjavascript/config otherwise (sdk-notes.md).
  client.config.live_reload_config = false;
  client.setReturnExtendedResponses(true);
  (client as unknown as { timeout: number }).timeout = config.timeoutMs;
  if (config.target.kind === 'gateway') {
    const { host, protocol, port } = config.target;
    client.setGateway({ host, protocol, port, path_params_login: '', path_params_api: '' });
  } else {
    client.setEnvironment(config.target.region.domain);
  }
  return client;
}

const emptyStats = (): EndpointStats => ({ calls: 0, retries: 0, rateLimited: 0, errors: 0, waitMs: 0 });

/** Extended responses resolve to `{status, headers, body}`; the SDK's types still claim the model. */
function unwrap<T>(value: unknown): T {
  if (value && typeof value === 'object' && 'body' in value && 'status' in value && 'headers' in value) return (value as { body: T }).body;
  return value as T;
}

export class SdkTransport implements Transport {
  readonly apis: Apis;
  private readonly budgetKey: string;
  private readonly budget: Budget;
  /** With a `limiterStore`: this transport's own limiter on that store. */
  private readonly ownLimiter: RateLimiter | undefined;
  private readonly tokens: TokenProvider;
  private readonly policy: RetryPolicy;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly byEndpoint = new Map<string, EndpointStats>();
  private requests = 0;

  constructor(
    readonly config: Config,
    private readonly options: TransportOptions = {},
  ) {
    const client = createApiClient(config);
    this.apis = {
      analytics: new platformClient.AnalyticsApi(client),
      conversations: new platformClient.ConversationsApi(client),
      users: new platformClient.UsersApi(client),
      routing: new platformClient.RoutingApi(client),
      tokens: new platformClient.TokensApi(client),
      notifications: new platformClient.NotificationsApi(client),
    };
    this.tokens =
      config.auth.kind === 'client-credentials'
        ? new ClientCredentialsProvider(client, { clientId: config.auth.clientId, clientSecret: config.auth.clientSecret, ...(options.logger ? { logger: options.logger } : {}) })
        : new BearerProvider(client, config.auth.accessToken);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.budgetKey = budgetKey(config);
    this.budget = { limit: config.rateLimitPerMinute, windowMs: options.windowMs ?? 60_000, maxConcurrency: config.maxConcurrency };
    this.ownLimiter = options.limiterStore
      ? new RateLimiter(this.budgetKey, { ...this.budget, store: options.limiterStore, now: this.now, sleep: this.sleep })
      : undefined;
  }

  /** This call's budget, looked up every time: an idle shared budget may have been dropped since the last call. */
  private limiter(): RateLimiter {
    return this.ownLimiter ?? SHARED_BUDGETS.get(this.budgetKey, this.budget);
  }

  get authMode(): 'client-credentials' | 'bearer' {
    return this.tokens.mode;
  }

  stats(): TransportStats {
    const byEndpoint: Record<string, EndpointStats> = {};
    for (const [k, v] of this.byEndpoint) byEndpoint[k] = { ...v };
    return { requests: this.requests, logins: this.tokens.logins, byEndpoint };
  }

  async call<T>(endpoint: string, fn: (apis: Apis) => Promise<T>, opts: CallOptions = {}): Promise<T> {
    const stats = this.byEndpoint.get(endpoint) ?? emptyStats();
    this.byEndpoint.set(endpoint, stats);
    stats.calls++;
    const started = this.now();
    const { signal, tally } = opts;
    let reloggedIn = false;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new AbortError(`Cancelled: ${endpoint}.`, { endpoint });
      let error: CxGraphError;
      try {
        await this.tokens.ensure();
        const { release, waitedMs } = await this.limiter().acquire(signal);
        record(stats, tally, 'waitMs', waitedMs);
        try {
          this.requests++;
          if (tally) tally.requests++;
          return unwrap<T>(await abortable(Promise.resolve().then(() => fn(this.apis)), signal));
        } finally {
          release();
        }
      } catch (e) {
        if (signal?.aborted) throw new AbortError(`Cancelled: ${endpoint}.`, { endpoint });
        error = normalizeError(e, { endpoint, auth: this.tokens.mode });
      }
      // A client-credentials token can expire or be revoked under us: log in again, once.
      if (error instanceof AuthenticationError && error.endpoint === endpoint && !reloggedIn && this.tokens.invalidate()) {
        reloggedIn = true;
        record(stats, tally, 'retries');
        this.options.logger?.debug({ endpoint, code: error.code }, 'token rejected; logging in again');
        continue;
      }
      if (error instanceof RateLimitError) {
        record(stats, tally, 'rateLimited');
        // Everyone on this budget waits, not just this caller.
        await this.limiter().pause(this.now() + (error.retryAfterMs ?? this.policy.defaultRateLimitDelayMs));
      }
      const delay = retryDelay(error, attempt, this.now() - started, this.policy);
      if (delay === undefined) {
        stats.errors++;
        this.options.logger?.debug({ endpoint, error: error.toJSON(), attempts: attempt + 1 }, 'call failed');
        throw withAttempts(error, attempt + 1);
      }
      record(stats, tally, 'retries');
      this.options.logger?.debug({ endpoint, code: error.code, status: error.status, delay, attempt: attempt + 1 }, 'retrying');
      const before = this.now();
      try {
        // After a 429 the limiter itself holds us until Retry-After; the delay covers 5xx and network errors.
        await this.sleep(error instanceof RateLimitError ? 0 : delay, signal);
      } catch {
        throw new AbortError(`Cancelled: ${endpoint}.`, { endpoint });
      }
      record(stats, tally, 'waitMs', this.now() - before);
    }
  }
}

/** Counts for the endpoint and, when the caller keeps a tally, for the caller: one place, so the two never drift. */
function record(stats: EndpointStats, tally: CallTally | undefined, what: 'retries' | 'rateLimited' | 'waitMs', by = 1): void {
  stats[what] += by;
  if (tally) tally[what] += by;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
