/**
 * The benchmark of @cxgraph/graphql: what the gateway costs upstream and in time, against what a generic
 * REST→GraphQL gateway would do and against calling @cxgraph/core directly. Everything runs against the
 * sandbox (@cxgraph/sandbox) in this process, over real loopback HTTP, data clock frozen on a busy weekday.
 *
 *   pnpm bench        (= node --import tsx bench/run.ts)
 *
 * 1. The live↔historical join (every live conversation's agents with their 7-day handled count and handle
 *    time) on orgs sized for ~10, ~50 and ~200 distinct agents in live conversations: upstream calls per
 *    endpoint for one execution (paged with `after`, 100 a page), against the naive per-field resolver (per
 *    agent reference: GET /users/{id}, then one aggregates query for that agent alone), and the time of each.
 * 2. Latency p50/p99 of `agentMetrics` for every agent through `gateway.fetch` (no port) against the same
 *    figures from core directly (`client.metrics.agents` + `client.directory.getUsers`), interleaved, after
 *    warm-up; the gateway over a real HTTP port; and all three again with upstream latency added.
 * 3. Cold start: a fresh `node` process importing the built packages (bench/cold-start.mjs) from spawn to the
 *    first answer, 3 runs, median; and the gateway's part alone (imports, creation, first answer).
 *
 * Knobs (environment, all optional): BENCH_ONLY (sections, e.g. "1,3"), BENCH_ITERATIONS (section 2's
 * measured rounds, default 200), BENCH_WARMUP (default 20), BENCH_LATENCY_MS and BENCH_LATENCY_ITERATIONS
 * (section 2's extra rounds with upstream latency added, default 20 ms and 50), BENCH_COLD_RUNS (default 3).
 * Progress goes to stderr; the table and the per-section lines to stdout. See bench/README.md.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countOf, createClient, resolveTimeRange, timeStat, type CxGraphClient } from '@cxgraph/core';
import { createSandbox, type EndpointCounters, type Sandbox } from '@cxgraph/sandbox';
import { createGateway, serveGateway, type Gateway } from '../src/index.js';

// ---------------------------------------------------------------------------------------------------------------
// Settings

const SEED = 1;
/** A Tuesday, 14:30 UTC: every day shift is on, the org is at its busiest. The data clock stays there. */
const NOW = '2026-03-10T14:30:00Z';
const NOW_MS = Date.parse(NOW);
const CLIENT_ID = 'cxgraph-demo';
const CLIENT_SECRET = 'cxgraph-demo-secret';
const BUDGET = 1_000_000;

/**
 * Org sizes giving about 10, 50 and 200 distinct agents in live conversations at NOW with seed 1 (found by
 * trying: about half the org is on a live conversation at 14:30, at ~32 conversations a day per agent).
 * The actual count is measured and printed.
 */
const JOIN_ORGS = [
  { target: 10, agents: 20, conversationsPerDay: 700 },
  { target: 50, agents: 100, conversationsPerDay: 3_000 },
  { target: 200, agents: 440, conversationsPerDay: 14_000 },
] as const;
const PAGE_SIZE = 100;

