/** Reading the CLI's output back in tests: CSV and TSV. */
export type Obj = Record<string, string | number | null | readonly string[] | readonly { id: string; name: string | null }[]>;

/** A JSON row as TSV/CSV carry it (the documented rule): null empty, named lists as "name, name", value lists as "a,b". */
const textOf = (v: Obj[string]): string => {
  if (v === null) return '';
  if (!Array.isArray(v)) return String(v);
  return v.map((x: string | { id: string; name: string | null }) => (typeof x === 'string' ? x : (x.name ?? x.id))).join(typeof v[0] === 'object' ? ', ' : ',');
};
export const asText = (o: Obj): Record<string, string> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, textOf(v)]));

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
