import type { CxGraphClient, LiveConversation, LiveFilter } from '@cxgraph/core';
import { InvalidArgumentError, type Command } from 'commander';
import { list } from '../args.js';
import { CommandContext } from '../context.js';
import type { Io } from '../io.js';
import { addOutputOptions, colorEnabled, columnsHelp, humanDuration, humanTime, resolveOutput, type Column, type OutputFlags } from '../output/format.js';
import { showRows, watchOption, watchSeconds } from '../output/watch.js';

/** Media types Genesys Cloud routes (what `--media` accepts). */
export const MEDIA_TYPES = ['voice', 'callback', 'chat', 'email', 'message'] as const;

/** `--media voice,chat`: a list of known media types (repeatable), anything else a usage error. */
export function mediaList(value: string, previous: string[] = []): string[] {
  const given = list(value).map((m) => m.toLowerCase());
  const bad = given.filter((m) => !(MEDIA_TYPES as readonly string[]).includes(m));
  if (bad.length > 0) throw new InvalidArgumentError(`Unknown media type${bad.length > 1 ? 's' : ''} ${bad.map((b) => `"${b}"`).join(', ')}. Media types: ${MEDIA_TYPES.join(', ')}.`);
  return [...new Set([...previous, ...given])];
}

/** A live conversation with its queue and agents named: one row of `cxgraph live`. */
export interface LiveRow {
  conversation: LiveConversation;
  queue: string | undefined;
  agents: string[];
  /** The customer's (or, outbound, the external party's) state. */
  state: string | undefined;
}

/**
 * The columns of `cxgraph live`, stable (scripts rely on them; documented in --help):
 * id, startTime (ISO-8601), durationMs (so far), mediaType, direction, queue (the name of the first queue
 * the conversation entered), agents (the names of its agents, comma-separated, in order of arrival),
 * state (the customer's state: connected, alerting, disconnected…).
 */
export const LIVE_COLUMNS: readonly Column<LiveRow>[] = [
  { key: 'id', get: (r) => r.conversation.id },
  { key: 'startTime', header: 'start', get: (r) => r.conversation.startTime, display: (r) => humanTime(r.conversation.startTime) },
  { key: 'durationMs', header: 'duration', get: (r) => r.conversation.durationMs, display: (r) => humanDuration(r.conversation.durationMs), align: 'right' },
  { key: 'mediaType', header: 'media', get: (r) => r.conversation.mediaType },
  { key: 'direction', get: (r) => r.conversation.direction },
  { key: 'queue', get: (r) => r.queue },
  { key: 'agents', get: (r) => r.agents.join(', ') },
  { key: 'state', get: (r) => r.state },
];

export interface Names {
  queue(id: string | undefined): string | undefined;
  user(id: string | undefined): string | undefined;
}

/**
 * Names for queue and user ids: one `getQueues` and one `getUsers` call whatever the number of ids (each
 * skipped when there is nothing to name). An id Genesys does not know stays an id.
 */
export async function resolveNames(client: CxGraphClient, queueIds: Iterable<string | undefined>, userIds: Iterable<string | undefined>, signal?: AbortSignal): Promise<Names> {
  const qs = unique(queueIds);
  const us = unique(userIds);
  const opts = signal ? { signal } : {};
  const [queues, users] = await Promise.all([
    qs.length > 0 ? client.directory.getQueues(qs, opts) : Promise.resolve([]),
    us.length > 0 ? client.directory.getUsers(us, {}, opts) : Promise.resolve([]),
  ]);
  const queueNames = new Map(qs.map((id, i) => [id, queues[i]?.name ?? id]));
  const userNames = new Map(us.map((id, i) => [id, users[i]?.name ?? id]));
  return {
    queue: (id) => (id === undefined ? undefined : (queueNames.get(id) ?? id)),
    user: (id) => (id === undefined ? undefined : (userNames.get(id) ?? id)),
  };
}

