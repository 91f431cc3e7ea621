/**
 * The one validation layer of the Genesys-facing bodies (details, aggregates, observations queries): a zod
 * schema checks the shape, and every problem becomes Genesys's 400 (`GenesysHttpError`, body `{message,
 * code: 'bad.request' | 'invalid.value', status, contextId, details: [{errorCode, fieldName}], …}`) with the
 * same wording on every endpoint:
 *
 * - not an object:   `The request body must be a JSON object (a <Model>); received <what>.`
 * - unknown field:   `Unrecognized field "<key>" in <Model> (at <path>). Allowed fields: a, b, c.<hint>`
 * - missing field:   `Missing required field <path>.` (`… Allowable values are: …` for an enum)
 * - wrong type:      `Invalid value for field <path>: expected <type>, received <what>.`
 * - bad enum value:  `Value [<v>] is not valid for field type [<name>] at <path>. <hint> Allowable values are: …`
 *                    (code `invalid.value`)
 * - anything else:   `Invalid value for field <path>: <zod message>.`
 *
 * Unknown fields are reported before any other problem, shallowest first, as a JSON binder failing on the
 * first unknown property would; otherwise the first issue in body order. Paths are written
 * `conversationFilters[0].predicates[1].dimension`, and each error's `details[0].fieldName` is that path.
 *
 * Usage: `const raw = parseBody(schema, body, { model: 'ConversationQuery', modelAt, fieldsOf, unknownFieldHint })`.
 * `models(strict)` builds a schema's objects while recording each model's fields for the unknown-field
 * message. The control API (`/__sandbox/*`) is ours, not Genesys's, and keeps its own plain messages.
 */
import { z } from 'zod';
import { badRequest, type GenesysHttpError } from '../http/errors.js';

export type Path = ReadonlyArray<PropertyKey>;
export type ZodIssue = z.core.$ZodIssue;

export interface BodyModel {
  /** The SDK model name of the whole body, e.g. `ConversationQuery`. */
  model: string;
  /** The SDK model at a path inside the body (default: `model` everywhere). */
  modelAt?: (path: Path) => string;
  /** A model's allowed fields, for unknown-field messages (default: none listed). */
  fieldsOf?: (model: string) => readonly string[];
  /** A hint for a common mistake, by model and unknown field name: '' or a sentence. */
  unknownFieldHint?: (model: string, key: string) => string;
}

/** `conversationFilters[0].predicates[1].dimension` */
export function pathText(path: Path): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out === '' ? String(k) : `.${String(k)}`;
  }
  return out;
}

/** A value as a message names it: `the string "x"`, `number 3`, `an object`, `no body`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'no body';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string "${value}"`;
  return `${typeof value} ${String(value)}`;
}

/** A value as it appears between brackets: strings bare, the rest as JSON. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const norm = (s: string): string => s.replace(/[_\-\s]/g, '').toLowerCase();

/** `Did you mean "groupBy"?` when a candidate differs only in case, `_`, `-` or spaces; else ''. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const hit = candidates.find((c) => norm(c) === norm(name));
  return hit ? `Did you mean "${hit}"?` : '';
}

/** 400 for an unknown field `key` of `model` at `path` (the path of the object holding it). */
export function unknownField(model: string, key: string, path: Path, allowed: readonly string[], hint = ''): GenesysHttpError {
  const where = path.length > 0 ? ` (at ${pathText(path)})` : '';
  return badRequest(`Unrecognized field "${key}" in ${model}${where}. Allowed fields: ${allowed.join(', ')}.${hint ? ` ${hint.trim()}` : ''}`, pathText([...path, key]));
}

/** 400 `invalid.value` for a value outside an enum; `field` is the field's name, `path` where it is. */
export function invalidValue(field: string, value: unknown, allowed: readonly string[], path: Path, hint = ''): GenesysHttpError {
  return invalidValueAt(pathText(path), value, allowed, hint, field);
}

/**
 * {@link invalidValue} for a path already written out (`filter.predicates[0].operator`, `metrics[2]`): the field
 * is the path's last name unless given.
 */
export function invalidValueAt(at: string, value: unknown, allowed: readonly string[], hint = '', field = lastName(at)): GenesysHttpError {
  const where = at !== field ? ` at ${at}` : '';
  const sep = hint ? ` ${hint}` : '';
  return badRequest(`Value [${showValue(value)}] is not valid for field type [${field}]${where}.${sep} Allowable values are: ${allowed.join(', ')}`, at, 'invalid.value');
}

/** `predicates[0].operator` → `operator`; `metrics[2]` → `metrics`. */
const lastName = (at: string): string => /([^.[\]]+)(?:\[\d+\])*$/.exec(at)?.[1] ?? at;

/** Throws 400 unless the body is a JSON object. */
export function requireObject(body: unknown, model: string): asserts body is Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`The request body must be a JSON object (a ${model}); received ${describeValue(body)}.`);
  }
}

/** The issue to report: unknown fields first (shallowest first), then the first other issue in body order. */
export function firstIssue(issues: readonly ZodIssue[]): ZodIssue | undefined {
  const unknown = issues.filter((i) => i.code === 'unrecognized_keys').sort((a, b) => a.path.length - b.path.length);
  return unknown[0] ?? issues[0];
}

/** One zod issue as Genesys's 400. */
export function issueToError(issue: ZodIssue, body: BodyModel): GenesysHttpError {
  const modelAt = body.modelAt ?? (() => body.model);
  const path = issue.path;
  const field = pathText(path);
  const last = path[path.length - 1];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const model = modelAt(path);
      return unknownField(model, key, path, body.fieldsOf?.(model) ?? [], body.unknownFieldHint?.(model, key) ?? '');
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      if (issue.input === undefined) {
        return badRequest(`Missing required field ${field}. Allowable values are: ${values.join(', ')}`, field);
      }
      return invalidValue(typeof last === 'string' ? last : field, issue.input, values, path);
    }
    case 'invalid_type': {
      if (issue.input === undefined) return badRequest(`Missing required field ${field}.`, field);
      const expected =
        issue.expected === 'object' ? `a ${modelAt(path)} object`
        : issue.expected === 'array' ? 'an array'
        : issue.expected === 'int' ? 'an integer'
        : `a ${issue.expected}`;
      const what = path.length > 0 ? `field ${field}` : 'the request body';
      return badRequest(`Invalid value for ${what}: expected ${expected}, received ${describeValue(issue.input)}.`, field || undefined);
    }
    default:
      return badRequest(`Invalid value for field ${field}: ${issue.message}.`, field || undefined);
  }
}

/** Checks `body` against `schema` and returns the parsed value, or throws the first problem as a 400. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, model: BodyModel): z.output<S> {
  requireObject(body, model.model);
  const parsed = schema.safeParse(body, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issue = firstIssue(parsed.error.issues);
  throw issue ? issueToError(issue, model) : badRequest(`Invalid ${model.model}.`);
}

/**
 * Builds a schema's objects (strict, so unknown fields are issues, or loose, so they are dropped) and records
 * each model's fields for {@link BodyModel.fieldsOf}.
 */
export function models(strict: boolean) {
  const fields = new Map<string, string[]>();
  return {
    object<S extends z.ZodRawShape>(model: string, shape: S) {
      fields.set(model, Object.keys(shape));
      return strict ? z.strictObject(shape) : z.object(shape);
    },
    fieldsOf: (model: string): readonly string[] => fields.get(model) ?? [],
  };
}

/** A model registry from {@link models}, for schemas built in several modules. */
export type Models = ReturnType<typeof models>;
