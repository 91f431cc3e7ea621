import { spawn } from 'node:child_process';
import { createClient, type CxGraphClient } from '@cxgraph/core';
import { createSandbox, type Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli } from './run-cli.js';

const NOW = '2026-03-10T14:30:00Z';
const SB = ['--sandbox', '--sandbox-now', NOW];

// ---- helpers (each test file keeps its own: they are small) ----
type Obj = Record<string, string | number | null>;
const asText = (o: Obj): Record<string, string> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? '' : String(v)]));

function parseCsv(text: string): Array<Record<string, string>> {
  const records: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text[i + 1] === '"') (cell += '"'), i++;
      else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), records.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  const [header, ...rest] = records;
  return rest.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

function parseTsv(text: string): { header: string[]; rows: Array<Record<string, string>> } {
  const [head, ...lines] = text.split('\n').filter((l) => l !== '');
  const header = head!.split('\t');
  return { header, rows: lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i]!, v]))) };
}

const quote = (s: string) => (/^[\w./:=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The built binary in a pseudo-terminal (util-linux `script`); once `until` holds, Ctrl-C is typed. */
function inPty(args: string[], opts: { env?: NodeJS.ProcessEnv; until?: (out: string) => boolean } = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    // `exec`: node replaces the shell, so Ctrl-C reaches it alone (as from an interactive shell).
    const child = spawn('script', ['-qfec', ['exec', process.execPath, BIN, ...args].map(quote).join(' '), '/dev/null'], { env: opts.env ?? cleanEnv({ TERM: 'xterm' }) });
    let out = '';
    let typed = false;
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`pty timed out:\n${out}`))), 25_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (opts.until && !typed && opts.until(out)) (typed = true), child.stdin.write('\x03');
    });
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, out })));
  });
}


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
