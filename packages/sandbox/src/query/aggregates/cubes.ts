/**
 * Day cubes: the metric emissions of one simulated day's conversations, pre-aggregated per 15-minute slot of
 * their emit time, per tuple of the dimensions aggregates group and filter by, and per metric — count, sum, min,
 * max, and the values themselves (sorted) for the views. A cube holds a day's whole life, independent of the
 * clock: the engine cuts at now by reading the slot holding now from the raw emissions.
 *
 * Tuples (the dimension values) are interned in a {@link TupleTable} shared by every cube of a store, so a query
 * decides a tuple's group once, whatever the number of days.
 */
import type { Emission } from '../../model.js';
import type { EmissionDimensions } from './collect.js';

export const SLOT_MS = 15 * 60_000;

/** Dimensions a cube keeps; a query grouping or filtering by any other carried dimension is answered by the scan. */
const CUBE_DIMENSIONS = ['mediaType', 'direction', 'originatingDirection', 'purpose', 'divisionId', 'userId', 'queueId', 'wrapUpCode'] as const;
/** Dimensions emissions carry that cubes do not (one value per conversation or session: no aggregation to gain). */
export const SCAN_ONLY_DIMENSIONS: ReadonlySet<string> = new Set(['conversationId', 'sessionId']);

export class TupleTable {
  readonly tuples: EmissionDimensions[] = [];
  private readonly index = new Map<string, number>();

  intern(e: Emission): number {
    // NUL cannot occur in a dimension value and \u0001 stands for "absent".
    const key = CUBE_DIMENSIONS.map((d) => e[d] ?? '\u0001').join('\u0000');
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.tuples.length;
      const t: EmissionDimensions = {
        mediaType: e.mediaType,
        direction: e.direction,
        originatingDirection: e.originatingDirection,
        purpose: e.purpose,
        divisionId: e.divisionId,
      };
      if (e.userId !== undefined) t.userId = e.userId;
      if (e.queueId !== undefined) t.queueId = e.queueId;
      if (e.wrapUpCode !== undefined) t.wrapUpCode = e.wrapUpCode;
      this.tuples.push(t);
      this.index.set(key, i);
    }
    return i;
  }
}

/**
 * Cells sorted by slot. Cell i holds the values values[valueStart[i] .. valueStart[i+1]), sorted, so its count,
 * min and max need no arrays of their own.
 */
export interface DayCube {
  /** Absolute slot number (epoch ms / SLOT_MS) of slot 0. */
  firstSlot: number;
  /** Cells of slot firstSlot + k: slotStart[k] .. slotStart[k+1]. */
  slotStart: Int32Array;
  metrics: readonly string[];
  tuple: Int32Array;
  metric: Uint8Array;
  sum: Float64Array;
  valueStart: Int32Array;
  /** Int32 when every value is a whole number that fits (ms durations and counts always do): half the memory. */
  values: Int32Array | Float64Array;
}

export function buildDayCube(emissions: readonly Emission[], tuples: TupleTable): DayCube {
  let firstSlot = Number.POSITIVE_INFINITY;
  let lastSlot = Number.NEGATIVE_INFINITY;
  let whole = true;
  for (const e of emissions) {
    const s = Math.floor(e.emit / SLOT_MS);
    if (s < firstSlot) firstSlot = s;
    if (s > lastSlot) lastSlot = s;
    if (!Number.isInteger(e.value) || Math.abs(e.value) > 0x7fffffff) whole = false;
  }
  if (emissions.length === 0) firstSlot = lastSlot = 0;
  const metricIndex = new Map<string, number>();
  interface Draft {
    slot: number;
    tuple: number;
    metric: number;
    values: number[];
  }
  // Numeric keys: slot (< 2^12) × tuple (< 2^30) × metric (< 2^8) stays below 2^53.
  const drafts = new Map<number, Draft>();
  let prev: Emission | undefined;
  let tuple = -1;
  for (const e of emissions) {
    const slot = Math.floor(e.emit / SLOT_MS) - firstSlot;
    // Rows of one session share every dimension but the queue and the wrap-up code (and come one after another).
    if (!prev || e.sessionId !== prev.sessionId || e.queueId !== prev.queueId || e.wrapUpCode !== prev.wrapUpCode) tuple = tuples.intern(e);
    prev = e;
    let metric = metricIndex.get(e.metric);
    if (metric === undefined) {
      metric = metricIndex.size;
      metricIndex.set(e.metric, metric);
    }
    const key = (slot * 0x40000000 + tuple) * 256 + metric;
    const d = drafts.get(key);
    if (d) d.values.push(e.value);
    else drafts.set(key, { slot, tuple, metric, values: [e.value] });
  }
  const cells = [...drafts.values()].sort((a, b) => a.slot - b.slot || a.tuple - b.tuple || a.metric - b.metric);
  const n = cells.length;
  const slots = lastSlot - firstSlot + 1;
  const cube: DayCube = {
    firstSlot,
    slotStart: new Int32Array(slots + 1),
    metrics: [...metricIndex.keys()],
    tuple: new Int32Array(n),
    metric: new Uint8Array(n),
    sum: new Float64Array(n),
    valueStart: new Int32Array(n + 1),
    values: whole ? new Int32Array(emissions.length) : new Float64Array(emissions.length),
  };
  let v = 0;
  let slot = 0;
  cells.forEach((c, i) => {
    while (slot <= c.slot) cube.slotStart[slot++] = i;
    c.values.sort((a, b) => a - b);
    cube.tuple[i] = c.tuple;
    cube.metric[i] = c.metric;
    let sum = 0;
    for (const x of c.values) sum += x;
    cube.sum[i] = sum;
    cube.valueStart[i] = v;
    cube.values.set(c.values, v);
    v += c.values.length;
  });
  while (slot <= slots) cube.slotStart[slot++] = n;
  cube.valueStart[n] = v;
  return cube;
}
