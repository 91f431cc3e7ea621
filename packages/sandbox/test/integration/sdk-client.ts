import platformClient from 'purecloud-platform-client-v2';

/** A real SDK client on its own ApiClient instance, pointed at a sandbox URL (as core will do). */
export async function sdkClient(url: string, id = 'cxgraph-demo', secret = 'cxgraph-demo-secret') {
  const client = new platformClient.ApiClientClass();
  client.config.live_reload_config = false;
  const u = new URL(url);
  client.setGateway({ host: u.hostname, protocol: 'http', port: Number(u.port), path_params_login: '', path_params_api: '' });
  await client.loginClientCredentialsGrant(id, secret);
  return {
    client,
    analytics: new platformClient.AnalyticsApi(client),
    conversations: new platformClient.ConversationsApi(client),
    users: new platformClient.UsersApi(client),
    routing: new platformClient.RoutingApi(client),
  };
}

export type Sdk = Awaited<ReturnType<typeof sdkClient>>;
type Conversation = platformClient.Models.AnalyticsConversationWithoutAttributes;

/** Every conversation of a details query, paged through with the SDK (100 per page). */
export async function allDetails(sdk: Sdk, body: platformClient.Models.ConversationQuery): Promise<Conversation[]> {
  const out: Conversation[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await sdk.analytics.postAnalyticsConversationsDetailsQuery({ ...body, paging: { pageSize: 100, pageNumber } });
    out.push(...(page.conversations ?? []));
    if (out.length >= (page.totalHits ?? 0) || (page.conversations ?? []).length === 0) return out;
  }
}
