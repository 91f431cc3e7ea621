import { createClient, type CxGraphClient, type LiveConversation } from '@cxgraph/core';
import { createSandbox, type Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveRows } from '../src/commands/live.js';
import { cleanEnv, runCli, startCli } from './run-cli.js';
import { type Obj, asText, parseCsv, parseTsv, inPty } from './parse-output.js';

const NOW = '2026-03-10T14:30:00Z';
const SB = ['--sandbox', '--sandbox-now', NOW];
const CLEAR = '\x1b[H\x1b[2J';

// ---- the independent path: core on a sandbox of this process, same seed and instant ----
let sandbox: Sandbox;
let client: CxGraphClient;
let live: LiveConversation[];
let queueName: Map<string, string>;
let userName: Map<string, string>;

const expectedRow = (c: LiveConversation): Obj => {
  // Agents: users in the conversation, as `agent` (ACD) or `user` (an agent's own outbound call).
  const agentIds = [...new Set(c.participants.filter((p) => (p.purpose === 'agent' || p.purpose === 'user') && p.userId).map((p) => p.userId!))];
  const customer = c.participants.find((p) => p.purpose === 'customer') ?? c.participants.find((p) => p.purpose === 'external');
  return {
    id: c.id,
    startTime: c.startTime,
    durationMs: c.durationMs,
    mediaType: c.mediaType ?? null,
    direction: c.direction ?? null,
    queue: c.queueId ? (queueName.get(c.queueId) ?? null) : null,
    agents: agentIds.map((id) => userName.get(id)).join(', '),
    state: customer?.state ?? null,
  };
};

const newClient = () =>
  createClient({ apiUrl: sandbox.url, clientId: 'cxgraph-demo', clientSecret: 'cxgraph-demo-secret', now: () => sandbox.clock.now(), sources: { env: {}, dotenv: false } });

beforeAll(async () => {
  sandbox = await createSandbox({ seed: 1, now: NOW });
  client = newClient();
  live = await client.live.list();
  // Names straight from the sandbox's own records (not through the directory calls the command makes).
  queueName = new Map(sandbox.store.org.queues.map((q) => [q.id, q.name]));
  userName = new Map(sandbox.store.org.agents.map((a) => [a.id, a.name]));
});
afterAll(async () => {
  await sandbox?.close();
});

