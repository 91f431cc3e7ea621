import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from '../builder.js';
// Each module registers its types and root fields on the builder.
import './directory.js';
import './conversation.js';
import './metrics.js';
import './history.js';
import './subscriptions.js';

let built: GraphQLSchema | undefined;

export function buildSchema(): GraphQLSchema {
  built ??= builder.toSchema();
  return built;
}

/** The SDL committed as `schema.graphql`, sorted so diffs are stable. */
export const printedSchema = (): string => printSchema(lexicographicSortSchema(buildSchema()));
