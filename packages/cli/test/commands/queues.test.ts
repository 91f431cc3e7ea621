import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/commands/queues.js';
import { fakeIo, type FakeIoOptions } from '../support/io.js';
import { asText, parseCsv, parseTsv, type Obj } from '../support/parse.js';
import { coreClient, startSandbox, testDeps } from '../support/sandbox.js';

const COLUMNS = ['id', 'name', 'mediaTypes', 'members'];
const MEDIA_ORDER = ['voice', 'callback', 'chat', 'email', 'message'];

// The independent path: the sandbox's own records, in the order core lists the queues.
let sandbox: Sandbox;
let expected: Obj[];

beforeAll(async () => {
  sandbox = await startSandbox();
  const order: string[] = [];
  for await (const q of coreClient(sandbox).directory.listQueues()) order.push(q.id!);
  expected = order.map((id) => {
    const q = sandbox.store.org.queueById.get(id)!;
    return { id: q.id, name: q.name, mediaTypes: MEDIA_ORDER.filter((m) => (q.mediaTypes as string[]).includes(m)), members: q.memberIds.length };
  });
});
afterAll(() => sandbox?.close());

async function queues(opts: Parameters<typeof run>[0], io: FakeIoOptions = {}) {
  const fake = fakeIo(io);
  const listed = await run(opts, testDeps(sandbox, fake));
  return { listed, out: fake.stdout(), err: fake.stderrText() };
}

describe('cxgraph queues', () => {
  it('the org has queues of several media mixes', () => {
    expect(expected.length).toBe(sandbox.store.org.queues.length);
    expect(new Set(expected.map((q) => (q.mediaTypes as string[]).join(','))).size).toBeGreaterThan(3);
  });

  it('--json; run returns the queues', async () => {
    const r = await queues({ format: 'json' });
    const rows = JSON.parse(r.out) as Obj[];
    expect(rows).toEqual(expected);
    expect(Object.keys(rows[0]!)).toEqual(COLUMNS);
    expect(r.listed.map((q) => q.id)).toEqual(expected.map((e) => e.id));
  });

  it('--ndjson', async () => {
    const r = await queues({ format: 'ndjson' });
    expect(r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Obj)).toEqual(expected);
  });

  it('--csv (media lists quoted)', async () => {
    const r = await queues({ format: 'csv' });
    expect(r.out.split('\r\n')[0]).toBe(COLUMNS.join(','));
    expect(parseCsv(r.out)).toEqual(expected.map(asText));
    expect(r.out).toContain('"voice,');
  });

  it('piped: TSV, no ANSI', async () => {
    const r = await queues({});
    const { header, rows } = parseTsv(r.out);
    expect(header).toEqual(COLUMNS);
    expect(rows).toEqual(expected.map(asText));
    expect(r.out + r.err).not.toContain('\x1b');
  });

  it('on a terminal: an aligned table, members right-aligned', async () => {
    const r = await queues({}, { isTTY: true, env: { NO_COLOR: '1' } });
    const lines = r.out.split('\n').filter((l) => l !== '');
    expect(lines[0]).toMatch(/^ID +NAME +MEDIA +MEMBERS$/);
    expect(lines.slice(1)).toHaveLength(expected.length);
    const nameAt = lines[0]!.indexOf('NAME');
    lines.slice(1).forEach((line, i) => {
      expect(line.slice(nameAt).startsWith(String(expected[i]!.name))).toBe(true);
      expect(line.length).toBe(lines[0]!.length); // the last column is right-aligned: every line ends at its edge
      expect(line.endsWith(` ${expected[i]!.members}`)).toBe(true);
    });
  });

  it('--fields picks and orders', async () => {
    const r = await queues({ format: 'json', fields: ['members', 'name'] });
    expect(JSON.parse(r.out)).toEqual(expected.map((e) => ({ members: e.members, name: e.name })));
  });
});
