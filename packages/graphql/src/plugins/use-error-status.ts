import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { httpOf } from '../errors.js';

/**
 * The HTTP status of a response whose every root field failed. A response with some data is a 200, as
 * GraphQL over HTTP wants (a client must not lose the fields that worked); a response with nothing but core
 * errors takes the status of its first one: 401 AUTHENTICATION, 403 PERMISSION, 429 RATE_LIMITED (with
 * `Retry-After`), 400 INVALID_QUERY, 404 NOT_FOUND, 502 UPSTREAM/NETWORK, 504 TIMEOUT.
 */
export function useErrorStatus(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result) || !result.errors?.length) return;
          const data = result.data;
          const nothing = data === null || data === undefined || Object.values(data).every((v) => v === null);
          if (!nothing) return;
          const http = result.errors.map(httpOf).find((h) => h !== undefined);
          if (!http) return;
          setResult({ ...result, extensions: { ...result.extensions, http } });
        },
      };
    },
  };
}
