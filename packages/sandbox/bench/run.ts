/**
 * The sandbox's benchmark: is the sandbox ever the bottleneck of a client that Genesys would hold to its
 * default budget (300 requests/min per token = 5 req/s)? Every figure goes through real HTTP and the
 * official SDK, except the day-simulation cost (section 5), which calls the store directly.
 *
 *   pnpm bench        (= node --expose-gc --import tsx bench/run.ts)
 *
 * Environment knobs (all optional): BENCH_PAGING_CAP_S (time cap of the 1M paging, default 210 s),
 * BENCH_PAGING_TARGET (conversations to page, default 1,000,000), BENCH_ONLY (sections, e.g. "4" or "1,2"),
 * BENCH_CHILD_MAX_OLD_SPACE_MB (V8 old-space limit of section 4's sandbox process). Progress goes to stderr; the
 * table and the per-section lines go to stdout. See bench/README.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import platformClient from 'purecloud-platform-client-v2';
import { createSandbox, DEFAULT_LIMITS, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, type SandboxOptions } from '../src/index.js';
import type { EndpointCounters } from '../src/index.js';
import { cubeFromEmissions } from '../src/query/aggregates/cubes-of-conversations.js';
import { AggregatesEngine } from '../src/query/aggregates/engine.js';
import { parseAggregatesQuery, type AggregatesQuery } from '../src/query/aggregates/parse.js';
import { emissionsFor, runAggregatesScan } from '../src/query/aggregates/scan.js';
import { DEFAULT_STORE_OPTIONS, SimulatedOrgStore } from '../src/sim/store.js';
import type { ChildMessage, ParentMessage } from './serve.js';

// ---------------------------------------------------------------------------------------------------------------
// Settings

const SEED = 1;
const NOW = '2026-11-24T15:00:00.000Z';
const NOW_MS = Date.parse(NOW);
const DAY_MS = 86_400_000;
const TODAY = Math.floor(NOW_MS / DAY_MS);
/** Genesys's default: 300 requests per minute per token. */
const BUDGET_RPS = 5;
const BUDGET_SLOT_MS = 1000 / BUDGET_RPS;
const LIMITS = { requestsPerMinute: 1_000_000 } as const;
const PAGE_SIZE = 100;
const DETAILS_DAYS = 7;
const AGG_DAYS = 30;
/** Section 4's window, days (BENCH_WINDOW_DAYS; default 31, the details maximum with a filter). */
const WINDOW_DAYS = Math.floor(envNumber('BENCH_WINDOW_DAYS', DEFAULT_LIMITS.detailsMaxIntervalDays));
/** Longest details interval the sandbox takes without a filter (Genesys: 7 days; 31 with a filter). */
const UNFILTERED_MAX_DAYS = Math.min(DEFAULT_LIMITS.detailsMaxIntervalDays, DEFAULT_LIMITS.detailsMaxIntervalDaysWithoutFilter);
/**
 * A filter every conversation passes (originatingDirection is inbound or outbound), so windows longer than the
 * unfiltered maximum are accepted and still return the whole history.
 */
const MATCH_ALL_FILTER: platformClient.Models.ConversationDetailQueryFilter[] = [
  {
    type: 'or',
    predicates: [
      { type: 'dimension', dimension: 'originatingDirection', operator: 'matches', value: 'inbound' },
      { type: 'dimension', dimension: 'originatingDirection', operator: 'matches', value: 'outbound' },
    ],
  },
];
const SIM_DAYS = 20;
const PAGING_TARGET = envNumber('BENCH_PAGING_TARGET', 1_000_000);
const PAGING_CAP_S = envNumber('BENCH_PAGING_CAP_S', 210);
/** Extra V8 flag for the child of section 4, e.g. 1024 to see the paging under a smaller heap (default: none). */
const CHILD_MAX_OLD_SPACE_MB = process.env.BENCH_CHILD_MAX_OLD_SPACE_MB ? envNumber('BENCH_CHILD_MAX_OLD_SPACE_MB', 0) : undefined;
/** Sections to run, e.g. "4" or "1,2" (default: all). */
const ONLY = new Set((process.env.BENCH_ONLY ?? '1,2,3,4,5,6').split(',').map((x) => x.trim()));
/** Section 6's intervals, days, and warm queries per engine and interval. */
const ENGINE_DAYS = [30, 45];
const ENGINE_WARM_QUERIES = 3;
const AGG_WARM_MIN_S = 5;
const OBS_WARM_MIN_S = 3;

