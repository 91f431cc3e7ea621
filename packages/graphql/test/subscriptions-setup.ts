/**
 * Shared setup of the subscription tests: a sandbox frozen at a busy afternoon that pushes notifications quickly,
 * a gateway with the live state on, served on 127.0.0.1 (HTTP + WebSocket), and the independent side of each
 * comparison: the sandbox's own records (`sandbox.store`) and its `GET /api/v2/conversations/{id}` read with raw
 * HTTP, never through core.
 */
import { createClient, type CxGraphClient } from '@cxgraph/core';
import { createSandbox, type Sandbox } from '@cxgraph/sandbox';
import { createGateway, serveGateway, type Gateway, type GatewayOptions, type ServedGateway } from '../src/index.js';

export const BUSY = '2026-03-10T14:30:00Z';
const DAY = 86_400_000;

export interface LiveSetup {
  sandbox: Sandbox;
  client: CxGraphClient;
  gateway: Gateway;
  served: ServedGateway;
  close(): Promise<void>;
}

export async function startLive(options: Partial<GatewayOptions> = {}): Promise<LiveSetup> {
  const sandbox = await createSandbox({ seed: 11, now: BUSY, limits: { requestsPerMinute: 100_000, notificationDeliveryTickMs: 20 } });
  const client = createClient({
    apiUrl: sandbox.url,
    clientId: 'cxgraph-demo',
    clientSecret: 'cxgraph-demo-secret',
    rateLimitPerMinute: 100_000,
    now: () => sandbox.clock.now(),
    timeoutMs: 120_000,
    sources: { env: {}, dotenv: false },
  });
  const gateway = createGateway({ client, now: () => sandbox.clock.now(), logger: false, liveState: true, ...options });
  const served = await serveGateway(gateway, { port: 0 });
  return {
    sandbox,
    client,
    gateway,
    served,
    close: async () => {
      await served.close();
      await sandbox.close();
    },
  };
}

/** A bearer token of the sandbox, for raw reads. */
export async function token(sandbox: Sandbox): Promise<string> {
  const res = await fetch(`${sandbox.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${sandbox.credentials.clientId}:${sandbox.credentials.clientSecret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface Projected {
  id: string;
  purpose: string | undefined;
  sessions: Array<{ state: string | undefined; held: boolean }>;
}

const MEDIA = ['calls', 'callbacks', 'chats', 'emails', 'messages'] as const;

/** Who is in a conversation and what each of their sessions is doing: what both sides are compared on. */
export const projectWire = (c: { participants?: Array<Record<string, unknown>> }): Projected[] =>
  (c.participants ?? [])
    .map((p) => ({
      id: String(p['id']),
      purpose: p['purpose'] as string | undefined,
      sessions: MEDIA.flatMap((k) => ((p[k] ?? []) as Array<{ state?: string; held?: boolean }>).map((m) => ({ state: m.state, held: m.held ?? false }))),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

/**
 * A conversation of the coming hour that waits in a queue before an agent is offered it, and ends within
 * `withinMs`; the sandbox clock is moved to while it waits. With it, the instants its record says something
 * changes from then on: participants joining, being connected, leaving, each segment's edges, the end.
 * Straight from the store's record.
 */
export function queuedConversation(sandbox: Sandbox, withinMs: number): { id: string; end: number; instants: number[] } {
  const from = sandbox.clock.now();
  for (const c of sandbox.store.conversationsOfDay(Math.floor(from / DAY))) {
    if (c.start < from || c.start > from + 3_600_000 || c.end === undefined || c.end > c.start + withinMs) continue;
    const acd = c.participants.find((p) => p.purpose === 'acd' && p.queueId);
    const agents = c.participants.filter((p) => p.purpose === 'agent');
    if (!acd || agents.length === 0) continue;
    const firstAgent = Math.min(...agents.map((p) => p.start));
    if (firstAgent - acd.start < 2_000) continue;
    const now = Math.floor((acd.start + firstAgent) / 2);
    sandbox.clock.set(now);
    const instants = new Set<number>([c.end]);
    for (const p of c.participants) {
      for (const t of [p.start, p.end, p.connected, p.wrapup?.endTime]) if (t !== undefined) instants.add(t);
      for (const s of p.sessions) for (const seg of s.segments) for (const t of [seg.start, seg.end]) if (t !== undefined) instants.add(t);
    }
    return { id: c.id, end: c.end, instants: [...instants].filter((t) => t > now).sort((a, b) => a - b) };
  }
  throw new Error('no conversation of the coming hour waits in a queue');
}

/**
 * The sandbox's own view of a conversation at each instant (its clock set there, then `GET
 * /api/v2/conversations/{id}` over raw HTTP), consecutive equal views once. Leaves the clock where it was.
 */
export async function wireTimeline(sandbox: Sandbox, id: string, instants: number[]): Promise<Projected[][]> {
  const bearer = await token(sandbox);
  const back = sandbox.clock.now();
  const read = async () => projectWire((await (await fetch(`${sandbox.url}/api/v2/conversations/${id}`, { headers: { authorization: `Bearer ${bearer}` } })).json()) as never);
  const out: Projected[][] = [await read()];
  for (const t of instants) {
    sandbox.clock.set(t);
    const view = await read();
    if (JSON.stringify(view) !== JSON.stringify(out.at(-1))) out.push(view);
  }
  sandbox.clock.set(back);
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * Everything up to the sandbox's now has been sent on every connected socket and received by the live state (a
 * ping answered after it): what the tests wait for instead of sleeping, so a loaded machine only makes them slower.
 */
export async function caughtUp(setup: Pick<LiveSetup, 'sandbox' | 'client'>): Promise<void> {
  const now = new Date(setup.sandbox.clock.now()).toISOString();
  await waitFor('delivery to reach the clock', () => {
    const connected = setup.sandbox.notifications.status().filter((c: { connected: boolean }) => c.connected);
    return connected.length > 0 && connected.every((c: { cursor?: string; backlog: number }) => c.cursor === now && c.backlog === 0);
  });
  const state = setup.client.liveState();
  await state.channels?.sync();
  await state.settled();
}

/** Moves the sandbox clock on a minute at a time until `cond` holds (a subscription that has started sees changes). */
export async function advanceUntil(setup: Pick<LiveSetup, 'sandbox'>, what: string, cond: () => boolean, stepMs = 60_000, maxSteps = 60): Promise<void> {
  for (let i = 0; i < maxSteps && !cond(); i++) {
    setup.sandbox.clock.advance(stepMs);
    const until = Date.now() + 2_000;
    while (!cond() && Date.now() < until) await sleep(20);
  }
  if (!cond()) throw new Error(`no ${what} after ${maxSteps} steps of ${stepMs / 1000} s`);
}
