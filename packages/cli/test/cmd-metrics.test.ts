import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { countOf, createClient, parseGranularity, resolveTimeRange, timeStat, type CxGraphClient, type MetricsRow } from '@cxgraph/core';
import { createSandbox, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, type Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli } from './run-cli.js';
import { csvRecords, hasScript } from './parse-output.js';

/**
 * `cxgraph metrics` runs as the built binary on its own sandbox (--sandbox, frozen clock); every figure is
 * checked against core called directly on an independent in-process sandbox with the same seed and instant.
 */
const NOW = '2026-03-10T14:30:00Z';
const SB = ['--sandbox', '--sandbox-now', NOW];
/** The metrics the columns are documented to come from (metrics-columns.ts), listed here independently. */
const METRICS = ['nOffered', 'tAlert', 'tAnswered', 'tAbandon', 'tHandle', 'nTransferred', 'nOutbound', 'tTalkComplete', 'tHeldComplete', 'tAcw', 'nOverSla', 'oServiceLevel'];

const AGENT_FIELDS = ['agentId', 'agent', 'offered', 'answered', 'handled', 'transferred', 'outbound', 'handleTimeAvgMs', 'talkTimeAvgMs', 'holdTimeAvgMs', 'acwTimeAvgMs', 'averageSpeedOfAnswerMs'];
const QUEUE_FIGURES = ['offered', 'answered', 'abandoned', 'handled', 'transferred', 'outbound', 'handleTimeAvgMs', 'talkTimeAvgMs', 'holdTimeAvgMs', 'acwTimeAvgMs', 'averageSpeedOfAnswerMs', 'serviceLevel', 'abandonRate'];
const QUEUE_FIELDS = ['queueId', 'queue', ...QUEUE_FIGURES];
const MEDIA_FIELDS = ['mediaType', ...QUEUE_FIGURES];

type Value = string | number | null;
type Obj = Record<string, Value>;

let sandbox: Sandbox;
let client: CxGraphClient;

beforeAll(async () => {
  sandbox = await createSandbox({ seed: 1, now: NOW });
  client = createClient({
    apiUrl: sandbox.url,
    clientId: 'cxgraph-demo',
    clientSecret: 'cxgraph-demo-secret',
    now: () => sandbox.clock.now(),
    sources: { env: {}, dotenv: false },
  });
});
afterAll(async () => {
  await sandbox?.close();
});

// ---------------------------------------------------------------------------------------------------------
// Independent expectations

const orNull = (v: number | undefined): number | null => (v === undefined ? null : v);

function figuresOf(row: Pick<MetricsRow, 'metrics' | 'kpis'>, by: 'agent' | 'queue' | 'media'): Obj {
  const m = row.metrics;
  const o: Obj = {
    offered: countOf(m, by === 'agent' ? 'tAlert' : 'nOffered'),
    answered: countOf(m, 'tAnswered'),
    ...(by !== 'agent' ? { abandoned: countOf(m, 'tAbandon') } : {}),
    handled: countOf(m, 'tHandle'),
    transferred: countOf(m, 'nTransferred'),
    outbound: countOf(m, 'nOutbound'),
    handleTimeAvgMs: orNull(row.kpis.averageHandleTimeMs),
    talkTimeAvgMs: orNull(timeStat(m, 'tTalkComplete')?.avg),
    holdTimeAvgMs: orNull(timeStat(m, 'tHeldComplete')?.avg),
    acwTimeAvgMs: orNull(timeStat(m, 'tAcw')?.avg),
    averageSpeedOfAnswerMs: orNull(row.kpis.averageSpeedOfAnswerMs),
  };
  if (by !== 'agent') {
    o.serviceLevel = orNull(row.kpis.serviceLevel);
    o.abandonRate = orNull(row.kpis.abandonRate);
  }
  return o;
}

