/**
 * The notification events of the sandbox: what happened on the timeline between two instants, per topic.
 * Computed on demand from the same records as every other view (store.conversationsOfDay, viewAt,
 * store.agentState, the observations engine), so a pushed event agrees with GET /conversations/{id}, the users
 * endpoints and the observations query at the same instant. Nothing is stored: calling it twice, or over a span
 * split into pieces, gives the same events.
 *
 * Topics (parsed by topics.ts):
 * - `v2.routing.queues.{id}.conversations`: conversations that have reached the queue (an acd participant of
 *   that queue has joined), from the instant they reach it until they end. After a transfer to another queue the
 *   first queue's topic keeps receiving the conversation until it ends (its acd participant stays in the
 *   conversation, disconnected), so its subscribers see the ENDED event too; the second queue's topic starts when
 *   the conversation enters it.
 * - `v2.users.{id}.conversations`: conversations with a participant of that user (agent, or user for outbound),
 *   from the instant they join (alerting) until the conversation ends, for the same reason.
 * - `v2.users.{id}.presence`, `v2.users.{id}.routingStatus`: see events-agent.ts.
 * - `v2.analytics.queues.{id}.observations`: see events-observations.ts.
 * A conversation event is emitted at every instant its live view changes (events-timeline.ts), with the
 * conversation as it stands then (events-conversation.ts); its last event, at `end`, shows every participant
 * disconnected and no after-call work pending (the ENDED signal, `isEndedConversationEvent`).
 *
 * Cost: proportional to the changes in the span (conversation instants, agents' state changes), hardly to the
 * number of topics; so a caller serving many channels should ask once per tick with the union of their topics
 * and route the events by `topicName`, rather than once per channel.
 *
 * Order: by `at`; at the same instant by topic kind (queue conversations, user conversations, routing status,
 * presence, queue observations), then by topic name, then by conversation start and id (conversation topics)
 * or group (observations: the media type groups by media type, then the queue's user group).
 */
import { LRUCache } from 'lru-cache';
import { viewAt, type Org, type SimConversation } from '../model.js';
import type { OrgStore } from '../store.js';
import { agentStateChanges, presenceEventBody, routingStatusEventBody, type AgentChange } from './events-agent.js';
import { conversationEventBody, type ConversationEventBody } from './events-conversation.js';
import { observationChangesIn, userObservationChangesIn } from './events-observations.js';
import { SpanDays, timelineOf, within } from './events-timeline.js';
import { parseTopic, type ParsedTopic, type TopicKind } from './topics.js';

export { isEndedConversationEvent, type ConversationEventBody } from './events-conversation.js';

export interface NotificationEvent {
  /** Sandbox-clock instant (epoch ms) at which it happened. */
  at: number;
  topicName: string;
  /** The SDK event model for that topic, as JSON. Events of one instant may share a body object: never mutate it. */
  eventBody: unknown;
}

/** Sorts the queue's {queueId} user group after its media type groups, as the observations query does. */
const USERS_GROUP = '~users';

const KIND_RANK: Readonly<Record<TopicKind, number>> = {
  'queue.conversations': 0,
  'user.conversations': 1,
  'user.routingStatus': 2,
  'user.presence': 3,
  'queue.observations': 4,
};

interface Ranked extends NotificationEvent {
  rank: number;
  /** Tie-break within a topic at one instant. */
  key1: number;
  key2: string;
}

interface Subscriptions {
  queueConversations: Map<string, string>;
  userConversations: Map<string, string>;
  presence: Map<string, string>;
  routingStatus: Map<string, string>;
  observations: Map<string, string>;
}

/** Parsed topic names per org: delivery asks with the same names over and over. */
const parsedTopics = new WeakMap<Org, Map<string, ParsedTopic | undefined>>();

