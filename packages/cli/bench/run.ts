/**
 * The benchmark of the `cxgraph` CLI: the built binary (`node dist/bin.js export …`), a process of its own,
 * against a sandbox (@cxgraph/sandbox, seed 1, data clock frozen at 2026-03-10T14:30:00Z) alone in another
 * child process (bench/serve.ts), over real HTTP, on Genesys's default budget: 300 requests per token per
 * 60-s window, on both sides (the CLI has no way to be told a shorter window: core's `windowMs` is a
 * code-only option, not a CXGRAPH_* variable).
 *
 *   pnpm bench        (= node --import tsx bench/run.ts)
 *
 * 1. `cxgraph export --interval <30 days ending 2026-03-10T00:00Z> --format ndjson -o <file>`: conversations,
 *    wall time, rows/s over whole budget windows and % of the bound (300/60 s × 100 rows a page = 500
 *    rows/s), upstream 429s and requests (the sandbox's counters), and the cxgraph process's peak RSS
 *    (/proc/<pid>/status VmRSS every 100 ms, and VmHWM) against a 1-day export's.
 * 1b. The same export with V8's old space capped (`node --max-old-space-size=96`): does it complete, and with
 *    what RSS? Tells data kept (it would fail) from heap V8 merely let grow (it completes, flat).
 * 2. The same export again: byte-identical (sha256)?
 * 3. A 1-day CSV export: rows and time.
 *
 * cxgraph gets exactly GENESYS_API_URL, GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET as its environment (no
 * PATH, HOME or CXGRAPH_*), and runs in an empty temporary directory (no `.env`).
 *
 * Knobs (environment, optional): BENCH_DAYS (section 1's range, default 30), BENCH_CAP_MB (section 1b's cap,
 * default 96; 0 skips 1b), BENCH_BUILD=0 (do not run the
 * turbo build first; it is skipped anyway under turbo, whose `bench` task depends on `build`), BENCH_KEEP=1
 * (keep the exported files). Progress goes to stderr; the table and the per-section lines to stdout.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EndpointCounters } from '@cxgraph/sandbox';
import type { ChildMessage, ParentMessage } from './serve.js';

// ---------------------------------------------------------------------------------------------------------------
// Settings

const SEED = 1;
const NOW = '2026-03-10T14:30:00.000Z';
const DAY_MS = 86_400_000;
/** Every range ends here: the start of the sandbox's "today", so the data of the range is complete and fixed. */
const END = Date.parse('2026-03-10T00:00:00.000Z');
const DAYS = Math.floor(envNumber('BENCH_DAYS', 30));
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const interval = (days: number): string => `${iso(END - days * DAY_MS)}/${iso(END)}`;
const LONG = interval(DAYS);
const ONE_DAY = interval(1);

/** Genesys's default budget, 300 requests per token per 60-s window: the sandbox's default and core's. */
const BUDGET = 300;
const WINDOW_MS = 60_000;
const PAGE_SIZE = 100;
const BOUND_ROWS_PER_S = (BUDGET / (WINDOW_MS / 1000)) * PAGE_SIZE;
/** core's limiter waits a window plus this margin after the request a budget earlier (limiter.ts). */
const LIMITER_MARGIN_MS = 250;

const CLIENT_ID = 'cxgraph-demo';
const CLIENT_SECRET = 'cxgraph-demo-secret';
const DETAILS_ENDPOINT = 'POST /api/v2/analytics/conversations/details/query';
const TOKEN_ENDPOINT = 'POST /oauth/token';

const SAMPLE_MS = 100;
/** Section 1b: the old-space cap (MB) of a second run of section 1's export; BENCH_CAP_MB=0 skips it. */
const CAP_MB = Math.floor(envNumber('BENCH_CAP_MB', 96, true));
/** A run that takes longer is killed (and the bench fails): twice the budget's time for ~2,000 conversations a day, + 5 min. */
const RUN_TIMEOUT_MS = (2 * DAYS * 2000 * 1000) / BOUND_ROWS_PER_S + 5 * 60_000;

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(CLI_DIR, 'dist', 'bin.js');

