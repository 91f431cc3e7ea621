import { SandboxClock, type ClockInstant } from './clock.js';
import { DEFAULT_CLIENTS, type OAuthClient, type TokenStore } from './http/auth.js';
import type { Faults } from './http/faults.js';
import type { RequestLog } from './http/log.js';
import { startHttpServer } from './http/server.js';
import { notificationControl } from './notifications/control.js';
import { NotificationHub } from './notifications/hub.js';
import { DEFAULT_LIMITS, type SandboxLimits } from './options.js';
import { apiRoutes } from './routes/index.js';
import { DEFAULT_STORE_OPTIONS, SimulatedOrgStore } from './sim/store.js';
import type { OrgStore } from './store.js';

export interface SandboxOptions {
  /** Everything in the org follows from the seed (default 1). */
  seed?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Default 0: any free port. `pnpm sandbox` uses 4010. */
  port?: number;
  /** Start the clock here; it stays there (frozen) unless `frozen: false`. Default: real time, running. */
  now?: ClockInstant;
  frozen?: boolean;
  /** Limits and fidelity choices (see options.ts and the README). */
  limits?: Partial<SandboxLimits>;
  /** Size of the org (defaults in DEFAULT_STORE_OPTIONS). */
  agents?: number;
  conversationsPerDay?: number;
  historyDays?: number;
  cacheDays?: number;
  /** OAuth clients (default: the demo clients, see DEFAULT_CLIENTS). */
  clients?: OAuthClient[];
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:4010 — both /oauth/token and /api/v2 live here. */
  readonly url: string;
  readonly port: number;
  readonly seed: number;
  /** The demo client's credentials (client credentials grant). */
  readonly credentials: { clientId: string; clientSecret: string };
  readonly clock: SandboxClock;
  readonly faults: Faults;
  readonly log: RequestLog;
  readonly tokens: TokenStore;
  readonly limits: Readonly<SandboxLimits>;
  setLimits(partial: Partial<SandboxLimits>): Readonly<SandboxLimits>;
  /** The org's records (read-only; for tools that need the directory without going through HTTP). */
  readonly store: OrgStore;
  /** The Notifications API's channels and sockets, and its faults (drop, heartbeats, delay, expire, socket_closing, malformed frame). */
  readonly notifications: NotificationHub;
  /** A bearer token that acts as the given agent (user context), as an agent's own login would give. */
  mintUserToken(userId: string): string;
  close(): Promise<void>;
}

export const DEMO_CLIENT_ID = 'cxgraph-demo';
export const DEMO_CLIENT_SECRET = 'cxgraph-demo-secret';

/** Starts a simulated Genesys Cloud org on loopback. */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? 1;
  const clock = new SandboxClock({ ...(options.now !== undefined ? { now: options.now } : {}), ...(options.frozen !== undefined ? { frozen: options.frozen } : {}) });
  const limits: SandboxLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const store = new SimulatedOrgStore({
    seed,
    agents: options.agents ?? DEFAULT_STORE_OPTIONS.agents,
    conversationsPerDay: options.conversationsPerDay ?? DEFAULT_STORE_OPTIONS.conversationsPerDay,
    historyDays: options.historyDays ?? DEFAULT_STORE_OPTIONS.historyDays,
    cacheDays: options.cacheDays ?? DEFAULT_STORE_OPTIONS.cacheDays,
  });
  const notifications = new NotificationHub({ store, clock, limits });
  const notificationFaults = notificationControl(notifications);
  const server = await startHttpServer({
    ...(options.host ? { host: options.host } : {}),
    port: options.port ?? 0,
    routes: apiRoutes({ store, limits, notifications }),
    onUpgrade: notifications.handleUpgrade,
    limits,
    clock,
    seed,
    clients: options.clients ?? DEFAULT_CLIENTS,
    userExists: (id) => store.org.agentById.has(id),
    extraControl: async (req, url) => {
      if (req.method === 'GET' && url.pathname === '/__sandbox/org') return { body: orgSummary(store) };
      return notificationFaults(req, url);
    },
  });
  notifications.listen(server.url);
  return {
    url: server.url,
    port: server.port,
    seed,
    credentials: { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET },
    clock,
    faults: server.faults,
    log: server.log,
    tokens: server.tokens,
    get limits() {
      return server.limits;
    },
    setLimits: (partial) => server.setLimits(partial),
    store,
    notifications,
    mintUserToken: (userId) => {
      if (!store.org.agentById.has(userId)) throw new Error(`No agent with id ${userId} in this org.`);
      return server.tokens.mintUserToken(userId).access_token;
    },
    close: async () => {
      await notifications.close();
      await server.close();
    },
  };
}

/** `GET /__sandbox/org`: the directory in brief, for tests, benchmarks and people exploring the sandbox. */
function orgSummary(store: OrgStore) {
  const { org } = store;
  return {
    id: org.id,
    name: org.name,
    divisionId: org.divisionId,
    agents: org.agents.map((a) => ({ id: a.id, name: a.name, email: a.email, queueIds: a.queueIds })),
    queues: org.queues.map((q) => ({ id: q.id, name: q.name, mediaTypes: q.mediaTypes, serviceLevel: q.serviceLevel, memberIds: q.memberIds })),
    wrapUpCodes: org.wrapUpCodes,
  };
}
