import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The host name of a `Host` header (or URL host), lower case, without the port; `[::1]` keeps its brackets. */
export function hostNameOf(host: string): string {
  const value = host.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.replace(/:\d*$/, '').replace(/\.$/, '');
}

/** The names a gateway bound to `bind` answers to by default: loopback's, or the bound address itself. */
export function servedHostNames(bind: string, more: readonly string[] = []): string[] {
  const loopback = ['localhost', '127.0.0.1', '[::1]'];
  const bound = bind.includes(':') && !bind.startsWith('[') ? `[${bind}]` : bind;
  const wildcard = bind === '0.0.0.0' || bind === '::' || bind === '';
  return [...new Set([...loopback, ...(wildcard ? [] : [bound.toLowerCase()]), ...more.map(hostNameOf)])];
}

/** 421 `HOST_NOT_ALLOWED` (the answer when a request reaches a server that does not serve its name). */
export function hostError(host: string, allowed: readonly string[]): GraphQLError {
  const shown = /^[A-Za-z0-9.[\]:-]{1,100}$/.test(host) ? `"${host}"` : 'this Host';
  return new GraphQLError(`This gateway does not serve ${shown}: it answers to ${allowed.join(', ')}.`, {
    extensions: { code: 'HOST_NOT_ALLOWED', hint: 'If it is reached under another name (a proxy, a DNS name), start it with --public-host <name>.', http: { status: 421 } },
  });
}

/** The request's host (the `Host` header, else the URL's). */
export const requestHost = (request: Request): string => request.headers.get('host') ?? new URL(request.url).host;

/**
 * Refuses a request whose `Host` is not one of the served names, before anything else runs (GraphiQL,
 * health, GraphQL). This is what stops DNS rebinding: a page of `evil.example` whose name now points at
 * 127.0.0.1 still sends `Host: evil.example`, so it reads nothing from a gateway bound to loopback.
 */
export function useHostCheck({ allowedHosts }: { allowedHosts: readonly string[] }): Plugin {
  const allowed = new Set(allowedHosts.map(hostNameOf));
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const host = requestHost(request);
      if (allowed.has(hostNameOf(host))) return;
      const error = hostError(host, [...allowed]);
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message: error.message, extensions: { code: 'HOST_NOT_ALLOWED', hint: error.extensions['hint'] } }] }), {
          status: 421,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
      );
    },
  };
}
