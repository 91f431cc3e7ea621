/**
 * Writes the schema's SDL to `schema.graphql` (committed, so SDL changes show up in review):
 * `pnpm --filter @cxgraph/graphql schema`. test/gateway-schema.test.ts fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printedSchema } from '../src/schema/index.js';

export const SCHEMA_FILE = fileURLToPath(new URL('../schema.graphql', import.meta.url));

/** The file's exact content: the sorted SDL and a final newline. */
export const schemaFileContent = (): string => `${printedSchema()}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, schemaFileContent());
  console.log(`Wrote ${SCHEMA_FILE}`);
}
