/**
 * The notification topics the sandbox publishes, as Genesys names them (genesys-push-jobs-users.md §B2), and
 * their catalogue for `GET /api/v2/notifications/availabletopics`.
 *
 * A topic names one entity of the org (a queue or a user) by id. `parseTopic` accepts only the five patterns
 * below, and only ids this org has: a typo'd id would otherwise be a subscription that silently never fires.
 */
import type { Org } from '../model.js';

export type TopicKind = 'queue.conversations' | 'user.conversations' | 'user.presence' | 'user.routingStatus' | 'queue.observations';

export interface ParsedTopic {
  name: string;
  kind: TopicKind;
  id: string;
}

interface TopicPattern {
  kind: TopicKind;
  /** The name with `{id}` for the entity, as the catalogue lists it. */
  template: string;
  entity: 'queue' | 'user';
  description: string;
  /** Permissions Genesys documents for the topic (informative: the catalogue lists them). */
  permissions: string[];
  /** The SDK model the events of this topic carry. */
  schemaTitle: string;
  publicApiTemplateUriPaths: string[];
}

const PATTERNS: readonly TopicPattern[] = [
  {
    kind: 'queue.conversations',
    template: 'v2.routing.queues.{id}.conversations',
    entity: 'queue',
    description: 'Conversations that have entered the queue, each time one changes (a participant joins, a media state changes, wrap-up is done, it ends).',
    permissions: ['routing:queue:view', 'conversation:communication:view'],
    schemaTitle: 'QueueConversationEventTopicConversation',
    publicApiTemplateUriPaths: ['/api/v2/routing/queues/{id}', '/api/v2/conversations/{id}'],
  },
  {
    kind: 'user.conversations',
    template: 'v2.users.{id}.conversations',
    entity: 'user',
    description: 'Conversations the user takes part in, each time one changes.',
    permissions: ['conversation:communication:view'],
    schemaTitle: 'ConversationEventTopicConversation',
    publicApiTemplateUriPaths: ['/api/v2/users/{id}', '/api/v2/conversations/{id}'],
  },
  {
    kind: 'user.presence',
    template: 'v2.users.{id}.presence',
    entity: 'user',
    description: "The user's primary presence, each time it changes.",
    permissions: [],
    schemaTitle: 'PresenceEventUserPresence',
    publicApiTemplateUriPaths: ['/api/v2/users/{id}/presences/purecloud'],
  },
  {
    kind: 'user.routingStatus',
    template: 'v2.users.{id}.routingStatus',
    entity: 'user',
    description: "The user's routing status, each time it changes.",
    permissions: [],
    schemaTitle: 'UserRoutingStatusUserRoutingStatus',
    publicApiTemplateUriPaths: ['/api/v2/users/{id}/routingstatus'],
  },
  {
    kind: 'queue.observations',
    template: 'v2.analytics.queues.{id}.observations',
    entity: 'queue',
    description: "The queue's instantaneous observations (oWaiting, oInteracting, oAlerting per media type; oOnQueueUsers, oOffQueueUsers, oActiveUsers, oMemberUsers for the queue), each time one changes.",
    permissions: ['analytics:queueObservation:view'],
    schemaTitle: 'StatEventQueueTopicStatsNotification',
    publicApiTemplateUriPaths: ['/api/v2/analytics/queues/observations/query'],
  },
];

/** Each pattern as a regular expression capturing the id (ids are anything between the fixed dots). */
const MATCHERS = PATTERNS.map((p) => {
  const [head, tail] = p.template.split('{id}') as [string, string];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { pattern: p, re: new RegExp(`^${escape(head)}([^.]+)${escape(tail)}$`) };
});

const TEMPLATES = PATTERNS.map((p) => p.template).join(', ');

/** Parses a topic name against the org; `{ error }` says why it is not a topic this org has. */
export function parseTopic(org: Org, name: string): ParsedTopic | { error: string } {
  if (typeof name !== 'string' || name.trim() === '') {
    return { error: `The topic name is empty. Topics this sandbox publishes: ${TEMPLATES}.` };
  }
  for (const { pattern, re } of MATCHERS) {
    const m = re.exec(name);
    if (!m) continue;
    const id = m[1]!;
    if (pattern.entity === 'queue' && !org.queueById.has(id)) {
      return { error: `Topic ${name} names queue ${id}, which this org does not have. Use an id from GET /api/v2/routing/queues.` };
    }
    if (pattern.entity === 'user' && !org.agentById.has(id)) {
      return { error: `Topic ${name} names user ${id}, which this org does not have. Use an id from GET /api/v2/users.` };
    }
    return { name, kind: pattern.kind, id };
  }
  return { error: `Topic ${name} is not a topic this sandbox publishes. Allowed patterns: ${TEMPLATES} (with a queue or user id of this org for {id}).` };
}

/** Fields `expand` may ask for, as Genesys documents them. */
export const AVAILABLE_TOPIC_EXPANDS = [
  'description', 'enforced', 'schema', 'visibility', 'transports', 'publicApiTemplateUriPaths', 'requiresPermissions',
  'permissionDetails', 'topicParameters',
] as const;

/**
 * The catalogue for GET /api/v2/notifications/availabletopics: `AvailableTopic` entries with `{id}` templates.
 * Without `expand` an entry has its `id` and `description` (documented choice: Genesys's default set of fields
 * is not captured anywhere we could read); each `expand` value adds that field.
 */
export function availableTopics(opts: { expand?: string[] }): object[] {
  const expand = new Set(opts.expand ?? []);
  return PATTERNS.map((p) => {
    const entry: Record<string, unknown> = { id: p.template, description: p.description };
    if (expand.has('requiresPermissions')) {
      entry.requiresPermissions = [...p.permissions];
      entry.requiresDivisionPermissions = false;
      entry.requiresCurrentUser = false;
      entry.requiresCurrentUserOrPermission = p.entity === 'user' && p.permissions.length > 0;
    }
    if (expand.has('permissionDetails')) {
      entry.permissionDetails = p.permissions.length > 0 ? [{ type: 'requiresPermissions', permissions: [...p.permissions], allowsCurrentUser: p.entity === 'user', enforced: true }] : [];
    }
    if (expand.has('enforced')) entry.enforced = p.permissions.length > 0;
    if (expand.has('visibility')) entry.visibility = 'Public';
    if (expand.has('schema')) entry.schema = { title: p.schemaTitle, type: 'object' };
    if (expand.has('transports')) entry.transports = ['Websocket'];
    if (expand.has('publicApiTemplateUriPaths')) entry.publicApiTemplateUriPaths = [...p.publicApiTemplateUriPaths];
    if (expand.has('topicParameters')) entry.topicParameters = ['id'];
    return entry;
  });
}
