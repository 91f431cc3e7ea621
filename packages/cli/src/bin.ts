#!/usr/bin/env node
import { stdoutFailure } from './errors.js';
import { main } from './main.js';

// `cxgraph … | head` closes our stdout early: that is the reader's choice, not an error. Any other failure to
// write (`> /dev/full`, a full disk) is: say so in one line and exit 1, never a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  process.stderr.write(`cxgraph: ${stdoutFailure(e)}\n`);
  process.exit(1);
});

main(process.argv.slice(2)).then(
  // Writes to a pipe are asynchronous: let what is queued reach the reader before exiting.
  (code) => process.stdout.write('', () => process.exit(code)),
  (e: unknown) => {
    process.stderr.write(`cxgraph: unexpected error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  },
);
