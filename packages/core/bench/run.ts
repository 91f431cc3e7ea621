/**
 * The benchmark of @cxgraph/core: how close does cxgraph get to the rate budget Genesys gives a token, and
 * what does that buy over the loops people write from tutorials? Every figure goes over real HTTP through
 * the official SDK to a sandbox (@cxgraph/sandbox) running alone in a child process (bench/serve.ts).
 *
 *   pnpm bench        (= node --import tsx bench/run.ts)
 *
 * 1. cxgraph pages `client.history.conversations` on 50 requests per 10-s window (Genesys's 5 req/s) for six
 *    whole windows: rows/s against the bound (budget × 100 rows a page), 429s, pages.
 * 2. The tutorial loop (raw SDK, default page size 25, `sleep(1000)` after each page, 429 → sleep 1 s and
 *    retry) on the same budget, then the same loop at pageSize 100: rows/s and cxgraph's ratio to each.
 * 3. 1,000 concurrent `client.directory.getUser` against 200 requests per 10-s window (20 req/s): errors,
 *    429s, completion time against the window arithmetic's ideal, upstream requests.
 * 4. The same 1,000 requests through the raw SDK all at once, no limiter, 429 → retry after 1 s (capped).
 *
 * Environment knobs (all optional): BENCH_ONLY (sections, e.g. "1,2" or "3,4"), BENCH_WINDOWS (section 1's
 * whole windows, default 6), BENCH_TUTORIAL_S (default 60), BENCH_TUTORIAL100_S (default 30), BENCH_BURST
 * (section 3's requests, default 1000), BENCH_NAIVE_CAP_S (default 90). Progress goes to stderr; the table
 * and the per-section lines to stdout. See bench/README.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import platformClient from 'purecloud-platform-client-v2';
import type { EndpointCounters, FaultSettings, SandboxOptions } from '@cxgraph/sandbox';
import { createClient, resolveTimeRange, type CxGraphClient } from '../src/index.js';
import type { ChildMessage, ParentMessage } from './serve.js';

// ---------------------------------------------------------------------------------------------------------------
// Settings

const SEED = 1;
/** The sandbox's data clock, frozen. The interval below ended weeks before it, so its data never changes. */
const NOW = '2026-03-10T14:30:00.000Z';
/** 31 days: one details chunk (a filter is set), ~50,000 conversations, far more than six windows can page. */
const INTERVAL = '2026-01-05T00:00:00.000Z/2026-02-05T00:00:00.000Z';
const CLIENT_ID = 'cxgraph-demo';
const CLIENT_SECRET = 'cxgraph-demo-secret';

/** Genesys's default budget, 300 requests/min = 5 req/s, scaled to a 10-s window so steady state comes fast. */
const DETAILS_LIMIT = 50;
const DETAILS_WINDOW_MS = 10_000;
const PAGE_SIZE = 100;
/** Tutorials leave `paging.pageSize` out: the API's default is 25. */
const DEFAULT_PAGE_SIZE = 25;
const BOUND_ROWS_PER_S = (DETAILS_LIMIT / (DETAILS_WINDOW_MS / 1000)) * PAGE_SIZE;

/** Section 3: 20 req/s as 200 requests per 10-s window. */
const BURST_LIMIT = 200;
const BURST_WINDOW_MS = 10_000;

const ONLY = new Set((process.env.BENCH_ONLY ?? '1,2,3,4').split(',').map((s) => s.trim()));
const WINDOWS = Math.floor(envNumber('BENCH_WINDOWS', 6));
const TUTORIAL_S = envNumber('BENCH_TUTORIAL_S', 60);
const TUTORIAL100_S = envNumber('BENCH_TUTORIAL100_S', 30);
const BURST = Math.floor(envNumber('BENCH_BURST', 1000));
const NAIVE_CAP_S = envNumber('BENCH_NAIVE_CAP_S', 90);
/** Section 5 (opt-in, BENCH_ONLY=5): section 1 with this much latency added upstream, over fewer windows. */
const LATENCY_MS = envNumber('BENCH_LATENCY_MS', 300);
const LATENCY_WINDOWS = Math.floor(envNumber('BENCH_LATENCY_WINDOWS', 3));

