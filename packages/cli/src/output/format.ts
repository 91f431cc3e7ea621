import type { Io } from '../io.js';
import { checkFields } from '../options/output.js';

/**
 * Machine and human output. Data goes to stdout, one format per run:
 * - `table`: aligned columns for people (a TTY, no flag);
 * - `tsv`: tab-separated with a header line, never truncated (piped, no flag);
 * - `json`: one array of objects; `ndjson`: one object per line; `csv`: RFC 4180 with a header line.
 * Columns are stable and documented per command; `--fields` picks and orders them. Objects carry the
 * column keys only, in column order.
 */
export type Format = 'table' | 'tsv' | 'json' | 'ndjson' | 'csv';

export type Cell = string | number | boolean | null | undefined;

/** A list in a cell: JSON/NDJSON carry it as an array; flat formats (tsv, csv, table) join it (see `flatCell`). */
export type ListCell = readonly (string | number)[] | readonly { readonly id: string; readonly name?: string | null }[];

export interface Column<T> {
  /** The key in JSON/NDJSON and the CSV/TSV header. */
  key: string;
  /** The table header (default: the key). */
  header?: string;
  get: (row: T) => Cell | ListCell;
  /** Numbers align right in tables. */
  align?: 'left' | 'right';
  /**
   * How the table (people, on a TTY) shows the cell, e.g. `1m 05s` for a duration in ms; machine formats
   * (tsv, csv, json, ndjson) always carry `get`'s value.
   */
  display?: (row: T) => string;
  /**
   * For scripts: left out of the default table (people see the name, or the snapshot time in the title), kept
   * in every machine format and whenever `--fields` names it.
   */
  machine?: boolean;
}

/** Options of `writeRows` and `renderTable`. */
export interface WriteOptions {
  /** ANSI styling in tables (bold header); see `colorEnabled`. Default off. */
  color?: boolean;
}

/**
 * Colour only for a person at a terminal: stdout is a TTY, `NO_COLOR` is unset or empty (no-color.org) and
 * `TERM` is not `dumb`; `FORCE_COLOR` (non-empty, not `0`) forces it on even when piped.
 */
export function colorEnabled(io: Pick<Io, 'env' | 'isTTY'>): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0') return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.isTTY && io.env.TERM !== 'dumb';
}

/** Help text naming a command's columns (`Columns: id, name, …`), wrapped for an 80-column terminal. */
export function columnsHelp(columns: readonly Pick<Column<never>, 'key'>[], title = 'Columns'): string {
  const words = columns.map((c, i) => c.key + (i < columns.length - 1 ? ',' : ''));
  const lines: string[] = [];
  let line = `${title}:`;
  for (const w of words) {
    if (line.length + 1 + w.length > 78) {
      lines.push(line);
      line = '  ';
    }
    line += (line.endsWith('  ') ? '' : ' ') + w;
  }
  lines.push(line);
  return lines.join('\n');
}

/**
 * The columns `--fields` asks for, in its order; an unknown field names the allowed ones. Without `--fields`,
 * every column, but a table (`format` 'table') leaves out the `machine` ones.
 */
export function pickColumns<T>(columns: readonly Column<T>[], fields: readonly string[] | undefined, format?: Format): Column<T>[] {
  if (!fields || fields.length === 0) return columns.filter((c) => !(format === 'table' && c.machine));
  checkFields(fields, columns.map((c) => c.key));
  return fields.map((f) => columns.find((c) => c.key === f)!);
}

const text = (v: Cell | ListCell): string => (v === null || v === undefined ? '' : typeof v === 'object' ? flatCell(v) : String(v));

/** A list for flat formats: `voice,chat` for values, `Ann Lee, Bo Chen` for named things (their id when unnamed). */
export function flatCell(list: ListCell): string {
  if (list.length > 0 && typeof list[0] === 'object') return (list as readonly { id: string; name?: string | null }[]).map((x) => x.name ?? x.id).join(', ');
  return (list as readonly (string | number)[]).join(',');
}

function csvCell(v: Cell | ListCell): string {
  const s = text(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** TSV cells: tabs and newlines inside values become spaces, so every record is one line. */
const tsvCell = (v: Cell | ListCell): string => text(v).replace(/[\t\r\n]+/g, ' ');

/** A row as the JSON/NDJSON object: the columns' keys in column order, `undefined` as `null`. */
export function jsonObject<T>(row: T, columns: readonly Column<T>[]): Record<string, Cell | ListCell> {
  const o: Record<string, Cell | ListCell> = {};
  for (const c of columns) {
    const v = c.get(row);
    o[c.key] = v === undefined ? null : v;
  }
  return o;
}

/**
 * Writes rows in the format; streams (constant memory) for ndjson, csv and tsv; `json` and `table` hold
 * the rows they print. Returns the number of rows.
 */
export async function writeRows<T>(
  io: Pick<Io, 'out'>,
  rows: Iterable<T> | AsyncIterable<T>,
  columns: readonly Column<T>[],
  format: Format,
  options: WriteOptions = {},
): Promise<number> {
  let n = 0;
  switch (format) {
    case 'ndjson':
      for await (const row of rows) {
        io.out(`${JSON.stringify(jsonObject(row, columns))}\n`);
        n++;
      }
      return n;
    case 'csv':
    case 'tsv': {
      const [cell, end, sep] = format === 'csv' ? [csvCell, '\r\n', ','] : [tsvCell, '\n', '\t'];
      const header = `${columns.map((c) => cell(c.key)).join(sep)}${end}`;
      // The header waits for the first row (or the end): a run that fails first (a bad login) leaves stdout empty.
      for await (const row of rows) {
        if (n === 0) io.out(header);
        io.out(`${columns.map((c) => cell(c.get(row))).join(sep)}${end}`);
        n++;
      }
      if (n === 0) io.out(header);
      return n;
    }
    case 'json': {
      const all: Array<Record<string, Cell | ListCell>> = [];
      for await (const row of rows) all.push(jsonObject(row, columns));
      io.out(`${JSON.stringify(all, null, 2)}\n`);
      return all.length;
    }
    case 'table': {
      const all: string[][] = [];
      for await (const row of rows) all.push(columns.map((c) => tsvCell(c.display ? c.display(row) : c.get(row))));
      io.out(renderTable(columns.map((c) => c.header ?? c.key), all, columns.map((c) => c.align ?? 'left'), options));
      return all.length;
    }
  }
}

/** An aligned table: a header (upper case; bold with `color`), then rows; columns separated by two spaces. */
export function renderTable(headers: readonly string[], rows: readonly string[][], align: readonly ('left' | 'right')[] = [], options: WriteOptions = {}): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (align[i] === 'right' ? pad(c, widths[i]!, true) : pad(c, widths[i]!, false)))
      .join('  ')
      .trimEnd();
  const head = line(headers.map((h) => h.toUpperCase()));
  return `${[options.color ? `\x1b[1m${head}\x1b[22m` : head, ...rows.map(line)].join('\n')}\n`;
}

/** A duration for people: `850ms`, `42s`, `3m 05s`, `2h 07m`, `3d 04h`; empty for none. */
export function humanDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 0) return `-${humanDuration(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${two(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${two(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${two(Math.floor((s % 86_400) / 3600))}h`;
}

/** An ISO-8601 instant for people: to the second, UTC (`2026-03-10 14:29:50Z`); empty for none. */
export function humanTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** Display width: counts code points (good enough for names and figures; no East Asian wide handling). */
const width = (s: string): number => [...s].length;
const pad = (s: string, w: number, right: boolean): string => (right ? ' '.repeat(w - width(s)) + s : s + ' '.repeat(w - width(s)));