function envNumber(name: string, fallback: number, zeroOk = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !zeroOk)) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

const progress = (text: string): void => {
  process.stderr.write(`[cli bench] ${text}\n`);
};
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const secs = (ms: number): string => `${fmt(ms / 1000, 1)} s`;
const mb = (kb: number): string => `${fmt(kb / 1024, 1)} MB`;
const mark = (ok: boolean): string => (ok ? 'met' : 'MISSED');

// ---------------------------------------------------------------------------------------------------------------
// The sandbox, in a child process

interface Sandbox {
  url: string;
  counters(): Promise<Record<string, EndpointCounters>>;
  arrivals(endpoint: string): Promise<number[]>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

async function startSandbox(): Promise<Sandbox> {
  const options = { seed: SEED, now: NOW, limits: { requestsPerMinute: BUDGET, rateWindowMs: WINDOW_MS } };
  const proc: ChildProcess = fork(join(HERE, 'serve.ts'), [JSON.stringify(options)], {
    cwd: CLI_DIR,
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
    url: `http://127.0.0.1:${ready.port}`,
    counters: async () => (await request<'counters'>({ type: 'counters' })).counters,
    arrivals: async (endpoint) => (await request<'arrivals'>({ type: 'arrivals', endpoint })).times,
    reset: async () => {
      await request<'reset'>({ type: 'reset' });
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

function totals(c: Record<string, EndpointCounters>): { requests: number; rateLimited: number; faults: number; errors: number; byEndpoint: string } {
  const all = Object.entries(c);
  return {
    requests: all.reduce((s, [, v]) => s + v.requests, 0),
    rateLimited: all.reduce((s, [, v]) => s + v.rateLimited, 0),
    faults: all.reduce((s, [, v]) => s + v.faults, 0),
    errors: all.reduce((s, [, v]) => s + v.errors, 0),
    byEndpoint: all
      .sort((a, b) => b[1].requests - a[1].requests)
      .map(([k, v]) => `${fmt(v.requests)} × ${k}`)
      .join(', '),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// One cxgraph run, watched from outside

interface Run {
  args: string[];
  file: string;
  code: number | null;
  stderr: string;
  /** Spawn → exit (node's start-up and module loading included). */
  wallMs: number;
  startedAt: number;
  /** Largest VmRSS sampled every SAMPLE_MS, kB. */
  peakRssKb: number;
  /** VmHWM (the kernel's peak RSS) at the last sample before exit, kB. */
  hwmKb: number;
  rssSamples: Array<{ t: number; kb: number }>;
  /** Lines of the output file as it grew: (epoch ms seen, lines so far), one point per change. */
  lineSeries: Array<{ t: number; lines: number }>;
  lines: number;
  bytes: number;
  sha256: string;
  /** N of cxgraph's own summary line `exported N conversations in Xs`. */
  reported?: number;
  counters: Record<string, EndpointCounters>;
  detailsArrivals: number[];
}

function procStatus(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(text);
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(text);
    if (!rss || !hwm) return undefined; // a zombie has no memory lines
    return { rss: Number(rss[1]), hwm: Number(hwm[1]) };
  } catch {
    return undefined;
  }
}

/** Counts the newlines a growing file gets, reading only what was appended since the last call. */
class LineCounter {
  private fd: number | undefined;
  private pos = 0;
  lines = 0;
  private readonly buf = Buffer.allocUnsafe(1 << 22);

  constructor(private readonly path: string) {}

  poll(): void {
    if (this.fd === undefined) {
      if (!existsSync(this.path)) return;
      this.fd = openSync(this.path, 'r');
    }
    const size = fstatSync(this.fd).size;
    while (this.pos < size) {
      const n = readSync(this.fd, this.buf, 0, Math.min(this.buf.length, size - this.pos), this.pos);
      if (n <= 0) break;
      const got = this.buf.subarray(0, n);
      for (let i = got.indexOf(10); i !== -1; i = got.indexOf(10, i + 1)) this.lines++;
      this.pos += n;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
  }
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** `name`: the output file in `work` ('' for none); `nodeFlags`: flags for node itself, before the binary (never the environment). */
async function runCli(sb: Sandbox, work: string, name: string, args: string[], nodeFlags: string[] = []): Promise<Run> {
  const file = name === '' ? '' : join(work, name);
  const fullArgs = file === '' ? args : [...args, '-o', file];
  await sb.reset();
  const env = { GENESYS_API_URL: sb.url, GENESYS_CLIENT_ID: CLIENT_ID, GENESYS_CLIENT_SECRET: CLIENT_SECRET };
  const startedAt = Date.now();
  const began = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, BIN, ...fullArgs], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid!;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', () => undefined);
  const counter = new LineCounter(file === '' ? join(work, '.none') : file);
  const rssSamples: Array<{ t: number; kb: number }> = [];
  const lineSeries: Array<{ t: number; lines: number }> = [];
  let peakRssKb = 0;
  let hwmKb = 0;
  const sample = (): void => {
    const s = procStatus(pid);
    const t = Date.now();
    if (s) {
      peakRssKb = Math.max(peakRssKb, s.rss);
      hwmKb = Math.max(hwmKb, s.hwm);
      rssSamples.push({ t, kb: s.rss });
    }
    const before = counter.lines;
    counter.poll();
    if (counter.lines !== before) lineSeries.push({ t, lines: counter.lines });
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  const killer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  const wallMs = performance.now() - began;
  clearInterval(timer);
  clearTimeout(killer);
  counter.poll();
  if (lineSeries.at(-1)?.lines !== counter.lines) lineSeries.push({ t: Date.now(), lines: counter.lines });
  counter.close();
  if (code !== 0) throw new Error(`cxgraph ${fullArgs.join(' ')} exited with ${code}:\n${stderr}`);
  const reported = /exported (\d+) conversations?/.exec(stderr);
  return {
    args: fullArgs,
    file,
    code,
    stderr,
    wallMs,
    startedAt,
    peakRssKb,
    hwmKb,
    rssSamples,
    lineSeries,
    lines: counter.lines,
    bytes: file === '' ? 0 : statSync(file).size,
    sha256: file === '' ? '' : await sha256(file),
    ...(reported ? { reported: Number(reported[1]) } : {}),
    counters: await sb.counters(),
    detailsArrivals: await sb.arrivals(DETAILS_ENDPOINT),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Figures

/** The sandbox's fixed windows rebuilt from arrival times: one opens at the first request at or after the last one's end. */
function windowsOf(times: number[]): Array<{ start: number; last: number; count: number }> {
  const out: Array<{ start: number; last: number; count: number }> = [];
  for (const t of times) {
    const last = out[out.length - 1];
    if (!last || t >= last.start + WINDOW_MS) out.push({ start: t, last: t, count: 1 });
    else {
      last.count++;
      last.last = t;
    }
  }
  return out;
}

/** `count@opening (spread)`: requests of each window, when it opened (s after the first) and over how long they arrived. */
const windowsText = (ws: Array<{ start: number; last: number; count: number }>): string => {
  if (ws.length === 0) return 'none';
  const t0 = ws[0]!.start;
  return ws.map((w) => `${w.count}@${fmt((w.start - t0) / 1000, 2)}s (over ${fmt((w.last - w.start) / 1000, 1)} s)`).join(', ');
};

/** Lines in the file as last seen at or before `t`. */
const linesAt = (run: Run, t: number): number => {
  let n = 0;
  for (const p of run.lineSeries) {
    if (p.t > t) break;
    n = p.lines;
  }
  return n;
};

interface Rate {
  /** Whole budget windows measured (0: the run sent a window's budget or less). */
  windows: number;
  rowsPerS: number;
  rows: number;
  spanMs: number;
  how: string;
  /** When the rows of the measured windows were all in the file, ms after the first details request. */
  writtenByMs: number;
}

/**
 * Rows/s over whole budget cycles, as the core bench measures them. A cycle is a burst of BUDGET pages and
 * the wait until core's limiter lets the next one go (a window + its 250-ms margin after the cycle's first
 * request). With k whole cycles sent, the rate is the rows of the first k × BUDGET pages ÷ the time from the
 * first details request to the first request of cycle k + 1 (request k × BUDGET + 1), both arrival times in
 * the sandbox's log. The rows are the file's lines as last seen (every 100 ms) before that request arrived:
 * one page at a time (plus one fetched ahead), so no row of request k × BUDGET + 1 can be in it, and every
 * row of the pages before it is, unless the burst were still being written then (checked: `writtenByMs`).
 */
function wholeWindowRate(run: Run): Rate {
  const a = run.detailsArrivals;
  const t0 = a[0] ?? run.startedAt;
  const k = Math.floor((a.length - 1) / BUDGET);
  if (k >= 1) {
    const end = a[k * BUDGET]!;
    const rows = linesAt(run, end);
    const writtenAt = run.lineSeries.find((p) => p.lines >= rows)?.t ?? end;
    return {
      windows: k,
      rowsPerS: rows / ((end - t0) / 1000),
      rows,
      spanMs: end - t0,
      how: `rows of the first ${fmt(k * BUDGET)} pages ÷ first details request → request ${fmt(k * BUDGET + 1)} (the first of cycle ${k + 1})`,
      writtenByMs: writtenAt - t0,
    };
  }
  // Less than a whole cycle: the only honest figure is over the run, and it is not comparable with the bound.
  const last = run.lineSeries.at(-1)?.t ?? t0;
  return {
    windows: 0,
    rowsPerS: run.lines / Math.max(0.001, (last - t0) / 1000),
    rows: run.lines,
    spanMs: last - t0,
    how: `no whole cycle (${a.length} requests ≤ the budget): rows ÷ first request → last row, one burst, not comparable with the bound`,
    writtenByMs: last - t0,
  };
}

function peakBetween(run: Run, from: number, to: number): number {
  let m = 0;
  for (const s of run.rssSamples) if (s.t >= from && s.t < to) m = Math.max(m, s.kb);
  return m;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  const out = [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('-|-')];
  for (const r of rows.slice(1)) out.push(line(r));
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------

function build(): void {
  if (process.env.BENCH_BUILD === '0' || process.env.TURBO_HASH) return; // turbo's `bench` task depends on `build`
  progress('building @cxgraph/cli and its dependencies (turbo; cached when nothing changed)…');
  const r = spawnSync('pnpm', ['-s', 'turbo', 'run', 'build', '--filter=@cxgraph/cli...', '--output-logs=errors-only'], {
    cwd: REPO,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 2, 2], // stdout is for the table
  });
  if (r.status !== 0) throw new Error(`the build failed (exit ${r.status ?? r.signal})`);
}

async function main(): Promise<void> {
  const benchStart = Date.now();
  build();
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build @cxgraph/cli first`);
  const work = mkdtempSync(join(tmpdir(), 'cxgraph-cli-bench-'));
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  progress(`Node ${process.version}; load average ${load}; sandbox seed ${SEED}, data clock frozen at ${NOW}, ${BUDGET} requests per ${WINDOW_MS / 1000}-s window, in a child process; work dir ${work}`);
  const sb = await startSandbox();
  try {
    const exportArgs = (range: string, format: 'ndjson' | 'csv') => ['export', '--interval', range, '--format', format];

    progress('`cxgraph export --help` (the RSS of the code alone: every command\'s modules are loaded at start-up)…');
    const help = await runCli(sb, work, '', ['export', '--help']);
    progress(`1-day ndjson export ${ONE_DAY} (the RSS to compare with)…`);
    const day = await runCli(sb, work, 'day.ndjson', exportArgs(ONE_DAY, 'ndjson'));
    progress(`  ${fmt(day.lines)} conversations in ${secs(day.wallMs)}, peak RSS ${mb(day.peakRssKb)}`);

    // ~1,700 conversations a day on average (weekends are quieter): a burst of BUDGET pages per window.
    const expectS = Math.floor((DAYS * 17) / BUDGET) * ((WINDOW_MS + LIMITER_MARGIN_MS) / 1000) + 10;
    progress(`1. ${DAYS}-day ndjson export ${LONG} (≈ ${fmt(expectS)} s: a burst of ${BUDGET} pages, then the rest once the window has passed)…`);
    const long = await runCli(sb, work, 'long-1.ndjson', exportArgs(LONG, 'ndjson'));
    progress(`  ${fmt(long.lines)} conversations in ${secs(long.wallMs)}, peak RSS ${mb(long.peakRssKb)}`);

    let capped: Run | undefined;
    if (CAP_MB > 0) {
      progress(`1b. the same export with node --max-old-space-size=${CAP_MB} (is the RSS above the 1-day export's live data, or heap V8 let grow?)…`);
      capped = await runCli(sb, work, 'long-capped.ndjson', exportArgs(LONG, 'ndjson'), [`--max-old-space-size=${CAP_MB}`]).catch((e: unknown) => {
        progress(`  failed: ${(e as Error).message.split('\n')[0]}`);
        return undefined;
      });
      if (capped) progress(`  ${fmt(capped.lines)} conversations in ${secs(capped.wallMs)}, peak RSS ${mb(capped.peakRssKb)}`);
    }

    progress(`2. the same export again…`);
    const again = await runCli(sb, work, 'long-2.ndjson', exportArgs(LONG, 'ndjson'));
    progress(`  ${fmt(again.lines)} conversations in ${secs(again.wallMs)}`);

    progress(`3. 1-day CSV export ${ONE_DAY}…`);
    const csv = await runCli(sb, work, 'day.csv', exportArgs(ONE_DAY, 'csv'));
    progress(`  ${fmt(csv.lines - 1)} rows in ${secs(csv.wallMs)}`);

    // ---- figures
    const rate = wholeWindowRate(long);
    const pct = (rate.rowsPerS / BOUND_ROWS_PER_S) * 100;
    const ceilingPct = (WINDOW_MS / (WINDOW_MS + LIMITER_MARGIN_MS)) * 100;
    const lt = totals(long.counters);
    const dt = count(long.counters, DETAILS_ENDPOINT);
    const logins = count(long.counters, TOKEN_ENDPOINT).requests;
    const rssRatio = long.peakRssKb / day.peakRssKb;
    const hwmRatio = long.hwmKb / day.hwmKb;
    const identical = long.sha256 === again.sha256 && long.bytes === again.bytes;
    const t0 = long.detailsArrivals[0] ?? long.startedAt;
    const cycle2 = long.detailsArrivals[BUDGET];
    const rssFirst = cycle2 !== undefined ? peakBetween(long, 0, cycle2) : long.peakRssKb;
    const rssLater = cycle2 !== undefined ? peakBetween(long, cycle2, Number.POSITIVE_INFINITY) : 0;
    const ct = totals(csv.counters);
    const wholeRun = long.lines / (long.wallMs / 1000);
    const cappedRate = capped ? wholeWindowRate(capped) : undefined;

    const rows: string[][] = [['metric', 'value', 'goal']];
    rows.push([`1. ${DAYS}-day ndjson export (${LONG}): conversations`, fmt(long.lines), `= cxgraph's count ${mark(long.reported === long.lines)}`]);
    rows.push(['1. wall time (spawn → exit)', secs(long.wallMs), '—']);
    rows.push([
      `1. rows/s over ${rate.windows > 0 ? `${rate.windows} whole ${WINDOW_MS / 1000}-s cycle${rate.windows === 1 ? '' : 's'}` : 'the run (no whole cycle)'}`,
      fmt(rate.rowsPerS, 1),
      `bound ${fmt(BOUND_ROWS_PER_S)} (5 req/s × ${PAGE_SIZE})`,
    ]);
    rows.push(['1. % of the budget bound', rate.windows > 0 ? `${fmt(pct, 1)}%` : 'n/a', rate.windows > 0 ? `≥ 95% ${mark(pct >= 95)} (ceiling ${fmt(ceilingPct, 1)}%)` : `n/a: ≤ ${BUDGET} requests, no whole window`]);
    rows.push(['1. upstream 429s (sandbox)', fmt(lt.rateLimited), `0 ${mark(lt.rateLimited === 0)}`]);
    rows.push(['1. upstream requests (sandbox)', `${fmt(dt.requests)} details + ${fmt(logins)} login`, '—']);
    rows.push(['1. peak RSS of cxgraph (VmRSS max / VmHWM)', `${mb(long.peakRssKb)} / ${mb(long.hwmKb)}`, 'flat']);
    rows.push([`   1-day export's (${fmt(day.lines)} conversations)`, `${mb(day.peakRssKb)} / ${mb(day.hwmKb)}`, '—']);
    rows.push([`   ratio ${DAYS}-day ÷ 1-day`, `${fmt(rssRatio, 2)} / ${fmt(hwmRatio, 2)}`, `~1 ${mark(rssRatio <= 1.25)} (≤ 1.25)`]);
    rows.push(['   `export --help` (code only, no data)', `${mb(help.peakRssKb)} / ${mb(help.hwmKb)}`, '—']);
    rows.push([`   VmHWM above --help: ${DAYS}-day, 1-day`, `${mb(long.hwmKb - help.hwmKb)}, ${mb(day.hwmKb - help.hwmKb)}`, '—']);
    if (CAP_MB > 0) {
      const ok = capped !== undefined && capped.lines === long.lines;
      rows.push([`1b. the same, node --max-old-space-size=${CAP_MB}: completed`, capped ? `${ok ? 'yes' : 'NO'}, ${secs(capped.wallMs)}` : 'NO (failed)', `yes ${mark(ok)}`]);
      if (capped) {
        const r = capped.peakRssKb / day.peakRssKb;
        rows.push(['1b. peak RSS (VmRSS max / VmHWM); ÷ 1-day', `${mb(capped.peakRssKb)} / ${mb(capped.hwmKb)}; ${fmt(r, 2)}`, `~1 ${mark(r <= 1.25)} (≤ 1.25)`]);
      }
    }
    rows.push(['2. the same export twice: byte-identical', identical ? 'yes' : 'no', `yes ${mark(identical)}`]);
    rows.push(['3. CSV export, 1 day: rows', fmt(csv.lines - 1), `= cxgraph's count ${mark(csv.reported === csv.lines - 1)}`]);
    rows.push(['3. CSV export, 1 day: wall time', secs(csv.wallMs), '—']);
    process.stdout.write(`\n${table(rows)}\n\n`);

    process.stdout.write(
      `1. ${fmt(long.lines)} conversations (${fmt(long.bytes / 1e6, 1)} MB of NDJSON) in ${secs(long.wallMs)} from spawn to exit ` +
        `(first details request ${fmt(t0 - long.startedAt)} ms after spawn; ${fmt(wholeRun, 1)} rows/s over the whole run, which the first window's burst flatters). ` +
        `Rate measured as ${rate.how}: ${fmt(rate.rows)} rows in ${secs(rate.spanMs)} = ${fmt(rate.rowsPerS, 1)} rows/s = ${fmt(pct, 1)}% of ${fmt(BOUND_ROWS_PER_S)}; ` +
        `those rows were all written ${secs(rate.writtenByMs)} after the first request. The ceiling is ${fmt(ceilingPct, 1)}% (core's limiter waits ${WINDOW_MS / 1000} s + ${LIMITER_MARGIN_MS} ms), ` +
        `less the short last page of each ${'≤'} 7-day details chunk. Sandbox counted ${fmt(lt.requests)} requests (${lt.byEndpoint}); ${lt.rateLimited} × 429, ${lt.errors} errors, ${lt.faults} faults; ` +
        `details windows (requests@opening): ${windowsText(windowsOf(long.detailsArrivals))}. ` +
        `Peak RSS: VmRSS sampled every ${SAMPLE_MS} ms (${fmt(long.rssSamples.length)} samples), max ${mb(long.peakRssKb)}; VmHWM at the last sample ${mb(long.hwmKb)}` +
        `${cycle2 !== undefined ? `; max VmRSS during cycle 1 ${mb(rssFirst)}, after it ${mb(rssLater)}` : ''}. ` +
        `The 1-day export (${ONE_DAY}): ${fmt(day.lines)} conversations in ${secs(day.wallMs)}, VmRSS max ${mb(day.peakRssKb)}, VmHWM ${mb(day.hwmKb)}, ` +
        `${fmt(count(day.counters, DETAILS_ENDPOINT).requests)} details requests. \`cxgraph export --help\` alone: VmRSS max ${mb(help.peakRssKb)}, VmHWM ${mb(help.hwmKb)}, ${secs(help.wallMs)} ` +
        `(the program imports every command's modules, @cxgraph/graphql and @cxgraph/sandbox included, at start-up).\n`,
    );
    if (CAP_MB > 0) {
      process.stdout.write(
        capped
          ? `1b. With V8's old space capped at ${CAP_MB} MB (a node flag before the binary; the environment unchanged) the same export ${capped.lines === long.lines ? 'completed' : 'gave a different count'}: ` +
              `${fmt(capped.lines)} conversations in ${secs(capped.wallMs)}, VmRSS max ${mb(capped.peakRssKb)}, VmHWM ${mb(capped.hwmKb)}, ${totals(capped.counters).rateLimited} × 429, ` +
              `${fmt(cappedRate!.rowsPerS, 1)} rows/s over ${cappedRate!.windows} whole cycle${cappedRate!.windows === 1 ? '' : 's'} (${fmt((cappedRate!.rowsPerS / BOUND_ROWS_PER_S) * 100, 1)}% of the bound); ` +
              `details windows: ${windowsText(windowsOf(capped.detailsArrivals))} (bursts are slower: V8 collects far more often under the cap). ` +
              `sha256 ${capped.sha256 === long.sha256 ? 'equal to' : 'DIFFERENT from'} run 1's. What the live data needs fits under the cap whatever the range; the uncapped run's extra RSS is heap V8 lets grow while a burst of pages allocates fast, not data kept.\n`
          : `1b. With V8's old space capped at ${CAP_MB} MB the export FAILED (see stderr): the live data outgrows the cap.\n`,
      );
    }
    process.stdout.write(
      `2. Run 2 of the same export (sandbox's details cache now warm): ${fmt(again.lines)} conversations in ${secs(again.wallMs)}, ${fmt(count(again.counters, DETAILS_ENDPOINT).requests)} details requests, ` +
        `${totals(again.counters).rateLimited} × 429; sha256 ${long.sha256.slice(0, 16)}… vs ${again.sha256.slice(0, 16)}…, ${fmt(long.bytes)} vs ${fmt(again.bytes)} bytes: ${identical ? 'identical' : 'DIFFERENT'}.\n`,
    );
    process.stdout.write(
      `3. CSV (${ONE_DAY}): ${fmt(csv.lines - 1)} rows + a header (${fmt(csv.bytes / 1e3, 1)} kB) in ${secs(csv.wallMs)}; sandbox counted ${fmt(ct.requests)} requests (${ct.byEndpoint}), ${ct.rateLimited} × 429; ` +
        `VmRSS max ${mb(csv.peakRssKb)}.\n`,
    );
    process.stdout.write(`\nLoad average at the start ${load}; total ${secs(Date.now() - benchStart)}.\n`);
  } finally {
    await sb.close();
    if (process.env.BENCH_KEEP === '1') progress(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`cli bench failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
