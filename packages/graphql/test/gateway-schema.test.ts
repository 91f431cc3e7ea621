/** The committed schema.graphql is the schema's SDL: regenerate it with `pnpm --filter @cxgraph/graphql schema`. */
import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { SCHEMA_FILE, schemaFileContent } from '../scripts/print-schema.js';

it('schema.graphql is up to date', () => {
  const fix = 'schema.graphql is stale: run `pnpm --filter @cxgraph/graphql schema` and commit the result.';
  expect(existsSync(SCHEMA_FILE), fix).toBe(true);
  expect(readFileSync(SCHEMA_FILE, 'utf8'), fix).toBe(schemaFileContent());
});