async function expected(by: 'agent' | 'queue' | 'media', relative: string): Promise<Obj[]> {
  const range = resolveTimeRange({ relative }, Date.parse(NOW));
  const org = sandbox.store.org;
  if (by === 'agent') {
    const r = await client.metrics.agents({ range, metrics: METRICS });
    return r.rows.map((row) => ({ agentId: row.group.userId!, agent: org.agentById.get(row.group.userId!)?.name ?? null, ...figuresOf(row, by) }));
  }
  if (by === 'queue') {
    const r = await client.metrics.queues({ range, metrics: METRICS });
    return r.rows.map((row) => ({ queueId: row.group.queueId!, queue: org.queueById.get(row.group.queueId!)?.name ?? null, ...figuresOf(row, by) }));
  }
  const r = await client.metrics.query({ range, groupBy: ['mediaType'], metrics: METRICS });
  return r.rows.map((row) => ({ mediaType: row.group.mediaType!, ...figuresOf(row, by) }));
}

const keyOf = (o: Obj): string => String(o.agentId ?? o.queueId ?? o.mediaType);
const byKey = (rows: Obj[]): Map<string, Obj> => new Map(rows.map((r) => [keyOf(r), r]));

// ---------------------------------------------------------------------------------------------------------
// Parsing the output back


const parseTsv = (text: string): string[][] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));

/** Header + rows of strings → objects typed like the expectation (numbers where it has numbers, '' → null). */
function objects(table: string[][], like: Obj | undefined): Obj[] {
  const [header, ...rows] = table;
  return rows.map((cells) => {
    const o: Obj = {};
    header!.forEach((k, i) => {
      const s = cells[i] ?? '';
      o[k] = s === '' ? null : typeof like?.[k] === 'number' || (like?.[k] === null && k !== 'agent' && k !== 'queue') ? Number(s) : s;
    });
    return o;
  });
}

function parseOutput(format: 'tsv' | 'csv' | 'json' | 'ndjson', stdout: string, like: Obj | undefined): Obj[] {
  if (format === 'json') return JSON.parse(stdout) as Obj[];
  if (format === 'ndjson') return stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Obj);
  return objects(format === 'csv' ? csvRecords(stdout) : parseTsv(stdout), like);
}

const FLAG = { tsv: [], csv: ['--csv'], json: ['--json'], ndjson: ['--ndjson'] } as const;