const unique = (ids: Iterable<string | undefined>): string[] => [...new Set([...ids].filter((id): id is string => typeof id === 'string' && id !== ''))];

const agentIdsOf = (c: LiveConversation): string[] => unique(c.participants.filter((p) => p.purpose === 'agent' || p.purpose === 'user').map((p) => p.userId));

/** The customer's state: the `customer` participant's, else (outbound) the `external` one's. */
export const customerState = (c: LiveConversation): string | undefined =>
  (c.participants.find((p) => p.purpose === 'customer') ?? c.participants.find((p) => p.purpose === 'external'))?.state;

/** Live conversations (core's `live.list`) with queue and agent names: three kinds of call in all. */
export async function liveRows(client: CxGraphClient, filter: LiveFilter, signal?: AbortSignal): Promise<LiveRow[]> {
  const conversations = await client.live.list(filter, signal ? { signal } : {});
  const names = await resolveNames(
    client,
    conversations.map((c) => c.queueId),
    conversations.flatMap(agentIdsOf),
    signal,
  );
  return conversations.map((c) => ({
    conversation: c,
    queue: names.queue(c.queueId),
    agents: agentIdsOf(c).map((id) => names.user(id) ?? id),
    state: customerState(c),
  }));
}

interface LiveOptions extends OutputFlags {
  queue?: string[];
  media?: string[];
  agent?: string[];
  watch?: number | true;
}

export function registerLive(program: Command, io: Io): void {
  const command = program
    .command('live')
    .description('List the conversations in progress across the org (voice, callbacks, chats, emails, messages).')
    .option('--queue <ids>', 'only conversations in these queues (ids, comma-separated)', list)
    .option('--media <types>', `only these media types (${MEDIA_TYPES.join(', ')})`, mediaList)
    .option('--agent <ids>', 'only conversations these agents (user ids) took part in', list)
    .addOption(watchOption('the list'));
  addOutputOptions(command);
  command
    .addHelpText(
      'after',
      `
${columnsHelp(LIVE_COLUMNS)}
  queue: the name of the first queue the conversation entered; agents: the
  names of its agents, comma-separated; state: the customer's (connected,
  alerting…). The table shows times and durations for people; TSV, CSV and
  JSON carry startTime in ISO-8601 and durationMs in milliseconds.

--watch: on a terminal, the table is redrawn in place every N seconds until
  Ctrl-C (exit 0). Piped, or with --json/--ndjson/--csv, one whole snapshot per
  interval: TSV/CSV with their header line, NDJSON its rows, JSON one array a
  line; each is announced on stderr (unless --quiet).

Example:
  cxgraph live --sandbox
  cxgraph live --media voice,callback --json
  cxgraph live --watch 2              # a live board, redrawn every 2 seconds
  cxgraph live --ndjson --watch 10 >> live.ndjson
`,
    )
    .action(async (opts: LiveOptions, cmd: Command) => {
      const { format, columns } = resolveOutput(cmd, opts, LIVE_COLUMNS, io.isTTY);
      const ctx = CommandContext.of(cmd, io);
      try {
        const client = await ctx.client();
        const filter: LiveFilter = {
          ...(opts.queue?.length ? { queueIds: opts.queue } : {}),
          ...(opts.media?.length ? { mediaTypes: opts.media } : {}),
          ...(opts.agent?.length ? { agentIds: opts.agent } : {}),
        };
        await showRows(io, {
          format,
          columns,
          watch: watchSeconds(opts.watch),
          quiet: ctx.global.quiet,
          write: { color: colorEnabled(io) },
          now: () => ctx.now(),
          load: (signal) => liveRows(client, filter, signal),
          title: (rows) => `cxgraph live: ${rows.length} conversation${rows.length === 1 ? '' : 's'} at ${humanTime(new Date(ctx.now()).toISOString())}`,
        });
      } finally {
        await ctx.close();
      }
    });
}
