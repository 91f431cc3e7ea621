import { NotFoundError, type CxGraphClient, type LiveConversation } from '@cxgraph/core';
import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/commands/conversation.js';
import { fakeIo, type FakeIoOptions } from '../support/io.js';
import { asText, parseCsv, parseTsv, type Obj } from '../support/parse.js';
import { coreClient, startSandbox, testDeps } from '../support/sandbox.js';

const PARTICIPANT_COLUMNS = ['purpose', 'name', 'state', 'agent', 'queue', 'startTime', 'endTime'];

// The independent path: core on the sandbox, names from the sandbox's own records.
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
  sandbox = await startSandbox();
  client = coreClient(sandbox);
  conv = (await client.live.list()).find((c) => c.participants.filter((p) => p.purpose === 'agent').length >= 2)!;
  queueName = new Map(sandbox.store.org.queues.map((q) => [q.id, q.name]));
  userName = new Map(sandbox.store.org.agents.map((a) => [a.id, a.name]));
});
afterAll(() => sandbox?.close());

async function show(opts: Omit<Parameters<typeof run>[0], 'id'>, io: FakeIoOptions = {}) {
  const fake = fakeIo(io);
  const got = await run({ id: conv.id, ...opts }, testDeps(sandbox, fake));
  return { got, out: fake.stdout(), err: fake.stderrText() };
}

describe('cxgraph conversation <id>', () => {
  it('the sandbox has a transferred conversation to show', () => {
    expect(conv).toBeDefined();
    expect(conv.participants.some((p) => p.endTime)).toBe(true);
  });

  it('--json: the whole LiveConversation as core returns it, without raw; run returns it', async () => {
    const r = await show({ format: 'json' });
    const { raw: _raw, ...rest } = await client.live.get(conv.id);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(rest)));
    expect(JSON.parse(r.out)).not.toHaveProperty('raw');
    expect(r.got.id).toBe(conv.id);
  });

  it("--json --raw: with Genesys's own conversation object", async () => {
    const r = await show({ format: 'json', raw: true });
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(await client.live.get(conv.id))));
    expect((JSON.parse(r.out) as { raw: { id: string } }).raw.id).toBe(conv.id);
  });

  it('--ndjson: the participants, one per line, agents and queues named', async () => {
    const rows = (await show({ format: 'ndjson' })).out.trimEnd().split('\n').map((l) => JSON.parse(l) as Obj);
    expect(rows).toEqual(expectedParticipants(conv));
    expect(rows.filter((x) => x.purpose === 'agent').map((x) => x.agent)).toHaveLength(2);
    expect(rows.every((x) => x.purpose !== 'agent' || (typeof x.agent === 'string' && x.agent.length > 0))).toBe(true);
  });

  it('--csv: the participants', async () => {
    const r = await show({ format: 'csv' });
    expect(r.out.split('\r\n')[0]).toBe(PARTICIPANT_COLUMNS.join(','));
    expect(parseCsv(r.out)).toEqual(expectedParticipants(conv).map(asText));
  });

  it('piped: the participants as TSV, no ANSI', async () => {
    const r = await show({});
    const { header, rows } = parseTsv(r.out);
    expect(header).toEqual(PARTICIPANT_COLUMNS);
    expect(rows).toEqual(expectedParticipants(conv).map(asText));
    expect(r.out + r.err).not.toContain('\x1b');
  });

  it('on a terminal: a header block, then an aligned participants table', async () => {
    const r = await show({}, { isTTY: true, env: { NO_COLOR: '1' } });
    const lines = r.out.split('\n');
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
    expect(r.out).not.toContain('\x1b');
  });

  it('--fields picks participant columns', async () => {
    const r = await show({ format: 'ndjson', fields: ['agent', 'purpose'] });
    expect(r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Obj)).toEqual(expectedParticipants(conv).map((p) => ({ agent: p.agent, purpose: p.purpose })));
  });

  it('an unknown id: NotFoundError (exit 1) naming the id, with a hint; nothing written', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const fake = fakeIo();
    const failed = await run({ id }, testDeps(sandbox, fake)).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(NotFoundError);
    expect((failed as NotFoundError).message).toBe(`Conversation "${id}" not found.`);
    expect((failed as NotFoundError).hint).toMatch(/^Check the id/);
    expect(fake.stdout()).toBe('');
  });
});
