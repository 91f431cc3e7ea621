/**
 * GraphiQL, served from /graphql to a browser (`GET` with `Accept: text/html`), working offline:
 * `@graphql-yoga/render-graphiql` inlines GraphiQL's scripts, styles and editor workers in the page (yoga's
 * default loads them from a CDN and renders nothing without network). It opens with the examples of
 * `examples.ts` as tabs, the subscription example included (GraphiQL runs subscriptions over SSE).
 */
import { renderGraphiQL as renderOffline } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';
import { EXAMPLES, SUBSCRIPTION_EXAMPLES, type Example } from './examples.js';

/** Headers every GraphiQL request carries: a name for CSRF prevention (see use-csrf-prevention.ts). */
export const GRAPHIQL_HEADERS = { 'x-graphql-client': 'graphiql' } as const;

/** Each tab asks for `extensions.upstream`, so the response shows what the query cost upstream. */
const TAB_HEADERS = JSON.stringify({ 'x-cxgraph-upstream': '1' }, null, 2);

/**
 * GraphiQL's options: title "cxgraph" and every example as a named operation of one document (the run
 * button then offers the choice). Not as tabs: with GraphiQL's Monaco editor, switching to a default tab
 * headless and in our browser test left the editor showing the first tab's text.
 */
export function graphiqlOptions(examples: readonly Example[] = [...EXAMPLES, ...SUBSCRIPTION_EXAMPLES]): GraphiQLOptions {
  const variables = Object.assign({}, ...examples.map((e) => e.variables ?? {})) as Record<string, unknown>;
  return {
    title: 'cxgraph',
    defaultQuery: examples.map((e) => e.query.trim()).join('\n\n') + '\n',
    ...(Object.keys(variables).length > 0 ? { defaultVariables: JSON.stringify(variables, null, 2) } : {}),
    defaultHeaders: TAB_HEADERS,
    additionalHeaders: { ...GRAPHIQL_HEADERS },
    shouldPersistHeaders: false,
    // Subscriptions over GraphQL over SSE, on the same endpoint and with the same headers as queries.
    subscriptionsProtocol: 'SSE',
  };
}

/**
 * yoga's `renderGraphiQL`: the offline page (~9 MB), rendered once per distinct options and then reused
 * (the options are the same on every request).
 */
export function createGraphiQLRenderer(): (options: GraphiQLOptions) => string {
  const pages = new Map<string, string>();
  return (options) => {
    const key = JSON.stringify(options);
    let page = pages.get(key);
    if (page === undefined) {
      page = renderOffline(options);
      if (pages.size >= 4) pages.clear();
      pages.set(key, page);
    }
    return page;
  };
}
