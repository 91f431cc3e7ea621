import { createSandbox, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, type Sandbox, type SimConversation } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from './run-cli.js';

/**
 * `cxgraph history` as the built binary on its own sandbox (--sandbox, frozen clock), checked against the
 * raw simulated records of an independent sandbox with the same seed and instant (its store, no HTTP).
 */
const NOW = '2026-03-10T14:30:00Z';
const SB = ['--sandbox', '--sandbox-now', NOW];
const DAY = 86_400_000;
const YESTERDAY = { from: Date.parse('2026-03-09T00:00:00Z'), to: Date.parse('2026-03-10T00:00:00Z') };
const COLUMNS = ['conversationId', 'start', 'end', 'durationMs', 'mediaType', 'direction', 'queues', 'agents', 'wrapUpCodes'];

type Row = Record<string, string | number | null>;

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await createSandbox({ seed: 1, now: NOW });
});
afterAll(async () => {
  await sandbox?.close();
});

/** Conversations that started in [from, to), from the store, oldest first. */
function started(from: number, to: number, keep: (c: SimConversation) => boolean = () => true): SimConversation[] {
  const out: SimConversation[] = [];
  for (let day = Math.floor(from / DAY); day <= Math.floor((to - 1) / DAY); day++) {
    for (const c of sandbox.store.conversationsOfDay(day)) if (c.start >= from && c.start < to && keep(c)) out.push(c);
  }
  return out.sort((a, b) => a.start - b.start);
}

const segments = (c: SimConversation) => c.participants.flatMap((p) => p.sessions.flatMap((s) => s.segments));
const inQueue = (q: string) => (c: SimConversation) => segments(c).some((s) => s.queueId === q);
const ofMedia = (m: string) => (c: SimConversation) => c.participants.some((p) => p.sessions.some((s) => s.mediaType === m));
const withAgent = (u: string) => (c: SimConversation) => c.participants.some((p) => p.userId === u && p.sessions.length > 0);

const queueNamed = (name: string) => sandbox.store.org.queues.find((q) => q.name === name)!.id;
const ndjson = (text: string): Row[] => text.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);

