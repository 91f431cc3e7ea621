import { createRequire } from 'node:module';
import { defineProject } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineProject({
  resolve: {
    // graphql 16 ships CJS (`main`) and ESM (`module`). Node — and so every dependency vitest leaves to Node
    // (yoga, Pothos, envelop) — loads the CJS build, while vite would give our own files the ESM one: two
    // graphql realms, and "Cannot use GraphQLSchema from another module or realm". One realm, as in production.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
