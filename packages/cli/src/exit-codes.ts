import { CommanderError } from 'commander';
import { AbortError, AuthenticationError, ConfigError, PermissionError, RateLimitError } from '@cxgraph/core';
import { UsageError } from './errors.js';

/** Exit codes (documented in --help): gh's, with 2 = usage or configuration and 5 = rate limited. */
export const EXIT = { ok: 0, error: 1, usage: 2, auth: 4, rateLimited: 5, interrupted: 130 } as const;

export function exitCodeFor(e: unknown): number {
  if (e instanceof UsageError || e instanceof CommanderError || e instanceof ConfigError) return EXIT.usage;
  if (e instanceof AuthenticationError || e instanceof PermissionError) return EXIT.auth;
  if (e instanceof RateLimitError) return EXIT.rateLimited;
  if (e instanceof AbortError) return EXIT.interrupted;
  return EXIT.error;
}

export const EXIT_HELP = `Exit codes:
  0  ok (also when there are no results)
  1  error
  2  usage or configuration error
  4  authentication or permission error
  5  rate limited past the retry budget
  130 interrupted`;
