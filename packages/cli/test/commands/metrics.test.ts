import { countOf, parseGranularity, resolveTimeRange, timeStat, type CxGraphClient, type MetricsRow } from '@cxgraph/core';
import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type MetricsOptions } from '../../src/commands/metrics.js';
import { fakeIo, type FakeIoOptions } from '../support/io.js';
import { csvRecords } from '../support/parse.js';
import { coreClient, NOW_MS, startSandbox, testDeps } from '../support/sandbox.js';

/**
 * `cxgraph metrics` in-process on a sandbox; every figure is checked against core called directly (its own
 * client) and names against the sandbox's own records.
 */
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
  sandbox = await startSandbox();
  client = coreClient(sandbox);
});
afterAll(() => sandbox?.close());

// ---------------------------------------------------------------------------------------------------------
// Independent expectations

const orNull = (v: number | undefined): number | null => (v === undefined ? null : v);
const rangeOf = (relative: string) => resolveTimeRange({ relative }, NOW_MS);

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
  const range = rangeOf(relative);
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
// Running the command and reading its output back

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

type Format = 'tsv' | 'csv' | 'json' | 'ndjson';
function parseOutput(format: Format, stdout: string, like: Obj | undefined): Obj[] {
  if (format === 'json') return JSON.parse(stdout) as Obj[];
  if (format === 'ndjson') return stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Obj);
  return objects(format === 'csv' ? csvRecords(stdout) : parseTsv(stdout), like);
}
const formatOption = (format: Format): Pick<MetricsOptions, 'format'> => (format === 'tsv' ? {} : { format });

async function metrics(opts: Partial<MetricsOptions>, io: FakeIoOptions = {}) {
  const fake = fakeIo(io);
  const groups = await run({ by: 'agent', ...opts }, testDeps(sandbox, fake, { client }));
  return { groups, out: fake.stdout(), err: fake.stderrText() };
}

/** A run that must print nothing on stderr. */
async function quietly(opts: Partial<MetricsOptions>, io: FakeIoOptions = {}) {
  const r = await metrics(opts, io);
  expect(r.err).toBe('');
  return r;
}

// ---------------------------------------------------------------------------------------------------------

