import { badRequest, notFound } from '../http/errors.js';
import type { RequestContext, Route } from '../http/router.js';
import type { MediaType, SimConversation } from '../model.js';
import { toCallConversation, toCallConversationListing, toConversation, toConversationListing } from '../wire/conversation.js';
import { parsePaging } from '../wire/listing.js';
import { conversationAt, liveConversations, type RouteDeps } from './context.js';

const VIEW = ['conversation:communication:view'];
/** `communicationType` values and the media each selects (the SDK documents "Call or Chat"; we accept each medium). */
const COMMUNICATION_TYPES: Record<string, MediaType> = { call: 'voice', callback: 'callback', chat: 'chat', email: 'email', message: 'message' };

/** The caller's own conversations in progress: those where they are an agent who has not yet left (wrap-up included). */
function mine(deps: RouteDeps, ctx: RequestContext): SimConversation[] {
  const userId = ctx.auth.userId;
  return liveConversations(deps.store, ctx.now).filter((c) =>
    c.participants.some((p) => p.userId === userId && (p.end === undefined || p.sessions.some((s) => s.segments.some((seg) => seg.end === undefined)))),
  );
}

export function conversationRoutes(deps: RouteDeps): Route[] {
  const { store } = deps;
  const org = store.org;
  const found = (ctx: RequestContext): SimConversation => {
    const c = conversationAt(store, ctx.params.conversationId ?? '', ctx.now);
    if (!c) throw notFound(`Conversation [${ctx.params.conversationId}] was not found.`);
    return c;
  };
  return [
    {
      method: 'GET',
      pattern: '/api/v2/conversations',
      userContext: true,
      handler: (ctx) => {
        const type = ctx.query.get('communicationType');
        let media: MediaType | undefined;
        if (type !== null && type !== '') {
          media = COMMUNICATION_TYPES[type.toLowerCase()];
          if (!media) {
            throw badRequest(`Value [${type}] is not valid for field type [communicationType]. Allowable values are: ${Object.keys(COMMUNICATION_TYPES).join(', ')}`, 'communicationType', 'invalid.value');
          }
        }
        const paging = parsePaging(ctx.query, 100);
        const list = mine(deps, ctx).filter((c) => media === undefined || c.mediaType === media);
        return { body: toConversationListing(list.map((c) => toConversation(c, org, ctx.now)), paging, '/api/v2/conversations', ctx.query) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/conversations/calls',
      userContext: true,
      handler: (ctx) => {
        const paging = parsePaging(ctx.query, 100);
        const list = mine(deps, ctx).filter((c) => c.mediaType === 'voice');
        return { body: toCallConversationListing(list.map((c) => toCallConversation(c, org, ctx.now)), paging, '/api/v2/conversations/calls', ctx.query) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/conversations/calls/{conversationId}',
      permissions: VIEW,
      handler: (ctx) => {
        const c = found(ctx);
        if (c.mediaType !== 'voice') throw notFound(`Conversation [${c.id}] is not a call (its media type is ${c.mediaType}). Use GET /api/v2/conversations/${c.id}.`);
        return { body: toCallConversation(c, org, ctx.now) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/conversations/{conversationId}',
      permissions: VIEW,
      handler: (ctx) => ({ body: toConversation(found(ctx), org, ctx.now) }),
    },
  ];
}