const DETAILS_ENDPOINT = 'POST /api/v2/analytics/conversations/details/query';
const USER_ENDPOINT = 'GET /api/v2/users/{userId}';
const TOKEN_ENDPOINT = 'POST /oauth/token';

/** What `filter: { directions: ['inbound', 'outbound'] }` sends: matches every conversation, allows 31 days. */
const DIRECTIONS = ['inbound', 'outbound'] as const;
/** The same query written by hand, as a tutorial would (and as the cache-warming request sends it). */
const RAW_BODY: platformClient.Models.ConversationQuery = {
  interval: INTERVAL,
  order: 'asc',
  orderBy: 'conversationStart',
  segmentFilters: [
    {
      type: 'or',
      predicates: DIRECTIONS.map((value) => ({ type: 'dimension', dimension: 'direction', operator: 'matches', value })),
    },
  ],
};

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (text: string): void => {
  process.stderr.write(`[core bench] ${text}\n`);
};
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const secs = (ms: number): string => `${fmt(ms / 1000, 1)} s`;

/** The HTTP status of a raw SDK rejection: the body alone (default mode), an extended response or an AxiosError. */
function statusOf(e: unknown): number | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const o = e as { status?: unknown; body?: { status?: unknown }; response?: { status?: unknown } };
  for (const s of [o.status, o.body?.status, o.response?.status]) if (typeof s === 'number') return s;
  return undefined;
}

function describe(e: unknown): string {
  if (e && typeof e === 'object') {
    const o = e as { code?: unknown; status?: unknown; message?: unknown };
    return [o.code, o.status, o.message].filter((x) => x !== undefined).join(' ');
  }
  return String(e);
}

// ---------------------------------------------------------------------------------------------------------------
// The sandbox, in a child process

interface Sandbox {
  port: number;
  url: string;
  agentIds: string[];
  counters(): Promise<Record<string, EndpointCounters>>;
  /** Real arrival times (epoch ms) of the logged requests of `endpoint`, oldest first. */
  arrivals(endpoint: string): Promise<number[]>;
  /** Empties the sandbox's request log and counters. */
  reset(): Promise<void>;
  /** Injected faults, e.g. `{ latencyMs }` (applies to /api/v2 and /oauth/token). */
  faults(f: Partial<FaultSettings>): Promise<void>;
  close(): Promise<void>;
}

/**
 * Ports already used in this run. core shares one rate limiter per (client id, origin) across the process;
 * a new sandbox on a port the OS hands out again would inherit the previous section's limiter.
 */
const usedPorts = new Set<number>();

async function startSandbox(limits: NonNullable<SandboxOptions['limits']>): Promise<Sandbox> {
  const held: Sandbox[] = [];
  try {
    for (;;) {
      const sb = await forkSandbox({ seed: SEED, now: NOW, limits });
      if (!usedPorts.has(sb.port)) {
        usedPorts.add(sb.port);
        return sb;
      }
      held.push(sb); // keep it open so the next one gets another port
    }
  } finally {
    await Promise.all(held.map((s) => s.close()));
  }
}

