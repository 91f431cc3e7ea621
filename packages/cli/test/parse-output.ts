import { execFileSync, spawn } from 'node:child_process';
import { BIN, cleanEnv } from './run-cli.js';

/** Reading the CLI's output back in tests: CSV, TSV, and the binary run in a pseudo-terminal. */
export type Obj = Record<string, string | number | null>;
export const asText = (o: Obj): Record<string, string> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? '' : String(v)]));

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. */
export function csvRecords(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else if (ch === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += ch;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

/** CSV with a header line, as objects keyed by the header. */
export function parseCsv(text: string): Array<Record<string, string>> {
  const [header, ...rest] = csvRecords(text);
  return rest.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

export function parseTsv(text: string): { header: string[]; rows: Array<Record<string, string>> } {
  const [head, ...lines] = text.split('\n').filter((l) => l !== '');
  const header = head!.split('\t');
  return { header, rows: lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i]!, v]))) };
}

const quote = (s: string) => (/^[\w./:=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The built binary in a pseudo-terminal (util-linux `script`); once `until` holds, Ctrl-C is typed. */
export function inPty(args: string[], opts: { env?: NodeJS.ProcessEnv; until?: (out: string) => boolean } = {}): Promise<{ code: number | null; out: string }> {
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

/** Whether util-linux `script` (the pseudo-terminal the TTY tests use) is installed. */
export function hasScript(): boolean {
  try {
    return execFileSync('which', ['script']).length > 0;
  } catch {
    return false;
  }
}
