import type platformClient from 'purecloud-platform-client-v2';
import { badRequest, notFound } from '../http/errors.js';
import { listParam, type RequestContext, type Route } from '../http/router.js';
import type { OrgAgent } from '../model.js';
import { toQueue, toQueueMember, toTokenInfo, toUser } from '../wire/directory.js';
import { entityListing, parsePaging } from '../wire/listing.js';
import type { RouteDeps } from './context.js';

const USER_EXPANDS = [
  'routingStatus', 'presence', 'integrationPresence', 'conversationSummary', 'outOfOffice', 'geolocation', 'station',
  'authorization', 'lasttokenissued', 'authorization.unusedRoles', 'team', 'workPlanBidRanks', 'externalContactsSettings',
  'groups', 'customAttributes', 'profileSkills', 'certifications', 'locations', 'skills', 'languages', 'dateLastLogin',
];
const USER_STATES = ['active', 'inactive', 'deleted', 'any'];
const SORT_ORDERS = ['asc', 'desc', 'ascending', 'descending', 'ASC', 'DESC'];

function oneOf(ctx: RequestContext, name: string, allowed: readonly string[]): string | undefined {
  const value = ctx.query.get(name) ?? undefined;
  if (value !== undefined && !allowed.includes(value)) {
    throw badRequest(`Value [${value}] is not valid for field type [${name}]. Allowable values are: ${allowed.join(', ')}`, name, 'invalid.value');
  }
  return value;
}

function expandOf(ctx: RequestContext): Set<string> {
  const expand = listParam(ctx.query, 'expand');
  for (const e of expand) {
    if (!USER_EXPANDS.includes(e)) {
      throw badRequest(`Value [${e}] is not valid for field type [expand]. Allowable values are: ${USER_EXPANDS.join(', ')}`, 'expand', 'invalid.value');
    }
  }
  return new Set(expand);
}

function idsOf(ctx: RequestContext, deps: RouteDeps): string[] | undefined {
  const ids = listParam(ctx.query, 'id');
  if (ids.length > deps.limits.maxIdsPerRequest) {
    throw badRequest(`Too many ids: ${ids.length} were given, at most ${deps.limits.maxIdsPerRequest} are allowed per request. Split the ids over several requests.`, 'id');
  }
  return ids.length > 0 ? ids : undefined;
}

const descending = (ctx: RequestContext): boolean => /^desc/i.test(ctx.query.get('sortOrder') ?? '');

/** `*` at either end of a name filter is a wildcard; matching ignores case. */
function nameMatcher(pattern: string | null): (name: string) => boolean {
  if (pattern === null || pattern === '') return () => true;
  const escaped = pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  const re = new RegExp(`^${escaped}$`, 'i');
  return (name) => re.test(name);
}