describe('cxgraph history: rows equal the raw detail records', () => {
  it('--range yesterday --queue --media: the same conversations (count and ids), oldest first, every column right', async () => {
    const support = queueNamed('Support');
    const want = started(YESTERDAY.from, YESTERDAY.to, (c) => inQueue(support)(c) && ofMedia('voice')(c));
    expect(want.length).toBeGreaterThan(100);
    const r = await runCli([...SB, 'history', '--range', 'yesterday', '--queue', support, '--media', 'voice', '--limit', '100000', '--ndjson'], { timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = ndjson(r.stdout);
    expect(got).toHaveLength(want.length);
    expect(got.map((g) => g.conversationId)).toEqual(want.map((c) => c.id));
    expect(Object.keys(got[0]!)).toEqual(COLUMNS);
    const org = sandbox.store.org;
    want.forEach((c, i) => {
      const g = got[i]!;
      const distinct = (xs: Array<string | undefined>) => [...new Set(xs.filter((x): x is string => Boolean(x)))];
      const agents = distinct(c.participants.filter((p) => p.userId && p.sessions.length > 0).map((p) => p.userId));
      const queues = distinct(segments(c).map((s) => s.queueId));
      const codes = distinct(segments(c).map((s) => s.wrapUpCode));
      expect(g.start).toBe(new Date(c.start).toISOString());
      expect(g.end).toBe(new Date(c.end!).toISOString());
      expect(g.durationMs).toBe(c.end! - c.start);
      expect(g.mediaType).toBe('voice');
      expect(g.direction).toBe(c.originatingDirection);
      expect(g.queues).toBe(queues.map((q) => org.queueById.get(q)!.name).join(', '));
      expect(g.agents).toBe(agents.length ? agents.map((a) => org.agentById.get(a)!.name).join(', ') : null);
      expect(g.wrapUpCodes).toBe(codes.length ? codes.join(', ') : null);
    });
  });

  it('--agent and --direction over two days: the same conversations', async () => {
    const from = YESTERDAY.from - DAY;
    const agent = started(from, YESTERDAY.to).flatMap((c) => c.participants).find((p) => p.userId)!.userId!;
    const want = started(from, YESTERDAY.to, (c) => withAgent(agent)(c) && c.originatingDirection === 'inbound');
    expect(want.length).toBeGreaterThan(5);
    const interval = `${new Date(from).toISOString()}/${new Date(YESTERDAY.to).toISOString()}`;
    const r = await runCli([...SB, 'history', '--interval', interval, '--agent', agent, '--direction', 'inbound', '--limit', '100000', '--json'], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout) as Row[];
    expect(got.map((g) => g.conversationId)).toEqual(want.map((c) => c.id));
    const name = sandbox.store.org.agentById.get(agent)!.name;
    expect(got.every((g) => String(g.agents).split(', ').includes(name) && g.direction === 'inbound')).toBe(true);
  });

  it('--limit: the first N conversations, default 100, and --fields picks columns', async () => {
    const all = started(YESTERDAY.from, YESTERDAY.to);
    const five = await runCli([...SB, 'history', '--range', 'yesterday', '--limit', '5', '--csv', '--fields', 'conversationId,start'], { timeoutMs: 60_000 });
    expect(five.code).toBe(0);
    expect(five.stdout).toBe(`conversationId,start\r\n${all.slice(0, 5).map((c) => `${c.id},${new Date(c.start).toISOString()}\r\n`).join('')}`);
    const byDefault = await runCli([...SB, 'history', '--range', 'yesterday', '--ndjson'], { timeoutMs: 60_000 });
    expect(ndjson(byDefault.stdout).map((g) => g.conversationId)).toEqual(all.slice(0, 100).map((c) => c.id));
  });

  it('--limit is passed to core: no details page is fetched past it (counted by the upstream it talks to)', async () => {
    const env = cleanEnv({ GENESYS_API_URL: sandbox.url, GENESYS_CLIENT_ID: DEMO_CLIENT_ID, GENESYS_CLIENT_SECRET: DEMO_CLIENT_SECRET });
    const interval = '2026-03-09T00:00:00Z/2026-03-10T00:00:00Z';
    const calls = (endpoint: string) => sandbox.log.counters()[endpoint]?.requests ?? 0;
    const ENDPOINTS = ['POST /api/v2/analytics/conversations/details/query', 'GET /api/v2/users', 'GET /api/v2/routing/queues'];
    const count = async (limit: string) => {
      const before = ENDPOINTS.map(calls);
      const r = await runCli(['history', '--interval', interval, '--limit', limit, '--ndjson'], { env, timeoutMs: 60_000 });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(ndjson(r.stdout)).toHaveLength(Number(limit));
      const [details, users, queues] = ENDPOINTS.map((e, i) => calls(e) - before[i]!);
      return { details, users, queues };
    };
    expect((await count('5')).details).toBe(1);
    // 100 rows: one details page, and the names of all their agents and queues in one call each.
    expect(await count('100')).toEqual({ details: 1, users: 1, queues: 1 });
    expect((await count('150')).details).toBe(2);
  });

  it('a table on no TTY is TSV with a header; an empty range prints just the header', async () => {
    const r = await runCli([...SB, 'history', '--interval', '2030-01-01T00:00:00Z/2030-01-02T00:00:00Z'], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${COLUMNS.join('\t')}\n`);
  });
});

describe('cxgraph history: bad invocations are usage errors', () => {
  it.each([
    [['history', '--limit', '0'], /--limit must be an integer from 1 to 100000, got "0"/],
    [['history', '--limit', 'lots'], /--limit must be an integer/],
    [['history', '--direction', 'sideways'], /argument 'sideways' is invalid\. Allowed choices are inbound, outbound/],
    [['history', '--fields', 'conversationId,foo'], /Unknown field "foo"\. Available fields: conversationId, start, end/],
    [['history', '--queue', 'Nowhere'], /Unknown queue "Nowhere"\. Queues \(by name or id\): /],
    [['history', '--range', 'last week-ish'], /Unknown time range "last week-ish"/],
    [['history', '--ndjson', '--json'], /Choose one output format/],
  ])('%j', async (args, message) => {
    const r = await runCli([...SB, ...args], { timeoutMs: 60_000 });
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
