import { CommanderError } from 'commander';
import { CxGraphError } from '@cxgraph/core';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { processIo, type Io } from './io.js';
import { buildProgram, type Invocation } from './program.js';

/**
 * Parses argv, runs the command, and turns any failure into a message (what went wrong, how to fix it)
 * and an exit code. Never prints a stack trace unless `--debug`/CXGRAPH_DEBUG asks for detail.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let invocation: Invocation | undefined;
  const program = buildProgram(io, (i) => {
    invocation = i;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw e;
  }
  if (!invocation) return EXIT.ok;
  try {
    switch (invocation.command) {
      case 'serve': {
        const { serve } = await import('./commands/serve.js');
        const serving = await serve(invocation.options, io);
        await new Promise<void>((resolve) => {
          const stop = () => void serving.close().then(resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        return EXIT.ok;
      }
    }
  } catch (e) {
    io.err(`${describe(e, io)}\n`);
    return exitCodeFor(e);
  }
}

function describe(e: unknown, io: Io): string {
  const debug = Boolean(io.env.CXGRAPH_DEBUG);
  if (e instanceof CxGraphError) {
    const lines = [`cxgraph: ${e.message}`];
    if (e.hint) lines.push(`  fix: ${e.hint}`);
    if (e.correlationId) lines.push(`  correlation id: ${e.correlationId}`);
    if (debug) lines.push(`  ${JSON.stringify(e.toJSON())}`);
    return lines.join('\n');
  }
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EADDRINUSE') return `cxgraph: the port is already in use (${err.message}). Pick another with --port (or --sandbox-port).`;
  return debug ? `cxgraph: ${String(err?.stack ?? e)}` : `cxgraph: unexpected error: ${err?.message ?? String(e)} (set CXGRAPH_DEBUG=1 for details)`;
}
