/**
 * What every schema module shares: GraphQL errors with stable codes, the per-request "now", connection
 * paging (page-size limits, cursors, reading only what a page needs from an iterator), `TimeRangeInput`
 * and `TimeStat`.
 */
import { NotFoundError, resolveTimeRange, type ResolvedRange, type TimeStat as CoreTimeStat } from '@cxgraph/core';
import { cursorToOffset, resolveArrayConnection, resolveOffsetConnection } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { toGraphQLError as coreToGraphQLError } from '../errors.js';
import { builder } from '../builder.js';
import { perRequest, type GatewayContext } from '../context.js';

// ---------------------------------------------------------------------------------------------------------
// Errors

/** A GraphQL error the gateway shows as is (not masked): `extensions.code` is one of core's codes. */
export function gqlError(code: string, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export const invalidQuery = (message: string, extensions: Record<string, unknown> = {}): GraphQLError => gqlError('INVALID_QUERY', message, extensions);

/**
 * Core's typed errors as GraphQL errors with `extensions { code, hint, correlationId, … }` (the gateway's own
 * mapping, errors.ts), raised where they happen: inside a DataLoader batch, every field of the batch gets it.
 * Anything else is returned untouched (the gateway masks it).
 */
export function toGraphQLError(error: unknown): unknown {
  return coreToGraphQLError(error) ?? error;
}

/** Runs an upstream call, turning core's errors into GraphQL errors. */
export async function upstream<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toGraphQLError(error);
  }
}

/** Like {@link upstream}, but core's `NotFoundError` becomes `null`. */
export async function orNull<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw toGraphQLError(error);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Time

/**
 * "Now", read once per request: two fields of one request asking for `LAST_7_DAYS` resolve to the same
 * interval, so they share one batch (and the answer is consistent), even on a real clock.
 */
export const requestNow = (ctx: GatewayContext): number => perRequest(ctx, 'now', () => ctx.now());

export const RELATIVE_RANGES = ['TODAY', 'YESTERDAY', 'THIS_WEEK', 'LAST_WEEK', 'THIS_MONTH', 'LAST_MONTH', 'LAST_24_HOURS', 'LAST_7_DAYS', 'LAST_30_DAYS'] as const;

export const RelativeRange = builder.enumType('RelativeRange', {
  description:
    'A time range relative to now. Day boundaries are local midnights in the range\'s `timeZone` (UTC by default); weeks start on Monday; ranges that include the present end now. `LAST_7_DAYS` is the 7 whole days before today plus today so far.',
  values: {
    TODAY: { description: "Today's local midnight → now." },
    YESTERDAY: { description: "Yesterday's local midnight → today's." },
    THIS_WEEK: { description: "This week's Monday, local midnight → now." },
    LAST_WEEK: { description: "Last week's Monday → this week's Monday." },
    THIS_MONTH: { description: 'The 1st of this month → now.' },
    LAST_MONTH: { description: 'The 1st of last month → the 1st of this month.' },
    LAST_24_HOURS: { description: 'Now − 24 h → now.' },
    LAST_7_DAYS: { description: 'Local midnight 7 days before today → now.' },
    LAST_30_DAYS: { description: 'Local midnight 30 days before today → now.' },
  } as const,
});

export const TimeRangeInput = builder.inputType('TimeRangeInput', {
  description: 'A time range: exactly one of `interval` or `relative`, and optionally the `timeZone` that day boundaries and calendar buckets follow.',
  fields: (t) => ({
    interval: t.string({ description: 'An ISO-8601 interval of two instants with offsets, e.g. `2026-03-01T00:00:00Z/2026-03-08T00:00:00Z`.' }),
    relative: t.field({ type: RelativeRange, description: 'A range relative to now, e.g. `LAST_7_DAYS`.' }),
    timeZone: t.string({ description: 'IANA time zone (e.g. `Europe/Paris`) for day boundaries and day/week/month buckets. Default UTC.' }),
  }),
});

export interface TimeRangeArg {
  interval?: string | null | undefined;
  relative?: (typeof RELATIVE_RANGES)[number] | null | undefined;
  timeZone?: string | null | undefined;
}

/**
 * A `TimeRangeInput` resolved against the request's "now": start/end, the UTC interval and the canonical time
 * zone. Errors (both or neither of interval/relative, a bad interval or zone) are `INVALID_QUERY`.
 */
