import type { CallTally } from '@cxgraph/core';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.js';

export interface UpstreamExtensionPluginOptions {
  /** The request header that asks for the extension (value `1` or `true`). @default 'x-cxgraph-upstream' */
  header?: string;
  /** The query parameter that asks for it (`?upstream=1`). @default 'upstream' */
  queryParam?: string;
}

const YES = new Set(['1', 'true', 'yes']);

/** Does this request ask for `extensions.upstream`? */
export function wantsUpstream(request: Request, header = 'x-cxgraph-upstream', queryParam = 'upstream'): boolean {
  const fromHeader = request.headers.get(header);
  if (fromHeader !== null && YES.has(fromHeader.trim().toLowerCase())) return true;
  const fromQuery = new URL(request.url, 'http://localhost').searchParams.get(queryParam);
  return fromQuery !== null && YES.has(fromQuery.trim().toLowerCase());
}

/**
 * `extensions.upstream = { requests, retries, rateLimited, waitMs }` on a response, when the request has
 * `x-cxgraph-upstream: 1` (or `?upstream=1`): what this operation cost upstream, from its context's
 * `callOptions.tally` (every core call of its resolvers counts there). With batching, each operation has its own.
 */
export function useUpstreamExtension({ header = 'x-cxgraph-upstream', queryParam = 'upstream' }: UpstreamExtensionPluginOptions = {}): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue;
      if (!wantsUpstream(ctx.request, header, queryParam)) return undefined;
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result)) return;
          const tally: CallTally = ctx.callOptions.tally;
          const upstream = { requests: tally.requests, retries: tally.retries, rateLimited: tally.rateLimited, waitMs: Math.round(tally.waitMs) };
          setResult({ ...result, extensions: { ...result.extensions, upstream } });
        },
      };
    },
  };
}
