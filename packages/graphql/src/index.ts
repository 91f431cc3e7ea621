export { createGateway, serveGateway, DEFAULT_MAX_REQUEST_BYTES, type Gateway, type GatewayOptions, type ServeOptions, type ServedGateway } from './gateway.js';
export { EXAMPLES, SUBSCRIPTION_EXAMPLES, LIVE_CHANGES, LIVE_CONVERSATIONS, AGENT_LAST_7_DAYS, LIVE_WITH_HISTORY, HISTORICAL_PAGE, type Example } from './examples.js';
export { toGraphQLError, createMaskError, coreErrorOf, HTTP_STATUS } from './errors.js';
export { createCredentials, defaultClientForToken, parseAuthorization, tokenKey, type Credentials, type CredentialsOptions } from './credentials.js';
export { graphiqlOptions } from './graphiql.js';
export { buildSchema, printedSchema } from './schema/index.js';
export type { GatewayContext } from './context.js';
export { DEFAULT_MAX_SUBSCRIPTIONS, DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION } from './live/subscription-slots.js';
export { attachWebSocket } from './ws.js';
