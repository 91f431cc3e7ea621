import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Access } from './access/access.js';
import { sensitiveFieldsOf } from './access/field-scopes.js';
import { missingScope, type Principal } from './access/principal.js';

export interface AccessControlPluginOptions {
  access: Access;
}

/** The first scope `principal` lacks for this operation, as a 403, or undefined when it may run. */
function scopeError(principal: Principal, schema: GraphQLSchema, document: DocumentNode): GraphQLError | undefined {
  if (!principal.scopes.has('read')) return missingScope('read', 'Every query', principal);
  for (const [coordinate, scope] of sensitiveFieldsOf(schema, document)) {
    if (!principal.scopes.has(scope)) return missingScope(scope, `The field ${coordinate} (personal data)`, principal);
  }
  return undefined;
}

/**
 * Authenticates each GraphQL request before its body is parsed (so a refused caller costs no parsing and no
 * upstream call): 401 `AUTHENTICATION` for no or wrong credentials, 429 `RATE_LIMITED` past the caller's own
 * budget. Then, before execution, checks scopes: `read` for anything, `pii` for personal fields; a missing one
 * is a 403 `FORBIDDEN_SCOPE` and no data. (Checked per execution, not as a validation rule: yoga caches
 * validation per document, and the answer depends on the caller.)
 */
export function useAccessControl({ access }: AccessControlPluginOptions): Plugin {
  const check = async (request: Request, schema: GraphQLSchema, document: DocumentNode) => scopeError(await access.principalOf(request), schema, document);
  return {
    async onRequestParse({ request }) {
      await access.principalOf(request);
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const request = (args.contextValue as { request: Request }).request;
      const error = await check(request, args.schema, args.document);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const request = (args.contextValue as { request: Request }).request;
      const error = await check(request, args.schema, args.document);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
