import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { httpOf } from '../errors.js';

/**
 * Does this request get `application/json` (the legacy media type) rather than
 * `application/graphql-response+json`? The first of the two its `Accept` names wins (yoga's choice); no
 * `Accept`, or only wildcards, is the new type.
 */
export function acceptsLegacyJson(request: Request): boolean {
  const types = (request.headers.get('accept') ?? '').split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  for (const type of types) {
    if (type === 'application/graphql-response+json' || type === '*/*' || type === 'application/*') return false;
    if (type === 'application/json') return true;
  }
  return false;
}

/**
 * The HTTP status of a response whose every root field failed. A response with some data is a 200, as
 * GraphQL over HTTP wants (a client must not lose the fields that worked); a response with nothing but core
 * errors takes the status of its first one: 401 AUTHENTICATION, 403 PERMISSION, 429 RATE_LIMITED (with
 * `Retry-After`), 400 INVALID_QUERY, 404 NOT_FOUND, 502 UPSTREAM/NETWORK, 504 TIMEOUT.
 *
 * Only for `application/graphql-response+json`: GraphQL over HTTP wants `application/json` answers to be 200
 * with `errors` for execution errors (a legacy client reads the body, not the status); headers such as
 * `Retry-After` are kept either way.
 */
export function useErrorStatus(): Plugin {
  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const legacy = request !== undefined && acceptsLegacyJson(request);
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result) || !result.errors?.length) return;
          const data = result.data;
          const nothing = data === null || data === undefined || Object.values(data).every((v) => v === null);
          if (!nothing) return;
          const http = result.errors.map(httpOf).find((h) => h !== undefined);
          if (!http) return;
          setResult({ ...result, extensions: { ...result.extensions, http: legacy ? { ...http, status: 200 } : http } });
        },
      };
    },
  };
}