async function forkSandbox(options: SandboxOptions): Promise<Sandbox> {
  const script = fileURLToPath(new URL('./serve.ts', import.meta.url));
  const proc: ChildProcess = fork(script, [JSON.stringify(options)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters: Array<(m: ChildMessage) => void> = [];
  let onReady: ((m: Extract<ChildMessage, { type: 'ready' }>) => void) | undefined;
  proc.on('message', (m: ChildMessage) => {
    if (m.type === 'ready') onReady?.(m);
    else waiters.shift()?.(m);
  });
  const ready = await new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
    onReady = resolve;
    proc.once('exit', (code) => reject(new Error(`bench/serve.ts exited with ${code} before listening`)));
    proc.once('error', reject);
  });
  const request = <T extends ChildMessage['type']>(m: ParentMessage): Promise<Extract<ChildMessage, { type: T }>> =>
    new Promise((resolve) => {
      waiters.push((answer) => resolve(answer as Extract<ChildMessage, { type: T }>));
      proc.send(m);
    });
  return {
    port: ready.port,
    url: `http://127.0.0.1:${ready.port}`,
    agentIds: ready.agentIds,
    counters: async () => (await request<'counters'>({ type: 'counters' })).counters,
    arrivals: async (endpoint) => (await request<'arrivals'>({ type: 'arrivals', endpoint })).times,
    reset: async () => {
      await request<'reset'>({ type: 'reset' });
    },
    faults: async (faults) => {
      await request<'faults'>({ type: 'faults', faults });
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.send({ type: 'close' } satisfies ParentMessage);
      }),
  };
}

const count = (c: Record<string, EndpointCounters>, endpoint: string): EndpointCounters =>
  c[endpoint] ?? { requests: 0, ok: 0, errors: 0, rateLimited: 0, faults: 0, byStatus: {} };

/** The raw SDK on its own ApiClient, logged in: what every tutorial starts with. */
async function rawSdk(sb: Sandbox): Promise<platformClient.ApiClientClass> {
  const api = new platformClient.ApiClientClass();
  // Otherwise every ApiClient watches ~/.genesyscloudjavascript/config and keeps the process alive.
  api.config.live_reload_config = false;
  api.setGateway({ host: '127.0.0.1', protocol: 'http', port: sb.port, path_params_login: '', path_params_api: '' });
  await api.loginClientCredentialsGrant(CLIENT_ID, CLIENT_SECRET);
  return api;
}

/**
 * The sandbox scans and sorts a details result set on its first page (~4 s for 31 filtered days, its own cost,
 * nothing like Genesys) and serves later pages from a cache keyed by the query without its paging. One page
 * asked with another token, before measuring, puts every run on the same warm footing; the log is then reset.
 */
async function warmDetails(sb: Sandbox): Promise<number> {
  const started = Date.now();
  const api = await rawSdk(sb);
  await new platformClient.AnalyticsApi(api).postAnalyticsConversationsDetailsQuery({ ...RAW_BODY, paging: { pageSize: 1, pageNumber: 1 } });
  await sb.reset();
  return Date.now() - started;
}

const budgetLimits = (limit: number, windowMs: number) => ({ requestsPerMinute: limit, rateWindowMs: windowMs });

function cxgraphClient(sb: Sandbox, limit: number, windowMs: number): CxGraphClient {
  return createClient({
    apiUrl: sb.url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    rateLimitPerMinute: limit,
    windowMs,
    now: () => Date.parse(NOW),
    sources: { env: {}, dotenv: false },
  });
}