describe('cxgraph metrics: figures per group equal core', () => {
  it.each(['tsv', 'csv', 'json', 'ndjson'] as const)('--by agent (default), today, as %s', async (format) => {
    const want = await expected('agent', 'today');
    const got = parseOutput(format, (await quietly(formatOption(format))).out, want[0]);
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
    const got = parseOutput(format, (await quietly({ by: 'queue', range: 'last 7 days', ...formatOption(format) })).out, want[0]);
    expect(got).toHaveLength(want.length);
    expect(Object.keys(got[0]!)).toEqual(QUEUE_FIELDS);
    const wanted = byKey(want);
    for (const row of got) expect(row).toEqual(wanted.get(keyOf(row)));
    expect(got.every((g) => typeof g.serviceLevel === 'number' && g.serviceLevel >= 0 && g.serviceLevel <= 1)).toBe(true);
  });

  it.each(['tsv', 'ndjson'] as const)('--by media yesterday, as %s', async (format) => {
    const want = await expected('media', 'yesterday');
    const got = parseOutput(format, (await quietly({ by: 'media', range: 'yesterday', ...formatOption(format) })).out, want[0]);
    expect(got.map((g) => g.mediaType).sort()).toEqual(want.map((w) => w.mediaType).sort());
    expect(Object.keys(got[0]!)).toEqual(MEDIA_FIELDS);
    const wanted = byKey(want);
    for (const row of got) expect(row).toEqual(wanted.get(keyOf(row)));
  });

  it('the tutorial: one agent over the last 7 days gives the handled count and AHT of client.metrics.agents', async () => {
    const week = await client.metrics.agents({ range: rangeOf('last 7 days') });
    const busiest = [...week.rows].sort((a, b) => countOf(b.metrics, 'tHandle') - countOf(a.metrics, 'tHandle'))[0]!;
    const agentId = busiest.group.userId!;
    // Exactly the tutorial's call.
    const own = await client.metrics.agents({ range: rangeOf('last 7 days'), agentIds: [agentId] });
    expect(own.rows).toHaveLength(1);
    const rows = JSON.parse((await quietly({ agent: [agentId], range: 'last 7 days', format: 'json' })).out) as Obj[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.agentId).toBe(agentId);
    expect(rows[0]!.agent).toBe(sandbox.store.org.agentById.get(agentId)!.name);
    expect(rows[0]!.handled).toBe(countOf(own.rows[0]!.metrics, 'tHandle'));
    expect(rows[0]!.handled).toBeGreaterThan(0);
    expect(rows[0]!.handleTimeAvgMs).toBe(own.rows[0]!.kpis.averageHandleTimeMs);
  });

  it('one aggregates query and ONE users (or queues) call for names, counted by the sandbox', async () => {
    const ENDPOINTS = ['POST /api/v2/analytics/conversations/aggregates/query', 'GET /api/v2/users', 'GET /api/v2/routing/queues'];
    const calls = () => ENDPOINTS.map((e) => sandbox.log.counters()[e]?.requests ?? 0);
    const count = async (opts: Partial<MetricsOptions>) => {
      const before = calls();
      const r = await quietly({ interval: '2026-03-03T00:00:00Z/2026-03-10T00:00:00Z', format: 'json', ...opts });
      expect((JSON.parse(r.out) as Obj[]).length).toBeGreaterThan(opts.queue ? 0 : 5);
      return calls().map((n, i) => n - before[i]!);
    };
    expect(await count({ by: 'agent' })).toEqual([1, 1, 0]);
    expect(await count({ by: 'queue' })).toEqual([1, 0, 1]);
    // --queue by id costs nothing more; by name, one listing of the queues.
    const billing = sandbox.store.org.queues.find((q) => q.name === 'Billing')!;
    expect(await count({ by: 'queue', queue: [billing.id] })).toEqual([1, 0, 1]);
    expect(await count({ by: 'queue', queue: ['billing'] })).toEqual([1, 0, 2]);
  });

  it('--queue by name gives the figures of --queue by id', async () => {
    const billing = sandbox.store.org.queues.find((q) => q.name === 'Billing')!;
    const byName = JSON.parse((await quietly({ by: 'queue', range: 'yesterday', queue: ['Billing'], format: 'json' })).out) as Obj[];
    const byId = JSON.parse((await quietly({ by: 'queue', range: 'yesterday', queue: [billing.id], format: 'json' })).out) as Obj[];
    expect(byName).toEqual(byId);
    expect(byName).toEqual((await expected('queue', 'yesterday')).filter((r) => r.queueId === billing.id));
  });

  it('a requested agent without data still gets a row (zeros, empty averages), and an unknown id is warned about', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const r = await metrics({ agent: [unknown], format: 'json' });
    expect(r.err).toBe(`cxgraph: warning: no agent with id ${unknown} in this org.\n`);
    expect(JSON.parse(r.out)).toEqual([
      { agentId: unknown, agent: null, offered: 0, answered: 0, handled: 0, transferred: 0, outbound: 0, handleTimeAvgMs: null, talkTimeAvgMs: null, holdTimeAvgMs: null, acwTimeAvgMs: null, averageSpeedOfAnswerMs: null },
    ]);
    // Quiet: the row, no warning.
    const fake = fakeIo();
    await run({ by: 'agent', agent: [unknown], format: 'json' }, testDeps(sandbox, fake, { client, quiet: true }));
    expect(fake.stderrText()).toBe('');
  });

  it('--metrics: columns of metrics not asked for are empty; other metrics get their own columns', async () => {
    const got = JSON.parse((await quietly({ by: 'queue', range: 'yesterday', metrics: ['tHandle', 'tWait', 'nConsult'], format: 'json' })).out) as Obj[];
    const want = await client.metrics.queues({ range: rangeOf('yesterday'), metrics: ['tHandle', 'tWait', 'nConsult'] });
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
  const P1D = parseGranularity('P1D');

  it('P1D in JSON: each row carries every bucket of the range, equal to core, summing to the totals', async () => {
    const got = JSON.parse((await quietly({ by: 'queue', range: 'last 7 days', granularity: P1D, format: 'json' })).out) as Array<Obj & { buckets: Obj[] }>;
    const want = await client.metrics.queues({ range: rangeOf('last 7 days'), granularity: parseGranularity('P1D'), metrics: METRICS });
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
    const table = csvRecords((await quietly({ by: 'media', range: 'last 7 days', granularity: P1D, buckets: true, format: 'csv' })).out);
    expect(table[0]).toEqual(['mediaType', 'interval', ...QUEUE_FIGURES]);
    const rows = table.slice(1);
    const media = [...new Set(rows.map((x) => x[0]))];
    expect(rows).toHaveLength(media.length * WEEK_DAYS.length);
    const flatRows = parseTsv((await quietly({ by: 'media', range: 'last 7 days', granularity: P1D })).out);
    expect(flatRows[0]).toEqual(MEDIA_FIELDS);
    expect(flatRows).toHaveLength(media.length + 1);
    const handledAt = MEDIA_FIELDS.indexOf('handled');
    for (const m of media) {
      const sum = rows.filter((x) => x[0] === m).reduce((s, x) => s + Number(x[2 + QUEUE_FIGURES.indexOf('handled')]), 0);
      expect(sum).toBe(Number(flatRows.find((x) => x[0] === m)![handledAt]));
    }
  });

  it('on a terminal the table adds sparklines of handled and handle time per bucket, durations as m:ss, rates as %', async () => {
    const r = await quietly({ by: 'queue', range: 'last 7 days', granularity: P1D }, { isTTY: true, env: { NO_COLOR: '1' } });
    const lines = r.out.split('\n').filter((l) => l.trim() !== '');
    expect(lines[0]).toMatch(/^QUEUE ID\s+QUEUE\s+OFFERED.*HANDLED TREND\s+AHT TREND$/);
    const data = lines.slice(1);
    expect(data).toHaveLength(sandbox.store.org.queues.length);
    for (const line of data) {
      expect(line).toMatch(/[▁▂▃▄▅▆▇█ ]{8}\s+[▁▂▃▄▅▆▇█ ]{8}$/);
      expect(line).toMatch(/\d+:\d\d/);
      expect(line).toMatch(/\d+\.\d%/);
    }
  });

  it('too many buckets for the range is a usage error before any query', async () => {
    const before = sandbox.log.counters()['POST /api/v2/analytics/conversations/aggregates/query']?.requests ?? 0;
    await expect(metrics({ granularity: parseGranularity('PT15M'), range: 'last 60 days' })).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringMatching(/^--granularity PT15M: Granularity PT15M cuts last 60 days into more than 5000 buckets/),
    });
    expect(sandbox.log.counters()['POST /api/v2/analytics/conversations/aggregates/query']?.requests ?? 0).toBe(before);
  });

  it('trend fields off a terminal are a usage error naming the fields there are', async () => {
    await expect(metrics({ granularity: P1D, fields: ['agent', 'handledTrend'] })).rejects.toMatchObject({ name: 'UsageError', message: expect.stringContaining('Unknown field "handledTrend". Available fields: agentId, agent, offered') });
  });
});
