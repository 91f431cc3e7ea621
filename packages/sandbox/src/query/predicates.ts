/**
 * The predicate engine of the aggregates and queue-observations queries: a filter of `dimension` predicates
 * (`matches` a value or a numeric range, `exists`, `notExists`) joined by and/or, with clauses one level deep.
 * `checkFilter` turns a zod-checked body into a {@link QueryFilter} under per-endpoint {@link FilterRules};
 * `matchesFilter` tests any item through a function that reads its dimensions. (The details query has its own,
 * richer engine in filter.ts: segment, metric and property predicates.)
 */
import { z } from 'zod';
import { badRequest, type GenesysHttpError } from '../http/errors.js';
import { didYouMean, invalidValueAt, type Models, type Path } from './validation.js';

export interface NumericRangeSpec {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

export type PredicateOperator = 'matches' | 'exists' | 'notExists';

export interface FilterPredicate {
  dimension: string;
  operator: PredicateOperator;
  value?: string;
  range?: NumericRangeSpec;
}

export interface FilterClause {
  type: 'and' | 'or';
  predicates: FilterPredicate[];
}

export interface QueryFilter {
  type: 'and' | 'or';
  clauses: FilterClause[];
  predicates: FilterPredicate[];
}

/** True when the item whose dimensions `valueOf` reads passes the filter. */
export function matchesFilter(filter: QueryFilter, valueOf: (dimension: string) => string | undefined): boolean {
  const results: boolean[] = [];
  for (const p of filter.predicates) results.push(matchesPredicate(p, valueOf));
  for (const c of filter.clauses) {
    const r = c.predicates.map((p) => matchesPredicate(p, valueOf));
    results.push(c.type === 'and' ? r.every(Boolean) : r.some(Boolean));
  }
  return filter.type === 'and' ? results.every(Boolean) : results.some(Boolean);
}

function matchesPredicate(p: FilterPredicate, valueOf: (dimension: string) => string | undefined): boolean {
  const v = valueOf(p.dimension);
  switch (p.operator) {
    case 'exists':
      return v !== undefined;
    case 'notExists':
      return v === undefined;
    case 'matches':
      if (v === undefined) return false;
      if (p.value !== undefined) return v === p.value;
      return p.range !== undefined && inNumericRange(Number(v), p.range);
  }
}

function inNumericRange(n: number, r: NumericRangeSpec): boolean {
  if (!Number.isFinite(n)) return false;
  return (
    (r.gt === undefined || n > r.gt) &&
    (r.gte === undefined || n >= r.gte) &&
    (r.lt === undefined || n < r.lt) &&
    (r.lte === undefined || n <= r.lte)
  );
}

const opt = <T extends z.ZodType>(t: T) => t.nullish();

/**
 * Zod shape of a filter whose SDK models are `${prefix}Filter`, `${prefix}Clause`, `${prefix}Predicate` and
 * `NumericRange` (e.g. prefix `ConversationAggregateQuery`), built with a validation.ts model registry.
 */
export function filterSchema(registry: Models, prefix: string) {
  const obj = registry.object;
  const range = obj('NumericRange', { gt: opt(z.number()), gte: opt(z.number()), lt: opt(z.number()), lte: opt(z.number()) });
  const predicate = obj(`${prefix}Predicate`, {
    type: opt(z.string()),
    dimension: opt(z.string()),
    operator: opt(z.string()),
    value: opt(z.string()),
    range: opt(range),
  });
  const clause = obj(`${prefix}Clause`, { type: z.string(), predicates: z.array(predicate) });
  return obj(`${prefix}Filter`, { type: z.string(), clauses: opt(z.array(clause)), predicates: opt(z.array(predicate)) });
}

/** The SDK model of the object at `path` inside a filter built by {@link filterSchema} (path starts at the filter). */
export function filterModelAt(prefix: string, path: Path): string {
  const key = [...path].reverse().find((k) => k === 'range' || k === 'predicates' || k === 'clauses');
  if (key === 'range') return 'NumericRange';
  if (key === 'predicates') return `${prefix}Predicate`;
  if (key === 'clauses') return `${prefix}Clause`;
  return `${prefix}Filter`;
}

export type RawFilter = z.infer<ReturnType<typeof filterSchema>>;
type RawPredicate = NonNullable<RawFilter['predicates']>[number];

export interface FilterRules {
  /** Dimensions a predicate may name. */
  dimensions: readonly string[];
  /** Operators allowed (default `matches` when absent). */
  operators: readonly PredicateOperator[];
  /** Whether `range` may replace `value`. */
  allowRange: boolean;
  /** Validates a `matches` value: an error message or a ready 400 (e.g. {@link invalidValueAt}), or undefined when fine. */
  checkValue?: (dimension: string, value: string, field: string) => string | GenesysHttpError | undefined;
}

/** Turns a zod-checked filter into a {@link QueryFilter}, with 400s naming what is wrong. */
export function checkFilter(raw: RawFilter, rules: FilterRules, field = 'filter'): QueryFilter {
  const type = checkJunction(raw.type, `${field}.type`);
  const predicates = (raw.predicates ?? []).map((p, i) => checkPredicate(p, rules, `${field}.predicates[${i}]`));
  const clauses = (raw.clauses ?? []).map((c, i): FilterClause => {
    const at = `${field}.clauses[${i}]`;
    if (c.predicates.length === 0) throw badRequest(`The clause ${at} has no predicates; a clause needs at least one.`, `${at}.predicates`);
    return {
      type: checkJunction(c.type, `${at}.type`),
      predicates: c.predicates.map((p, j) => checkPredicate(p, rules, `${at}.predicates[${j}]`)),
    };
  });
  if (predicates.length === 0 && clauses.length === 0) {
    throw badRequest(`The ${field} has no predicates and no clauses; give at least one predicate.`, field);
  }
  return { type, clauses, predicates };
}

function checkJunction(value: string, field: string): 'and' | 'or' {
  if (value === 'and' || value === 'or') return value;
  throw invalidValueAt(field, value, ['and', 'or']);
}

function checkPredicate(p: RawPredicate, rules: FilterRules, at: string): FilterPredicate {
  const type = p.type ?? 'dimension';
  if (type === 'property' || type === 'metric') {
    throw badRequest(
      `Predicate type [${type}] at ${at} is not supported by the sandbox: predicates filter on dimensions (type "dimension").`,
      `${at}.type`,
    );
  }
  if (type !== 'dimension') {
    throw invalidValueAt(`${at}.type`, type, ['dimension', 'property', 'metric']);
  }
  const dimension = p.dimension;
  if (dimension === undefined || dimension === null || dimension === '') {
    throw badRequest(`The predicate ${at} has no dimension. Allowable values are: ${rules.dimensions.join(', ')}.`, `${at}.dimension`);
  }
  if (!rules.dimensions.includes(dimension)) {
    throw invalidValueAt(`${at}.dimension`, dimension, rules.dimensions, didYouMean(dimension, rules.dimensions));
  }
  const operator = p.operator ?? 'matches';
  if (!(rules.operators as readonly string[]).includes(operator)) {
    throw invalidValueAt(`${at}.operator`, operator, rules.operators);
  }
  const out: FilterPredicate = { dimension, operator: operator as PredicateOperator };
  const value = p.value ?? undefined;
  const range = p.range ?? undefined;
  if (operator === 'matches') {
    if (range !== undefined && !rules.allowRange) {
      throw badRequest(`The predicate ${at} has a range; these predicates match a value only.`, `${at}.range`);
    }
    if (value !== undefined && range !== undefined) {
      throw badRequest(`The predicate ${at} has both a value and a range; give one of them.`, `${at}.value`);
    }
    if (value === undefined && range === undefined) {
      throw badRequest(`The predicate ${at} (operator matches) needs a value${rules.allowRange ? ' or a range' : ''}.`, `${at}.value`);
    }
    if (value !== undefined) {
      const problem = rules.checkValue?.(dimension, value, `${at}.value`);
      if (problem) throw typeof problem === 'string' ? badRequest(problem, `${at}.value`) : problem;
      out.value = value;
    }
    if (range !== undefined) {
      const r: NumericRangeSpec = {};
      if (range.gt != null) r.gt = range.gt;
      if (range.gte != null) r.gte = range.gte;
      if (range.lt != null) r.lt = range.lt;
      if (range.lte != null) r.lte = range.lte;
      if (Object.keys(r).length === 0) throw badRequest(`The range of ${at} is empty; give gt, gte, lt or lte.`, `${at}.range`);
      out.range = r;
    }
  }
  return out;
}


/** Every dimension a filter reads. */
export function filterDimensions(filter: QueryFilter): Set<string> {
  const out = new Set<string>();
  for (const p of filter.predicates) out.add(p.dimension);
  for (const c of filter.clauses) for (const p of c.predicates) out.add(p.dimension);
  return out;
}
