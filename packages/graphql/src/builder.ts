import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import type { GatewayContext } from './context.js';

/** Limits on one query's size, checked before any upstream call (see README, "Protection"). */
export const QUERY_LIMITS = {
  /** Nesting depth. */
  depth: 12,
  /** Fields selected in all. */
  breadth: 300,
  /** Complexity: each field costs 1, list and connection fields multiply their selection by their page size. */
  complexity: 5_000,
  /** Aliases in one operation (GraphQL Armor's max-aliases; `__typename` aliases are free). */
  aliases: 15,
  /** Operations in one batched request (a JSON array body). */
  batch: 5,
} as const;

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: {
    DateTime: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ComplexityPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: { depth: QUERY_LIMITS.depth, breadth: QUERY_LIMITS.breadth, complexity: QUERY_LIMITS.complexity },
  },
});

builder.queryType({});

builder.scalarType('DateTime', {
  description: 'An ISO-8601 instant, e.g. 2026-03-10T14:30:00.000Z.',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new TypeError('DateTime must be an ISO-8601 string such as 2026-03-10T14:30:00Z.');
    return value;
  },
});