const DETAILS_ENDPOINT = 'POST /api/v2/analytics/conversations/details/query';
const AGG_ENDPOINT = 'POST /api/v2/analytics/conversations/aggregates/query';
const OBS_ENDPOINT = 'POST /api/v2/analytics/queues/observations/query';
const TOKEN_ENDPOINT = 'POST /oauth/token';

const AGG_METRICS = ['tHandle', 'tTalk', 'tAcw', 'tAnswered', 'nOffered', 'oServiceLevel', 'tAbandon', 'tWait', 'tHeld', 'nTransferred'];
const OBS_METRICS = ['oWaiting', 'oInteracting', 'oOnQueueUsers'];

type Analytics = InstanceType<typeof platformClient.AnalyticsApi>;
type DetailsBody = platformClient.Models.ConversationQuery;

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// Output

interface Row {
  metric: string;
  value: string;
  unit: string;
  note: string;
}
const rows: Row[] = [];
const sectionLines: string[] = [];
const footnotes: string[] = [];

const row = (metric: string, value: string, unit: string, note = ''): void => {
  rows.push({ metric, value, unit, note });
};
const progress = (msg: string): void => {
  process.stderr.write(`[bench ${((performance.now() - T0) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);
};

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
/** Two significant-ish digits for figures that span orders of magnitude. */
function fmtAuto(n: number): string {
  if (n >= 100) return fmt(n, 0);
  if (n >= 10) return fmt(n, 1);
  return fmt(n, 2);
}
const mb = (bytes: number): string => fmt(bytes / 1024 / 1024, 0);
const times = (rate: number): string => `×${fmtAuto(rate / BUDGET_RPS)} the 5 req/s budget`;
const slotShare = (ms: number): string => `${fmtAuto((ms / BUDGET_SLOT_MS) * 100)}% of a 200 ms budget slot`;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
function latencySummary(ms: readonly number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `latency p50 ${fmt(percentile(s, 50), 1)} ms, p95 ${fmt(percentile(s, 95), 1)} ms, max ${fmt(s[s.length - 1] ?? NaN, 1)} ms`;
}

function printTable(): void {
  const head: Row = { metric: 'metric', value: 'value', unit: 'unit', note: 'vs budget / note' };
  const all = [head, ...rows];
  const w = {
    metric: Math.max(...all.map((r) => r.metric.length)),
    value: Math.max(...all.map((r) => r.value.length)),
    unit: Math.max(...all.map((r) => r.unit.length)),
  };
  const line = (r: Row): string => `${r.metric.padEnd(w.metric)} | ${r.value.padStart(w.value)} | ${r.unit.padEnd(w.unit)} | ${r.note}`.trimEnd();
  const out = [line(head), `${'-'.repeat(w.metric)}-+-${'-'.repeat(w.value)}-+-${'-'.repeat(w.unit)}-+-${'-'.repeat(20)}`, ...rows.map(line)];
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const iso = (ms: number): string => new Date(ms).toISOString();
const dayIso = (day: number): string => iso(day * DAY_MS);

function gc(): void {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}

/** An SDK client logged in to the sandbox on `port`, exactly as an application would set it up. */
async function sdkClient(port: number): Promise<Analytics> {
  const client = new platformClient.ApiClientClass();
  client.config.live_reload_config = false;
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port, path_params_login: '', path_params_api: '' });
  const auth = await client.loginClientCredentialsGrant(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
  if (!auth.accessToken) throw new Error('login answered 200 without an access token');
  return new platformClient.AnalyticsApi(client);
}

/** The SDK rejects with a bare body (or an AxiosError): make it a readable Error. */
async function call<T>(what: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    const detail = e instanceof Error ? e.message : JSON.stringify(e);
    throw new Error(`${what} failed: ${detail}`);
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

const sandboxOptions = (extra: SandboxOptions = {}): SandboxOptions => ({ seed: SEED, now: NOW, limits: { ...LIMITS }, ...extra });

/**
 * "POST /oauth/token 1×200; POST …/details/query 105×200" plus whether the server's count of the section's
 * endpoint equals what the client sent.
 */
function countersLine(counters: Record<string, EndpointCounters>, expected: Record<string, number>): string {
  const parts = Object.entries(counters)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([endpoint, c]) => {
      const statuses = Object.entries(c.byStatus).map(([s, n]) => `${fmt(n)}×${s}`).join(' ');
      const extra = c.rateLimited + c.faults + c.errors > 0 ? ` [errors ${c.errors}, 429 ${c.rateLimited}, faults ${c.faults}]` : '';
      return `${endpoint} ${statuses}${extra}`;
    });
  const mismatches = Object.entries(expected).filter(([endpoint, n]) => (counters[endpoint]?.ok ?? 0) !== n || counters[endpoint]?.requests !== n);
  const verdict =
    mismatches.length === 0
      ? 'matches the client count'
      : `MISMATCH with the client count: ${mismatches.map(([e, n]) => `${e} sent ${n}, logged ${counters[e]?.requests ?? 0}`).join('; ')}`;
  return `server log: ${parts.join('; ')} (${verdict})`;
}

function countersTotal(counters: Record<string, EndpointCounters>): number {
  return Object.values(counters).reduce((s, c) => s + c.requests, 0);
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Details pages through the SDK

async function benchDetails(): Promise<void> {
  progress('1. details: 7-day interval, pages of 100');
  const sandbox = await createSandbox(sandboxOptions());
  try {
    const analytics = await sdkClient(sandbox.port);
    const interval = `${dayIso(TODAY - DETAILS_DAYS)}/${dayIso(TODAY)}`;
    const body = (pageNumber: number): DetailsBody => ({
      interval,
      order: 'asc',
      orderBy: 'conversationStart',
      paging: { pageSize: PAGE_SIZE, pageNumber },
    });
    const first = await timed(() => call('details page 1', analytics.postAnalyticsConversationsDetailsQuery(body(1))));
    const totalHits = first.value.totalHits ?? 0;
    const pages = Math.ceil(totalHits / PAGE_SIZE);
    let received = first.value.conversations?.length ?? 0;
    const lat: number[] = [];
    const t = performance.now();
    for (let p = 2; p <= pages; p++) {
      const r = await timed(() => call(`details page ${p}`, analytics.postAnalyticsConversationsDetailsQuery(body(p))));
      lat.push(r.ms);
      received += r.value.conversations?.length ?? 0;
    }
    const steadyMs = performance.now() - t;
    const steady = (pages - 1) / (steadyMs / 1000);
    row('1. details: first page (cold scan, 7 days)', fmt(first.ms, 0), 'ms', slotShare(first.ms));
    row('1. details: pages/s, steady (100 rows)', fmt(steady, 0), 'pages/s', times(steady));
    row('1. details: conversations/s, steady', fmt(steady * PAGE_SIZE, 0), 'conv/s', `budget pace: ${fmt(BUDGET_RPS * PAGE_SIZE)} conv/s`);
    const check = received === totalHits ? 'all received' : `RECEIVED ${received} ≠ totalHits`;
    sectionLines.push(
      `1. details  interval ${interval}, orderBy conversationStart asc, pageSize ${PAGE_SIZE}: totalHits ${fmt(totalHits)} (${check}) in ${pages} pages; ` +
        `page 1 ${fmt(first.ms, 1)} ms; pages 2–${pages} in ${fmt(steadyMs, 0)} ms, ${latencySummary(lat)}. ` +
        countersLine(sandbox.log.counters(), { [TOKEN_ENDPOINT]: 1, [DETAILS_ENDPOINT]: pages }),
    );
  } finally {
    await sandbox.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Aggregates: 30 days × all agents, P1D

async function benchAggregates(): Promise<void> {
  progress(`2. aggregates: ${AGG_DAYS} days × all agents, groupBy userId, P1D, ${AGG_METRICS.length} metrics`);
  const sandbox = await createSandbox(sandboxOptions());
  try {
    const analytics = await sdkClient(sandbox.port);
    const body: platformClient.Models.ConversationAggregationQuery = {
      interval: `${dayIso(TODAY - AGG_DAYS)}/${dayIso(TODAY)}`,
      granularity: 'P1D',
      groupBy: ['userId'],
      metrics: AGG_METRICS,
    };
    const first = await timed(() => call('aggregates (cold)', analytics.postAnalyticsConversationsAggregatesQuery(body)));
    const groups = first.value.results ?? [];
    const buckets = groups.reduce((s, g) => s + (g.data?.length ?? 0), 0);
    // Warm days, but every query different (the interval's end moves by a minute), so none is answered
    // from the sandbox's result cache: this is the aggregation engine's own speed.
    const lat: number[] = [];
    const t = performance.now();
    while (performance.now() - t < AGG_WARM_MIN_S * 1000 || lat.length < 5) {
      const end = TODAY * 86_400_000 - (lat.length + 1) * 60_000;
      const distinct = { ...body, interval: `${dayIso(TODAY - AGG_DAYS)}/${new Date(end).toISOString()}` };
      const r = await timed(() => call('aggregates (warm)', analytics.postAnalyticsConversationsAggregatesQuery(distinct)));
      lat.push(r.ms);
      if (lat.length >= 500) break;
    }
    const warmMs = performance.now() - t;
    const qps = lat.length / (warmMs / 1000);
    // The same query again: a dashboard polling a finished interval is answered from the cache.
    const repeats: number[] = [];
    const tr = performance.now();
    while (repeats.length < 200) repeats.push((await timed(() => call('aggregates (repeat)', analytics.postAnalyticsConversationsAggregatesQuery(body)))).ms);
    const repeatQps = repeats.length / ((performance.now() - tr) / 1000);
    row('2. aggregates: first query (cold, 30 d)', fmt(first.ms, 0), 'ms', slotShare(first.ms));
    row('2. aggregates: queries/s, warm, distinct', fmtAuto(qps), 'queries/s', times(qps));
    row('2. aggregates: queries/s, same query', fmtAuto(repeatQps), 'queries/s', `${times(repeatQps)} (result cache)`);
    sectionLines.push(
      `2. aggregates  interval ${body.interval}, groupBy userId, granularity P1D, metrics ${AGG_METRICS.join(',')}: ` +
        `${groups.length} groups (agents), ${fmt(buckets)} buckets; cold ${fmt(first.ms, 1)} ms (simulates the ${AGG_DAYS + 1} days it reads); ` +
        `${lat.length} warm queries in ${fmt(warmMs, 0)} ms, ${latencySummary(lat)}. ` +
        countersLine(sandbox.log.counters(), { [TOKEN_ENDPOINT]: 1, [AGG_ENDPOINT]: lat.length + repeats.length + 1 }),
    );
  } finally {
    await sandbox.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Queue observations: all queues

async function benchObservations(): Promise<void> {
  progress('3. observations: all queues, oWaiting/oInteracting/oOnQueueUsers');
  const sandbox = await createSandbox(sandboxOptions());
  try {
    const analytics = await sdkClient(sandbox.port);
    const queues = sandbox.store.org.queues;
    const body: platformClient.Models.QueueObservationQuery = {
      filter: { type: 'or', predicates: queues.map((q) => ({ type: 'dimension', dimension: 'queueId', operator: 'matches', value: q.id })) },
      metrics: OBS_METRICS,
    };
    const first = await timed(() => call('observations (cold)', analytics.postAnalyticsQueuesObservationsQuery(body)));
    const results = first.value.results ?? [];
    const lat: number[] = [];
    const t = performance.now();
    while (performance.now() - t < OBS_WARM_MIN_S * 1000 || lat.length < 5) {
      const r = await timed(() => call('observations (warm)', analytics.postAnalyticsQueuesObservationsQuery(body)));
      lat.push(r.ms);
      if (lat.length >= 5_000) break;
    }
    const warmMs = performance.now() - t;
    const qps = lat.length / (warmMs / 1000);
    row('3. observations: first query (cold)', fmt(first.ms, 0), 'ms', slotShare(first.ms));
    row('3. observations: queries/s, warm', fmtAuto(qps), 'queries/s', times(qps));
    sectionLines.push(
      `3. observations  ${queues.length} queues (or of queueId predicates), metrics ${OBS_METRICS.join(',')}: ${results.length} result groups; ` +
        `cold ${fmt(first.ms, 1)} ms (simulates yesterday and today); ${lat.length} warm queries in ${fmt(warmMs, 0)} ms, ${latencySummary(lat)}. ` +
        countersLine(sandbox.log.counters(), { [TOKEN_ENDPOINT]: 1, [OBS_ENDPOINT]: lat.length + 1 }),
    );
  } finally {
    await sandbox.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Paging a 1,000,000-conversation history; the sandbox in a child process

interface Child {
  proc: ChildProcess;
  port: number;
  rssAtReady: number;
  request(m: ParentMessage): Promise<ChildMessage>;
  close(): Promise<void>;
}

async function startChild(options: SandboxOptions): Promise<Child> {
  const script = fileURLToPath(new URL('./serve.ts', import.meta.url));
  const proc = fork(script, [JSON.stringify(options)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    execArgv: ['--expose-gc', ...(CHILD_MAX_OLD_SPACE_MB ? [`--max-old-space-size=${CHILD_MAX_OLD_SPACE_MB}`] : []), '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters: Array<(m: ChildMessage) => void> = [];
  let onReady: ((m: ChildMessage) => void) | undefined;
  proc.on('message', (m: ChildMessage) => {
    if (m.type === 'ready') onReady?.(m);
    else waiters.shift()?.(m);
  });
  const ready = await new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
    onReady = (m) => resolve(m as Extract<ChildMessage, { type: 'ready' }>);
    proc.once('exit', (code) => reject(new Error(`bench/serve.ts exited with ${code} before listening`)));
    proc.once('error', reject);
  });
  return {
    proc,
    port: ready.port,
    rssAtReady: ready.rss,
    request: (m) =>
      new Promise((resolve) => {
        waiters.push(resolve);
        proc.send(m);
      }),
    close: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.send({ type: 'close' } satisfies ParentMessage);
      }),
  };
}

/** VmRSS and VmHWM (the kernel's peak RSS) of a process, bytes. */
function procMemory(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** The child's own view of its memory at the end: where the RSS is (V8 heap or outside it), before and after a full GC. */
function memoryLine(reply: ChildMessage): string {
  if (reply.type !== 'counters') return 'child memory unknown';
  const m = reply.memory;
  const g = reply.afterGc;
  const part = (u: NodeJS.MemoryUsage): string =>
    `rss ${mb(u.rss)}, heapTotal ${mb(u.heapTotal)}, heapUsed ${mb(u.heapUsed)}, external ${mb(u.external)} (arrayBuffers ${mb(u.arrayBuffers)}) MB`;
  return `child at end: ${part(m)}${g ? `; after a full GC: ${part(g)}` : ''}`;
}

async function benchPaging(): Promise<void> {
  const historyDays = DEFAULT_STORE_OPTIONS.historyDays;
  progress(`4. paging: fresh sandbox in a child process (historyDays ${historyDays}), ≥${fmt(PAGING_TARGET)} conversations, cap ${PAGING_CAP_S} s`);
  const child = await startChild(sandboxOptions());
  const pid = child.proc.pid!;
  const startMem = procMemory(pid);
  const sample = { peak: startMem?.rss ?? 0, peakAt: 0, samples: 0, clientPeak: process.memoryUsage().rss, heapTotal: 0, heapUsed: 0, external: 0 };
  const tStart = performance.now();
  let asking = false;
  const timer = setInterval(() => {
    const m = procMemory(pid);
    if (m && m.rss > sample.peak) {
      sample.peak = m.rss;
      sample.peakAt = sample.samples > 0 ? (performance.now() - tStart) / 1000 : 0;
    }
    sample.samples++;
    sample.clientPeak = Math.max(sample.clientPeak, process.memoryUsage().rss);
    // The child's own split (V8 heap vs outside it); it answers between requests, so skip while one is pending.
    if (!asking) {
      asking = true;
      void child.request({ type: 'memory' }).then((reply) => {
        asking = false;
        if (reply.type !== 'memory') return;
        sample.heapTotal = Math.max(sample.heapTotal, reply.memory.heapTotal);
        sample.heapUsed = Math.max(sample.heapUsed, reply.memory.heapUsed);
        sample.external = Math.max(sample.external, reply.memory.external);
      });
    }
  }, 250);
  let received = 0;
  let pages = 0;
  let windows = 0;
  let coldMs = 0;
  let capped = false;
  let totalHitsSeen = 0;
  let lastProgress = performance.now();
  const seen = { first: '', last: '' };
  try {
    const analytics = await sdkClient(child.port);
    const firstDay = TODAY - historyDays + 1;
    const filtered = WINDOW_DAYS > UNFILTERED_MAX_DAYS;
    const t0 = performance.now();
    outer: for (let from = firstDay; from <= TODAY; from += WINDOW_DAYS) {
      const start = from * DAY_MS;
      const end = Math.min((from + WINDOW_DAYS) * DAY_MS, NOW_MS);
      const interval = `${iso(start)}/${iso(end)}`;
      windows++;
      for (let page = 1; ; page++) {
        const r = await timed(() =>
          call(`details ${interval} page ${page}`, analytics.postAnalyticsConversationsDetailsQuery({
            interval,
            order: 'asc',
            orderBy: 'conversationStart',
            paging: { pageSize: PAGE_SIZE, pageNumber: page },
            ...(filtered ? { conversationFilters: MATCH_ALL_FILTER } : {}),
          })),
        );
        pages++;
        if (page === 1) {
          coldMs += r.ms;
          totalHitsSeen += r.value.totalHits ?? 0;
        }
        const convs = r.value.conversations ?? [];
        received += convs.length;
        if (convs.length > 0) {
          if (!seen.first) seen.first = convs[0]!.conversationStart ?? '';
          seen.last = convs[convs.length - 1]!.conversationStart ?? '';
        }
        if (received >= PAGING_TARGET) break outer;
        if ((performance.now() - t0) / 1000 >= PAGING_CAP_S) {
          capped = true;
          break outer;
        }
        if (performance.now() - lastProgress > 15_000) {
          lastProgress = performance.now();
          progress(`   ${fmt(received)} conversations, ${fmt(pages)} pages, window ${windows}, child RSS ${mb(procMemory(pid)?.rss ?? NaN)} MB`);
        }
        if (convs.length < PAGE_SIZE || page * PAGE_SIZE >= (r.value.totalHits ?? 0)) break;
      }
    }
    const wallMs = performance.now() - t0;
    clearInterval(timer);
    const endMem = procMemory(pid);
    while (asking) await new Promise((resolve) => setTimeout(resolve, 5));
    const reply = await child.request({ type: 'counters' });
    const counters = reply.type === 'counters' ? reply.counters : {};
    const rate = received / (wallMs / 1000);
    const pagesPerS = pages / (wallMs / 1000);
    const extrapolatedS = PAGING_TARGET / rate;
    const budgetS = PAGING_TARGET / (BUDGET_RPS * PAGE_SIZE);
    const peak = Math.max(sample.peak, endMem?.rss ?? 0);
    row('4. 1M paging: conversations received', fmt(received), 'conv', capped ? `CAPPED at ${PAGING_CAP_S} s (target ${fmt(PAGING_TARGET)})` : `target ${fmt(PAGING_TARGET)} reached`);
    row('4. 1M paging: wall time', fmt(wallMs / 1000, 1), 's', capped ? `extrapolated to ${fmt(PAGING_TARGET)}: ${fmt(extrapolatedS, 0)} s` : `at the 5 req/s budget: ${fmt(budgetS, 0)} s`);
    row('4. 1M paging: conversations/s', fmt(rate, 0), 'conv/s', `${fmt(pagesPerS, 1)} pages/s, ${times(pagesPerS)}`);
    const steadyPagesPerS = (pages - windows) / ((wallMs - coldMs) / 1000);
    row('4. 1M paging: pages (100 rows)', fmt(pages), 'pages', `${windows} windows of ≤${WINDOW_DAYS} days`);
    row(`4. 1M paging: first page of a ${WINDOW_DAYS}-day window`, fmt(coldMs / windows, 0), 'ms', `cold scan, mean of ${windows}; ${slotShare(coldMs / windows)}; ${fmt(coldMs / 1000, 1)} s in all`);
    row('4. 1M paging: other pages', fmt(steadyPagesPerS, 0), 'pages/s', times(steadyPagesPerS));
    const heapFlag = CHILD_MAX_OLD_SPACE_MB ? `, --max-old-space-size=${CHILD_MAX_OLD_SPACE_MB}` : '';
    row('4. 1M paging: sandbox RSS at start', mb(startMem?.rss ?? NaN), 'MB', `child process${heapFlag}, idle, after createSandbox [a]`);
    row('4. 1M paging: sandbox RSS peak', mb(peak), 'MB', `sampled every 250 ms (${sample.samples} samples); kernel VmHWM ${mb(endMem?.hwm ?? NaN)} MB [a]`);
    row('4. 1M paging: sandbox RSS at end', mb(endMem?.rss ?? NaN), 'MB', `[a]`);
    row('4. 1M paging: sandbox V8 heap peak', mb(sample.heapTotal), 'MB', `heapTotal (heapUsed peak ${mb(sample.heapUsed)} MB, external peak ${mb(sample.external)} MB) [a]`);
    row('4. 1M paging: bench process RSS peak', mb(sample.clientPeak), 'MB', 'SDK client + what sections 1–3, 5 left, for reference');
    footnotes.push(
      '[a] RSS of the sandbox alone: it runs in a child process (bench/serve.ts, node --import tsx) and its VmRSS is read from ' +
        '/proc/<pid>/status; it includes Node itself and the tsx loader, not the SDK client (whose RSS is the last row).',
    );
    sectionLines.push(
      `4. paging  ${windows} windows of ≤${WINDOW_DAYS} days from ${dayIso(firstDay)} (historyDays ${historyDays}, ${fmt(DEFAULT_STORE_OPTIONS.conversationsPerDay)}/weekday), ` +
        `pageSize ${PAGE_SIZE}, orderBy conversationStart asc, ` +
        `${WINDOW_DAYS > UNFILTERED_MAX_DAYS ? `match-all conversationFilter (originatingDirection inbound or outbound: over ${UNFILTERED_MAX_DAYS} days needs a filter)` : 'no filter'}: ${fmt(received)} conversations (${seen.first} → ${seen.last}) in ${fmt(pages)} pages, ` +
        `${fmt(wallMs / 1000, 1)} s${capped ? ` — CAPPED at ${PAGING_CAP_S} s, ${fmt(PAGING_TARGET)} extrapolated at ${fmt(extrapolatedS, 0)} s` : ''}; ` +
        `totalHits of the windows opened ${fmt(totalHitsSeen)}; first pages (cold scans) ${fmt(coldMs / 1000, 1)} s, ${fmt(coldMs / windows, 0)} ms each; ` +
        `RSS start ${mb(startMem?.rss ?? NaN)} MB, peak ${mb(peak)} MB (at ${fmt(sample.peakAt, 0)} s), end ${mb(endMem?.rss ?? NaN)} MB; ` +
        `${memoryLine(reply)}. ` +
        countersLine(counters, { [TOKEN_ENDPOINT]: 1, [DETAILS_ENDPOINT]: pages }) +
        ` (${fmt(countersTotal(counters))} requests in all)`,
    );
  } finally {
    clearInterval(timer);
    await child.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 5. Day simulation cost

function benchSimulation(): void {
  progress(`5. simulation: ${SIM_DAYS} consecutive days, cold`);
  const t = performance.now();
  const store = new SimulatedOrgStore({ seed: SEED });
  const orgMs = performance.now() - t;
  const ms: number[] = [];
  const emitMs: number[] = [];
  const counts: number[] = [];
  const from = TODAY - SIM_DAYS + 1;
  for (let d = from; d <= TODAY; d++) {
    const t1 = performance.now();
    const convs = store.conversationsOfDay(d);
    ms.push(performance.now() - t1);
    counts.push(convs.length);
    const t2 = performance.now();
    store.emissionsOfDay(d);
    emitMs.push(performance.now() - t2);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  const mean = ms.reduce((s, x) => s + x, 0) / ms.length;
  const convMean = counts.reduce((s, x) => s + x, 0) / counts.length;
  const emitMean = emitMs.reduce((s, x) => s + x, 0) / emitMs.length;
  row('5. simulate one day (cold), mean', fmt(mean, 1), 'ms/day', `median ${fmt(percentile(sorted, 50), 1)}, first ${fmt(ms[0]!, 1)}, max ${fmt(sorted[sorted.length - 1]!, 1)} ms`);
  row('5. conversations per simulated day, mean', fmt(convMean, 0), 'conv/day', `min ${fmt(Math.min(...counts))}, max ${fmt(Math.max(...counts))}`);
  row('5. simulation throughput', fmt(convMean / (mean / 1000), 0), 'conv/s', `+ ${fmt(emitMean, 1)} ms/day to derive emissions (aggregates)`);
  sectionLines.push(
    `5. simulation  new SimulatedOrgStore({seed:${SEED}}) ${fmt(orgMs, 1)} ms (org generation), then conversationsOfDay(d) for ${dayIso(from).slice(0, 10)}..${dayIso(TODAY).slice(0, 10)}: ` +
      `ms/day ${ms.map((x) => fmt(x, 0)).join(' ')}; conversations/day ${counts.join(' ')}; emissionsOfDay mean ${fmt(emitMean, 1)} ms. No HTTP, no requests.`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// 6. Aggregates engines side by side: the raw scan (before) and the day cubes (after)

interface EngineFigures {
  coldMs: number;
  warmMs: number;
}

/**
 * One engine on a fresh store (the sandbox's default cache of 32 days): the first query is cold (no day simulated),
 * then ENGINE_WARM_QUERIES distinct ones (the interval's end one minute earlier each time); warm = their median.
 */
function measureEngine(days: number, run: (store: SimulatedOrgStore, q: AggregatesQuery) => unknown): EngineFigures {
  const store = new SimulatedOrgStore({ seed: SEED });
  const query = (k: number): AggregatesQuery =>
    parseAggregatesQuery(
      { interval: `${dayIso(TODAY - days)}/${iso(NOW_MS - k * 60_000)}`, granularity: 'P1D', groupBy: ['userId'], metrics: AGG_METRICS },
      DEFAULT_LIMITS,
    );
  gc();
  const t = performance.now();
  run(store, query(0));
  const coldMs = performance.now() - t;
  const warm: number[] = [];
  for (let k = 1; k <= ENGINE_WARM_QUERIES; k++) {
    const tw = performance.now();
    run(store, query(k));
    warm.push(performance.now() - tw);
  }
  return { coldMs, warmMs: percentile([...warm].sort((a, b) => a - b), 50) };
}

function benchAggregateEngines(): void {
  progress(`6. aggregates engines: raw scan → cubes via emissions → cubes from conversations, ${ENGINE_DAYS.join(' and ')} days × ${DEFAULT_STORE_OPTIONS.agents} agents`);
  const lines: string[][] = [['days', 'case', 'raw scan', 'cubes via emissions', 'cubes from conversations', 'scan → now', 'simulating the days alone']];
  const cubeEngine = (build?: typeof cubeFromEmissions) => {
    const engines = new WeakMap<SimulatedOrgStore, AggregatesEngine>();
    return (store: SimulatedOrgStore, q: AggregatesQuery): unknown => {
      let engine = engines.get(store);
      if (!engine) engines.set(store, (engine = new AggregatesEngine(store, undefined, build)));
      return engine.run(q, NOW_MS);
    };
  };
  for (const days of ENGINE_DAYS) {
    const scan = measureEngine(days, (store, q) => runAggregatesScan(q, emissionsFor(store, q.interval.start, q.interval.end, NOW_MS), store.org));
    const viaEmissions = measureEngine(days, cubeEngine(cubeFromEmissions));
    const cubes = measureEngine(days, cubeEngine());
    // The simulation alone, on a fresh store: the floor of any cold query.
    const store = new SimulatedOrgStore({ seed: SEED });
    gc();
    const ts = performance.now();
    for (let d = TODAY - days - 1; d <= TODAY; d++) store.conversationsOfDay(d);
    const simMs = performance.now() - ts;
    const ratio = (a: number, b: number): string => `×${fmtAuto(a / b)}`;
    lines.push([String(days), 'cold', `${fmt(scan.coldMs)} ms`, `${fmt(viaEmissions.coldMs)} ms`, `${fmt(cubes.coldMs)} ms`, ratio(scan.coldMs, cubes.coldMs), `${fmt(simMs)} ms (${days + 2} days)`]);
    lines.push([String(days), 'warm', `${fmt(scan.warmMs, 1)} ms`, `${fmt(viaEmissions.warmMs, 1)} ms`, `${fmt(cubes.warmMs, 1)} ms`, ratio(scan.warmMs, cubes.warmMs), '']);
    row(`6. aggregates ${days} d: cold, raw scan → cubes`, `${fmt(scan.coldMs)} → ${fmt(cubes.coldMs)}`, 'ms', `${ratio(scan.coldMs, cubes.coldMs)}; cubes via emissions ${fmt(viaEmissions.coldMs)} ms; simulating alone ${fmt(simMs)} ms`);
    row(`6. aggregates ${days} d: warm, raw scan → cubes`, `${fmt(scan.warmMs, 1)} → ${fmt(cubes.warmMs, 1)}`, 'ms', ratio(scan.warmMs, cubes.warmMs));
  }
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const table = lines.map((l) => l.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ').trimEnd());
  sectionLines.push(
    `6. aggregates engines  groupBy userId, granularity P1D, metrics ${AGG_METRICS.join(',')}, ${DEFAULT_STORE_OPTIONS.agents} agents, ` +
      `interval from ${ENGINE_DAYS.map((d) => `${d}`).join('/')} days back to now; engines called directly (no HTTP), each on a fresh store with the default ` +
      `${DEFAULT_STORE_OPTIONS.cacheDays}-day cache; cold = first query, no day simulated; warm = median of ${ENGINE_WARM_QUERIES} distinct queries on the same store. ` +
      `Before → after: the raw scan (the engine before cubes) and cubes built through each day's materialised emissions (the cube path before) → ` +
      `cubes built straight from the conversations (what the server uses); all three on the same simulation:\n` +
      table.map((l) => `   ${l}`).join('\n'),
  );
}

