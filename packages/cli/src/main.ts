import { CommanderError } from 'commander';
import { CxGraphError } from '@cxgraph/core';
import { createDeps, type ProgramDeps } from './deps.js';
import { CliError } from './errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { processIo, type Io } from './io.js';
import { buildProgram } from './program.js';

/**
 * Parses argv, runs the command with deps made here (and closed here, whatever happens), and turns any
 * failure into a message (what went wrong, how to fix it) and an exit code. Never a stack trace unless
 * `--debug` or CXGRAPH_DEBUG asks for detail. The only caller of `process.exit` is bin.ts, with what this returns.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let deps: ProgramDeps | undefined;
  const program = buildProgram(io, async (action, options, globals) => {
    deps = createDeps(globals, io);
    await action.run(options as never, deps);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    // Commander has printed its own parse errors and help.
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    io.err(`${describe(e, Boolean(program.opts().debug) || Boolean(io.env.CXGRAPH_DEBUG))}\n`);
    return exitCodeFor(e);
  } finally {
    await deps?.close();
  }
}

function describe(e: unknown, debug: boolean): string {
  if (e instanceof CxGraphError || e instanceof CliError) {
    const lines = [`cxgraph: ${e.message}`];
    if (e.hint) lines.push(`  fix: ${e.hint}`);
    if (e instanceof CxGraphError && e.correlationId) lines.push(`  correlation id: ${e.correlationId}`);
    if (debug) lines.push(`  ${e instanceof CxGraphError ? JSON.stringify(e.toJSON()) : String(e.stack)}`);
    return lines.join('\n');
  }
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EADDRINUSE') return `cxgraph: the port is already in use (${err.message}). Pick another with --port (or --sandbox-port).`;
  return debug ? `cxgraph: ${String(err?.stack ?? e)}` : `cxgraph: unexpected error: ${err?.message ?? String(e)} (run with --debug for details)`;
}
