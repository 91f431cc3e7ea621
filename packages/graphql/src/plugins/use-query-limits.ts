import { createComplexityRule } from '@pothos/plugin-complexity';
import { GraphQLError, validate } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface QueryLimitsPluginOptions {
  /** Deepest field nesting. */
  maxDepth?: number;
  /** Most fields selected in all. */
  maxBreadth?: number;
  /** Highest cost, as the Pothos complexity plugin counts it (each field 1, lists and connections multiply their selection). */
  maxComplexity?: number;
}

type Limit = 'depth' | 'breadth' | 'complexity';

const MESSAGES: Record<Limit, (actual: number, max: number) => string> = {
  depth: (actual, max) =>
    `The query is too deep: it nests fields ${actual} levels deep and the limit is ${max}. Select fewer nested fields, or split it into several queries.`,
  breadth: (actual, max) => `The query selects too many fields: ${actual}, and the limit is ${max}. Select fewer fields, or split it into several queries.`,
  complexity: (actual, max) =>
    `The query is too complex: its cost is ${actual} and the limit is ${max}. Each field costs 1 and a list or connection multiplies the cost of its selection by its page size (\`first\`); ask for smaller pages or fewer fields.`,
};

/**
 * The error for one exceeded limit: `extensions.code: 'QUERY_TOO_COMPLEX'`, which limit, the cost and the
 * maximum. HTTP 400 like a validation error (`spec: true`: a client accepting only `application/json` gets 200,
 * as GraphQL over HTTP asks).
 */
export function queryLimitError(limit: Limit, actual: number, max: number): GraphQLError {
  return new GraphQLError(MESSAGES[limit](actual, max), {
    extensions: { code: 'QUERY_TOO_COMPLEX', limit, actual, max, http: { status: 400, spec: true } },
  });
}

/**
 * Depth, breadth and complexity, measured by the Pothos complexity plugin (the schema's own field costs and
 * list multipliers, with the request's variables), checked once the operation is validated and before it
 * executes: so before any resolver, so before any upstream call. A query over a limit gets one clear error
 * per exceeded limit and no data.
 *
 * Why here and not as a validation rule: the cost depends on the variables (`first: $n`), and yoga caches
 * validation results per document, so a rule would see only the first request's variables.
 */
export function useQueryLimits({ maxDepth, maxBreadth, maxComplexity }: QueryLimitsPluginOptions): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const errors: GraphQLError[] = [];
      const rule = createComplexityRule({
        context: args.contextValue as object,
        variableValues: (args.variableValues ?? {}) as Record<string, unknown>,
        operationName: args.operationName ?? null,
        validate: ({ depth, breadth, complexity }, report) => {
          if (maxDepth !== undefined && depth > maxDepth) report(queryLimitError('depth', depth, maxDepth));
          if (maxBreadth !== undefined && breadth > maxBreadth) report(queryLimitError('breadth', breadth, maxBreadth));
          if (maxComplexity !== undefined && complexity > maxComplexity) report(queryLimitError('complexity', complexity, maxComplexity));
        },
      });
      errors.push(...validate(args.schema, args.document, [rule]));
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}