const JOIN_QUERY = `query LiveJoin($after: String) {
  liveConversations(first: ${PAGE_SIZE}, after: $after) {
    edges { node { id participants { agent { name metrics(range: {relative: LAST_7_DAYS}) { handled handleTime { avg } } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const METRICS_QUERY = '{ agentMetrics(range: {relative: LAST_7_DAYS}) { agent { name } handled handleTime { avg } } }';
/** What the gateway's Agent loader always asks for (src/schema/directory.ts USER_EXPAND); core is given the same. */
const USER_EXPAND = ['routingStatus', 'presence'];

const ONLY = new Set((process.env.BENCH_ONLY ?? '1,2,3').split(',').map((s) => s.trim()));
const ITERATIONS = Math.floor(envNumber('BENCH_ITERATIONS', 200));
const WARMUP = Math.floor(envNumber('BENCH_WARMUP', 20));
const COLD_RUNS = Math.floor(envNumber('BENCH_COLD_RUNS', 3));
/** Section 2's extra run: this much latency added to every upstream request (the sandbox's latency fault). */
const LATENCY_MS = envNumber('BENCH_LATENCY_MS', 20);
const LATENCY_ITERATIONS = Math.floor(envNumber('BENCH_LATENCY_ITERATIONS', 50));

const E = {
  token: 'POST /oauth/token',
  details: 'POST /api/v2/analytics/conversations/details/query',
  conversation: 'GET /api/v2/conversations/{conversationId}',
  users: 'GET /api/v2/users',
  user: 'GET /api/v2/users/{userId}',
  aggregates: 'POST /api/v2/analytics/conversations/aggregates/query',
  queues: 'GET /api/v2/routing/queues',
} as const;
const SHORT: Record<string, string> = {
  [E.token]: 'login',
  [E.details]: 'details',
  [E.conversation]: 'GET conversation',
  [E.users]: 'GET users?id=',
  [E.user]: 'GET users/{id}',
  [E.aggregates]: 'aggregates',
  [E.queues]: 'GET queues',
};

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

const progress = (text: string): void => {
  process.stderr.write(`[graphql bench] ${text}\n`);
};
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number): string => (n >= 100 ? `${fmt(n)} ms` : `${fmt(n, 1)} ms`);
const ratioText = (a: number, b: number, digits = 2): string => (b > 0 ? `${fmt(a / b, digits)}×` : '—');
const mark = (ok: boolean): string => (ok ? 'met' : 'MISSED');

// ---------------------------------------------------------------------------------------------------------------
// Setup and counting

interface Env {
  sandbox: Sandbox;
  client: CxGraphClient;
  gateway: Gateway;
}

async function startEnv(org: { agents?: number; conversationsPerDay?: number } = {}): Promise<Env> {
  const sandbox = await createSandbox({ seed: SEED, now: NOW, ...org, limits: { requestsPerMinute: BUDGET } });
  const now = () => sandbox.clock.now();
  const client = createClient({ apiUrl: sandbox.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, rateLimitPerMinute: BUDGET, now, sources: { env: {}, dotenv: false } });
  const gateway = createGateway({ client, now, logger: false, graphiql: false });
  return { sandbox, client, gateway };
}

type Counts = Record<string, number>;

const countsOf = (c: Record<string, EndpointCounters>): Counts => Object.fromEntries(Object.entries(c).map(([endpoint, v]) => [endpoint, v.requests]));
const total = (c: Counts): number => Object.values(c).reduce((a, b) => a + b, 0);
const get = (c: Counts, endpoint: string): number => c[endpoint] ?? 0;
/** Fails loudly when anything upstream answered other than OK: the figures would not mean what they say. */
function assertAllOk(c: Record<string, EndpointCounters>, what: string): void {
  for (const [endpoint, v] of Object.entries(c)) {
    if (v.ok !== v.requests) throw new Error(`${what}: ${endpoint} answered ${JSON.stringify(v.byStatus)} (not all OK)`);
  }
}
const countsText = (c: Counts): string =>
  Object.entries(c)
    .filter(([, n]) => n > 0)
    .map(([endpoint, n]) => `${SHORT[endpoint] ?? endpoint} ${fmt(n)}`)
    .join(', ') || 'none';

/** Runs `fn` with the sandbox's log emptied first; returns its result, its upstream counts and its time. */
async function measured<T>(sandbox: Sandbox, what: string, fn: () => Promise<T>): Promise<{ value: T; counts: Counts; ms: number }> {
  sandbox.log.reset();
  const t0 = performance.now();
  const value = await fn();
  const elapsed = performance.now() - t0;
  const raw = sandbox.log.counters();
  assertAllOk(raw, what);
  return { value, counts: countsOf(raw), ms: elapsed };
}

interface GqlBody<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: { upstream?: { requests: number } };
}

async function gql<T>(gateway: Gateway, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GqlBody<T>> {
  const response = await gateway.fetch('http://bench.local/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  const body = (await response.json()) as GqlBody<T>;
  if (response.status !== 200 || body.errors?.length) throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  return body;
}

// ---------------------------------------------------------------------------------------------------------------
// 1. The live↔historical join

/** One agent reference's answer, as the join query selects it. */
interface AgentFigures {
  name: string;
  handled: number;
  avg: number | null;
}

interface JoinPage {
  liveConversations: {
    edges: Array<{ node: { id: string; participants: Array<{ agent: { name: string; metrics: { handled: number; handleTime: { avg: number } | null } | null } | null }> } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Users and aggregates requests of one page (GraphQL request) of the join, from the sandbox's log. */
interface PageCalls {
  users: number;
  aggregates: number;
}

/** The join through the gateway, page after page: one GraphQL request per page of 100. */
async function gatewayJoin(gateway: Gateway, sandbox: Sandbox): Promise<{ pages: number; conversations: number; refs: AgentFigures[]; tally: number; perPage: PageCalls[] }> {
  const refs: AgentFigures[] = [];
  const perPage: PageCalls[] = [];
  let after: string | null = null;
  let pages = 0;
  let conversations = 0;
  let tally = 0;
  for (;;) {
    const since = sandbox.log.lastSeq;
    const body: GqlBody<JoinPage> = await gql<JoinPage>(gateway, JOIN_QUERY, after ? { after } : undefined, { 'x-cxgraph-upstream': '1' });
    const entries = sandbox.log.entries({ since });
    perPage.push({ users: entries.filter((e) => e.endpoint === E.users).length, aggregates: entries.filter((e) => e.endpoint === E.aggregates).length });
    const conn = body.data!.liveConversations;
    pages++;
    tally += body.extensions?.upstream?.requests ?? 0;
    for (const { node } of conn.edges) {
      conversations++;
      for (const p of node.participants) {
        if (p.agent) refs.push({ name: p.agent.name, handled: p.agent.metrics?.handled ?? 0, avg: p.agent.metrics?.handleTime?.avg ?? null });
      }
    }
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  return { pages, conversations, refs, tally, perPage };
}

/**
 * The naive per-field resolver: what a generic REST→GraphQL gateway over the same schema does. The list is
 * resolved the same way (one `live.list` per page request, as ours), then every participant with an agent
 * resolves `agent` with GET /users/{id} and, once it has the user, `metrics` with an aggregates query for
 * that agent alone. Sibling fields of a list resolve concurrently (as graphql-js executes them); core's
 * transport bounds the requests in flight (10).
 */
async function naiveJoin(client: CxGraphClient): Promise<{ pages: number; conversations: number; refs: AgentFigures[] }> {
  const refs: AgentFigures[] = [];
  let pages = 0;
  let conversations = 0;
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const list = await client.live.list();
    const page = list.slice(offset, offset + PAGE_SIZE);
    pages++;
    conversations += page.length;
    const userIds = page.flatMap((c) => c.participants.map((p) => p.userId).filter((id): id is string => !!id));
    const answers = await Promise.all(
      userIds.map(async (id) => {
        const user = await client.directory.getUser(id);
        const result = await client.metrics.agents({ range: resolveTimeRange({ relative: 'last 7 days' }, NOW_MS), agentIds: [id] });
        const row = result.rows.find((r) => r.group.userId === id);
        return { name: user.name ?? '', handled: countOf(row?.metrics, 'tHandle'), avg: timeStat(row?.metrics, 'tHandle')?.avg ?? null };
      }),
    );
    refs.push(...answers);
    if (offset + PAGE_SIZE >= list.length) break;
  }
  return { pages, conversations, refs };
}

interface JoinResult {
  target: number;
  agents: number;
  conversationsPerDay: number;
  live: number;
  distinctAgents: number;
  pages: number;
  refs: number;
  /** Per page: conversations, distinct agents on them, and the gateway's users and aggregates requests. */
  perPage: Array<PageCalls & { conversations: number; agents: number }>;
  ours: { counts: Counts; ms: number; tally: number };
  naive: { counts: Counts; ms: number };
  warmMs: number;
}

const joinCalls = (c: Counts): number => get(c, E.users) + get(c, E.user) + get(c, E.aggregates);
const listCalls = (c: Counts): number => get(c, E.details) + get(c, E.conversation);

async function joinSection(org: (typeof JOIN_ORGS)[number]): Promise<JoinResult> {
  const env = await startEnv({ agents: org.agents, conversationsPerDay: org.conversationsPerDay });
  try {
    progress(`1. join: org of ${org.agents} agents, ${fmt(org.conversationsPerDay)} conversations a weekday; warming up (the sandbox simulates the days on first use)…`);
    const t0 = performance.now();
    const live = await env.client.live.list();
    const distinctAgents = new Set(live.flatMap((c) => c.participants.map((p) => p.userId).filter(Boolean))).size;
    await gatewayJoin(env.gateway, env.sandbox);
    const warmMs = performance.now() - t0;

    progress(`   ${live.length} live conversations, ${distinctAgents} distinct agents on them; the gateway's join…`);
    const ours = await measured(env.sandbox, 'gateway join', () => gatewayJoin(env.gateway, env.sandbox));
    progress(`   ${ms(ours.ms)}; the naive per-field resolver…`);
    const naive = await measured(env.sandbox, 'naive join', () => naiveJoin(env.client));
    progress(`   ${ms(naive.ms)}`);

    // Both must have answered the same thing, reference for reference (same list order, same figures).
    const a = ours.value.refs;
    const b = naive.value.refs;
    const same = a.length === b.length && a.every((r, i) => r.name === b[i]!.name && r.handled === b[i]!.handled && (r.avg ?? -1).toFixed(3) === (b[i]!.avg ?? -1).toFixed(3));
    if (!same) throw new Error(`join: the gateway and the naive resolver disagree (${a.length} vs ${b.length} agent references)`);
    if (ours.value.pages !== naive.value.pages || ours.value.conversations !== naive.value.conversations) throw new Error('join: page counts differ');

    return {
      target: org.target,
      agents: org.agents,
      conversationsPerDay: org.conversationsPerDay,
      live: ours.value.conversations,
      distinctAgents,
      pages: ours.value.pages,
      refs: a.length,
      perPage: ours.value.perPage.map((calls, i) => {
        const page = live.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE);
        return { ...calls, conversations: page.length, agents: new Set(page.flatMap((c) => c.participants.map((p) => p.userId).filter(Boolean))).size };
      }),
      ours: { counts: ours.counts, ms: ours.ms, tally: ours.value.tally },
      naive: { counts: naive.counts, ms: naive.ms },
      warmMs,
    };
  } finally {
    await env.sandbox.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Latency: gateway vs core directly

interface MetricsAnswer {
  agentMetrics: Array<{ agent: { name: string } | null; handled: number; handleTime: { avg: number } | null }>;
}

/** The same figures as METRICS_QUERY, through core: one aggregates query, then the users batch. */
async function coreMetrics(client: CxGraphClient): Promise<MetricsAnswer> {
  const result = await client.metrics.agents({ range: resolveTimeRange({ relative: 'last 7 days' }, NOW_MS) });
  const ids = result.rows.map((r) => r.group.userId ?? '');
  const users = await client.directory.getUsers(ids, { expand: USER_EXPAND });
  return {
    agentMetrics: result.rows.map((row, i) => {
      const user = users[i];
      const handleTime = timeStat(row.metrics, 'tHandle');
      return { agent: user ? { name: user.name ?? '' } : null, handled: countOf(row.metrics, 'tHandle'), handleTime: handleTime ? { avg: handleTime.avg } : null };
    }),
  };
}

async function httpMetrics(url: string): Promise<MetricsAnswer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query: METRICS_QUERY }) });
  const body = (await response.json()) as GqlBody<MetricsAnswer>;
  if (response.status !== 200 || body.errors?.length) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  return body.data!;
}

