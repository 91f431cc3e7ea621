import { resolveConfig, redactConfig, type Config, type ConfigInput, type ConfigSources } from './config.js';
import type { LimiterStore } from './limiter.js';
import { LiveState, type LiveStateOptions } from './live/live-state.js';
import { createLogger, type Logger } from './logger.js';
import type { RetryPolicy } from './retry.js';
import { DirectoryService } from './services/directory.js';
import { HistoryService } from './services/history.js';
import { LiveService } from './services/live.js';
import { MetricsService } from './services/metrics.js';
import type { GranularityRule } from './time/index.js';
import { SdkTransport } from './transport.js';
import type { TransportStats } from './transport-types.js';

export interface ClientOptions extends ConfigInput {
  /** Where configuration comes from besides these options (default: process.env and `.env` in the cwd). */
  sources?: ConfigSources;
  /** Silent by default; pass a pino logger (or use `logLevel`) to see what happens. */
  logger?: Logger;
  /** The clock of "now" for live windows (tests use the sandbox's); ranges are resolved by the caller (`resolveTimeRange`). */
  now?: () => number;
  retry?: Partial<RetryPolicy>;
  /** The rate window the budget is counted in (Genesys: one minute). */
  windowMs?: number;
  /** Shared limiter state, e.g. Redis, for several processes on one budget. */
  limiterStore?: LimiterStore;
  /** Longest interval one aggregates query covers before it is split (default 31 days). */
  maxAggregateIntervalDays?: number;
  /** Which aggregate granularities are allowed (default {@link DEFAULT_GRANULARITY_RULE}: multiples of PT15M, at most 5,000 buckets). */
  granularityRule?: GranularityRule;
}

export interface CxGraphClient {
  /** The resolved configuration with secrets redacted. */
  readonly config: Config;
  readonly live: LiveService;
  readonly history: HistoryService;
  readonly metrics: MetricsService;
  readonly directory: DirectoryService;
  readonly transport: SdkTransport;
  /**
   * The live state of this credential set, fed by Genesys notifications (polling when they are unavailable),
   * created on first use; later calls return the same one (their options are ignored). Call `start()` or any
   * reader; `close()` it when done.
   */
  liveState(options?: LiveStateOptions): LiveState;
  /** Upstream requests, logins, retries, 429s and waits, per endpoint. */
  stats(): TransportStats;
}

/**
 * The one way to talk to Genesys Cloud: configuration from arguments > env > `.env`, one transport (the
 * shared rate limiter, the SDK on this client's own ApiClient, retries), and the services on top.
 */
export function createClient(options: ClientOptions = {}): CxGraphClient {
  const { sources, logger: given, now, retry, windowMs, limiterStore, maxAggregateIntervalDays, granularityRule, ...input } = options;
  const config = resolveConfig(input, sources);
  const logger = given ?? createLogger({ level: config.logLevel });
  const transport = new SdkTransport(config, {
    logger,
    // The limiter and retries run on real time; `now` only moves the data (ranges, live windows).
    ...(retry ? { retry } : {}),
    ...(windowMs ? { windowMs } : {}),
    ...(limiterStore ? { limiterStore } : {}),
  });
  const clock = now ? { now } : {};
  const live = new LiveService(transport, clock);
  const directory = new DirectoryService(transport);
  let liveState: LiveState | undefined;
  return {
    config: redactConfig(config),
    live,
    history: new HistoryService(transport),
    metrics: new MetricsService(transport, { ...(maxAggregateIntervalDays ? { maxIntervalDays: maxAggregateIntervalDays } : {}), ...(granularityRule ? { granularityRule } : {}) }),
    directory,
    transport,
    liveState: (opts) => (liveState ??= new LiveState({ transport, live, directory, now: now ?? Date.now, logger }, opts)),
    stats: () => transport.stats(),
  };
}
