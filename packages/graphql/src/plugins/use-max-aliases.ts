import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface MaxAliasesPluginOptions {
  /** Most aliases in one operation (fragments included; aliases of `__typename` are free). @default 15 */
  max?: number;
}

/**
 * Caps aliases with GraphQL Armor's max-aliases rule (`@escape.tech/graphql-armor-max-aliases`), so one
 * request cannot fan a field out a hundred times under different names. It runs at validation: an
 * operation over the cap is a 400 with `extensions.code: 'TOO_MANY_ALIASES'`, before any upstream call.
 */
export function useMaxAliases({ max = 15 }: MaxAliasesPluginOptions = {}): Plugin {
  const rule = maxAliasesRule({
    n: max,
    exposeLimits: true,
    // Report a clear validation error ourselves instead of Armor's thrown "Syntax Error: …".
    propagateOnRejection: false,
    onReject: [
      (context, error) => {
        const found = /found (\d+)/.exec(error.message)?.[1];
        context?.reportError(
          new GraphQLError(
            `The query uses too many aliases${found ? ` (${found})` : ''}: at most ${max} are allowed in one operation. Ask for fewer fields under different names, or split the query.`,
            { extensions: { code: 'TOO_MANY_ALIASES', max, ...(found ? { actual: Number(found) } : {}) } },
          ),
        );
      },
    ],
  });
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}