/** The sandbox's fixed windows rebuilt from arrival times: one opens at the first request at or after the last one's end. */
function windowsOf(times: number[], windowMs: number): Array<{ start: number; count: number }> {
  const out: Array<{ start: number; count: number }> = [];
  for (const t of times) {
    const last = out[out.length - 1];
    if (!last || t >= last.start + windowMs) out.push({ start: t, count: 1 });
    else last.count++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// 1. cxgraph paging details on 50 requests / 10 s

interface DetailsResult {
  windowsMeasured: number;
  latencyMs: number;
  rowsPerS: number;
  rows: number;
  spanMs: number;
  pages: number;
  rows60: number;
  upstream429: number;
  client429: number;
  logins: number;
  windows: Array<{ start: number; count: number }>;
  firstPageMs: number;
  warmMs: number;
  measuredOver: string;
}

/**
 * `windows` whole budget windows of paging. `latencyMs` > 0 adds that much upstream latency to every request
 * (the sandbox's latency fault, set after the warm-up): section 5.
 */
async function cxgraphDetails(windows: number, latencyMs = 0): Promise<DetailsResult> {
  const sb = await startSandbox(budgetLimits(DETAILS_LIMIT, DETAILS_WINDOW_MS));
  try {
    const warmMs = await warmDetails(sb);
    if (latencyMs > 0) await sb.faults({ latencyMs });
    const client = cxgraphClient(sb, DETAILS_LIMIT, DETAILS_WINDOW_MS);
    const targetPages = windows * DETAILS_LIMIT;
    const capMs = (windows + 2) * DETAILS_WINDOW_MS + 10_000 + (targetPages + 1) * latencyMs;
    progress(
      `${latencyMs > 0 ? `5. cxgraph with ${latencyMs} ms upstream latency` : '1. cxgraph'}: paging ${INTERVAL} for ${windows} whole windows (${targetPages} pages + the first of the next window)…`,
    );
    const rowTimes: number[] = [];
    const started = Date.now();
    for await (const row of client.history.conversations({ range: resolveTimeRange({ interval: INTERVAL }, 0), filter: { directions: [...DIRECTIONS] } })) {
      void row;
      const now = Date.now();
      rowTimes.push(now);
      // A row of page targetPages + 1 means that request (the first of window WINDOWS + 1) went out.
      if (rowTimes.length > targetPages * PAGE_SIZE || now - started > capMs) break;
    }
    const arrivals = await sb.arrivals(DETAILS_ENDPOINT);
    const counters = await sb.counters();
    const stats = client.stats().byEndpoint[DETAILS_ENDPOINT];
    const t0 = arrivals[0] ?? started;
    let end: number;
    let measuredOver: string;
    if (arrivals.length > targetPages) {
      // Whole cycles: from the first request to the first request of the window after the last one measured.
      end = arrivals[targetPages]!;
      measuredOver = `first request → first request of window ${windows + 1} (request ${targetPages + 1})`;
    } else {
      end = t0 + windows * DETAILS_WINDOW_MS;
      measuredOver = `first request → +${windows} windows (fewer than ${targetPages + 1} requests were sent)`;
    }
    const rows = rowTimes.filter((t) => t <= end).length;
    const rows60 = rowTimes.filter((t) => t <= t0 + windows * DETAILS_WINDOW_MS).length;
    const details = count(counters, DETAILS_ENDPOINT);
    return {
      windowsMeasured: windows,
      latencyMs,
      rowsPerS: rows / ((end - t0) / 1000),
      rows,
      spanMs: end - t0,
      pages: details.requests,
      rows60,
      upstream429: details.rateLimited,
      client429: stats?.rateLimited ?? 0,
      logins: count(counters, TOKEN_ENDPOINT).requests,
      windows: windowsOf(arrivals, DETAILS_WINDOW_MS),
      firstPageMs: (rowTimes[0] ?? t0) - t0,
      warmMs,
      measuredOver,
    };
  } finally {
    await sb.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 2. The tutorial loop on the same budget

interface TutorialResult {
  pageSize: number;
  rowsPerS: number;
  rows: number;
  pages: number;
  elapsedMs: number;
  retries429: number;
  upstream429: number;
  upstreamRequests: number;
  logins: number;
  rowsPerPage: number;
}

async function tutorial(pageSize: number | undefined, seconds: number): Promise<TutorialResult> {
  const sb = await startSandbox(budgetLimits(DETAILS_LIMIT, DETAILS_WINDOW_MS));
  try {
    await warmDetails(sb);
    progress(`2. tutorial loop, ${pageSize === undefined ? 'default page size' : `pageSize ${pageSize}`}, sleep(1000) per page, for ${seconds} s…`);
    // ---- what a tutorial does ----
    const apiClient = await rawSdk(sb);
    const analytics = new platformClient.AnalyticsApi(apiClient);
    let rows = 0;
    let pages = 0;
    let retries429 = 0;
    let biggestPage = 0;
    const t0 = Date.now();
    const deadline = t0 + seconds * 1000;
    for (let pageNumber = 1; Date.now() < deadline; ) {
      try {
        // Tutorials leave pageSize out (the SDK's type wants it; the API defaults it to 25).
        const paging = (pageSize === undefined ? { pageNumber } : { pageSize, pageNumber }) as platformClient.Models.PagingSpec;
        const page = await analytics.postAnalyticsConversationsDetailsQuery({ ...RAW_BODY, paging });
        const n = page.conversations?.length ?? 0;
        pages++;
        rows += n;
        biggestPage = Math.max(biggestPage, n);
        if (n === 0) break;
        pageNumber++;
        await sleep(1000);
      } catch (e) {
        if (statusOf(e) !== 429) throw e;
        retries429++;
        await sleep(1000);
      }
    }
    const elapsedMs = Date.now() - t0;
    // ------------------------------
    const counters = await sb.counters();
    const details = count(counters, DETAILS_ENDPOINT);
    return {
      pageSize: pageSize ?? DEFAULT_PAGE_SIZE,
      rowsPerS: rows / (elapsedMs / 1000),
      rows,
      pages,
      elapsedMs,
      retries429,
      upstream429: details.rateLimited,
      upstreamRequests: details.requests,
      logins: count(counters, TOKEN_ENDPOINT).requests,
      rowsPerPage: biggestPage,
    };
  } finally {
    await sb.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 3. 1,000 concurrent getUser through cxgraph on 200 requests / 10 s

interface BurstResult {
  elapsedMs: number;
  /** First upstream request to the last answer. */
  upstreamSpanMs: number;
  errors: number;
  errorSamples: string[];
  upstream429: number;
  client429: number;
  userRequests: number;
  logins: number;
  completed: number;
  capped: boolean;
  windows: Array<{ start: number; count: number }>;
  retries: number;
  /** When the last sandbox window opened, from the first upstream request, and when the last answer came after it. */
  lastWindowAtMs?: number;
  lastWindowServedMs?: number;
}

/** Window arithmetic: the first window takes `limit` at once; each further one opens a window later. */
const idealMs = (n: number, limit: number, windowMs: number): number => (Math.ceil(n / limit) - 1) * windowMs;

async function cxgraphBurst(): Promise<BurstResult> {
  const sb = await startSandbox(budgetLimits(BURST_LIMIT, BURST_WINDOW_MS));
  try {
    const client = cxgraphClient(sb, BURST_LIMIT, BURST_WINDOW_MS);
    const ids = sb.agentIds;
    progress(`3. cxgraph: ${fmt(BURST)} concurrent directory.getUser on ${BURST_LIMIT} per ${BURST_WINDOW_MS / 1000} s…`);
    let errors = 0;
    let completed = 0;
    const errorSamples: string[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        client.directory.getUser(ids[i % ids.length]!).then(
          () => {
            completed++;
          },
          (e: unknown) => {
            errors++;
            if (errorSamples.length < 3) errorSamples.push(describe(e));
          },
        ),
      ),
    );
    const done = Date.now();
    const arrivals = await sb.arrivals(USER_ENDPOINT);
    const counters = await sb.counters();
    const stats = client.stats();
    const users = count(counters, USER_ENDPOINT);
    const windows = windowsOf(arrivals, BURST_WINDOW_MS);
    const last = windows[windows.length - 1];
    return {
      ...(last && arrivals[0] !== undefined ? { lastWindowAtMs: last.start - arrivals[0], lastWindowServedMs: done - last.start } : {}),
      elapsedMs: done - t0,
      upstreamSpanMs: done - (arrivals[0] ?? t0),
      errors,
      errorSamples,
      upstream429: users.rateLimited,
      client429: stats.byEndpoint[USER_ENDPOINT]?.rateLimited ?? 0,
      retries: stats.byEndpoint[USER_ENDPOINT]?.retries ?? 0,
      userRequests: users.requests,
      logins: count(counters, TOKEN_ENDPOINT).requests,
      completed,
      capped: false,
      windows,
    };
  } finally {
    await sb.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 4. The same 1,000 requests, raw SDK, all at once, 429 → retry after 1 s

async function naiveBurst(): Promise<BurstResult> {
  const sb = await startSandbox(budgetLimits(BURST_LIMIT, BURST_WINDOW_MS));
  try {
    const ids = sb.agentIds;
    progress(`4. naive: ${fmt(BURST)} raw SDK getUser at once, no limiter, 429 → retry after 1 s (cap ${NAIVE_CAP_S} s)…`);
    const apiClient = await rawSdk(sb);
    const usersApi = new platformClient.UsersApi(apiClient);
    let errors = 0;
    let completed = 0;
    let capped = 0;
    const errorSamples: string[] = [];
    const t0 = Date.now();
    const capAt = t0 + NAIVE_CAP_S * 1000;
    await Promise.all(
      Array.from({ length: BURST }, async (_, i) => {
        for (;;) {
          try {
            await usersApi.getUser(ids[i % ids.length]!);
            completed++;
            return;
          } catch (e) {
            if (statusOf(e) === 429) {
              if (Date.now() + 1000 > capAt) {
                capped++;
                return;
              }
              await sleep(1000);
              continue;
            }
            errors++;
            if (errorSamples.length < 3) errorSamples.push(describe(e));
            return;
          }
        }
      }),
    );
    const done = Date.now();
    const counters = await sb.counters();
    const users = count(counters, USER_ENDPOINT);
    return {
      elapsedMs: done - t0,
      upstreamSpanMs: done - t0,
      errors,
      errorSamples,
      upstream429: users.rateLimited,
      client429: users.rateLimited,
      retries: users.requests - BURST,
      userRequests: users.requests,
      logins: count(counters, TOKEN_ENDPOINT).requests,
      completed,
      capped: capped > 0,
      windows: [],
    };
  } finally {
    await sb.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Report

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  const out = [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('-|-')];
  for (const r of rows.slice(1)) out.push(line(r));
  return out.join('\n');
}

const mark = (ok: boolean): string => (ok ? 'met' : 'MISSED');
const ratio = (a: number, b: number, digits = 1): string => (b > 0 ? `${fmt(a / b, digits)}×` : '—');
const windowsText = (ws: Array<{ start: number; count: number }>): string => {
  if (ws.length === 0) return 'none';
  const t0 = ws[0]!.start;
  return ws.map((w) => `${w.count}@${fmt((w.start - t0) / 1000, 2)}s`).join(', ');
};

function detailsLine(d: DetailsResult): string {
  const W = d.windowsMeasured;
  return (
    `${d.latencyMs > 0 ? `5. cxgraph details, ${d.latencyMs} ms added to every upstream request` : '1. cxgraph details'}: ${fmt(d.rows)} rows in ${secs(d.spanMs)} = ${fmt(d.rowsPerS, 1)} rows/s = ${fmt((d.rowsPerS / BOUND_ROWS_PER_S) * 100, 1)}% of ${fmt(BOUND_ROWS_PER_S)}, ` +
    `measured ${d.measuredOver}; first ${W} × ${DETAILS_WINDOW_MS / 1000} s from the first request: ${fmt(d.rows60)} rows = ${fmt(d.rows60 / ((W * DETAILS_WINDOW_MS) / 1000), 1)} rows/s. ` +
    `Sandbox counted ${fmt(d.pages)} details requests (${d.upstream429} × 429; client saw ${d.client429}) + ${d.logins} login; ` +
    `its windows (requests@opening): ${windowsText(d.windows)}. First rows ${fmt(d.firstPageMs)} ms after the first request; cache warm-up ${secs(d.warmMs)} (not measured).\n`
  );
}

async function main(): Promise<void> {
  const benchStart = Date.now();
  progress(`Node ${process.version}; sandbox seed ${SEED}, data clock frozen at ${NOW}; each section on a fresh sandbox in a child process.`);

  const d = ONLY.has('1') ? await cxgraphDetails(WINDOWS) : undefined;
  const t25 = ONLY.has('2') ? await tutorial(undefined, TUTORIAL_S) : undefined;
  const t100 = ONLY.has('2') ? await tutorial(PAGE_SIZE, TUTORIAL100_S) : undefined;
  const c = ONLY.has('3') ? await cxgraphBurst() : undefined;
  const n = ONLY.has('4') ? await naiveBurst() : undefined;
  const slow = ONLY.has('5') ? await cxgraphDetails(LATENCY_WINDOWS, LATENCY_MS) : undefined;

  const ideal = idealMs(BURST, BURST_LIMIT, BURST_WINDOW_MS);
  const rateOnly = (BURST / (BURST_LIMIT / (BURST_WINDOW_MS / 1000))) * 1000;
  const na = '—';
  const rows: string[][] = [['metric', 'cxgraph', 'naive / tutorial', 'ratio', 'goal']];
  if (d || t25 || t100) {
    const pct = d ? (d.rowsPerS / BOUND_ROWS_PER_S) * 100 : undefined;
    rows.push([
      `1. details rows/s, bound ${fmt(BOUND_ROWS_PER_S)} (5 req/s × ${PAGE_SIZE})`,
      d ? fmt(d.rowsPerS, 1) : na,
      na,
      na,
      pct !== undefined ? `≥ 95% of bound: ${fmt(pct, 1)}% ${mark(pct >= 95)}` : '≥ 95% of bound',
    ]);
    rows.push(['1. details upstream 429s', d ? fmt(d.upstream429) : na, na, na, d ? `0 ${mark(d.upstream429 === 0)}` : '0']);
    if (t25) {
      const r = d ? d.rowsPerS / t25.rowsPerS : 0;
      rows.push([`2. tutorial rows/s (pageSize ${t25.pageSize}, sleep 1 s)`, d ? fmt(d.rowsPerS, 1) : na, fmt(t25.rowsPerS, 1), d ? ratio(d.rowsPerS, t25.rowsPerS) : na, d ? `≥ 10× ${mark(r >= 10)}` : '≥ 10×']);
    }
    if (t100) {
      rows.push([`2. tutorial rows/s (pageSize ${t100.pageSize}, sleep 1 s)`, d ? fmt(d.rowsPerS, 1) : na, fmt(t100.rowsPerS, 1), d ? ratio(d.rowsPerS, t100.rowsPerS) : na, 'none (≤ 5× by construction)']);
    }
    if (t25 || t100) {
      rows.push(['2. tutorial upstream 429s', na, [t25, t100].filter((t) => t).map((t) => fmt(t!.upstream429)).join(' / '), na, na]);
    }
  }
  if (c || n) {
    rows.push([`3. ${fmt(BURST)} concurrent: errors surfaced`, c ? fmt(c.errors) : na, n ? fmt(n.errors) : na, na, c ? `0 ${mark(c.errors === 0)}` : '0']);
    rows.push([`3. ${fmt(BURST)} concurrent: upstream 429s`, c ? fmt(c.upstream429) : na, n ? fmt(n.upstream429) : na, na, c ? `0 ${mark(c.upstream429 === 0)}` : '0']);
    rows.push([
      `3. ${fmt(BURST)} concurrent: completion time`,
      c ? secs(c.elapsedMs) : na,
      n ? `${secs(n.elapsedMs)}${n.capped ? ' (capped)' : ''}` : na,
      c && n ? ratio(n.elapsedMs, c.elapsedMs, 2) : na,
      c ? `ideal ${secs(ideal)}: ${fmt((ideal / c.elapsedMs) * 100, 1)}% of ideal speed` : `ideal ${secs(ideal)}`,
    ]);
    rows.push([
      `3. ${fmt(BURST)} concurrent: upstream requests + logins`,
      c ? `${fmt(c.userRequests)} + ${c.logins}` : na,
      n ? `${fmt(n.userRequests)} + ${n.logins}` : na,
      c && n ? ratio(n.userRequests, c.userRequests) : na,
      c ? `${fmt(BURST)} + 1 ${mark(c.userRequests === BURST && c.logins === 1)}` : `${fmt(BURST)} + 1`,
    ]);
  }
  if (slow) {
    rows.push([`5. details rows/s, ${slow.latencyMs} ms upstream latency`, fmt(slow.rowsPerS, 1), na, na, `informational: ${fmt((slow.rowsPerS / BOUND_ROWS_PER_S) * 100, 1)}% of bound`]);
  }
  process.stdout.write(`\n${table(rows)}\n\n`);

  if (d) process.stdout.write(detailsLine(d));
  for (const t of [t25, t100]) {
    if (!t) continue;
    process.stdout.write(
      `2. tutorial (pageSize ${t.pageSize}${t.pageSize === DEFAULT_PAGE_SIZE ? ', left to the API default' : ''}): ${fmt(t.rows)} rows in ${fmt(t.pages)} pages (≤ ${t.rowsPerPage} a page) over ${secs(t.elapsedMs)} = ${fmt(t.rowsPerS, 1)} rows/s = ${fmt((t.rowsPerS / BOUND_ROWS_PER_S) * 100, 1)}% of the bound` +
        `${d ? `; cxgraph ${ratio(d.rowsPerS, t.rowsPerS)}` : ''}. Sandbox counted ${fmt(t.upstreamRequests)} details requests (${t.upstream429} × 429; the loop retried ${t.retries429}) + ${t.logins} login.\n`,
    );
  }
  if (c) {
    process.stdout.write(
      `3. cxgraph ${fmt(BURST)} × getUser on ${BURST_LIMIT}/${BURST_WINDOW_MS / 1000} s: ${fmt(c.completed)} ok, ${c.errors} errors${c.errorSamples.length ? ` (${c.errorSamples.join('; ')})` : ''}, ` +
        `${secs(c.elapsedMs)} from Promise.all (${secs(c.upstreamSpanMs)} from the first upstream request); ideal ${secs(ideal)} by window arithmetic ` +
        `(${Math.ceil(BURST / BURST_LIMIT)} windows of ≤ ${BURST_LIMIT}, the last opening ${secs(ideal)} after the first; the flat ${BURST_LIMIT / (BURST_WINDOW_MS / 1000)} req/s arithmetic says ${secs(rateOnly)}). ` +
        `Sandbox counted ${fmt(c.userRequests)} getUser (${c.upstream429} × 429) + ${c.logins} login; client.stats(): ${c.client429} × 429, ${c.retries} retries; windows: ${windowsText(c.windows)}` +
        `${c.lastWindowAtMs !== undefined && c.lastWindowServedMs !== undefined ? ` (the last opened at ${secs(c.lastWindowAtMs)}; its last answer came ${fmt(c.lastWindowServedMs)} ms later: a window's sends repeat the spread of the first window's, 10 in flight at most)` : ''}.\n`,
    );
  }
  if (n) {
    process.stdout.write(
      `4. naive ${fmt(BURST)} × getUser at once: ${fmt(n.completed)} ok, ${n.errors} errors surfaced${n.errorSamples.length ? ` (${n.errorSamples.join('; ')})` : ''}, ` +
        `${n.capped ? `CAPPED at ${NAIVE_CAP_S} s with ${fmt(BURST - n.completed - n.errors)} unfinished, ` : ''}${secs(n.elapsedMs)}. ` +
        `Sandbox counted ${fmt(n.userRequests)} getUser (${fmt(n.upstream429)} × 429, ${fmt(n.userRequests / BURST, 1)} requests per user read) + ${n.logins} login.\n`,
    );
  }
  if (slow) process.stdout.write(detailsLine(slow));
  process.stdout.write(`\nTotal ${secs(Date.now() - benchStart)}.\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`core bench failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
