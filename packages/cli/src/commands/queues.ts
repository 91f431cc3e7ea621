import type { CxGraphClient } from '@cxgraph/core';
import type { CommandDeps } from '../deps.js';
import { colorEnabled, pickColumns, writeRows, type Column } from '../output/format.js';
import { counted, startProgress } from '../output/progress.js';
import { formatFor, type OutputOptions } from '../options/output.js';

export type Queue = Awaited<ReturnType<CxGraphClient['directory']['getQueue']>>;

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

/** The columns of `cxgraph queues`, stable: id, name, mediaTypes (JSON/NDJSON an array; tsv/csv comma-separated), members (member count). */
export const QUEUE_COLUMNS: readonly Column<Queue>[] = [
  { key: 'id', get: (q) => q.id },
  { key: 'name', get: (q) => q.name },
  { key: 'mediaTypes', header: 'media', get: (q) => queueMediaTypes(q) },
  { key: 'members', get: (q) => q.memberCount, align: 'right' },
];

export type QueuesOptions = OutputOptions;

/** `cxgraph queues`: the org's queues, their media types and member counts. Returns them. */
export async function run(opts: QueuesOptions, deps: CommandDeps): Promise<Queue[]> {
  const { io } = deps;
  const format = formatFor(opts.format, io.isTTY);
  const client = await deps.client();
  const progress = startProgress(io, { label: 'Fetching queues', quiet: deps.quiet || (io.isTTY && format !== 'table') });
  const queues: Queue[] = [];
  try {
    for await (const q of counted(client.directory.listQueues(), progress)) queues.push(q);
  } finally {
    progress.stop();
  }
  await writeRows(io, queues, pickColumns(QUEUE_COLUMNS, opts.fields), format, { color: colorEnabled(io) });
  return queues;
}
