#!/usr/bin/env node
import { main } from './main.js';

// `cxgraph … | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then(
  // Writes to a pipe are asynchronous: let what is queued reach the reader before exiting.
  (code) => process.stdout.write('', () => process.exit(code)),
  (e: unknown) => {
    process.stderr.write(`cxgraph: unexpected error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  },
);
