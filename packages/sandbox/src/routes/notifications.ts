import { badRequest, GenesysHttpError, notFound } from '../http/errors.js';
import { listParam, type RequestContext, type Route } from '../http/router.js';
import type { Channel } from '../notifications/channels.js';
import type { NotificationHub, SubscribeMode } from '../notifications/hub.js';
import { parseSubscriptionBody } from '../notifications/subscriptions.js';
import { AVAILABLE_TOPIC_EXPANDS, availableTopics } from '../notifications/topics.js';

/**
 * The Notifications API's REST half (NotificationsApi in the SDK). Channels need no permission (Genesys: "Requires
 * NO permissions"); topics are judged per caller when subscribed (notifications/subscriptions.ts). A channel of
 * another client or user answers 404, as an absent one does.
 */

const CHANNELS = '/api/v2/notifications/channels';

function booleanParam(ctx: RequestContext, name: string): boolean {
  const v = ctx.query.get(name);
  if (v === null || v === '') return false;
  if (v === 'true' || v === 'false') return v === 'true';
  throw badRequest(`Query parameter ${name} must be true or false, got [${v}].`, name, 'invalid.value');
}

export function notificationRoutes(hub: NotificationHub): Route[] {
  const channelOf = (ctx: RequestContext): Channel => {
    const id = ctx.params['channelId'] ?? '';
    const c = hub.useChannel(id, ctx.auth);
    if (!c) throw notFound(`Channel ${id} was not found: it does not exist, has expired, was removed, or belongs to another client.`);
    return c;
  };

  const subscribe = (mode: SubscribeMode) => (ctx: RequestContext) => {
    const c = channelOf(ctx);
    const ignoreErrors = booleanParam(ctx, 'ignoreErrors');
    const names = parseSubscriptionBody(ctx.body);
    if ('error' in names) throw badRequest(names.error);
    const r = hub.subscribe(c, names, mode, !ignoreErrors && hub.rejectedTopicsFail());
    if (!r.ok) {
      const details = r.entities.filter((e) => e.state === 'Rejected').map((e) => ({ errorCode: 'topic.rejected', fieldName: 'id', entityId: e.id }));
      throw new GenesysHttpError(400, 'bad.request', r.message, { details });
    }
    return { body: { entities: r.entities } };
  };

  return [
    { method: 'POST', pattern: CHANNELS, handler: (ctx) => ({ body: hub.toJson(hub.createChannel(ctx.auth)) }) },
    {
      method: 'GET',
      pattern: CHANNELS,
      handler: (ctx) => {
        const include = (ctx.query.get('includechannels') ?? 'token') || 'token';
        if (include !== 'token' && include !== 'oauthclient') {
          throw badRequest(`Query parameter includechannels must be token or oauthclient, got [${include}].`, 'includechannels', 'invalid.value');
        }
        return { body: { entities: hub.listChannels(ctx.auth, include).map((c) => hub.toJson(c)) } };
      },
    },
    {
      method: 'HEAD',
      pattern: `${CHANNELS}/{channelId}`,
      handler: (ctx) => {
        channelOf(ctx);
        return { status: 200 };
      },
    },
    {
      method: 'GET',
      pattern: `${CHANNELS}/{channelId}/subscriptions`,
      handler: (ctx) => ({ body: { entities: [...channelOf(ctx).topics.keys()].map((id) => ({ id, state: 'Permitted' })) } }),
    },
    { method: 'POST', pattern: `${CHANNELS}/{channelId}/subscriptions`, handler: subscribe('add') },
    { method: 'PUT', pattern: `${CHANNELS}/{channelId}/subscriptions`, handler: subscribe('replace') },
    {
      method: 'DELETE',
      pattern: `${CHANNELS}/{channelId}/subscriptions`,
      handler: (ctx) => {
        hub.unsubscribeAll(channelOf(ctx));
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/notifications/availabletopics',
      handler: (ctx) => {
        const expand = listParam(ctx.query, 'expand');
        const unknown = expand.filter((e) => !(AVAILABLE_TOPIC_EXPANDS as readonly string[]).includes(e));
        if (unknown.length > 0) {
          throw badRequest(`Unknown expand value(s) ${unknown.join(', ')}. Allowed: ${AVAILABLE_TOPIC_EXPANDS.join(', ')}.`, 'expand', 'invalid.value');
        }
        return { body: { entities: availableTopics({ expand }) } };
      },
    },
  ];
}
