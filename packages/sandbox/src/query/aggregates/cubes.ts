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
  const n = emissions.length;
  let firstSlot = n === 0 ? 0 : Number.POSITIVE_INFINITY;
  let lastSlot = n === 0 ? 0 : Number.NEGATIVE_INFINITY;
  let whole = true;
  for (const e of emissions) {
    const s = Math.floor(e.emit / SLOT_MS);
    if (s < firstSlot) firstSlot = s;
    if (s > lastSlot) lastSlot = s;
    if (!Number.isInteger(e.value) || Math.abs(e.value) > 0x7fffffff) whole = false;
  }
  const slots = lastSlot - firstSlot + 1;
  // Typed arrays and one sort instead of an object per cell: building runs once per simulated day, on the cold path.
  const slotOf = new Int32Array(n);
  const tupleOf = new Int32Array(n);
  const metricOf = new Uint8Array(n);
  const valueOf = new Float64Array(n);
  const metricIndex = new Map<string, number>();
  const slotStart = new Int32Array(slots + 1);
  let prev: Emission | undefined;
  let tuple = -1;
  emissions.forEach((e, i) => {
    // Rows of one session share every dimension but the queue and the wrap-up code (and come one after another).
    if (!prev || e.sessionId !== prev.sessionId || e.queueId !== prev.queueId || e.wrapUpCode !== prev.wrapUpCode) tuple = tuples.intern(e);
    prev = e;
    let metric = metricIndex.get(e.metric);
    if (metric === undefined) {
      metric = metricIndex.size;
      metricIndex.set(e.metric, metric);
    }
    const slot = Math.floor(e.emit / SLOT_MS) - firstSlot;
    slotOf[i] = slot;
    tupleOf[i] = tuple;
    metricOf[i] = metric;
    valueOf[i] = e.value;
    slotStart[slot + 1]!++;
  });
  for (let k = 0; k < slots; k++) slotStart[k + 1]! += slotStart[k]!;
  // Rows by slot (counting sort), then within a slot by tuple, metric and value.
  const order = new Int32Array(n);
  const fill = slotStart.slice(0, slots);
  for (let i = 0; i < n; i++) order[fill[slotOf[i]!]!++] = i;
  const byCell = (a: number, b: number): number => tupleOf[a]! - tupleOf[b]! || metricOf[a]! - metricOf[b]! || valueOf[a]! - valueOf[b]!;
  for (let k = 0; k < slots; k++) order.subarray(slotStart[k]!, slotStart[k + 1]!).sort(byCell);

  const cellTuple = new Int32Array(n);
  const cellMetric = new Uint8Array(n);
  const cellSum = new Float64Array(n);
  const valueStart = new Int32Array(n + 1);
  const cellSlotStart = new Int32Array(slots + 1);
  const values = whole ? new Int32Array(n) : new Float64Array(n);
  let cells = 0;
  for (let k = 0; k < slots; k++) {
    cellSlotStart[k] = cells;
    for (let j = slotStart[k]!; j < slotStart[k + 1]!; j++) {
      const i = order[j]!;
      if (j === slotStart[k] || tupleOf[i] !== cellTuple[cells - 1] || metricOf[i] !== cellMetric[cells - 1]) {
        cellTuple[cells] = tupleOf[i]!;
        cellMetric[cells] = metricOf[i]!;
        valueStart[cells] = j;
        cells++;
      }
      cellSum[cells - 1]! += valueOf[i]!;
      values[j] = valueOf[i]!;
    }
  }
  cellSlotStart[slots] = cells;
  valueStart[cells] = n;
  return {
    firstSlot,
    slotStart: cellSlotStart,
    metrics: [...metricIndex.keys()],
    tuple: cellTuple.slice(0, cells),
    metric: cellMetric.slice(0, cells),
    sum: cellSum.slice(0, cells),
    valueStart: valueStart.slice(0, cells + 1),
    values,
  };
}
