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
