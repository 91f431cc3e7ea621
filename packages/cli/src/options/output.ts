/**
 * The output flags of the listing commands: `--json`, `--ndjson`, `--csv` (at most one) and `--fields`.
 * Without a format flag the output is a table on a terminal and TSV otherwise; that is decided when the
 * command runs (`formatFor`), so the options themselves depend on argv alone.
 */
import { UsageError } from '../errors.js';
import type { Format } from '../output/format.js';
import type { Flag } from './flag.js';
import { nonEmptyList } from './values.js';

export const MACHINE_FORMATS = ['json', 'ndjson', 'csv'] as const;
export type MachineFormat = (typeof MACHINE_FORMATS)[number];

export interface OutputOptions {
  /** A format flag; none: a table on a terminal, TSV otherwise. */
  format?: MachineFormat;
  /** `--fields`: the columns to print, in this order. */
  fields?: string[];
}

export interface OutputFlags {
  json?: boolean;
  ndjson?: boolean;
  csv?: boolean;
  fields?: string[];
}

/** `--json`, `--ndjson`, `--csv` and `--fields <names>`; `what` says what `--fields` picks. */
export const outputFlags = (what = 'the columns'): Flag[] => [
  { flags: '--json', description: 'print a JSON array of objects' },
  { flags: '--ndjson', description: 'print one JSON object per line' },
  { flags: '--csv', description: 'print CSV (RFC 4180) with a header line' },
  { flags: '--fields <names>', description: `pick and order ${what} (comma-separated)`, parse: nonEmptyList('--fields', 'one or more column names') },
];

/** The output options of the flags; two format flags, or a field not in `keys` (when given), are usage errors. */
export function outputOptions(flags: OutputFlags, keys?: readonly string[]): OutputOptions {
  const chosen = MACHINE_FORMATS.filter((f) => flags[f]);
  if (chosen.length > 1) throw new UsageError(`Choose one output format: ${chosen.map((c) => `--${c}`).join(', ')} were given.`);
  if (keys && flags.fields) checkFields(flags.fields, keys);
  return { ...(chosen[0] ? { format: chosen[0] } : {}), ...(flags.fields?.length ? { fields: flags.fields } : {}) };
}

/** An unknown field names the valid ones. */
export function checkFields(fields: readonly string[], keys: readonly string[]): void {
  const unknown = fields.find((f) => !keys.includes(f));
  if (unknown !== undefined) throw new UsageError(`Unknown field "${unknown}". Available fields: ${keys.join(', ')}.`);
}

/** The format a run writes: the flag's, else a table for a person at a terminal, else TSV. */
export const formatFor = (format: MachineFormat | undefined, isTTY: boolean): Format => format ?? (isTTY ? 'table' : 'tsv');