async function cli(args: string[]) {
  const r = await runCli([...SB, ...args], { timeoutMs: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r;
}

// ---------------------------------------------------------------------------------------------------------

describe('cxgraph metrics: figures per group equal core on an independent sandbox', () => {
  it.each(['tsv', 'csv', 'json', 'ndjson'] as const)('--by agent (default), today, as %s', async (format) => {
    const want = await expected('agent', 'today');
    const r = await cli(['metrics', ...FLAG[format]]);
    const got = parseOutput(format, r.stdout, want[0]);
    expect(want.length).toBeGreaterThan(10);
    expect(got).toHaveLength(want.length);
    expect(Object.keys(got[0]!)).toEqual(AGENT_FIELDS);
    const wanted = byKey(want);
    for (const row of got) expect(row).toEqual(wanted.get(keyOf(row)));
    // Sorted by name.
    const names = got.map((g) => String(g.agent));
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it.each(['csv', 'json'] as const)('--by queue over the last 7 days, as %s (service level and abandon rate included)', async (format) => {
    const want = await expected('queue', 'last 7 days');
    const r = await cli(['metrics', '--by', 'queue', '--range', 'last 7 days', ...FLAG[format]]);
    const got = parseOutput(format, r.stdout, want[0]);
    expect(got).toHaveLength(want.length);
    expect(Object.keys(got[0]!)).toEqual(QUEUE_FIELDS);
    const wanted = byKey(want);
    for (const row of got) expect(row).toEqual(wanted.get(keyOf(row)));
    expect(got.every((g) => typeof g.serviceLevel === 'number' && g.serviceLevel >= 0 && g.serviceLevel <= 1)).toBe(true);
  });

  it.each(['tsv', 'ndjson'] as const)('--by media yesterday, as %s', async (format) => {
    const want = await expected('media', 'yesterday');
    const r = await cli(['metrics', '--by', 'media', '--range', 'yesterday', ...FLAG[format]]);
    const got = parseOutput(format, r.stdout, want[0]);
    expect(got.map((g) => g.mediaType).sort()).toEqual(want.map((w) => w.mediaType).sort());
    expect(Object.keys(got[0]!)).toEqual(MEDIA_FIELDS);
    const wanted = byKey(want);
    for (const row of got) expect(row).toEqual(wanted.get(keyOf(row)));
  });

  it('the tutorial: one agent over the last 7 days gives the handled count and AHT of client.metrics.agents', async () => {
    const week = await client.metrics.agents({ range: resolveTimeRange({ relative: 'last 7 days' }, Date.parse(NOW)) });
    const busiest = [...week.rows].sort((a, b) => countOf(b.metrics, 'tHandle') - countOf(a.metrics, 'tHandle'))[0]!;
    const agentId = busiest.group.userId!;
    // Exactly the tutorial's call.
    const own = await client.metrics.agents({ range: resolveTimeRange({ relative: 'last 7 days' }, Date.parse(NOW)), agentIds: [agentId] });
    expect(own.rows).toHaveLength(1);
    const r = await cli(['metrics', '--agent', agentId, '--range', 'last 7 days', '--json']);
    const rows = JSON.parse(r.stdout) as Obj[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.agentId).toBe(agentId);
    expect(rows[0]!.agent).toBe(sandbox.store.org.agentById.get(agentId)!.name);
    expect(rows[0]!.handled).toBe(countOf(own.rows[0]!.metrics, 'tHandle'));
    expect(rows[0]!.handled).toBeGreaterThan(0);
    expect(rows[0]!.handleTimeAvgMs).toBe(own.rows[0]!.kpis.averageHandleTimeMs);
  });

  it('one aggregates query and ONE users call for names (counted by the upstream it talks to)', async () => {
    const env = cleanEnv({ GENESYS_API_URL: sandbox.url, GENESYS_CLIENT_ID: DEMO_CLIENT_ID, GENESYS_CLIENT_SECRET: DEMO_CLIENT_SECRET });
    const ENDPOINTS = ['POST /api/v2/analytics/conversations/aggregates/query', 'GET /api/v2/users', 'GET /api/v2/routing/queues'];
    const calls = () => ENDPOINTS.map((e) => sandbox.log.counters()[e]?.requests ?? 0);
    const run = async (by: string) => {
      const before = calls();
      const r = await runCli(['metrics', '--by', by, '--interval', '2026-03-03T00:00:00Z/2026-03-10T00:00:00Z', '--json'], { env, timeoutMs: 60_000 });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as Obj[]).length).toBeGreaterThan(5);
      return calls().map((n, i) => n - before[i]!);
    };
    expect(await run('agent')).toEqual([1, 1, 0]);
    expect(await run('queue')).toEqual([1, 0, 1]);
  });

  it('a requested agent without data still gets a row (zeros, empty averages), and an unknown id is warned about', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const r = await runCli([...SB, 'metrics', '--agent', unknown, '--json'], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`no agent with id ${unknown}`);
    expect(JSON.parse(r.stdout)).toEqual([
      { agentId: unknown, agent: null, offered: 0, answered: 0, handled: 0, transferred: 0, outbound: 0, handleTimeAvgMs: null, talkTimeAvgMs: null, holdTimeAvgMs: null, acwTimeAvgMs: null, averageSpeedOfAnswerMs: null },
    ]);
  });

  it('--metrics: columns of metrics not asked for are empty; other metrics get their own columns', async () => {
    const r = await cli(['metrics', '--by', 'queue', '--range', 'yesterday', '--metrics', 'tHandle,tWait,nConsult', '--json']);
    const got = JSON.parse(r.stdout) as Obj[];
    const want = await client.metrics.queues({ range: resolveTimeRange({ relative: 'yesterday' }, Date.parse(NOW)), metrics: ['tHandle', 'tWait', 'nConsult'] });
    expect(got).toHaveLength(want.rows.length);
    expect(Object.keys(got[0]!)).toEqual([...QUEUE_FIELDS, 'tWaitCount', 'tWaitAvgMs', 'nConsult']);
    for (const row of want.rows) {
      const g = got.find((x) => x.queueId === row.group.queueId)!;
      expect(g.handled).toBe(countOf(row.metrics, 'tHandle'));
      expect(g.handleTimeAvgMs).toBe(row.kpis.averageHandleTimeMs);
      expect(g.tWaitCount).toBe(countOf(row.metrics, 'tWait'));
      expect(g.tWaitAvgMs).toBe(orNull(timeStat(row.metrics, 'tWait')?.avg));
      expect(g.nConsult).toBe(countOf(row.metrics, 'nConsult'));
      expect(g.offered).toBeNull();
      expect(g.serviceLevel).toBeNull();
    }
  });
});

describe('cxgraph metrics --granularity', () => {
  const WEEK_DAYS = ['03', '04', '05', '06', '07', '08', '09', '10'].map((d, i, all) => {
    const next = all[i + 1];
    return `2026-03-${d}T00:00:00.000Z/${next ? `2026-03-${next}T00:00:00.000Z` : '2026-03-10T14:30:00.000Z'}`;
  });

  it('P1D in JSON: each row carries every bucket of the range, equal to core, summing to the totals', async () => {
    const r = await cli(['metrics', '--by', 'queue', '--range', 'last 7 days', '--granularity', 'P1D', '--json']);
    const got = JSON.parse(r.stdout) as Array<Obj & { buckets: Obj[] }>;
    const want = await client.metrics.queues({ range: resolveTimeRange({ relative: 'last 7 days' }, Date.parse(NOW)), granularity: parseGranularity('P1D'), metrics: METRICS });
    expect(got).toHaveLength(want.rows.length);
    for (const row of want.rows) {
      const g = got.find((x) => x.queueId === row.group.queueId)!;
      expect(g.buckets.map((b) => b.interval)).toEqual(WEEK_DAYS);
      expect(Object.keys(g.buckets[0]!)).toEqual(['interval', ...QUEUE_FIGURES]);
      for (const b of g.buckets) {
        const core = row.buckets.find((x) => x.interval === b.interval);
        const { interval, ...figures } = b;
        expect(interval).toBeTypeOf('string');
        if (core) expect(figures).toEqual(figuresOf(core, 'queue'));
        else expect(figures.handled).toBe(0);
      }
      expect(g.buckets.reduce((s, b) => s + Number(b.handled), 0)).toBe(g.handled);
      expect(g.handled).toBe(countOf(row.metrics, 'tHandle'));
    }
  });

  it('--buckets: one CSV row per group and bucket; TSV without --buckets stays one flat row per group', async () => {
    const r = await cli(['metrics', '--by', 'media', '--range', 'last 7 days', '--granularity', 'P1D', '--buckets', '--csv']);
    const table = csvRecords(r.stdout);
    expect(table[0]).toEqual(['mediaType', 'interval', ...QUEUE_FIGURES]);
    const rows = table.slice(1);
    const media = [...new Set(rows.map((x) => x[0]))];
    expect(rows).toHaveLength(media.length * WEEK_DAYS.length);
    const flat = await cli(['metrics', '--by', 'media', '--range', 'last 7 days', '--granularity', 'P1D']);
    const flatRows = parseTsv(flat.stdout);
    expect(flatRows[0]).toEqual(MEDIA_FIELDS);
    expect(flatRows).toHaveLength(media.length + 1);
    const handledAt = MEDIA_FIELDS.indexOf('handled');
    for (const m of media) {
      const sum = rows.filter((x) => x[0] === m).reduce((s, x) => s + Number(x[2 + QUEUE_FIGURES.indexOf('handled')]), 0);
      expect(sum).toBe(Number(flatRows.find((x) => x[0] === m)![handledAt]));
    }
  });

  it.skipIf(!hasScript())('on a TTY the table adds sparklines of handled and handle time per bucket', async () => {
    const cmd = [process.execPath, BIN, ...SB, 'metrics', '--by', 'queue', '--range', '"last 7 days"', '--granularity', 'P1D'].join(' ');
    const { stdout } = await promisify(execFile)('script', ['-qfec', cmd, '/dev/null'], { env: cleanEnv(), timeout: 120_000 });
    const lines = stdout.split(/\r?\n/).filter((l) => l.trim() !== '');
    expect(lines[0]).toMatch(/^QUEUE ID\s+QUEUE\s+OFFERED.*HANDLED TREND\s+AHT TREND$/);
    const data = lines.slice(1);
    expect(data).toHaveLength(sandbox.store.org.queues.length);
    for (const line of data) {
      expect(line).toMatch(/[▁▂▃▄▅▆▇█ ]{8}\s+[▁▂▃▄▅▆▇█ ]{8}$/);
      expect(line).toMatch(/\d+:\d\d/); // durations as m:ss on a TTY
      expect(line).toMatch(/\d+\.\d%/); // rates as percentages
    }
  });
});

describe('cxgraph metrics: bad invocations are usage errors (exit 2, a specific message, no stack trace)', () => {
  it.each([
    [['metrics', '--by', 'team'], /argument 'team' is invalid\. Allowed choices are agent, queue, media/],
    [['metrics', '--range', 'fortnight'], /Unknown time range "fortnight"\. Accepted ranges: today, yesterday, .*"last N days", "last N hours"/],
    [['metrics', '--range', 'last 0 days'], /N must be a whole number of at least 1/],
    [['metrics', '--interval', '2026-03-01/2026-03-02'], /Invalid interval "2026-03-01\/2026-03-02": "2026-03-01" is not an ISO-8601 instant/],
    [['metrics', '--interval', '2026-03-02T00:00:00Z/2026-03-01T00:00:00Z'], /the end is not after the start/],
    [['metrics', '--range', 'yesterday', '--interval', '2026-03-01T00:00:00Z/2026-03-02T00:00:00Z'], /'--range <range>' cannot be used with option '--interval/],
    [['metrics', '--granularity', '1H'], /"1H" is not an ISO-8601 duration .*PT1H/],
    [['metrics', '--granularity', 'P1Y'], /years are not supported \(use P12M\)/],
    [['metrics', '--granularity', 'PT30S'], /seconds are not supported/],
    [['metrics', '--metrics', 'tHandel'], /unknown metric "tHandel" \(did you mean tHandle\?\)\. Valid metrics include nOffered/],
    [['metrics', '--time-zone', 'Mars/Base'], /Unknown time zone "Mars\/Base"/],
    [['metrics', '--agent', 'carmen'], /"carmen" is not an agent id \(a UUID/],
    [['metrics', '--media', 'fax'], /Unknown media type "fax"\. Media types: voice, callback/],
    [['metrics', '--buckets'], /--buckets needs --granularity/],
    [['metrics', '--json', '--csv'], /Choose one output format: --json, --csv/],
    [['metrics', '--by', 'queue', '--fields', 'agent'], /Unknown field "agent"\. Available fields: queueId, queue, offered/],
    [['metrics', '--granularity', 'PT1M', '--range', 'last 30 days'], /cuts last 30 days into more than 5000 buckets/],
  ])('%j', async (args, message) => {
    const r = await runCli([...SB, ...args], { timeoutMs: 60_000 });
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