// ---------------------------------------------------------------------------------------------------------------

const T0 = performance.now();

async function main(): Promise<void> {
  progress(`seed ${SEED}, clock frozen at ${NOW}, requestsPerMinute ${fmt(LIMITS.requestsPerMinute)}; node ${process.version}`);
  if (ONLY.has('1')) await benchDetails();
  gc();
  if (ONLY.has('2')) await benchAggregates();
  gc();
  if (ONLY.has('3')) await benchObservations();
  gc();
  if (ONLY.has('5')) benchSimulation();
  gc();
  if (ONLY.has('6')) benchAggregateEngines();
  gc();
  if (ONLY.has('4')) await benchPaging();
  const totalS = (performance.now() - T0) / 1000;
  process.stdout.write(
    `\ncxgraph sandbox benchmark — seed ${SEED}, clock frozen at ${NOW}, rate limit raised to ${fmt(LIMITS.requestsPerMinute)}/min, ` +
      `SDK purecloud-platform-client-v2 over HTTP on 127.0.0.1, node ${process.version}\n` +
      `budget = Genesys's default 300 requests/min per token = ${BUDGET_RPS} req/s (one request per ${BUDGET_SLOT_MS} ms)\n\n`,
  );
  printTable();
  process.stdout.write(`\n${footnotes.join('\n')}\n`);
  process.stdout.write('Sections 1–3 and 5 run the sandbox in the bench process (client and server share one event loop); section 4 runs it in a child process.\n\n');
  process.stdout.write(`${sectionLines.join('\n')}\n\ntotal bench time ${fmt(totalS, 1)} s\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
