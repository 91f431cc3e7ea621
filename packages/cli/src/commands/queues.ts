import type { Command } from 'commander';
import type { CxGraphClient } from '@cxgraph/core';
import { CommandContext } from '../context.js';
import type { Io } from '../io.js';
import { addOutputOptions, colorEnabled, columnsHelp, resolveOutput, writeRows, type Column, type OutputFlags } from '../output/format.js';
import { counted, startProgress } from '../output/progress.js';

type Queue = Awaited<ReturnType<CxGraphClient['directory']['getQueue']>>;

/** Genesys's media settings keys → cxgraph's media type names, in the order shown. */
const MEDIA_KEYS: ReadonlyArray<[key: string, media: string]> = [
  ['call', 'voice'],
  ['callback', 'callback'],
  ['chat', 'chat'],
  ['email', 'email'],
  ['message', 'message'],
];

/** The media types a queue takes: those it has media settings for (others Genesys adds keep their key). */
export function queueMediaTypes(q: Queue): string[] {
  const settings = (q.mediaSettings ?? {}) as Record<string, unknown>;
  const known = MEDIA_KEYS.filter(([key]) => settings[key] !== undefined && settings[key] !== null).map(([, media]) => media);
  const other = Object.keys(settings).filter((k) => !MEDIA_KEYS.some(([key]) => key === k) && settings[k] !== undefined && settings[k] !== null);
  return [...known, ...other];
}

/** The columns of `cxgraph queues`, stable: id, name, mediaTypes (comma-separated), members (member count). */
export const QUEUE_COLUMNS: readonly Column<Queue>[] = [
  { key: 'id', get: (q) => q.id },
  { key: 'name', get: (q) => q.name },
  { key: 'mediaTypes', header: 'media', get: (q) => queueMediaTypes(q).join(',') },
  { key: 'members', get: (q) => q.memberCount, align: 'right' },
];

export function registerQueues(program: Command, io: Io): void {
  const command = program.command('queues').description("List the org's queues: the media types they take and how many members they have.");
  addOutputOptions(command);
  command
    .addHelpText(
      'after',
      `
${columnsHelp(QUEUE_COLUMNS)}
  mediaTypes: voice, callback, chat, email, message (comma-separated);
  members: the member count.

Example:
  cxgraph queues --sandbox
  cxgraph queues --fields id,name --json
`,
    )
    .action(async (opts: OutputFlags, cmd: Command) => {
      const { format, columns } = resolveOutput(cmd, opts, QUEUE_COLUMNS, io.isTTY);
      const ctx = CommandContext.of(cmd, io);
      try {
        const client = await ctx.client();
        const progress = startProgress(io, { label: 'Fetching queues', quiet: ctx.global.quiet || (io.isTTY && format !== 'table') });
        try {
          await writeRows(io, counted(client.directory.listQueues(), progress), columns, format, { color: colorEnabled(io) });
        } finally {
          progress.stop();
        }
      } finally {
        await ctx.close();
      }
    });
}
