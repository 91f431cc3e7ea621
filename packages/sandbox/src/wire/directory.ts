/**
 * Directory resources: users, queues, queue members and the token info of `GET /api/v2/tokens/me`.
 */
import type platformClient from 'purecloud-platform-client-v2';
import type { AgentState, Org, OrgAgent, OrgQueue } from '../model.js';
import {
  divisionUri,
  iso,
  JABBER_DOMAIN,
  presenceDefinitionUri,
  QUEUE_MEDIA_KEY,
  queueUri,
  SYSTEM_PRESENCE_LABEL,
  userUri,
} from './util.js';

type User = platformClient.Models.User;
type Queue = platformClient.Models.Queue;
type QueueMember = platformClient.Models.QueueMember;
type QueueMediaSettings = platformClient.Models.QueueMediaSettings;
type MediaSettings = platformClient.Models.MediaSettings;
type RoutingStatus = platformClient.Models.RoutingStatus;
type UserPresence = platformClient.Models.UserPresence;
type Division = platformClient.Models.Division;
type TokenInfo = platformClient.Models.TokenInfo;

export interface UserWireOptions {
  /** Values of the request's `expand` parameter. Unknown or unsupported values are ignored. */
  expand: ReadonlySet<string>;
  /** The agent's state at the request's instant; needed for `routingStatus` and `presence`. */
  state?: AgentState;
  /** When the agent last logged in, if known (emitted as `dateLastLogin`). */
  dateLastLogin?: number;
}

export function homeDivision(org: Org): Division {
  return { id: org.divisionId, name: org.divisionName, selfUri: divisionUri(org.divisionId) };
}

export function toRoutingStatus(userId: string, state: AgentState): RoutingStatus {
  return { userId, status: state.routingStatus, startTime: iso(state.routingSince) };
}

/** The agent's primary (Genesys Cloud) presence, pointing at the org's definition of the system presence. */
export function toUserPresence(org: Org, state: AgentState): UserPresence {
  const definition = org.presences.find((p) => p.systemPresence === state.presence);
  if (!definition) throw new Error(`org ${org.id} has no presence definition for ${state.presence}`);
  return {
    id: definition.id,
    source: 'PURECLOUD',
    primary: true,
    presenceDefinition: {
      id: definition.id,
      systemPresence: SYSTEM_PRESENCE_LABEL[state.presence],
      selfUri: presenceDefinitionUri(definition.id),
    },
    modifiedDate: iso(state.presenceSince),
  };
}

/**
 * `GET /api/v2/users[/{id}]`. `routingStatus` and `presence` are expanded only when `opts.state` is given;
 * `skills`, `languages`, `groups`, `locations`, `profileSkills` and `certifications` expand to empty lists
 * (the sandbox has none); other expand values are accepted and ignored.
 */
export function toUser(agent: OrgAgent, org: Org, opts: UserWireOptions): User {
  const user: User = {
    id: agent.id,
    name: agent.name,
    division: homeDivision(org),
    chat: { jabberId: `${agent.id}@${JABBER_DOMAIN}` },
    department: agent.department,
    email: agent.email,
    primaryContactInfo: [{ address: agent.email, mediaType: 'EMAIL', type: 'PRIMARY' }],
    addresses: [],
    state: 'active',
    title: agent.title,
    username: agent.username,
    version: 1,
    acdAutoAnswer: false,
  };
  const { expand, state } = opts;
  if (state && expand.has('routingStatus')) user.routingStatus = toRoutingStatus(agent.id, state);
  if (state && expand.has('presence')) user.presence = toUserPresence(org, state);
  if (expand.has('skills')) user.skills = [];
  if (expand.has('languages')) user.languages = [];
  if (expand.has('groups')) user.groups = [];
  if (expand.has('locations')) user.locations = [];
  if (expand.has('profileSkills')) user.profileSkills = [];
  if (expand.has('certifications')) user.certifications = [];
  if (opts.dateLastLogin !== undefined) user.dateLastLogin = iso(opts.dateLastLogin);
  user.selfUri = userUri(agent.id);
  return user;
}

function mediaSettings(queue: OrgQueue): MediaSettings {
  return {
    alertingTimeoutSeconds: queue.alertingTimeoutSeconds,
    serviceLevel: { percentage: queue.serviceLevel.percentage, durationMs: queue.serviceLevel.durationMs },
  };
}

/** `GET /api/v2/routing/queues[/{id}]`. Every member is a joined user member. */
export function toQueue(queue: OrgQueue, org: Org): Queue {
  const settings: QueueMediaSettings = {};
  for (const media of queue.mediaTypes) settings[QUEUE_MEDIA_KEY[media]] = mediaSettings(queue);
  const members = queue.memberIds.length;
  return {
    id: queue.id,
    name: queue.name,
    division: homeDivision(org),
    description: queue.description,
    dateCreated: iso(org.dateCreated),
    memberCount: members,
    userMemberCount: members,
    joinedMemberCount: members,
    mediaSettings: settings,
    routingRules: [],
    scoringMethod: 'TimestampAndPriority',
    acwSettings: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 120_000 },
    skillEvaluationMethod: 'BEST',
    autoAnswerOnly: false,
    enableTranscription: false,
    enableManualAssignment: false,
    selfUri: queueUri(queue.id),
  };
}

/** One entry of `GET /api/v2/routing/queues/{id}/members`. `routingStatus` is included when a state is given. */
export function toQueueMember(agent: OrgAgent, queue: OrgQueue, org: Org, opts: UserWireOptions): QueueMember {
  void queue;
  const member: QueueMember = {
    id: agent.id,
    name: agent.name,
    user: toUser(agent, org, opts),
    ringNumber: 1,
    joined: true,
    memberBy: 'user',
  };
  if (opts.state) member.routingStatus = toRoutingStatus(agent.id, opts.state);
  member.selfUri = userUri(agent.id);
  return member;
}

export interface TokenInfoOptions {
  org: Pick<Org, 'id' | 'name'>;
  clientId: string;
  clientName: string;
  scopes: string[];
  /** Accepted for callers holding a user token; TokenInfo has no field for it, so it is not emitted. */
  userId?: string;
}

/** `GET /api/v2/tokens/me` for a client-credentials token (which never idles, so no `dateTokenIdles`). */
export function toTokenInfo(opts: TokenInfoOptions): TokenInfo {
  const org = { id: opts.org.id, name: opts.org.name };
  return {
    organization: { ...org },
    homeOrganization: { ...org },
    authorizedScope: [...opts.scopes],
    OAuthClient: {
      id: opts.clientId,
      name: opts.clientName,
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      organization: { ...org },
    },
  };
}
