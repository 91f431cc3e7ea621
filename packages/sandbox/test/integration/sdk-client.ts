import platformClient from 'purecloud-platform-client-v2';

/** A real SDK client on its own ApiClient instance, pointed at a sandbox URL (as core will do). */
export async function sdkClient(url: string, id = 'cxgraph-demo', secret = 'cxgraph-demo-secret') {
  const client = new platformClient.ApiClientClass();
  client.config.live_reload_config = false;
  // A loaded 2-core machine can take far longer than the SDK's 16 s on one cold request.
  (client as unknown as { timeout: number }).timeout = 120_000;
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

const DAY = 86_400_000;

/**
 * Every conversation of a details query, paged through with the SDK (100 per page). Intervals longer than
 * the 7 days an unfiltered query may cover are split on UTC days (a query matches whole days, so chunks that
 * share no day share no conversation).
 */
export async function allDetails(sdk: Sdk, body: platformClient.Models.ConversationQuery): Promise<Conversation[]> {
  const [from, to] = (body.interval ?? '').split('/').map((x) => Date.parse(x)) as [number, number];
  const out: Conversation[] = [];
  for (let start = from; start < to; ) {
    const end = Math.min(to, (Math.floor(start / DAY) + 7) * DAY);
    const interval = `${new Date(start).toISOString()}/${new Date(end).toISOString()}`;
    let received = 0;
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await sdk.analytics.postAnalyticsConversationsDetailsQuery({ ...body, interval, paging: { pageSize: 100, pageNumber } });
      received += (page.conversations ?? []).length;
      out.push(...(page.conversations ?? []));
      if (received >= (page.totalHits ?? 0) || (page.conversations ?? []).length === 0) break;
    }
    start = end;
  }
  return out;
}
