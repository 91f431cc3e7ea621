import { CxGraphError, isRetryable, RateLimitError } from './errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Give up rather than start a wait that would end later than this after the first attempt. */
  maxTotalMs: number;
  /** Backoff base and cap for 5xx and network errors (full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Used for a 429 that names no wait (no Retry-After, no inin-ratelimit-reset). */
  defaultRateLimitDelayMs: number;
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  maxTotalMs: 120_000,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
  defaultRateLimitDelayMs: 3_000,
  random: Math.random,
};

/**
 * How long to wait before attempt `attempt + 1` after `error`, or undefined to give up. 429s wait what the
 * server said (Retry-After, else inin-ratelimit-reset, else a default); 5xx and network errors back off
 * exponentially with full jitter (AWS's "full jitter": uniform in [0, min(cap, base·2^attempt)]).
 */
export function retryDelay(error: unknown, attempt: number, elapsedMs: number, p: RetryPolicy): number | undefined {
  if (attempt + 1 >= p.maxAttempts || !isRetryable(error)) return undefined;
  let delay: number;
  if (error instanceof RateLimitError) {
    delay = error.retryAfterMs ?? p.defaultRateLimitDelayMs;
  } else {
    delay = p.random() * Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** attempt);
  }
  if (elapsedMs + delay > p.maxTotalMs) return undefined;
  return Math.round(delay);
}

/** Adds what the retries tried to the final error's message, so a person sees it was not a first failure. */
export function withAttempts(error: CxGraphError, attempts: number): CxGraphError {
  if (attempts > 1 && !error.message.includes('attempts')) {
    Object.defineProperty(error, 'message', { value: `${error.message} (after ${attempts} attempts)` });
  }
  return error;
}
