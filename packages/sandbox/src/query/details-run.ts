/**
 * Running a compiled details query over candidate records: matching, ordering, paging and facets.
 */
import { type Conversation, type AggregationResult, type AggregationResultEntry, type DetailsOrderBy, type DetailsQuery } from './details-query.js';
import {
  CONVERSATION_DIMENSIONS,
  conversationDimension,
  conversationMetricValues,
  matchesFilters,
  segmentDimension,
  segmentDuration,
  segmentsOf,
} from './filter.js';


/** True when the conversation satisfies every filter of the query (semantics: see filter.ts). */
export function matchesDetailsQuery(c: Conversation, q: DetailsQuery): boolean {
  return matchesFilters(c, q);
}

function instant(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

export function sortKey(c: Conversation, orderBy: DetailsOrderBy): number | undefined {
  switch (orderBy) {
    case 'conversationStart':
      return instant(c.conversationStart);
    case 'conversationEnd':
      return instant(c.conversationEnd);
    case 'segmentStart':
    case 'segmentEnd': {
      let best: number | undefined;
      for (const { segment } of segmentsOf(c)) {
        const t = instant(orderBy === 'segmentStart' ? segment.segmentStart : segment.segmentEnd);
        if (t === undefined) continue;
        if (best === undefined || (orderBy === 'segmentStart' ? t < best : t > best)) best = t;
      }
      return best;
    }
  }
}

/**
 * The conversations in the query's order (a new array; stable). Ties are broken by conversationId
 * ascending; conversations without a sort value come last in both orders; `unordered` keeps input order.
 */
export function sortConversations(
  list: readonly Conversation[],
  q: Pick<DetailsQuery, 'order' | 'orderBy'>,
): Conversation[] {
  if (q.order === 'unordered') return [...list];
  const sign = q.order === 'desc' ? -1 : 1;
  const keyed = list.map((c, i) => ({ c, i, k: sortKey(c, q.orderBy), id: c.conversationId ?? '' }));
  keyed.sort((a, b) => {
    if (a.k !== b.k) {
      if (a.k === undefined) return 1;
      if (b.k === undefined) return -1;
      return sign * (a.k - b.k);
    }
    if (a.id !== b.id) return a.id < b.id ? -1 : 1;
    return a.i - b.i;
  });
  return keyed.map((x) => x.c);
}

/** The requested page of an ordered list. */
export function pageOf<T>(sorted: readonly T[], q: Pick<DetailsQuery, 'paging'>): T[] {
  const { pageSize, pageNumber } = q.paging;
  return sorted.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
}

function termValues(c: Conversation, dimension: string): Set<string> {
  const out = new Set<string>();
  const add = (raw: unknown): void => {
    if (raw === undefined || raw === null) return;
    if (Array.isArray(raw)) raw.forEach(add);
    else out.add(String(raw));
  };
  if ((CONVERSATION_DIMENSIONS as readonly string[]).includes(dimension)) add(conversationDimension(c, dimension));
  else for (const ctx of segmentsOf(c)) add(segmentDimension(ctx, dimension));
  return out;
}

function metricValues(c: Conversation, metric: string): number[] {
  if (metric !== 'tSegmentDuration') return conversationMetricValues(c, metric);
  const out: number[] = [];
  for (const { segment } of segmentsOf(c)) {
    const d = segmentDuration(segment);
    if (d !== undefined) out.push(d);
  }
  return out;
}

/** The query's aggregations over every matched conversation (not just the page). */
export function facets(list: readonly Conversation[], q: Pick<DetailsQuery, 'aggregations'>): AggregationResult[] {
  return q.aggregations.map((a): AggregationResult => {
    if (a.type === 'termFrequency') {
      const counts = new Map<string, number>();
      let withValue = 0;
      for (const c of list) {
        const vals = termValues(c, a.dimension);
        if (vals.size > 0) withValue++;
        for (const v of vals) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      const results: AggregationResultEntry[] = [...counts]
        .sort(([va, ca], [vb, cb]) => cb - ca || (va < vb ? -1 : va > vb ? 1 : 0))
        .slice(0, a.size)
        .map(([value, count]) => ({ count, value }));
      return { type: a.type, dimension: a.dimension, count: withValue, results };
    }
    const counts = a.ranges.map(() => 0);
    let withValue = 0;
    for (const c of list) {
      const vals = metricValues(c, a.metric);
      if (vals.length > 0) withValue++;
      a.ranges.forEach((r, i) => {
        if (vals.some((v) => (r.gte === undefined || v >= r.gte) && (r.lt === undefined || v < r.lt))) {
          counts[i] = (counts[i] ?? 0) + 1;
        }
      });
    }
    const results = a.ranges.map((r, i): AggregationResultEntry => ({ count: counts[i] ?? 0, ...r }));
    return { type: a.type, metric: a.metric, count: withValue, results };
  });
}
