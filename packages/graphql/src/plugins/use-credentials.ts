import type { Plugin } from 'graphql-yoga';
import type { Credentials } from '../credentials.js';

export interface CredentialsPluginOptions {
  /** Resolves each request's client (see `createCredentials`). */
  credentials: Credentials;
}

/**
 * Resolves the request's credentials as soon as it is known to be a GraphQL request, before its body is
 * parsed: a missing (when required) or malformed `Authorization` header is a 401 with
 * `extensions.code: 'AUTHENTICATION'`, before any upstream call. GraphiQL, /health and /readiness are
 * answered earlier and need no credentials.
 */
export function useCredentials({ credentials }: CredentialsPluginOptions): Plugin {
  return {
    onRequestParse({ request }) {
      credentials.clientFor(request);
    },
  };
}