function parsed(org: Org, name: string): ParsedTopic | undefined {
  let cache = parsedTopics.get(org);
  if (!cache) parsedTopics.set(org, (cache = new Map()));
  if (cache.has(name)) return cache.get(name);
  const t = parseTopic(org, name);
  const value = 'error' in t ? undefined : t;
  // Bounded: a caller sending endless distinct junk names must not grow it without limit.
  if (cache.size >= 100_000) cache.clear();
  cache.set(name, value);
  return value;
}

/** Topic names by entity id, per kind. Names that are not topics of this org are ignored (delivery rejects them). */
function subscriptionsOf(org: Org, topics: ReadonlySet<string>): Subscriptions {
  const subs: Subscriptions = { queueConversations: new Map(), userConversations: new Map(), presence: new Map(), routingStatus: new Map(), observations: new Map() };
  const target: Record<TopicKind, Map<string, string>> = {
    'queue.conversations': subs.queueConversations,
    'user.conversations': subs.userConversations,
    'user.presence': subs.presence,
    'user.routingStatus': subs.routingStatus,
    'queue.observations': subs.observations,
  };
  for (const name of topics) {
    const t = parsed(org, name);
    if (t) target[t.kind].set(t.id, t.name);
  }
  return subs;
}

/**
 * The same set is usually passed every ~100 ms: keep its parsed form with a snapshot of its names, and reuse it
 * while the set still holds exactly those names in the same order (a changed set is simply parsed again).
 */
const subscriptionCache = new WeakMap<ReadonlySet<string>, { org: Org; names: string[]; subs: Subscriptions }>();

function subscriptions(org: Org, topics: ReadonlySet<string>): Subscriptions {
  const hit = subscriptionCache.get(topics);
  if (hit && hit.org === org && hit.names.length === topics.size) {
    let i = 0;
    let same = true;
    for (const name of topics) if (name !== hit.names[i++]) { same = false; break; }
    if (same) return hit.subs;
  }
  const subs = subscriptionsOf(org, topics);
  subscriptionCache.set(topics, { org, names: [...topics], subs });
  return subs;
}

/**
 * Every event with from < at <= to for the given topics, sorted by `at` (ties as documented above), computed
 * from the same timeline as every other view.
 */
export function eventsBetween(store: OrgStore, from: number, to: number, topics: ReadonlySet<string>): NotificationEvent[] {
  if (!(to > from) || topics.size === 0) return [];
  const subs = subscriptions(store.org, topics);
  const out: Ranked[] = [];
  const wantsConversations = subs.queueConversations.size > 0 || subs.userConversations.size > 0;
  const days = new SpanDays(store, from, to);
  const changing = wantsConversations || subs.observations.size > 0 ? days.conversationsChanging() : [];

  if (wantsConversations) for (const c of changing) conversationEvents(store, c, from, to, subs, out);

  // Agents' state changes, for their own topics and for the user observations of the queues they are members of.
  const observedMembers = new Set<string>();
  for (const queueId of subs.observations.keys()) for (const id of store.org.queueById.get(queueId)?.memberIds ?? []) observedMembers.add(id);
  const agentChanges = new Map<string, AgentChange[]>();
  if (subs.presence.size > 0 || subs.routingStatus.size > 0 || observedMembers.size > 0) {
    const candidates = days.agentChanges((id) => subs.presence.has(id) || subs.routingStatus.has(id) || observedMembers.has(id));
    for (const [agentId, instants] of candidates) {
      const changes = agentStateChanges(store, agentId, from, instants);
      agentChanges.set(agentId, changes);
      agentEvents(agentId, changes, store, subs.presence.get(agentId), subs.routingStatus.get(agentId), out);
    }
  }

  if (subs.observations.size > 0) {
    const rank = KIND_RANK['queue.observations'];
    for (const ch of observationChangesIn(subs.observations.keys(), changing, from, to)) {
      out.push({ at: ch.at, topicName: subs.observations.get(ch.queueId)!, eventBody: ch.body, rank, key1: 0, key2: ch.mediaType ?? USERS_GROUP });
    }
    for (const [queueId, topicName] of subs.observations) {
      for (const ch of userObservationChangesIn(store.org, queueId, from, to, agentChanges, (id, at) => store.agentState(id, at))) {
        out.push({ at: ch.at, topicName, eventBody: ch.body, rank, key1: 0, key2: USERS_GROUP });
      }
    }
  }

  out.sort(
    (a, b) =>
      a.at - b.at || a.rank - b.rank || (a.topicName < b.topicName ? -1 : a.topicName > b.topicName ? 1 : 0) || a.key1 - b.key1 || (a.key2 < b.key2 ? -1 : a.key2 > b.key2 ? 1 : 0),
  );
  return out.map(({ at, topicName, eventBody }) => ({ at, topicName, eventBody }));
}

