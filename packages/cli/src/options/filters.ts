/**
 * The filters the data commands share, with one meaning each wherever they appear:
 * - `--queue <queues>`: queues by id or by name (case-insensitive), comma-separated and repeatable — in
 *   `live`, `queue-stats`, `metrics`, `history` and `export` alike (names are looked up in the directory);
 * - `--agent <agents>`: agents by user id (a UUID) or by name (case-insensitive), comma-separated and
 *   repeatable — names are looked up in the directory, an unknown one is exit 2 naming the closest;
 * - `--media <types>`: Genesys media types;
 * - `--direction inbound|outbound`.
 */
import type { CxGraphClient } from '@cxgraph/core';
import { UsageError } from '../errors.js';
import type { Flag } from './flag.js';
import { closest } from './closest.js';
import { isUuid, list, nonEmptyList } from './values.js';

export const MEDIA_TYPES = ['voice', 'callback', 'chat', 'email', 'message', 'cobrowse', 'video', 'screenshare'] as const;
export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface FilterOptions {
  /** Agents by user id or name, as given (see `agentIds`). */
  agent?: string[];
  /** Queues by id or name, as given (see `queueIds`). */
  queue?: string[];
  media?: string[];
  direction?: Direction;
}

const mediaTypes = (value: string, previous: string[] | undefined): string[] => {
  const given = list(value).map((m) => m.toLowerCase());
  if (given.length === 0) throw new UsageError(`--media expects one or more media types: ${MEDIA_TYPES.join(', ')}.`);
  const bad = given.filter((m) => !(MEDIA_TYPES as readonly string[]).includes(m));
  if (bad.length > 0) throw new UsageError(`Unknown media type${bad.length > 1 ? 's' : ''} ${bad.map((b) => `"${b}"`).join(', ')}. Media types: ${MEDIA_TYPES.join(', ')}.`);
  return [...new Set([...(previous ?? []), ...given])];
};

export const AGENT_FLAG: Flag = { flags: '--agent <agents>', description: 'only these agents, by user id or name (comma-separated)', parse: idsOrNames('--agent', 'one or more agent ids or names') };

/** Like nonEmptyList, with ids (UUIDs) lower-cased as Genesys writes them; names stay as given. */
function idsOrNames(name: string, what: string) {
  const parse = nonEmptyList(name, what);
  return (value: string, previous: string[] | undefined): string[] => [...new Set(parse(value, previous).map((v) => (isUuid(v) ? v.toLowerCase() : v)))];
}
export const QUEUE_FLAG: Flag = { flags: '--queue <queues>', description: 'only these queues, by id or name (comma-separated)', parse: nonEmptyList('--queue', 'one or more queue ids or names') };
export const MEDIA_FLAG: Flag = { flags: '--media <types>', description: `only these media types: ${MEDIA_TYPES.join(', ')}`, parse: mediaTypes };
export const directionFlag = (description = 'only conversations that started in this direction (originating direction)'): Flag => ({
  flags: '--direction <direction>',
  description,
  choices: DIRECTIONS,
});

/** `--agent`, `--queue`, `--media` (each repeatable, comma-separated). */
export const FILTER_FLAGS: readonly Flag[] = [AGENT_FLAG, QUEUE_FLAG, MEDIA_FLAG];

export const filterOptions = (flags: FilterOptions): FilterOptions => ({
  ...(flags.agent?.length ? { agent: flags.agent } : {}),
  ...(flags.queue?.length ? { queue: flags.queue } : {}),
  ...(flags.media?.length ? { media: flags.media } : {}),
  ...(flags.direction ? { direction: flags.direction } : {}),
});

export interface QueueRef {
  id: string;
  name: string;
}

/** Every queue of the org (id and name), in the directory's order. */
export async function listQueueRefs(client: CxGraphClient): Promise<QueueRef[]> {
  const out: QueueRef[] = [];
  for await (const q of client.directory.listQueues()) if (q.id) out.push({ id: q.id, name: q.name ?? q.id });
  return out;
}

/**
 * The queues `--queue` names, by id or by name (case-insensitive), in the order given, each once; an unknown
 * one is a usage error naming the known ones.
 */
export function matchQueues(known: readonly QueueRef[], wanted: readonly string[]): QueueRef[] {
  const queues: QueueRef[] = [];
  const unknown: string[] = [];
  for (const w of wanted) {
    const q = known.find((k) => k.id.toLowerCase() === w.toLowerCase()) ?? known.find((k) => k.name.toLowerCase() === w.toLowerCase());
    if (!q) unknown.push(w);
    else if (!queues.includes(q)) queues.push(q);
  }
  if (unknown.length > 0) {
    throw new UsageError(`Unknown queue${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}. Queues (by name or id): ${known.map((k) => k.name).join(', ')}.`);
  }
  return queues;
}

/**
 * `--queue`'s values as queue ids for a query. Ids (UUIDs) are taken as given, with no directory call, as
 * Genesys takes them (a query for a queue that has no data is not an error); names are looked up in one
 * listing of the queues, and an unknown name is a usage error naming the known ones.
 */
export async function queueIds(client: CxGraphClient, wanted: readonly string[]): Promise<string[]> {
  if (wanted.every(isUuid)) return [...new Set(wanted.map((w) => w.toLowerCase()))];
  const known = await listQueueRefs(client);
  matchQueues(known, wanted.filter((w) => !isUuid(w))); // every name is known, or one error naming all that are not
  return [...new Set(wanted.map((w) => (isUuid(w) ? w.toLowerCase() : matchQueues(known, [w])[0]!.id)))];
}

/**
 * `--agent`'s values as user ids. Ids (UUIDs) are taken as given, with no directory call; names (any case) are
 * looked up in one listing of the users. An unknown name is a usage error naming the closest agents — never a
 * silent empty result; a name two agents share is one too, naming their ids.
 */
export async function agentIds(client: CxGraphClient, wanted: readonly string[]): Promise<string[]> {
  if (wanted.every(isUuid)) return [...new Set(wanted.map((w) => w.toLowerCase()))];
  const users: QueueRef[] = [];
  for await (const u of client.directory.listUsers()) if (u.id) users.push({ id: u.id, name: u.name ?? u.id });
  const ids: string[] = [];
  for (const w of wanted) {
    if (isUuid(w)) {
      ids.push(w.toLowerCase());
      continue;
    }
    const matches = users.filter((u) => u.name.toLowerCase() === w.trim().toLowerCase());
    if (matches.length === 0) {
      const near = closest(w, users.map((u) => u.name));
      throw new UsageError(`Unknown agent "${w}".${near.length ? ` Closest: ${near.map((n) => `"${n}"`).join(', ')}.` : ''} Give an agent's name as \`cxgraph agents\` lists it, or their user id.`);
    }
    if (matches.length > 1) throw new UsageError(`"${w}" names ${matches.length} agents (${matches.map((m) => m.id).join(', ')}): give the user id of the one you mean.`);
    ids.push(matches[0]!.id);
  }
  return [...new Set(ids)];
}
