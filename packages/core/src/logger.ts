/**
 * The package's logger: pino, silent unless asked, with secrets redacted by the logger itself so that no
 * call site has to remember. Two layers:
 * - `redact` paths censor tokens, secrets and `Authorization` headers wherever they usually sit (top
 *   level and up to three objects deep, in either header spelling);
 * - the `err` serializer never emits an AxiosError's internals (`config`, `request`, `response.config`,
 *   `response.request`): the request config carries the `Authorization` header and, for a login, the
 *   client secret in the Basic header and the form body.
 * A secret inside a free-text string (a message, a URL) is not caught: never interpolate one.
 */
import pino from 'pino';
import type { DestinationStream, Logger, LoggerOptions as PinoOptions } from 'pino';
import { ConfigError } from './errors.js';

export type { DestinationStream, Logger };

/** pino's levels, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const REDACTED = '[redacted]';

/** Keys whose values are always secret, wherever they are. */
const SECRET_KEYS = ['accessToken', 'access_token', 'refreshToken', 'refresh_token', 'token', 'clientSecret', 'client_secret', 'secret', 'password'];
/** Header names that carry credentials (header objects are checked in both spellings). */
const SECRET_HEADERS = ['authorization', 'Authorization', 'cookie', 'Cookie', 'set-cookie', 'Set-Cookie'];
/** How many objects deep the wildcards reach (`*.*.*.token`). */
const DEPTH = 3;

function redactPaths(): string[] {
  const prefixes = Array.from({ length: DEPTH + 1 }, (_, depth) => '*.'.repeat(depth));
  const paths: string[] = [];
  for (const prefix of prefixes) {
    for (const key of SECRET_KEYS) paths.push(`${prefix}${key}`);
    for (const header of SECRET_HEADERS) paths.push(`${prefix}headers["${header}"]`);
  }
  return paths;
}

/** Every path the logger censors (exported for tests and for callers building child loggers). */
export const REDACT_PATHS: readonly string[] = redactPaths();

/** AxiosError internals: the request config (headers with the token, the login form) and the raw request. */
const DROPPED_KEYS = new Set(['config', 'request']);
const MAX_ERROR_DEPTH = 5;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function serializeValue(value: unknown, depth: number): unknown {
  if (value instanceof Error) return serializeError(value, depth);
  if (!isObject(value)) return value;
  if (depth >= MAX_ERROR_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((v) => serializeValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (DROPPED_KEYS.has(key) || typeof v === 'function') continue;
    out[key] = serializeValue(v, depth + 1);
  }
  return out;
}

function serializeError(err: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.constructor.name || err.name, message: err.message };
  if (err.stack !== undefined) out.stack = err.stack;
  if (depth >= MAX_ERROR_DEPTH) return out;
  // CxGraphError has a safe, plain view of itself.
  const e = err as Error & { toJSON?: unknown; isAxiosError?: unknown };
  const json = typeof e.toJSON === 'function' && e.isAxiosError !== true ? (e.toJSON as () => unknown).call(err) : undefined;
  const own = isObject(json) ? json : Object.fromEntries(Object.entries(err));
  for (const [key, v] of Object.entries(own)) {
    if (key in out || DROPPED_KEYS.has(key) || key === 'response' || typeof v === 'function') continue;
    out[key] = serializeValue(v, depth + 1);
  }
  // Axios: keep what the server said, never what we sent.
  const response = (err as { response?: unknown }).response;
  if (isObject(response)) {
    const summary: Record<string, unknown> = {};
    for (const key of ['status', 'statusText', 'data'] as const) if (response[key] !== undefined) summary[key] = serializeValue(response[key], depth + 1);
    out.response = summary;
  }
  if (err.cause !== undefined) out.cause = serializeValue(err.cause, depth + 1);
  if (err instanceof AggregateError) out.errors = err.errors.map((e: unknown) => serializeValue(e, depth + 1));
  return out;
}

/**
 * pino's `err` serializer, safe for the SDK's rejections: an Error becomes `{type, message, stack, …own
 * fields}`, an AxiosError loses `config` and `request` and keeps `response` as `{status, statusText, data}`,
 * and a plain object (the SDK's extended-response rejection) is copied without any `config`/`request`.
 */
export function serializeErr(value: unknown): unknown {
  return serializeValue(value, 0);
}

export interface CreateLoggerOptions {
  /** A pino level or `silent`. @default 'silent' */
  level?: string;
  /** Where log lines go. @default stderr: stdout belongs to the data (`cxgraph … --json | jq` must parse with logs on). */
  destination?: DestinationStream;
}

/** A pino logger, silent by default, that censors credentials (see the file comment). */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const level = options.level ?? 'silent';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`CXGRAPH_LOG_LEVEL "${level}" is not a log level: use one of ${LOG_LEVELS.join(', ')}.`, 'CXGRAPH_LOG_LEVEL', 'Set CXGRAPH_LOG_LEVEL to info or debug to see what cxgraph does, or leave it unset for silence.');
  }
  const config: PinoOptions = {
    level,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { err: serializeErr, error: serializeErr },
  };
  return pino(config, options.destination ?? pino.destination({ fd: 2, sync: true }));
}
