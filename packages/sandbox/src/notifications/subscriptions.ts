import type { AuthContext } from '../http/router.js';
import type { Org } from '../model.js';
import { availableTopics, parseTopic, type ParsedTopic } from './topics.js';

/**
 * Which requested topics a caller may have, and the body of a subscription request. Shared by the REST
 * subscription endpoints and the socket's `subscribe` message, so both answer the same way.
 *
 * A topic is Rejected when it is not a topic of this org (unknown pattern, queue or user) or when the token
 * lacks a permission the topic's catalogue entry lists (ALL of them are needed: UNCONFIRMED). A user topic of
 * the token's own user is always permitted (the catalogue's "requiresCurrentUserOrPermission").
 */

export interface ChannelTopicEntity {
  id: string;
  state: 'Permitted' | 'Rejected';
  rejectionReason?: string;
  missingPermissions?: string[];
}

export interface TopicVerdict {
  entity: ChannelTopicEntity;
  parsed?: ParsedTopic;
}

/** Permissions per topic template ('v2.users.{id}.presence' → [...]), from the catalogue. */
let permissionsByTemplate: Map<string, string[]> | undefined;

function requiredPermissions(t: ParsedTopic): string[] {
  permissionsByTemplate ??= new Map(
    availableTopics({ expand: ['requiresPermissions'] }).map((e) => {
      const entry = e as { id: string; requiresPermissions?: string[] };
      return [entry.id, entry.requiresPermissions ?? []];
    }),
  );
  return permissionsByTemplate.get(t.name.replace(`.${t.id}.`, '.{id}.')) ?? [];
}

/** Judges each requested topic name for this caller. Duplicates are judged once, first position kept. */
export function judgeTopics(org: Org, auth: Pick<AuthContext, 'permissions' | 'userId'>, names: readonly string[]): TopicVerdict[] {
  const out: TopicVerdict[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const parsed = parseTopic(org, name);
    if ('error' in parsed) {
      out.push({ entity: { id: name, state: 'Rejected', rejectionReason: parsed.error, missingPermissions: [] } });
      continue;
    }
    const ownUser = parsed.kind.startsWith('user.') && auth.userId === parsed.id;
    const missing = ownUser ? [] : requiredPermissions(parsed).filter((p) => !auth.permissions.has(p));
    if (missing.length > 0) {
      out.push({
        parsed,
        entity: { id: name, state: 'Rejected', rejectionReason: `The token lacks ${missing.join(', ')}, which topic ${name} needs.`, missingPermissions: missing },
      });
    } else {
      out.push({ parsed, entity: { id: name, state: 'Permitted' } });
    }
  }
  return out;
}

/**
 * The topic names of a subscription body (`[{ "id": "v2.users.<id>.presence" }, …]`), or a message saying what
 * is wrong with it.
 */
export function parseSubscriptionBody(body: unknown): string[] | { error: string } {
  const shape = 'The body must be a JSON array of topics, e.g. [{"id":"v2.users.<userId>.presence"}]';
  if (body === undefined) return { error: `${shape}; the request had no body.` };
  if (!Array.isArray(body)) return { error: `${shape}; got ${body === null ? 'null' : typeof body}.` };
  const names: string[] = [];
  for (const [i, item] of body.entries()) {
    const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || id.trim() === '') return { error: `${shape}; item ${i} has no string "id".` };
    names.push(id);
  }
  return names;
}

/** The socket `subscribe` message's topics: a list of names. */
export function parseTopicList(topics: unknown): string[] | { error: string } {
  if (!Array.isArray(topics) || !topics.every((t) => typeof t === 'string' && t.trim() !== '')) {
    return { error: 'subscribe needs "topics": an array of topic names, e.g. ["v2.users.<userId>.presence"].' };
  }
  return topics as string[];
}

/** The 1,000-topic cap's message: what was asked, what is allowed, what to do. */
export function tooManyTopicsMessage(wouldHave: number, max: number): string {
  return (
    `A channel can hold at most ${max} topics; this subscription would give it ${wouldHave}. ` +
    'Spread the topics over several channels (each client may hold several), or remove topics first.'
  );
}
