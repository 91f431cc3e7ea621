import type { CxGraphClient } from '@cxgraph/core';
import type { CommandDeps } from '../deps.js';
import { colorEnabled, pickColumns, writeRows, type Column } from '../output/format.js';
import { counted, startProgress } from '../output/progress.js';
import { formatFor, type OutputOptions } from '../options/output.js';

export type User = Awaited<ReturnType<CxGraphClient['directory']['getUser']>>;

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

export type AgentsOptions = OutputOptions;

/** `cxgraph agents`: the org's users with routing status and presence, as of now. Returns them. */
export async function run(opts: AgentsOptions, deps: CommandDeps): Promise<User[]> {
  const { io } = deps;
  const format = formatFor(opts.format, io.isTTY);
  const client = await deps.client();
  // A bar while rows are fetched: for the table (printed at the end) or when stdout is not the terminal.
  const progress = startProgress(io, { label: 'Fetching agents', quiet: deps.quiet || (io.isTTY && format !== 'table') });
  const users: User[] = [];
  try {
    for await (const u of counted(client.directory.listUsers({ expand: ['routingStatus', 'presence'] }), progress)) users.push(u);
  } finally {
    progress.stop();
  }
  await writeRows(io, users, pickColumns(AGENT_COLUMNS, opts.fields), format, { color: colorEnabled(io) });
  return users;
}