export function directoryRoutes(deps: RouteDeps): Route[] {
  const { store } = deps;
  const org = store.org;
  const user = (agent: OrgAgent, ctx: RequestContext, expand: ReadonlySet<string>) =>
    toUser(agent, org, { expand, state: store.agentState(agent.id, ctx.now) });

  return [
    {
      method: 'GET',
      pattern: '/api/v2/users',
      handler: (ctx) => {
        const paging = parsePaging(ctx.query, deps.limits.listMaxPageSize);
        const expand = expandOf(ctx);
        const state = oneOf(ctx, 'state', USER_STATES) ?? 'active';
        oneOf(ctx, 'sortOrder', SORT_ORDERS);
        const ids = idsOf(ctx, deps);
        let agents = state === 'active' || state === 'any' ? [...org.agents] : [];
        if (ids) agents = agents.filter((a) => ids.includes(a.id));
        agents.sort((a, b) => a.name.localeCompare(b.name) * (descending(ctx) ? -1 : 1));
        const listing = entityListing(agents, paging, '/api/v2/users', ctx.query);
        return { body: { ...listing, entities: listing.entities.map((a) => user(a, ctx, expand)) } };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/users/me',
      userContext: true,
      handler: (ctx) => {
        const agent = org.agentById.get(ctx.auth.userId ?? '');
        if (!agent) throw notFound(`The user [${ctx.auth.userId}] of this token was not found.`);
        return { body: user(agent, ctx, expandOf(ctx)) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/users/{userId}',
      handler: (ctx) => {
        const agent = org.agentById.get(ctx.params.userId ?? '');
        if (!agent) throw notFound(`User [${ctx.params.userId}] was not found.`);
        return { body: user(agent, ctx, expandOf(ctx)) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/routing/queues',
      permissions: ['routing:queue:view'],
      handler: (ctx) => {
        const paging = parsePaging(ctx.query, deps.limits.listMaxPageSize);
        oneOf(ctx, 'sortOrder', SORT_ORDERS);
        const ids = idsOf(ctx, deps);
        const divisions = listParam(ctx.query, 'divisionId');
        const matchesName = nameMatcher(ctx.query.get('name'));
        const queues = org.queues
          .filter((q) => (!ids || ids.includes(q.id)) && matchesName(q.name) && (divisions.length === 0 || divisions.includes(org.divisionId)))
          .sort((a, b) => a.name.localeCompare(b.name) * (descending(ctx) ? -1 : 1));
        const listing = entityListing(queues, paging, '/api/v2/routing/queues', ctx.query);
        return { body: { ...listing, entities: listing.entities.map((q) => toQueue(q, org)) } };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/routing/queues/{queueId}',
      permissions: ['routing:queue:view'],
      handler: (ctx) => {
        const queue = org.queueById.get(ctx.params.queueId ?? '');
        if (!queue) throw notFound(`Queue [${ctx.params.queueId}] was not found.`);
        return { body: toQueue(queue, org) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/routing/queues/{queueId}/members',
      permissions: ['routing:queue:view', 'routing:queue:edit', 'routing:queue:readonly', 'routing:queueMember:manage'],
      handler: (ctx) => {
        const queue = org.queueById.get(ctx.params.queueId ?? '');
        if (!queue) throw notFound(`Queue [${ctx.params.queueId}] was not found.`);
        const paging = parsePaging(ctx.query, 100);
        const expand = expandOf(ctx);
        const matchesName = nameMatcher(ctx.query.get('name'));
        const statuses = listParam(ctx.query, 'routingStatus').map((s) => s.toUpperCase());
        const presences = listParam(ctx.query, 'presence').map((s) => s.toUpperCase().replace(/\s+/g, '_'));
        const joined = ctx.query.get('joined');
        if (joined !== null && joined !== 'true' && joined !== 'false') {
          throw badRequest(`Value [${joined}] is not valid for field type [joined]. Allowable values are: true, false`, 'joined', 'invalid.value');
        }
        const members = queue.memberIds
          .map((id) => org.agentById.get(id)!)
          .filter((a) => matchesName(a.name) && joined !== 'false')
          .map((a) => ({ agent: a, state: store.agentState(a.id, ctx.now) }))
          .filter(({ state }) => (statuses.length === 0 || statuses.includes(state.routingStatus)) && (presences.length === 0 || presences.includes(state.presence)))
          .sort((a, b) => a.agent.name.localeCompare(b.agent.name) * (descending(ctx) ? -1 : 1));
        // QueueMemberEntityListing has no total, pageCount or lastUri (unlike the users and queues listings).
        const { total: _total, pageCount: _pageCount, lastUri: _lastUri, ...listing } = entityListing(members, paging, `/api/v2/routing/queues/${queue.id}/members`, ctx.query);
        const body: platformClient.Models.QueueMemberEntityListing = {
          ...listing,
          entities: listing.entities.map(({ agent, state }) => toQueueMember(agent, queue, org, { expand, state })),
        };
        return { body };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/tokens/me',
      handler: (ctx) => ({
        body: toTokenInfo({
          org,
          clientId: ctx.auth.clientId,
          clientName: ctx.auth.clientName,
          scopes: [...ctx.auth.permissions].sort(),
          ...(ctx.auth.userId ? { userId: ctx.auth.userId } : {}),
        }),
      }),
    },
  ];
}
