/**
 * `cxgraph watch`: one line per change of the live state (core's LiveState, fed by Genesys notifications), until
 * Ctrl-C. For scripts (stdout not a terminal) each line is one JSON object, the stable shapes below; on a terminal,
 * a readable line with names. Nothing is polled while the state streams; when notifications are unavailable the
 * state polls and a note on stderr says so.
 *
 * NDJSON lines (keys in this order; absent values are null):
 * - `{"at","kind":"conversation.added|conversation.updated|conversation.ended","conversationId","mediaType",
 *    "direction","queueId","state","agentIds"}` — `state` is the customer's (alerting, connected, disconnected…);
 * - `{"at","kind":"agent.status","agentId","routingStatus","presence"}`;
 * - `{"at","kind":"queue.stats","queueId","waiting","interacting","alerting","agentsOnQueue","longestWaitMs"}`.
 * `at` is when the change happened (ISO-8601, UTC).
 */
import { matchesFilter, type CxGraphClient, type LiveChange, type LiveFilter } from '@cxgraph/core';
import type { CommandDeps } from '../deps.js';
import { agentIds, queueIds, type FilterOptions } from '../options/filters.js';
import { colorEnabled, humanTime } from '../output/format.js';
import { customerState } from './live.js';

export const WATCH_KINDS = ['conversation', 'agent', 'queue'] as const;
export type WatchKind = (typeof WATCH_KINDS)[number];

export interface WatchOptions extends Pick<FilterOptions, 'queue' | 'media' | 'agent'> {
  /** Which changes to print (default: all three). */
  kinds?: WatchKind[];
  /** Stop after this many lines (default: until Ctrl-C). */
  maxEvents?: number;
}

type Line = Record<string, string | number | string[] | null>;

/** Prints changes until interrupted (or `maxEvents`); resolves with the number of lines written. */
export async function run(opts: WatchOptions, deps: CommandDeps): Promise<number> {
  const { io } = deps;
  const client = await deps.client();
  const filter: LiveFilter = {
    ...(opts.queue?.length ? { queueIds: await queueIds(client, opts.queue) } : {}),
    ...(opts.media?.length ? { mediaTypes: opts.media } : {}),
    ...(opts.agent?.length ? { agentIds: await agentIds(client, opts.agent) } : {}),
  };
  const kinds = new Set<WatchKind>(opts.kinds?.length ? opts.kinds : WATCH_KINDS);
  const state = client.liveState();
  const signal = deps.interrupted();
  // Subscribe before starting, so no change between the first snapshot and the first read is lost.
  const changes = state.changes()[Symbol.asyncIterator]();
  // Ctrl-C ends the wait for the next change at once.
  const interrupted = new Promise<'interrupted'>((resolve) => {
    if (signal.aborted) resolve('interrupted');
    signal.addEventListener('abort', () => resolve('interrupted'), { once: true });
  });
  let written = 0;
  try {
    await state.start();
    if (!deps.quiet) {
      io.err(
        state.mode === 'streaming'
          ? 'cxgraph watch: streaming changes (Genesys notifications); Ctrl-C to stop.\n'
          : 'cxgraph watch: notifications are unavailable, polling for changes; Ctrl-C to stop.\n',
      );
    }
    const names = io.isTTY ? await nameBook(client) : undefined;
    const color = colorEnabled(io);
    while (!signal.aborted) {
      const next = await Promise.race([changes.next(), interrupted]);
      if (next === 'interrupted' || next.done) break;
      const line = lineOf(next.value, filter, kinds);
      if (!line) continue;
      io.out(names ? `${readable(line, names, color)}\n` : `${JSON.stringify(line)}\n`);
      written++;
      if (opts.maxEvents !== undefined && written >= opts.maxEvents) break;
    }
  } finally {
    state.close();
    await changes.return?.();
  }
  await io.flush();
  return written;
}

/** The NDJSON line of a change, or undefined when the filter or the kinds leave it out. */
export function lineOf(change: LiveChange, filter: LiveFilter, kinds: ReadonlySet<WatchKind>): Line | undefined {
  const at = new Date(change.at).toISOString();
  switch (change.kind) {
    case 'conversation.added':
    case 'conversation.updated':
    case 'conversation.ended': {
      if (!kinds.has('conversation') || !matchesFilter(change.conversation, filter)) return undefined;
      const c = change.conversation;
      const agentIds = [...new Set(c.participants.filter((p) => (p.purpose === 'agent' || p.purpose === 'user') && p.userId).map((p) => p.userId!))];
      return { at, kind: change.kind, conversationId: c.id, mediaType: c.mediaType ?? null, direction: c.direction ?? null, queueId: c.queueId ?? null, state: customerState(c) ?? null, agentIds };
    }
    case 'agent.status': {
      if (!kinds.has('agent') || (filter.agentIds?.length && !filter.agentIds.includes(change.agent.userId))) return undefined;
      return { at, kind: change.kind, agentId: change.agent.userId, routingStatus: change.agent.routingStatus ?? null, presence: change.agent.presence ?? null };
    }
    case 'queue.stats': {
      if (!kinds.has('queue') || (filter.queueIds?.length && !filter.queueIds.includes(change.queue.queueId))) return undefined;
      const q = change.queue;
      return { at, kind: change.kind, queueId: q.queueId, waiting: q.waiting, interacting: q.interacting, alerting: q.alerting, agentsOnQueue: q.agentsOnQueue, longestWaitMs: q.longestWaitMs ?? null };
    }
  }
}

interface NameBook {
  queue(id: unknown): string;
  user(id: unknown): string;
}

/** Every queue's and agent's name, read once (two listings) so a terminal line can name them. */
async function nameBook(client: CxGraphClient): Promise<NameBook> {
  const queues = new Map<string, string>();
  const users = new Map<string, string>();
  for await (const q of client.directory.listQueues()) if (q.id) queues.set(q.id, q.name ?? q.id);
  for await (const u of client.directory.listUsers()) if (u.id) users.set(u.id, u.name ?? u.id);
  const name = (m: Map<string, string>) => (id: unknown) => (typeof id === 'string' ? (m.get(id) ?? id) : '-');
  return { queue: name(queues), user: name(users) };
}

const KIND_COLOR: Record<string, string> = { 'conversation.added': '32', 'conversation.ended': '2', 'agent.status': '36', 'queue.stats': '33' };

/** One change for people: time, kind, then what changed, with names. */
function readable(line: Line, names: NameBook, color: boolean): string {
  const kind = String(line.kind).padEnd(21);
  const head = `${humanTime(String(line.at))}  ${color && KIND_COLOR[String(line.kind)] ? `\x1b[${KIND_COLOR[String(line.kind)]}m${kind}\x1b[0m` : kind}`;
  switch (line.kind) {
    case 'agent.status':
      return `${head} ${names.user(line.agentId)}: ${line.routingStatus ?? '-'}, ${line.presence ?? '-'}`;
    case 'queue.stats':
      return `${head} ${names.queue(line.queueId)}: ${line.waiting} waiting, ${line.interacting} interacting, ${line.alerting} alerting, ${line.agentsOnQueue} agents on queue`;
    default: {
      const agents = (line.agentIds as string[]).map((id) => names.user(id)).join(', ');
      return `${head} ${line.mediaType ?? '-'} ${line.direction ?? '-'} ${names.queue(line.queueId)} ${line.conversationId} ${line.state ?? '-'}${agents ? ` (${agents})` : ''}`;
    }
  }
}
