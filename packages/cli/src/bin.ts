#!/usr/bin/env node
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`cxgraph: unexpected error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  },
);
