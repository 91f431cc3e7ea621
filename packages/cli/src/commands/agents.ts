import type { Command } from 'commander';
import type { CxGraphClient } from '@cxgraph/core';
import { CommandContext } from '../context.js';
import type { Io } from '../io.js';
import { addOutputOptions, colorEnabled, columnsHelp, resolveOutput, writeRows, type Column, type OutputFlags } from '../output/format.js';
import { counted, startProgress } from '../output/progress.js';

type User = Awaited<ReturnType<CxGraphClient['directory']['getUser']>>;

/**
 * The columns of `cxgraph agents`, stable: id, name, email, routingStatus (OFF_QUEUE, IDLE, INTERACTING,
 * COMMUNICATING, NOT_RESPONDING), presence (the system presence: Available, On Queue, Away, Offline…).
 */
export const AGENT_COLUMNS: readonly Column<User>[] = [
  { key: 'id', get: (u) => u.id },
  { key: 'name', get: (u) => u.name },
  { key: 'email', get: (u) => u.email },
  { key: 'routingStatus', header: 'routing', get: (u) => u.routingStatus?.status },
  { key: 'presence', get: (u) => u.presence?.presenceDefinition?.systemPresence },
];

export function registerAgents(program: Command, io: Io): void {
  const command = program.command('agents').description("List the org's users with their routing status and presence, as of now.");
  addOutputOptions(command);
  command
    .addHelpText(
      'after',
      `
${columnsHelp(AGENT_COLUMNS)}
  routingStatus: OFF_QUEUE, IDLE, INTERACTING, COMMUNICATING, NOT_RESPONDING;
  presence: the system presence (Available, On Queue, Away, Busy, Break, Meal,
  Meeting, Training, Idle, Offline).

Example:
  cxgraph agents --sandbox
  cxgraph agents --fields name,routingStatus --csv > agents.csv
`,
    )
    .action(async (opts: OutputFlags, cmd: Command) => {
      const { format, columns } = resolveOutput(cmd, opts, AGENT_COLUMNS, io.isTTY);
      const ctx = CommandContext.of(cmd, io);
      try {
        const client = await ctx.client();
        // A bar while rows are fetched: for the table (printed at the end) or when stdout is not the terminal.
        const progress = startProgress(io, { label: 'Fetching agents', quiet: ctx.global.quiet || (io.isTTY && format !== 'table') });
        try {
          await writeRows(io, counted(client.directory.listUsers({ expand: ['routingStatus', 'presence'] }), progress), columns, format, { color: colorEnabled(io) });
        } finally {
          progress.stop();
        }
      } finally {
        await ctx.close();
      }
    });
}
