import { createRequire } from 'node:module';
import { defineProject } from 'vitest/config';

// graphql as @cxgraph/graphql resolves it: vitest inlines workspace packages, and without this alias their
// `graphql` (ESM) and yoga's (CJS, left to Node) would be two realms (see packages/graphql/vitest.config.ts).
const fromGraphqlPackage = createRequire(createRequire(import.meta.url).resolve('@cxgraph/graphql/package.json'));

export default defineProject({
  resolve: {
    alias: [{ find: /^graphql$/, replacement: fromGraphqlPackage.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
