import { createClient, type CxGraphClient, type LiveConversation } from '@cxgraph/core';
import { createSandbox, type Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { type Obj, asText, parseCsv, parseTsv, inPty } from './parse-output.js';

const NOW = '2026-03-10T14:30:00Z';
const SB = ['--sandbox', '--sandbox-now', NOW];

// ---- the independent path: core on a sandbox of this process, same seed and instant ----
let sandbox: Sandbox;
let client: CxGraphClient;
/** A transferred conversation: customer, IVR, ACD and two agents. */
let conv: LiveConversation;
let queueName: Map<string, string>;
let userName: Map<string, string>;

const expectedParticipants = (c: LiveConversation): Obj[] =>
  c.participants.map((p) => ({
    purpose: p.purpose ?? null,
    name: p.name ?? null,
    state: p.state ?? null,
    agent: p.userId ? (userName.get(p.userId) ?? null) : null,
    queue: p.queueId ? (queueName.get(p.queueId) ?? null) : null,
    startTime: p.startTime ?? null,
    endTime: p.endTime ?? null,
  }));

beforeAll(async () => {
  sandbox = await createSandbox({ seed: 1, now: NOW });
  client = createClient({ apiUrl: sandbox.url, clientId: 'cxgraph-demo', clientSecret: 'cxgraph-demo-secret', now: () => sandbox.clock.now(), sources: { env: {}, dotenv: false } });
  const live = await client.live.list();
  conv = live.find((c) => c.participants.filter((p) => p.purpose === 'agent').length >= 2)!;
  queueName = new Map(sandbox.store.org.queues.map((q) => [q.id, q.name]));
  userName = new Map(sandbox.store.org.agents.map((a) => [a.id, a.name]));
});
afterAll(async () => {
  await sandbox?.close();
});

describe('cxgraph conversation <id>', () => {
  it('the sandbox has a transferred conversation to show', () => {
    expect(conv).toBeDefined();
    expect(conv.participants.some((p) => p.endTime)).toBe(true);
  });

  it('--json: the whole LiveConversation as core returns it, without raw', async () => {
    const r = await runCli(['conversation', conv.id, ...SB, '--json']);
    expect(r.code).toBe(0);
    const { raw: _raw, ...rest } = await client.live.get(conv.id);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(rest)));
    expect(JSON.parse(r.stdout)).not.toHaveProperty('raw');
  });

  it('--json --raw: with Genesys\'s own conversation object', async () => {
    const r = await runCli(['conversation', conv.id, ...SB, '--json', '--raw']);
    expect(r.code).toBe(0);
    const full = await client.live.get(conv.id);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(full)));
    expect((JSON.parse(r.stdout) as { raw: { id: string } }).raw.id).toBe(conv.id);
  });

  it('--ndjson: the participants, one per line, agents and queues named', async () => {
    const r = await runCli(['conversation', conv.id, ...SB, '--ndjson']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Obj);
    expect(rows).toEqual(expectedParticipants(conv));
    expect(rows.filter((x) => x.purpose === 'agent').map((x) => x.agent)).toHaveLength(2);
    expect(rows.every((x) => x.purpose !== 'agent' || (typeof x.agent === 'string' && x.agent.length > 0))).toBe(true);
  });

  it('--csv: the participants', async () => {
    const r = await runCli(['conversation', conv.id, ...SB, '--csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\r\n')[0]).toBe('purpose,name,state,agent,queue,startTime,endTime');
    expect(parseCsv(r.stdout)).toEqual(expectedParticipants(conv).map(asText));
  });

  it('piped: the participants as TSV, no ANSI', async () => {
    const r = await runCli(['conversation', conv.id, ...SB]);
    expect(r.code).toBe(0);
    const { header, rows } = parseTsv(r.stdout);
    expect(header).toEqual(['purpose', 'name', 'state', 'agent', 'queue', 'startTime', 'endTime']);
    expect(rows).toEqual(expectedParticipants(conv).map(asText));
    expect(r.stdout + r.stderr).not.toContain('\x1b');
  });

  it('on a terminal: a header block, then an aligned participants table', async () => {
    const { code, out } = await inPty(['conversation', conv.id, ...SB]);
    expect(code).toBe(0);
    const lines = out.split('\r\n');
    expect(lines[0]).toBe(`id         ${conv.id}`);
    expect(lines).toContain('start      ' + conv.startTime.replace('T', ' ').replace(/\.\d+Z$/, 'Z'));
    expect(lines).toContain('end        (in progress)');
    expect(lines).toContain(`media      ${conv.mediaType}`);
    expect(lines).toContain(`direction  ${conv.direction}`);
    expect(lines).toContain(`queue      ${queueName.get(conv.queueId!)}`);
    expect(lines.find((l) => l.startsWith('duration'))).toMatch(/^duration   \d+m \d\ds so far$/);
    const h = lines.findIndex((l) => l.startsWith('PURPOSE'));
    expect(lines[h]).toMatch(/^PURPOSE +NAME +STATE +AGENT +QUEUE +START +END$/);
    const table = lines.slice(h + 1).filter((l) => l !== '');
    expect(table).toHaveLength(conv.participants.length);
    const nameAt = lines[h]!.indexOf('NAME');
    table.forEach((line, i) => expect(line.slice(nameAt).startsWith(conv.participants[i]!.name!)).toBe(true));
    expect(out).not.toContain('\x1b');
  });

  it('--fields picks participant columns; with --json it is a usage error', async () => {
    const r = await runCli(['conversation', conv.id, ...SB, '--fields', 'agent,purpose', '--ndjson']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Obj)).toEqual(expectedParticipants(conv).map((p) => ({ agent: p.agent, purpose: p.purpose })));
    const j = await runCli(['conversation', conv.id, ...SB, '--fields', 'agent', '--json']);
    expect(j.code).toBe(2);
    expect(j.stderr).toContain('--json prints the whole conversation');
  });

  it.each([
    [['--fields', 'purpose,bogus'], /Unknown field "bogus"\. Available fields: purpose, name, state, agent, queue, startTime, endTime\./],
    [['--csv', '--ndjson'], /Choose one output format/],
    [['--raw'], /--raw goes with --json/],
  ])('%j: exit 2 with a specific message', async (flags, message) => {
    const r = await runCli(['conversation', conv.id, ...SB, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('an unknown id: exit 1, "not found" naming the id and a hint, no stack', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const r = await runCli(['conversation', id, ...SB]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cxgraph: Conversation "${id}" not found.`);
    expect(r.stderr).toContain('fix: Check the id');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('no id: a usage error', async () => {
    const r = await runCli(['conversation', ...SB]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing required argument 'id'");
  });
});
