import { createClient, type CxGraphClient } from '@cxgraph/core';
import { createSandbox, type Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { type Obj, asText, parseCsv, parseTsv, inPty } from './parse-output.js';

const NOW = '2026-03-10T14:30:00Z';
const SB = ['--sandbox', '--sandbox-now', NOW];

// ---- the independent path: the sandbox's own records, and core on it (same seed) ----
let sandbox: Sandbox;
let client: CxGraphClient;
let expected: Obj[];
const COLUMNS = ['id', 'name', 'mediaTypes', 'members'];
const MEDIA_ORDER = ['voice', 'callback', 'chat', 'email', 'message'];

beforeAll(async () => {
  sandbox = await createSandbox({ seed: 1, now: NOW });
  client = createClient({ apiUrl: sandbox.url, clientId: 'cxgraph-demo', clientSecret: 'cxgraph-demo-secret', now: () => sandbox.clock.now(), sources: { env: {}, dotenv: false } });
  const order: string[] = [];
  for await (const q of client.directory.listQueues()) order.push(q.id!);
  expected = order.map((id) => {
    const q = sandbox.store.org.queueById.get(id)!;
    return { id: q.id, name: q.name, mediaTypes: MEDIA_ORDER.filter((m) => (q.mediaTypes as string[]).includes(m)).join(','), members: q.memberIds.length };
  });
});
afterAll(async () => {
  await sandbox?.close();
});

describe('cxgraph queues', () => {
  it('the org has queues of several media mixes', () => {
    expect(expected.length).toBe(sandbox.store.org.queues.length);
    expect(new Set(expected.map((q) => q.mediaTypes)).size).toBeGreaterThan(3);
  });

  it('--json', async () => {
    const r = await runCli(['queues', ...SB, '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Obj[];
    expect(rows).toEqual(expected);
    expect(Object.keys(rows[0]!)).toEqual(COLUMNS);
  });

  it('--ndjson', async () => {
    const r = await runCli(['queues', ...SB, '--ndjson']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Obj)).toEqual(expected);
  });

  it('--csv (media lists quoted)', async () => {
    const r = await runCli(['queues', ...SB, '--csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\r\n')[0]).toBe(COLUMNS.join(','));
    expect(parseCsv(r.stdout)).toEqual(expected.map(asText));
    expect(r.stdout).toContain('"voice,');
  });

  it('piped: TSV, no ANSI', async () => {
    const r = await runCli(['queues', ...SB]);
    expect(r.code).toBe(0);
    const { header, rows } = parseTsv(r.stdout);
    expect(header).toEqual(COLUMNS);
    expect(rows).toEqual(expected.map(asText));
    expect(r.stdout + r.stderr).not.toContain('\x1b');
  });

  it('on a terminal: an aligned table, members right-aligned', async () => {
    const { code, out } = await inPty(['queues', ...SB, '--quiet']);
    expect(code).toBe(0);
    const lines = out.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toMatch(/^ID +NAME +MEDIA +MEMBERS$/);
    expect(lines.slice(1)).toHaveLength(expected.length);
    const nameAt = lines[0]!.indexOf('NAME');
    lines.slice(1).forEach((line, i) => {
      expect(line.slice(nameAt).startsWith(String(expected[i]!.name))).toBe(true);
      expect(line.length).toBe(lines[0]!.length); // the last column is right-aligned: every line ends at its edge
      expect(line.endsWith(` ${expected[i]!.members}`)).toBe(true);
    });
  });

  it('--fields picks and orders; unknown → exit 2 naming the fields', async () => {
    const r = await runCli(['queues', ...SB, '--fields', 'members,name', '--json']);
    expect(JSON.parse(r.stdout)).toEqual(expected.map((e) => ({ members: e.members, name: e.name })));
    const bad = await runCli(['queues', ...SB, '--fields', 'size']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown field "size". Available fields: id, name, mediaTypes, members.');
    const two = await runCli(['queues', ...SB, '--json', '--csv']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('Choose one output format');
  });
});
