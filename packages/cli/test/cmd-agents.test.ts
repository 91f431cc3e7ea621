import { createClient, type CxGraphClient } from '@cxgraph/core';
import { createSandbox, type Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { type Obj, asText, parseCsv, parseTsv, inPty } from './parse-output.js';

const NOW = '2026-03-10T14:30:00Z';
const SB = ['--sandbox', '--sandbox-now', NOW];

// ---- the independent path: core on a sandbox of this process, same seed and instant ----
let sandbox: Sandbox;
let client: CxGraphClient;
let expected: Obj[];
const COLUMNS = ['id', 'name', 'email', 'routingStatus', 'presence'];

beforeAll(async () => {
  sandbox = await createSandbox({ seed: 1, now: NOW });
  client = createClient({ apiUrl: sandbox.url, clientId: 'cxgraph-demo', clientSecret: 'cxgraph-demo-secret', now: () => sandbox.clock.now(), sources: { env: {}, dotenv: false } });
  expected = [];
  for await (const u of client.directory.listUsers({ expand: ['routingStatus', 'presence'] })) {
    expected.push({ id: u.id!, name: u.name ?? null, email: u.email ?? null, routingStatus: u.routingStatus?.status ?? null, presence: u.presence?.presenceDefinition?.systemPresence ?? null });
  }
});
afterAll(async () => {
  await sandbox?.close();
});

describe('cxgraph agents', () => {
  it('core agrees with the sandbox\'s own records (names, emails, routing status at the instant)', () => {
    const org = sandbox.store.org;
    expect(expected).toHaveLength(org.agents.length);
    for (const row of expected) {
      const a = org.agentById.get(String(row.id))!;
      expect(row.name).toBe(a.name);
      expect(row.email).toBe(a.email);
      expect(row.routingStatus).toBe(sandbox.store.agentState(a.id, Date.parse(NOW)).routingStatus);
    }
    expect(new Set(expected.map((r) => r.routingStatus)).size).toBeGreaterThan(1);
  });

  it('--json', async () => {
    const r = await runCli(['agents', ...SB, '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Obj[];
    expect(rows).toEqual(expected);
    expect(Object.keys(rows[0]!)).toEqual(COLUMNS);
  });

  it('--ndjson', async () => {
    const r = await runCli(['agents', ...SB, '--ndjson']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Obj)).toEqual(expected);
  });

  it('--csv', async () => {
    const r = await runCli(['agents', ...SB, '--csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\r\n')[0]).toBe(COLUMNS.join(','));
    expect(parseCsv(r.stdout)).toEqual(expected.map(asText));
  });

  it('piped: TSV, no ANSI, nothing on stderr (no progress off a terminal)', async () => {
    const r = await runCli(['agents', ...SB]);
    expect(r.code).toBe(0);
    const { header, rows } = parseTsv(r.stdout);
    expect(header).toEqual(COLUMNS);
    expect(rows).toEqual(expected.map(asText));
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stderr).toBe('');
  });

  it('on a terminal: an aligned table with a header (the progress bar cleared away)', async () => {
    const { code, out } = await inPty(['agents', ...SB]);
    expect(code).toBe(0);
    // The bar (stderr, the same terminal here) counted the agents, then erased its line before the table.
    expect(out).toMatch(/^.*Fetching agents… \d+ \| \d+s/);
    expect(out).toContain(`Fetching agents… ${expected.length} |`);
    const table = out.slice(out.lastIndexOf('\x1b[2K') + '\x1b[2K'.length);
    expect(table).not.toContain('\x1b');
    const lines = table.split('\r\n').filter((l) => l !== '');
    const h = lines.findIndex((l) => /^ID +NAME +EMAIL +ROUTING +PRESENCE$/.test(l));
    expect(h).toBeGreaterThanOrEqual(0);
    expect(h).toBe(0);
    const rows = lines.slice(h + 1);
    expect(rows).toHaveLength(expected.length);
    const header = lines[h]!;
    rows.forEach((line, i) => {
      expect(line.startsWith(String(expected[i]!.id))).toBe(true);
      expect(line.slice(header.indexOf('EMAIL')).startsWith(String(expected[i]!.email))).toBe(true);
      expect(line.slice(header.indexOf('ROUTING')).startsWith(String(expected[i]!.routingStatus))).toBe(true);
    });
  });

  it('--quiet in a terminal: nothing but the table', async () => {
    const { code, out } = await inPty(['agents', ...SB, '--quiet', '--fields', 'name']);
    expect(code).toBe(0);
    expect(out.split('\r\n')[0]).toBe('NAME');
    expect(out).not.toContain('Fetching');
  });

  it('--fields picks and orders', async () => {
    const r = await runCli(['agents', ...SB, '--fields', 'presence,name', '--csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\r\n')[0]).toBe('presence,name');
    expect(parseCsv(r.stdout)).toEqual(expected.map((e) => asText({ presence: e.presence!, name: e.name! })));
  });

  it.each([
    [['--fields', 'name,status'], /Unknown field "status"\. Available fields: id, name, email, routingStatus, presence\./],
    [['--json', '--ndjson', '--csv'], /Choose one output format: --json, --ndjson, --csv/],
  ])('%j: exit 2 with a specific message', async (flags, message) => {
    const r = await runCli(['agents', ...SB, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