/**
 * Recent conversation bodies, shared by the calls of one tick (delivery asks once per channel, for the same span):
 * per conversation record, its last few instants. Bounded, and keyed by the record itself, so two stores (two
 * sandboxes in one process) never share a body.
 */
const recentBodies = new LRUCache<SimConversation, Map<number, ConversationEventBody>>({ max: 4_000 });
const BODIES_PER_CONVERSATION = 4;

function cachedBody(store: OrgStore, c: SimConversation, at: number): ConversationEventBody {
  let byAt = recentBodies.get(c);
  const hit = byAt?.get(at);
  if (hit) return hit;
  const body = conversationEventBody(viewAt(c, at)!, store.org, at);
  if (!byAt) recentBodies.set(c, (byAt = new Map()));
  if (byAt.size >= BODIES_PER_CONVERSATION) byAt.delete(byAt.keys().next().value!);
  byAt.set(at, body);
  return body;
}

function conversationEvents(store: OrgStore, c: SimConversation, from: number, to: number, subs: Subscriptions, out: Ranked[]): void {
  const tl = timelineOf(c);
  // Who may hear of this conversation at all: skip the body work when nobody subscribed does.
  const queueTopics: Array<[string, number]> = [];
  for (const [queueId, since] of tl.queues) {
    const name = subs.queueConversations.get(queueId);
    if (name !== undefined && since <= to) queueTopics.push([name, since]);
  }
  const userTopics: Array<[string, number]> = [];
  for (const [userId, since] of tl.users) {
    const name = subs.userConversations.get(userId);
    if (name !== undefined && since <= to) userTopics.push([name, since]);
  }
  if (queueTopics.length === 0 && userTopics.length === 0) return;
  for (const at of within(tl.changes, from, to)) {
    let body: ConversationEventBody | undefined;
    const bodyAt = (): ConversationEventBody => (body ??= cachedBody(store, c, at));
    for (const [topicName, since] of queueTopics) {
      if (since <= at) out.push({ at, topicName, eventBody: bodyAt(), rank: KIND_RANK['queue.conversations'], key1: c.start, key2: c.id });
    }
    for (const [topicName, since] of userTopics) {
      if (since <= at) out.push({ at, topicName, eventBody: bodyAt(), rank: KIND_RANK['user.conversations'], key1: c.start, key2: c.id });
    }
  }
}

function agentEvents(
  agentId: string,
  changes: readonly AgentChange[],
  store: OrgStore,
  presenceTopic: string | undefined,
  routingTopic: string | undefined,
  out: Ranked[],
): void {
  for (const ch of changes) {
    if (routingTopic !== undefined && ch.routingChanged) {
      out.push({ at: ch.at, topicName: routingTopic, eventBody: routingStatusEventBody(agentId, ch.state), rank: KIND_RANK['user.routingStatus'], key1: 0, key2: '' });
    }
    if (presenceTopic !== undefined && ch.presenceChanged) {
      out.push({ at: ch.at, topicName: presenceTopic, eventBody: presenceEventBody(store.org, ch.state), rank: KIND_RANK['user.presence'], key1: 0, key2: '' });
    }
  }
}
