import type { CxGraphClient } from '@cxgraph/core';
import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/commands/agents.js';
import { fakeIo, type FakeIoOptions } from '../support/io.js';
import { asText, parseCsv, parseTsv, type Obj } from '../support/parse.js';
import { coreClient, NOW_MS, startSandbox, testDeps } from '../support/sandbox.js';

const COLUMNS = ['id', 'name', 'email', 'routingStatus', 'presence'];

// The independent path: core on the sandbox, and the sandbox's own records.
let sandbox: Sandbox;
let client: CxGraphClient;
let expected: Obj[];

beforeAll(async () => {
  sandbox = await startSandbox();
  client = coreClient(sandbox);
  expected = [];
  for await (const u of client.directory.listUsers({ expand: ['routingStatus', 'presence'] })) {
    expected.push({ id: u.id!, name: u.name ?? null, email: u.email ?? null, routingStatus: u.routingStatus?.status ?? null, presence: u.presence?.presenceDefinition?.systemPresence ?? null });
  }
});
afterAll(() => sandbox?.close());

async function agents(opts: Parameters<typeof run>[0], io: FakeIoOptions = {}, quiet = false) {
  const fake = fakeIo(io);
  const users = await run(opts, testDeps(sandbox, fake, { quiet }));
  return { users, out: fake.stdout(), err: fake.stderrText() };
}

describe('cxgraph agents', () => {
  it("core agrees with the sandbox's own records (names, emails, routing status at the instant)", () => {
    const org = sandbox.store.org;
    expect(expected).toHaveLength(org.agents.length);
    for (const row of expected) {
      const a = org.agentById.get(String(row.id))!;
      expect(row.name).toBe(a.name);
      expect(row.email).toBe(a.email);
      expect(row.routingStatus).toBe(sandbox.store.agentState(a.id, NOW_MS).routingStatus);
    }
    expect(new Set(expected.map((r) => r.routingStatus)).size).toBeGreaterThan(1);
  });

  it('--json: the columns in order; run returns the users', async () => {
    const r = await agents({ format: 'json' });
    const rows = JSON.parse(r.out) as Obj[];
    expect(rows).toEqual(expected);
    expect(Object.keys(rows[0]!)).toEqual(COLUMNS);
    expect(r.users.map((u) => u.id)).toEqual(expected.map((e) => e.id));
  });

  it('--ndjson', async () => {
    const r = await agents({ format: 'ndjson' });
    expect(r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Obj)).toEqual(expected);
  });

  it('--csv', async () => {
    const r = await agents({ format: 'csv' });
    expect(r.out.split('\r\n')[0]).toBe(COLUMNS.join(','));
    expect(parseCsv(r.out)).toEqual(expected.map(asText));
  });

  it('piped: TSV, no ANSI, nothing on stderr (no progress off a terminal)', async () => {
    const r = await agents({});
    const { header, rows } = parseTsv(r.out);
    expect(header).toEqual(COLUMNS);
    expect(rows).toEqual(expected.map(asText));
    expect(r.out).not.toContain('\x1b');
    expect(r.err).toBe('');
  });

  it('on a terminal: an aligned table; the progress bar on stderr counts the agents, then is cleared', async () => {
    const r = await agents({}, { isTTY: true, stderrTTY: true, env: { NO_COLOR: '1' } });
    expect(r.err).toContain(`Fetching agents… ${expected.length} |`);
    expect(r.err).toContain('\x1b[2K');
    expect(r.out).not.toContain('\x1b');
    const lines = r.out.split('\n').filter((l) => l !== '');
    const header = lines[0]!;
    expect(header).toMatch(/^ID +NAME +EMAIL +ROUTING +PRESENCE$/);
    expect(lines.slice(1)).toHaveLength(expected.length);
    lines.slice(1).forEach((line, i) => {
      expect(line.startsWith(String(expected[i]!.id))).toBe(true);
      expect(line.slice(header.indexOf('EMAIL')).startsWith(String(expected[i]!.email))).toBe(true);
      expect(line.slice(header.indexOf('ROUTING')).startsWith(String(expected[i]!.routingStatus))).toBe(true);
    });
  });

  it('quiet on a terminal: nothing but the table', async () => {
    const r = await agents({ fields: ['name'] }, { isTTY: true, stderrTTY: true, env: { NO_COLOR: '1' } }, true);
    expect(r.out.split('\n')[0]).toBe('NAME');
    expect(r.err).toBe('');
  });

  it('--fields picks and orders', async () => {
    const r = await agents({ format: 'csv', fields: ['presence', 'name'] });
    expect(r.out.split('\r\n')[0]).toBe('presence,name');
    expect(parseCsv(r.out)).toEqual(expected.map((e) => asText({ presence: e.presence!, name: e.name! })));
  });
});
