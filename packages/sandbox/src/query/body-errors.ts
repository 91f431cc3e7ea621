/** The 400s for analytics bodies that fail their zod schema or carry unknown top-level fields. */
import type { z } from 'zod';
import { badRequest } from '../http/errors.js';

/** Formats zod issues as one 400 naming the field. */
export function zodFailure(error: z.ZodError, what: string): Error {
  const issue = error.issues[0];
  if (!issue) return badRequest(`Invalid ${what}.`);
  const field = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const where = field === '' ? '' : ` in ${field}`;
    const keys = issue.keys.join(', ');
    return badRequest(`Unknown field(s) [${keys}]${where} of the ${what}.`, field === '' ? keys : `${field}.${issue.keys[0] ?? ''}`);
  }
  if (issue.code === 'invalid_type') {
    return badRequest(`Invalid value for ${field || what}: expected ${issue.expected}.`, field || undefined);
  }
  return badRequest(`Invalid value for ${field || what}: ${issue.message}.`, field || undefined);
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? String(k) : `.${String(k)}`;
  return out;
}

/** Rejects unknown top-level fields with a message listing what the body takes (and a hint for common slips). */
export function rejectUnknownTopLevel(body: Record<string, unknown>, fields: readonly string[], what: string, hints: Record<string, string> = {}): void {
  const unknown = Object.keys(body).filter((k) => !fields.includes(k));
  if (unknown.length === 0) return;
  const first = unknown[0] ?? '';
  const hint = hints[first] ? ` ${hints[first]}.` : '';
  throw badRequest(
    `Unknown field [${unknown.join(', ')}] in the ${what}.${hint} The ${what} takes: ${fields.join(', ')}.`,
    first,
  );
}
