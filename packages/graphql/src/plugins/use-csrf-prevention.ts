import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface CsrfPreventionPluginOptions {
  /**
   * Any one of these headers marks a request as not forgeable by a plain HTML form or `<img>`.
   * @default ['x-graphql-client', 'x-graphql-yoga-csrf', 'apollo-require-preflight']
   */
  requestHeaders?: string[];
}

export const CSRF_HEADERS = ['x-graphql-client', 'x-graphql-yoga-csrf', 'apollo-require-preflight'];

/**
 * CSRF prevention (`@graphql-yoga/plugin-csrf-prevention`): a GraphQL request must either have a content
 * type a browser cannot send cross-site without a CORS preflight (`application/json`,
 * `application/graphql-response+json`…) or carry one of `requestHeaders`. So a GET query, or a POST as
 * `text/plain`, form or multipart, needs e.g. `x-graphql-client: <name>`. GraphiQL posts
 * `application/json` and also sends `x-graphql-client: graphiql` (see graphiql.ts), so it always passes.
 * The library's error is reworded to say which header to send; it stays a 403.
 */
export function useCsrfPrevention({ requestHeaders = CSRF_HEADERS }: CsrfPreventionPluginOptions = {}): Plugin {
  const csrf = useCSRFPrevention({ requestHeaders });
  const check = csrf.onRequestParse;
  return {
    onRequestParse(payload) {
      try {
        return check?.(payload);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        throw new GraphQLError(
          `This request could be a cross-site request forgery: send it as POST with "Content-Type: application/json", or add the header "${requestHeaders[0]}: <your client's name>" (any of ${requestHeaders.join(', ')} will do).`,
          { extensions: { code: 'CSRF', http: { status: 403 } } },
        );
      }
    },
  };
}