export function resolveRange(ctx: GatewayContext, input: TimeRangeArg): ResolvedRange {
  const hasInterval = input.interval !== undefined && input.interval !== null;
  const hasRelative = input.relative !== undefined && input.relative !== null;
  if (hasInterval === hasRelative) {
    throw invalidQuery(
      hasInterval
        ? 'TimeRangeInput takes exactly one of `interval` or `relative`, not both.'
        : 'TimeRangeInput needs exactly one of `interval` (ISO-8601, e.g. 2026-03-01T00:00:00Z/2026-03-08T00:00:00Z) or `relative` (e.g. LAST_7_DAYS).',
      { field: hasInterval ? 'relative' : 'interval' },
    );
  }
  const timeZone = input.timeZone ?? undefined;
  try {
    return hasInterval
      ? resolveTimeRange({ interval: input.interval!, ...(timeZone ? { timeZone } : {}) }, requestNow(ctx))
      : resolveTimeRange({ relative: input.relative!, ...(timeZone ? { timeZone } : {}) }, requestNow(ctx));
  } catch (error) {
    throw toGraphQLError(error);
  }
}

// ---------------------------------------------------------------------------------------------------------
// TimeStat

export const TimeStat = builder.objectRef<CoreTimeStat>('TimeStat').implement({
  description: 'Statistics of a duration metric over its emissions, in milliseconds.',
  fields: (t) => ({
    sum: t.exposeFloat('sum', { description: 'Total, ms.' }),
    count: t.exposeInt('count', { description: 'Number of emissions (e.g. handled interactions for handle time).' }),
    avg: t.exposeFloat('avg', { description: 'sum / count, ms.' }),
    max: t.exposeFloat('max', { description: 'Longest, ms.' }),
    min: t.exposeFloat('min', { description: 'Shortest, ms.' }),
  }),
});

// ---------------------------------------------------------------------------------------------------------
// Connections

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface ConnectionArgs {
  first?: number | null | undefined;
  last?: number | null | undefined;
  after?: string | null | undefined;
  before?: string | null | undefined;
}

/** Complexity of a connection: its own cost, and its selection multiplied by the page size asked for. */
export const connectionComplexity = (args: ConnectionArgs) => ({ field: 1, multiplier: Math.max(1, args.first ?? args.last ?? DEFAULT_PAGE_SIZE) });

/** On every connection: the `edges` list is already multiplied by the connection's page size. */
export const EDGES_FIELD = { description: 'The items of this page, each with its cursor.', complexity: { field: 1, multiplier: 1 } } as const;

/** On every edge: the item. */
export const NODE_FIELD = { description: 'The item.' } as const;

/** Rejects page sizes outside 0..100 and cursors this API did not hand out (INVALID_QUERY). */
export function checkPage(args: ConnectionArgs): void {
  for (const key of ['first', 'last'] as const) {
    const n = args[key];
    if (n !== null && n !== undefined && (n < 0 || n > MAX_PAGE_SIZE)) {
      throw invalidQuery(`\`${key}\` must be between 0 and ${MAX_PAGE_SIZE} (got ${n}); page through larger sets with \`after\`.`, { field: key });
    }
  }
  for (const key of ['after', 'before'] as const) {
    const cursor = args[key];
    if (cursor === null || cursor === undefined) continue;
    let offset: number;
    try {
      offset = cursorToOffset(cursor);
    } catch {
      offset = Number.NaN;
    }
    if (!Number.isInteger(offset) || offset < 0) {
      throw invalidQuery(`Invalid cursor \`${key}\`: "${cursor}". Use a cursor from this connection's edges or pageInfo.`, { field: key });
    }
  }
}

const pagingOptions = (args: ConnectionArgs) => ({ args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE });

/** A page of an in-memory list. */
export function arrayPage<T>(args: ConnectionArgs, items: readonly T[]) {
  checkPage(args);
  return resolveArrayConnection(pagingOptions(args), items as T[]);
}

/**
 * A page of an async iterable: reads only `offset + limit` items (limit = page size + 1, to know whether there
 * is a next page), then stops the iterator (`break`), so upstream paging stops there too.
 */
export async function iterablePage<T>(args: ConnectionArgs, open: (readAtMost: number) => AsyncIterable<T>) {
  checkPage(args);
  return resolveOffsetConnection(pagingOptions(args), async ({ offset, limit }) => {
    const out: T[] = [];
    if (limit <= 0) return out;
    let index = 0;
    try {
      // The source learns how much will be read, so it fetches nothing beyond the page.
      for await (const item of open(offset + limit)) {
        if (index++ < offset) continue;
        out.push(item);
        if (out.length >= limit) break;
      }
    } catch (error) {
      throw toGraphQLError(error);
    }
    return out;
  });
}
