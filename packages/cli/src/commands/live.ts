import { matchesFilter, type CxGraphClient, type LiveConversation, type LiveFilter } from '@cxgraph/core';
import type { CommandDeps } from '../deps.js';
import { colorEnabled, humanDuration, humanTime, pickColumns, type Column } from '../output/format.js';
import { pushSource } from '../output/push.js';
import { showRows } from '../output/watch.js';
import { agentIds, queueIds, type FilterOptions } from '../options/filters.js';
import { formatFor, type OutputOptions } from '../options/output.js';

/** A live conversation with its queue and agents named: one row of `cxgraph live`. */
export interface LiveRow {
  conversation: LiveConversation;
  queue: string | undefined;
  /** In order of arrival; `name` is null when the directory does not know the user. */
  agents: { id: string; name: string | null }[];
  /** The customer's (or, outbound, the external party's) state. */
  state: string | undefined;
}

/**
 * The columns of `cxgraph live`, stable (scripts rely on them; documented in --help):
 * id, startTime (ISO-8601), durationMs (so far), mediaType, direction, queue (the name of the first queue
 * the conversation entered), queueId, agents (in order of arrival: JSON/NDJSON `[{"id","name"}]`, `name` null
 * when unknown; tsv/csv/table their names, comma-separated), state (the customer's state: connected,
 * alerting, disconnected…).
 */
export const LIVE_COLUMNS: readonly Column<LiveRow>[] = [
  { key: 'id', get: (r) => r.conversation.id },
  { key: 'startTime', header: 'start', get: (r) => r.conversation.startTime, display: (r) => humanTime(r.conversation.startTime) },
  { key: 'durationMs', header: 'duration', get: (r) => r.conversation.durationMs, display: (r) => humanDuration(r.conversation.durationMs), align: 'right' },
  { key: 'mediaType', header: 'media', get: (r) => r.conversation.mediaType },
  { key: 'direction', get: (r) => r.conversation.direction },
  { key: 'queue', get: (r) => r.queue },
  { key: 'queueId', header: 'queue id', get: (r) => r.conversation.queueId ?? null, machine: true },
  { key: 'agents', get: (r) => r.agents },
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

/** Names kept across the frames of a watch: only ids not seen before are looked up. */
class NameCache {
  private readonly queues = new Map<string, string>();
  private readonly users = new Map<string, string>();

  async resolve(client: CxGraphClient, queueIds: Iterable<string | undefined>, userIds: Iterable<string | undefined>, signal?: AbortSignal): Promise<Names> {
    const newQueues = unique(queueIds).filter((id) => !this.queues.has(id));
    const newUsers = unique(userIds).filter((id) => !this.users.has(id));
    if (newQueues.length > 0 || newUsers.length > 0) {
      const found = await resolveNames(client, newQueues, newUsers, signal);
      for (const id of newQueues) this.queues.set(id, found.queue(id) ?? id);
      for (const id of newUsers) this.users.set(id, found.user(id) ?? id);
    }
    return {
      queue: (id) => (id === undefined ? undefined : (this.queues.get(id) ?? id)),
      user: (id) => (id === undefined ? undefined : (this.users.get(id) ?? id)),
    };
  }
}

const unique = (ids: Iterable<string | undefined>): string[] => [...new Set([...ids].filter((id): id is string => typeof id === 'string' && id !== ''))];

const agentIdsOf = (c: LiveConversation): string[] => unique(c.participants.filter((p) => p.purpose === 'agent' || p.purpose === 'user').map((p) => p.userId));

/** The customer's state: the `customer` participant's, else (outbound) the `external` one's. */
export const customerState = (c: LiveConversation): string | undefined =>
  (c.participants.find((p) => p.purpose === 'customer') ?? c.participants.find((p) => p.purpose === 'external'))?.state;

/** Live conversations (core's `live.list`) with queue and agent names: three kinds of call in all. */
export async function liveRows(client: CxGraphClient, filter: LiveFilter, signal?: AbortSignal): Promise<LiveRow[]> {
  return namedRows(client, await client.live.list(filter, signal ? { signal } : {}), signal);
}

/** Rows for conversations, their queues and agents named (one getQueues and one getUsers call, each skipped when nothing is new to `cache`). */
async function namedRows(client: CxGraphClient, conversations: readonly LiveConversation[], signal?: AbortSignal, cache?: NameCache): Promise<LiveRow[]> {
  const names = cache ? await cache.resolve(client, conversations.map((c) => c.queueId), conversations.flatMap(agentIdsOf), signal) : await resolveNames(
    client,
    conversations.map((c) => c.queueId),
    conversations.flatMap(agentIdsOf),
    signal,
  );
  return conversations.map((c) => ({
    conversation: c,
    queue: names.queue(c.queueId),
    agents: agentIdsOf(c).map((id) => ({ id, name: names.user(id) ?? null })),
    state: customerState(c),
  }));
}

export interface LiveOptions extends OutputOptions, Pick<FilterOptions, 'queue' | 'media' | 'agent'> {
  /** `--watch`: redraw every this many seconds until Ctrl-C. */
  watch?: number;
}

/** `cxgraph live`: the conversations in progress across the org, once or `--watch`ed. Returns the rows shown last. */
export async function run(opts: LiveOptions, deps: CommandDeps): Promise<readonly LiveRow[]> {
  const { io } = deps;
  const format = formatFor(opts.format, io.isTTY);
  const client = await deps.client();
  const filter: LiveFilter = {
    ...(opts.queue?.length ? { queueIds: await queueIds(client, opts.queue) } : {}),
    ...(opts.media?.length ? { mediaTypes: opts.media } : {}),
    ...(opts.agent?.length ? { agentIds: await agentIds(client, opts.agent) } : {}),
  };
  // Watching, the live state when it streams: frames read memory and are redrawn on push (see output/push.ts).
  const push =
    opts.watch === undefined
      ? undefined
      : await pushSource(client, (c) => c.kind.startsWith('conversation.') && 'conversation' in c && matchesFilter(c.conversation, filter), { sleep: deps.sleep });
  const names = new NameCache();
  try {
    return await showRows(io, {
      format,
      columns: pickColumns(LIVE_COLUMNS, opts.fields, format),
      watch: opts.watch === undefined ? undefined : { seconds: opts.watch, signal: deps.interrupted(), timer: push?.timer ?? { sleep: deps.sleep } },
      quiet: deps.quiet,
      write: { color: colorEnabled(io) },
      now: deps.now,
      load: async (signal) => (push ? namedRows(client, await push.state.list(filter), signal, names) : liveRows(client, filter, signal)),
      title: (rows) => `cxgraph live: ${rows.length} conversation${rows.length === 1 ? '' : 's'} at ${humanTime(new Date(deps.now()).toISOString())}${push ? ' (pushed)' : ''}`,
    });
  } finally {
    push?.close();
  }
}
