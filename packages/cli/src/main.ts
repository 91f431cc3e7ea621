import { CommanderError } from 'commander';
import { CxGraphError } from '@cxgraph/core';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { processIo, type Io } from './io.js';
import { buildProgram } from './program.js';

/**
 * Parses argv and runs the command; any failure becomes a message (what went wrong, how to fix it) and an
 * exit code. Never a stack trace unless `--debug` or CXGRAPH_DEBUG asks for detail.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander prints its own parse errors ("error: …"); an InvalidArgumentError thrown by an action is not printed yet.
      if (e.exitCode !== 0 && !e.message.startsWith('error:') && e.code === 'commander.invalidArgument') io.err(`cxgraph: ${e.message}\n`);
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.err(`${describe(e, io, Boolean(program.opts().debug))}\n`);
    return exitCodeFor(e);
  }
}

function describe(e: unknown, io: Io, debugFlag: boolean): string {
  const debug = debugFlag || Boolean(io.env.CXGRAPH_DEBUG);
  if (e instanceof CxGraphError) {
    const lines = [`cxgraph: ${e.message}`];
    if (e.hint) lines.push(`  fix: ${e.hint}`);
    if (e.correlationId) lines.push(`  correlation id: ${e.correlationId}`);
    if (debug) lines.push(`  ${JSON.stringify(e.toJSON())}`);
    return lines.join('\n');
  }
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EADDRINUSE') return `cxgraph: the port is already in use (${err.message}). Pick another with --port (or --sandbox-port).`;
  return debug ? `cxgraph: ${String(err?.stack ?? e)}` : `cxgraph: unexpected error: ${err?.message ?? String(e)} (run with --debug for details)`;
}
