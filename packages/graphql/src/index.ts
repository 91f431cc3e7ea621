export { createGateway, serveGateway, DEFAULT_MAX_REQUEST_BYTES, type Gateway, type GatewayOptions, type ServeOptions, type ServedGateway } from './gateway.js';
export { EXAMPLES, LIVE_CONVERSATIONS, AGENT_LAST_7_DAYS, LIVE_WITH_HISTORY, HISTORICAL_PAGE, type Example } from './examples.js';
export { toGraphQLError, createMaskError, coreErrorOf, HTTP_STATUS } from './errors.js';
export { createCredentials, defaultClientForToken, parseAuthorization, tokenKey, type Credentials, type CredentialsOptions } from './credentials.js';
export { graphiqlOptions } from './graphiql.js';
export { buildSchema, printedSchema } from './schema/index.js';
export type { GatewayContext } from './context.js';
