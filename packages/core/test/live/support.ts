import platformClient from 'purecloud-platform-client-v2';
import type { Sandbox } from '@cxgraph/sandbox';
import type { LiveState } from '../../src/index.js';

type Conversation = platformClient.Models.Conversation;
const DAY = 86_400_000;
const MEDIA = ['calls', 'callbacks', 'chats', 'emails', 'messages'] as const;

export interface RawApis {
  conversations: platformClient.ConversationsApi;
  users: platformClient.UsersApi;
  analytics: platformClient.AnalyticsApi;
}

/** The raw SDK on its own ApiClient, as a tutorial would use it: the independent side of each comparison. */
export async function rawApis(sandbox: Sandbox): Promise<RawApis> {
  const c = new platformClient.ApiClientClass();
  c.config.live_reload_config = false;
  c.setGateway({ host: '127.0.0.1', protocol: 'http', port: sandbox.port, path_params_login: '', path_params_api: '' });
  await c.loginClientCredentialsGrant(sandbox.credentials.clientId, sandbox.credentials.clientSecret);
  return { conversations: new platformClient.ConversationsApi(c), users: new platformClient.UsersApi(c), analytics: new platformClient.AnalyticsApi(c) };
}

/** Ids of the conversations running at the sandbox's now, straight from its store's records. */
export function liveIdsInStore(sandbox: Sandbox): string[] {
  const now = sandbox.clock.now();
  const day = Math.floor(now / DAY);
  const ids: string[] = [];
  for (const d of [day - 1, day]) for (const c of sandbox.store.conversationsOfDay(d)) if (c.start <= now && (c.end === undefined || c.end > now)) ids.push(c.id);
  return ids.sort();
}

/** What a conversation looks like, for comparing: who is in it and what each medium is doing. */
export function project(c: Conversation) {
  return {
    id: c.id,
    participants: (c.participants ?? []).map((p) => ({
      id: p.id,
      purpose: p.purpose,
      userId: p.userId,
      queueId: p.queueId,
      wrapup: p.wrapup?.code,
      media: MEDIA.flatMap((k) => ((p[k] ?? []) as Array<{ id?: string; state?: string; held?: boolean }>).map((m) => ({ kind: k, id: m.id, state: m.state, held: m.held ?? false }))),
    })),
  };
}

/**
 * The sandbox's live set at its now: the store's ids, each read with GET /api/v2/conversations/{id}. `routed`:
 * only those that have reached a queue or an agent (what notifications can follow; none is sent before).
 */
export async function truth(sandbox: Sandbox, api: RawApis, opts: { routed?: boolean } = {}) {
  const ids = liveIdsInStore(sandbox);
  const out = [];
  for (const id of ids) {
    const c = await api.conversations.getConversation(id);
    const routed = (c.participants ?? []).some((p) => (p.purpose === 'acd' && p.queueId) || ((p.purpose === 'agent' || p.purpose === 'user') && p.userId));
    if (routed || opts.routed === false) out.push(project(c));
  }
  return out;
}

/** Every agent's routing status and system presence, from GET /api/v2/users?expand=routingStatus,presence. */
export async function agentTruth(api: RawApis) {
  const out = new Map<string, { routingStatus: string | undefined; presence: string | undefined }>();
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await api.users.getUsers({ pageSize: 500, pageNumber, expand: ['routingStatus', 'presence'] });
    for (const u of page.entities ?? []) out.set(u.id!, { routingStatus: u.routingStatus?.status, presence: u.presence?.presenceDefinition?.systemPresence });
    if (pageNumber >= (page.pageCount ?? 1)) return out;
  }
}

/** Waiting, interacting and alerting per queue, from the observations query. */
export async function queueTruth(api: RawApis, queueIds: readonly string[]) {
  const res = await api.analytics.postAnalyticsQueuesObservationsQuery({
    filter: { type: 'or', predicates: queueIds.map((value) => ({ dimension: 'queueId', value })) },
    metrics: ['oWaiting', 'oInteracting', 'oAlerting'],
  });
  const out = new Map(queueIds.map((q) => [q, { waiting: 0, interacting: 0, alerting: 0 }]));
  const key = { oWaiting: 'waiting', oInteracting: 'interacting', oAlerting: 'alerting' } as const;
  for (const r of res.results ?? []) for (const d of r.data ?? []) {
    const k = key[d.metric as keyof typeof key];
    const q = out.get(r.group?.queueId ?? '');
    if (k && q) q[k] += d.stats?.count ?? 0;
  }
  return out;
}

export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Everything up to the sandbox's now has been sent on every socket (its delivery cursors are there, nothing
 * held back) and received and applied (a ping answered after it), and no snapshot is in flight.
 */
export async function caughtUp(sandbox: Sandbox, state: LiveState): Promise<void> {
  const now = new Date(sandbox.clock.now()).toISOString();
  await waitFor('every channel serving', () => state.channels!.healthy);
  await state.settled();
  await waitFor('delivery to reach the clock', () => {
    const connected = sandbox.notifications.status().filter((c: { connected: boolean }) => c.connected);
    return connected.length >= state.stats().channels && connected.every((c: { cursor?: string; backlog: number }) => c.cursor === now && c.backlog === 0);
  });
  await state.channels!.sync();
  await state.settled();
}