describe('cxgraph live', () => {
  it('the sandbox has live conversations to show, some with a queue and agents', () => {
    expect(live.length).toBeGreaterThan(5);
    expect(live.some((c) => c.queueId && c.participants.some((p) => p.purpose === 'agent'))).toBe(true);
  });

  it('--json: every conversation with its queue and agent names, as core sees them', async () => {
    const r = await runCli(['live', ...SB, '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Obj[];
    expect(rows).toEqual(live.map(expectedRow));
    expect(Object.keys(rows[0]!)).toEqual(['id', 'startTime', 'durationMs', 'mediaType', 'direction', 'queue', 'agents', 'state']);
    expect(rows.some((x) => x.queue && x.agents)).toBe(true);
    expect(r.stderr).toBe('');
  });

  it('--ndjson: one object per line, the same figures', async () => {
    const r = await runCli(['live', ...SB, '--ndjson']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l) as Obj)).toEqual(live.map(expectedRow));
  });

  it('--csv: RFC 4180 (agents with commas quoted), the same figures', async () => {
    const r = await runCli(['live', ...SB, '--csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('id,startTime,durationMs,mediaType,direction,queue,agents,state\r\n')).toBe(true);
    const rows = parseCsv(r.stdout);
    expect(rows).toEqual(live.map(expectedRow).map(asText));
    expect(rows.some((x) => x.agents!.includes(', '))).toBe(true); // a transferred one: two agents
    expect(r.stdout).toMatch(/,"[^",]+, [^",]+",/);
  });

  it('piped with no flag: TSV with a header line, no ANSI, no progress', async () => {
    const r = await runCli(['live', ...SB]);
    expect(r.code).toBe(0);
    const { header, rows } = parseTsv(r.stdout);
    expect(header).toEqual(['id', 'startTime', 'durationMs', 'mediaType', 'direction', 'queue', 'agents', 'state']);
    expect(rows).toEqual(live.map(expectedRow).map(asText));
    expect(r.stdout + r.stderr).not.toContain('\x1b');
    expect(r.stderr).toBe('');
  });

  it('on a terminal: an aligned table with a header, times and durations for people', async () => {
    const { code, out } = await inPty(['live', ...SB]);
    expect(code).toBe(0);
    const lines = out.split('\r\n').filter((l) => l !== '');
    const header = lines[0]!;
    expect(header).toMatch(/^ID +START +DURATION +MEDIA +DIRECTION +QUEUE +AGENTS +STATE$/);
    expect(lines).toHaveLength(live.length + 1);
    const at = (name: string) => header.indexOf(name);
    lines.slice(1).forEach((line, i) => {
      const c = live[i]!;
      expect(line.startsWith(c.id)).toBe(true);
      expect(line.indexOf('2026-03-')).toBe(at('START'));
      expect(line.slice(at('MEDIA')).startsWith(c.mediaType!)).toBe(true);
      // DURATION is right-aligned: it ends where its header ends.
      expect(line[at('DURATION') + 'DURATION'.length - 1]).toMatch(/[0-9sm]/);
    });
    expect(out).not.toContain('\x1b'); // NO_COLOR (cleanEnv sets it)
  });

  it('on a terminal without NO_COLOR: a bold header; with NO_COLOR: no escape at all', async () => {
    const env = cleanEnv({ TERM: 'xterm' });
    delete env.NO_COLOR;
    const coloured = await inPty(['live', ...SB, '--fields', 'id,state'], { env });
    expect(coloured.code).toBe(0);
    expect(coloured.out).toMatch(/^\x1b\[1mID +STATE\x1b\[22m\r\n/);
    const plain = await inPty(['live', ...SB, '--fields', 'id,state'], { env: { ...env, NO_COLOR: '1' } });
    expect(plain.out).not.toContain('\x1b');
  });

  it('--fields picks and orders the columns, in every format', async () => {
    const r = await runCli(['live', ...SB, '--fields', 'state,id,queue', '--json']);
    const rows = JSON.parse(r.stdout) as Obj[];
    expect(rows.map((x) => Object.keys(x))).toEqual(live.map(() => ['state', 'id', 'queue']));
    expect(rows).toEqual(live.map(expectedRow).map((e) => ({ state: e.state, id: e.id, queue: e.queue })));
    const t = await runCli(['live', ...SB, '--fields', 'durationMs,id']);
    expect(t.stdout.split('\n')[0]).toBe('durationMs\tid');
  });

  it('filters: --media, --queue and --agent ask core for the same conversations', async () => {
    const withQueue = live.find((c) => c.queueId && c.participants.some((p) => p.purpose === 'agent'))!;
    const agentId = withQueue.participants.find((p) => p.purpose === 'agent')!.userId!;
    const cases: Array<[string[], Parameters<CxGraphClient['live']['list']>[0]]> = [
      [['--media', 'voice'], { mediaTypes: ['voice'] }],
      [['--media', 'chat,message', '--media', 'email'], { mediaTypes: ['chat', 'message', 'email'] }],
      [['--queue', withQueue.queueId!], { queueIds: [withQueue.queueId!] }],
      [['--agent', agentId], { agentIds: [agentId] }],
    ];
    for (const [flags, filter] of cases) {
      const r = await runCli(['live', ...SB, ...flags, '--json']);
      expect(r.code, flags.join(' ')).toBe(0);
      const want = await client.live.list(filter);
      expect(want.length, flags.join(' ')).toBeGreaterThan(0);
      expect(JSON.parse(r.stdout), flags.join(' ')).toEqual(want.map(expectedRow));
    }
  });

  it('names queues and agents with one getQueues and one getUsers call', async () => {
    const fresh = newClient();
    const rows = await liveRows(fresh, {});
    expect(rows.map((r) => r.conversation.id)).toEqual(live.map((c) => c.id));
    const calls = fresh.stats().byEndpoint;
    expect(calls['GET /api/v2/routing/queues']?.calls).toBe(1);
    expect(calls['GET /api/v2/users']?.calls).toBe(1);
    expect(calls['POST /api/v2/analytics/conversations/details/query']?.calls).toBe(1);
  });

  it.each([
    [['--media', 'fax'], /Unknown media type "fax"\. Media types: voice, callback, chat, email, message, cobrowse, video, screenshare\./],
    [['--fields', 'id,nope'], /Unknown field "nope"\. Available fields: id, startTime, durationMs, mediaType, direction, queue, agents, state\./],
    [['--json', '--csv'], /Choose one output format: --json, --csv/],
    [['--ndjson', '--json'], /Choose one output format/],
    [['--watch', '0'], /--watch must be an integer from 1/],
  ])('%j is a usage error: exit 2 with a specific message', async (flags, message) => {
    const r = await runCli(['live', ...SB, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help documents the columns, --watch and an example', async () => {
    const r = await runCli(['live', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Columns: id, startTime, durationMs, mediaType, direction, queue, agents, state');
    expect(r.stdout).toContain('--watch [seconds]');
    expect(r.stdout).toContain('Example:');
  });

  it('--watch 1 on a terminal redraws the table in place until Ctrl-C, then exits 0', async () => {
    const frames = (out: string) => out.split(CLEAR).length - 1;
    const { code, out } = await inPty(['live', ...SB, '--watch', '1'], { until: (o) => frames(o) >= 2 && o.endsWith('\r\n') });
    expect(code).toBe(0);
    expect(frames(out)).toBeGreaterThanOrEqual(2);
    const last = out.slice(out.lastIndexOf(CLEAR) + CLEAR.length);
    expect(last).toMatch(new RegExp(`^cxgraph live: ${live.length} conversations at 2026-03-10 14:30:00Z`));
    expect(last).toMatch(/\r\n\r\nID +START +DURATION/);
    expect(out.endsWith('\x1b[?25h') || out.includes('\x1b[?25h')).toBe(true); // the cursor is shown again
  });

  it('--watch piped: one NDJSON snapshot per interval, each announced on stderr; SIGINT exits 0', async () => {
    const per = live.length;
    const { child, output } = await startCli(['live', ...SB, '--ndjson', '--watch', '1'], new RegExp(`^(?:.*\\n){${2 * per}}`));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await closed).toBe(0);
    const text = output();
    const lines = text.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThanOrEqual(2 * per);
    expect(lines.slice(0, per).map((l) => JSON.parse(l) as Obj)).toEqual(live.map(expectedRow));
    expect(lines.slice(per, 2 * per)).toEqual(lines.slice(0, per)); // a frozen clock: the same snapshot
    expect(text).toMatch(/cxgraph: snapshot 2026-03-10T14:30:00\.000Z, \d+ rows/);
    expect(text).not.toContain('\x1b');
  });
});