interface Stats {
  p50: number;
  p99: number;
  mean: number;
}

/** Nearest-rank percentiles. */
function statsOf(samples: number[]): Stats {
  const sorted = [...samples].sort((x, y) => x - y);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return { p50: at(50), p99: at(99), mean: sorted.reduce((s, x) => s + x, 0) / sorted.length };
}

interface LatencyResult {
  agents: number;
  rows: number;
  gateway: Stats;
  http: Stats;
  core: Stats;
  perRun: { gateway: Counts; http: Counts; core: Counts };
  /** The same rounds (fewer) with LATENCY_MS added to every upstream request. */
  slow: { gateway: Stats; http: Stats; core: Stats };
}

async function latencySection(): Promise<LatencyResult> {
  const env = await startEnv();
  const served = await serveGateway(env.gateway, { port: 0 });
  try {
    progress(`2. latency: default org (${env.sandbox.store.org.agents.length} agents); warming up…`);
    const kinds = {
      gateway: async () => (await gql<MetricsAnswer>(env.gateway, METRICS_QUERY)).data!,
      http: () => httpMetrics(served.url),
      core: () => coreMetrics(env.client),
    } as const;
    type Kind = keyof typeof kinds;
    const names = Object.keys(kinds) as Kind[];

    // Same answer three ways (also the first, cold, runs).
    const answers = await Promise.all(names.map((k) => kinds[k]()));
    const canonical = answers.map((a) => JSON.stringify(a));
    if (canonical.some((c) => c !== canonical[0])) throw new Error('latency: the gateway, HTTP and core answers differ');
    const rows = answers[0]!.agentMetrics.length;

    // Upstream calls of one run of each.
    const perRun = {} as Record<Kind, Counts>;
    for (const k of names) perRun[k] = (await measured(env.sandbox, `latency ${k}`, kinds[k])).counts;

    /** `rounds` rounds of the three, interleaved, the order rotating each round. */
    const rounds = async (n: number): Promise<Record<Kind, Stats>> => {
      const samples: Record<Kind, number[]> = { gateway: [], http: [], core: [] };
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < names.length; j++) {
          const k = names[(i + j) % names.length]!;
          const t0 = performance.now();
          await kinds[k]();
          samples[k].push(performance.now() - t0);
        }
      }
      return { gateway: statsOf(samples.gateway), http: statsOf(samples.http), core: statsOf(samples.core) };
    };

    for (let i = 0; i < WARMUP; i++) for (const k of names) await kinds[k]();
    progress(`   ${ITERATIONS} rounds, interleaved (gateway.fetch, HTTP, core; the order rotates each round)…`);
    const fast = await rounds(ITERATIONS);
    progress(`   ${LATENCY_ITERATIONS} more rounds with ${LATENCY_MS} ms added to every upstream request…`);
    env.sandbox.faults.set({ latencyMs: LATENCY_MS });
    const slow = await rounds(LATENCY_ITERATIONS);
    env.sandbox.faults.clear();
    return { agents: env.sandbox.store.org.agents.length, rows, ...fast, perRun, slow };
  } finally {
    await served.close();
    await env.sandbox.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Cold start

interface ColdRun {
  spawnToAnswerMs: number;
  marks: { start: number; sandboxImported: number; sandboxReady: number; gatewayImported: number; gatewayCreated: number; answered: number };
  counters: Counts;
  names: string[];
}

/** Newest modification time under `dir` (files only), ms. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function coldRun(script: string): Promise<ColdRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [script], { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    let done = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const nl = out.indexOf('\n');
      if (nl >= 0 && !done) {
        done = true;
        const spawnToAnswerMs = performance.now() - t0;
        try {
          const line = JSON.parse(out.slice(0, nl)) as { status: number; errors: unknown; names: string[]; marks: ColdRun['marks']; counters: Counts };
          if (line.status !== 200 || line.errors || line.names.length !== 5) throw new Error(`cold start answered ${line.status}: ${JSON.stringify(line.errors ?? line.names)}`);
          resolve({ spawnToAnswerMs, marks: line.marks, counters: line.counters, names: line.names });
        } catch (error) {
          reject(error as Error);
        }
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!done) reject(new Error(`bench/cold-start.mjs exited with ${code} before answering`));
    });
  });
}

interface ColdResult {
  runs: ColdRun[];
  median: ColdRun;
  gatewayPartMedian: number;
  stale: boolean;
}

async function coldSection(): Promise<ColdResult> {
  const dist = join(PACKAGE_DIR, 'dist');
  if (!existsSync(join(dist, 'index.js'))) {
    throw new Error('packages/graphql/dist is missing: build first (cd ../.. && TURBO_TELEMETRY_DISABLED=1 pnpm -s turbo run build --filter=@cxgraph/graphql...)');
  }
  const stale = newest(join(PACKAGE_DIR, 'src')) > newest(dist);
  if (stale) progress('3. WARNING: src/ is newer than dist/: the cold start measures the last build.');
  const script = fileURLToPath(new URL('./cold-start.mjs', import.meta.url));
  const runs: ColdRun[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    progress(`3. cold start ${i + 1}/${COLD_RUNS}…`);
    runs.push(await coldRun(script));
  }
  const median = [...runs].sort((a, b) => a.spawnToAnswerMs - b.spawnToAnswerMs)[Math.floor(runs.length / 2)]!;
  const parts = runs.map((r) => r.marks.answered - r.marks.sandboxReady).sort((a, b) => a - b);
  return { runs, median, gatewayPartMedian: parts[Math.floor(parts.length / 2)]!, stale };
}

// ---------------------------------------------------------------------------------------------------------------
// Output

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  const out = [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('-|-')];
  for (const r of rows.slice(1)) out.push(line(r));
  return out.join('\n');
}

async function main(): Promise<void> {
  const benchStart = performance.now();
  progress(`Node ${process.version}; sandbox seed ${SEED} in this process, data clock frozen at ${NOW}.`);

  const joins: JoinResult[] = [];
  if (ONLY.has('1')) for (const org of JOIN_ORGS) joins.push(await joinSection(org));
  const lat = ONLY.has('2') ? await latencySection() : undefined;
  const cold = ONLY.has('3') ? await coldSection() : undefined;

  const rows: string[][] = [['metric', 'cxgraph', 'baseline', 'ratio', 'goal']];
  const lines: string[] = [];

  for (const j of joins) {
    const label = `1. join, ${j.distinctAgents} live agents`;
    const oursJoin = joinCalls(j.ours.counts);
    const naiveJoinCalls = joinCalls(j.naive.counts);
    const constant = get(j.ours.counts, E.aggregates) === j.pages && get(j.ours.counts, E.users) === j.pages && get(j.ours.counts, E.user) === 0;
    const joinRatio = naiveJoinCalls / Math.max(1, oursJoin);
    rows.push([
      `${label}: users + aggregates calls`,
      `${fmt(get(j.ours.counts, E.users))} + ${fmt(get(j.ours.counts, E.aggregates))}${j.pages > 1 ? ` in ${j.pages} requests` : ''}`,
      `${fmt(get(j.naive.counts, E.user))} + ${fmt(get(j.naive.counts, E.aggregates))}`,
      ratioText(naiveJoinCalls, oursJoin, 1),
      `1 + 1 per request: ${mark(constant)}; ratio ≥ ${j.distinctAgents}: ${mark(joinRatio >= j.distinctAgents)}`,
    ]);
    rows.push([`${label}: all upstream calls`, fmt(total(j.ours.counts)), fmt(total(j.naive.counts)), ratioText(total(j.naive.counts), total(j.ours.counts), 2), '—']);
    rows.push([`${label}: time`, ms(j.ours.ms), ms(j.naive.ms), ratioText(j.naive.ms, j.ours.ms, 1), '—']);
    lines.push(
      `1. join, org of ${j.agents} agents × ${fmt(j.conversationsPerDay)} conversations/weekday: ${j.live} live conversations, ${j.distinctAgents} distinct agents, ` +
        `${j.refs} agent references, ${j.pages} page${j.pages > 1 ? 's' : ''} of ${PAGE_SIZE} (one GraphQL request each; per page, conversations/distinct agents → users + aggregates requests: ` +
        `${j.perPage.map((p) => `${p.conversations}/${p.agents} → ${p.users} + ${p.aggregates}`).join(', ')}). ` +
        `Sandbox counted — cxgraph: ${countsText(j.ours.counts)} (the gateway's own tally, extensions.upstream: ${fmt(j.ours.tally)}); ` +
        `naive: ${countsText(j.naive.counts)}. The live list itself (details + GET conversation) is ${fmt(listCalls(j.ours.counts))} calls on both sides ` +
        `(re-read in full for every page). Answers identical reference for reference. Warm-up ${ms(j.warmMs)} (not measured).`,
    );
  }

  if (lat) {
    const goal = 1.25;
    rows.push(['2. agentMetrics latency p50 (gateway.fetch vs core)', ms(lat.gateway.p50), ms(lat.core.p50), ratioText(lat.gateway.p50, lat.core.p50), `≤ ${goal}×: ${mark(lat.gateway.p50 / lat.core.p50 <= goal)}`]);
    rows.push(['2. agentMetrics latency p99 (gateway.fetch vs core)', ms(lat.gateway.p99), ms(lat.core.p99), ratioText(lat.gateway.p99, lat.core.p99), `≤ ${goal}×: ${mark(lat.gateway.p99 / lat.core.p99 <= goal)}`]);
    rows.push(['2. agentMetrics latency p50 over HTTP (extra)', ms(lat.http.p50), ms(lat.core.p50), ratioText(lat.http.p50, lat.core.p50), '—']);
    rows.push(['2. agentMetrics latency p99 over HTTP (extra)', ms(lat.http.p99), ms(lat.core.p99), ratioText(lat.http.p99, lat.core.p99), '—']);
    rows.push([`2. p50 with ${LATENCY_MS} ms upstream latency (extra)`, ms(lat.slow.gateway.p50), ms(lat.slow.core.p50), ratioText(lat.slow.gateway.p50, lat.slow.core.p50), '—']);
    lines.push(
      `2. latency, default org (${lat.agents} agents, ${lat.rows} rows with data over LAST_7_DAYS), ${ITERATIONS} interleaved rounds after ${WARMUP} warm-up rounds; ` +
        `means: gateway.fetch ${ms(lat.gateway.mean)}, HTTP ${ms(lat.http.mean)}, core ${ms(lat.core.mean)}; the gateway adds ${ms(lat.gateway.p50 - lat.core.p50)} at p50 ` +
        `(${ms(lat.http.p50 - lat.core.p50)} over HTTP). With ${LATENCY_MS} ms added to every upstream request (${LATENCY_ITERATIONS} rounds): p50 gateway.fetch ${ms(lat.slow.gateway.p50)}, ` +
        `HTTP ${ms(lat.slow.http.p50)}, core ${ms(lat.slow.core.p50)}; p99 ${ms(lat.slow.gateway.p99)} / ${ms(lat.slow.http.p99)} / ${ms(lat.slow.core.p99)}. ` +
        `Sandbox counted per run — gateway.fetch: ${countsText(lat.perRun.gateway)}; HTTP: ${countsText(lat.perRun.http)}; core: ${countsText(lat.perRun.core)}.`,
    );
  }

  if (cold) {
    const m = cold.median;
    rows.push(['3. cold start: spawn → first answer (median of ' + cold.runs.length + ')', ms(m.spawnToAnswerMs), '—', '—', `≤ 1,000 ms: ${mark(m.spawnToAnswerMs <= 1000)}`]);
    rows.push(['3. cold start: gateway part (imports + create + answer)', ms(cold.gatewayPartMedian), '—', '—', '—']);
    lines.push(
      `3. cold start (${cold.runs.length} fresh \`node\` processes on the built dist${cold.stale ? ', WARNING: src newer than dist' : ''}): spawn → answer ${cold.runs.map((r) => ms(r.spawnToAnswerMs)).join(', ')}; ` +
        `median run, ms after the process's time origin: script running ${fmt(m.marks.start)}, sandbox imported ${fmt(m.marks.sandboxImported)}, ` +
        `sandbox listening ${fmt(m.marks.sandboxReady)}, core + graphql imported ${fmt(m.marks.gatewayImported)}, client + gateway created ${fmt(m.marks.gatewayCreated)}, ` +
        `answered ${fmt(m.marks.answered)}. Sandbox counted: ${countsText(m.counters)}.`,
    );
  }

  process.stdout.write(`\n${table(rows)}\n\n${lines.join('\n')}\n\nTotal ${fmt((performance.now() - benchStart) / 1000, 1)} s.\n`);
}

await main();
