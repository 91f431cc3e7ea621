/**
 * Cutting a range longer than one query may cover into consecutive `[start, end)` chunks, each at most `maxMs`
 * long. With a granularity, chunk boundaries are bucket edges of the WHOLE range (see buckets.ts), so no
 * bucket is cut in two and the merged answer has the buckets one query would have had.
 */
import { ConfigError, InvalidQueryError } from '../errors.js';

export type Chunk = [start: number, end: number];

const DAY_MS = 86_400_000;

function checkMax(maxMs: number): void {
  if (!Number.isFinite(maxMs) || maxMs <= 0) {
    throw new ConfigError(`Invalid longest query interval ${String(maxMs)} ms: it must be a positive number.`, undefined, 'Set the maximum interval (days) to a positive number, e.g. 31.');
  }
}

function checkSpan(start: number, end: number): void {
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) {
    throw new InvalidQueryError(`Invalid interval ${String(start)}..${String(end)}: expected two instants, the end not before the start.`, 'interval', {
      hint: 'For example 2024-05-01T00:00:00Z/2024-05-08T00:00:00Z.',
    });
  }
}

/** `[start, end)` in chunks of `maxMs` (the last may be shorter). `start === end` → `[]`. */
export function splitEvenly(start: number, end: number, maxMs: number): Chunk[] {
  checkSpan(start, end);
  checkMax(maxMs);
  const out: Chunk[] = [];
  for (let from = start; from < end; from += maxMs) out.push([from, Math.min(end, from + maxMs)]);
  return out;
}

/**
 * Buckets starting at `starts` (ascending; the last ends at `end`) packed greedily into chunks of at most
 * `maxMs`, each holding as many whole buckets as fit. A bucket longer than `maxMs` → {@link InvalidQueryError}.
 */
export function splitOnBuckets(starts: readonly number[], end: number, maxMs: number, granularity: string): Chunk[] {
  checkMax(maxMs);
  const [first] = starts;
  if (first === undefined) return [];
  checkSpan(first, end);
  const edges = [...starts, end];
  const out: Chunk[] = [];
  let from = first;
  for (let i = 1; i < edges.length; i++) {
    const edge = edges[i]!;
    const previous = edges[i - 1]!;
    if (edge - previous > maxMs) {
      throw new InvalidQueryError(`Granularity ${granularity} is longer than one query may cover (${+(maxMs / DAY_MS).toFixed(3)} days).`, 'granularity', {
        hint: 'Use a finer granularity, or no granularity for one total over the whole interval.',
      });
    }
    if (edge - from > maxMs) {
      out.push([from, previous]);
      from = previous;
    }
  }
  if (from < end) out.push([from, end]);
  return out;
}
