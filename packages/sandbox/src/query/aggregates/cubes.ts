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

/*
 * Dimensions a cube keeps: mediaType, direction, originatingDirection, purpose, divisionId, userId, queueId,
 * wrapUpCode. A query grouping or filtering by any other carried dimension is answered by the scan.
 */
/** Dimensions emissions carry that cubes do not (one value per conversation or session: no aggregation to gain). */
export const SCAN_ONLY_DIMENSIONS: ReadonlySet<string> = new Set(['conversationId', 'sessionId']);

/** The dimensions one session's metrics share (all but the queue and the wrap-up code). */
export type SessionDimensions = Omit<EmissionDimensions, 'queueId' | 'wrapUpCode' | 'conversationId' | 'sessionId'>;

/** The tuples of one session's dimensions, by queue and wrap-up code ('\u0001' for absent). */
export interface SessionTuples {
  dims: SessionDimensions;
  byQueue: Map<string, Map<string, number>>;
}

const ABSENT = '\u0001';

export class TupleTable {
  readonly tuples: EmissionDimensions[] = [];
  /** A trie over the session dimensions (no key strings built per row: interning runs once per session). */
  private readonly root = new Map<string, unknown>();

  intern(e: Emission): number {
    return this.internIn(this.session(e), e.queueId, e.wrapUpCode);
  }

  /** The tuples sharing these session dimensions (look them up once per session). */
  session(d: SessionDimensions): SessionTuples {
    let node = this.root;
    for (const v of [d.mediaType, d.direction, d.originatingDirection, d.purpose, d.divisionId]) {
      let next = node.get(v) as Map<string, unknown> | undefined;
      if (!next) node.set(v, (next = new Map()));
      node = next;
    }
    const user = d.userId ?? ABSENT;
    let leaf = node.get(user) as SessionTuples | undefined;
    if (!leaf) {
      const dims: SessionDimensions = { mediaType: d.mediaType, direction: d.direction, originatingDirection: d.originatingDirection, purpose: d.purpose, divisionId: d.divisionId };
      if (d.userId !== undefined) dims.userId = d.userId;
      node.set(user, (leaf = { dims, byQueue: new Map() }));
    }
    return leaf;
  }

  /** The tuple of a session's dimensions with a metric's queue and wrap-up code. */
  internIn(session: SessionTuples, queueId: string | undefined, wrapUpCode: string | undefined): number {
    let byCode = session.byQueue.get(queueId ?? ABSENT);
    if (!byCode) session.byQueue.set(queueId ?? ABSENT, (byCode = new Map()));
    let i = byCode.get(wrapUpCode ?? ABSENT);
    if (i === undefined) {
      i = this.tuples.length;
      const t: EmissionDimensions = { ...session.dims };
      if (queueId !== undefined) t.queueId = queueId;
      if (wrapUpCode !== undefined) t.wrapUpCode = wrapUpCode;
      this.tuples.push(t);
      byCode.set(wrapUpCode ?? ABSENT, i);
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

/**
 * A day's rows (one per metric emission) in typed arrays, filled by {@link CubeRows.add} in any order, then folded
 * into a {@link DayCube}. Both cube builders (from emissions, from conversations) go through it, so they agree.
 */
export class CubeRows {
  private readonly emit: Float64Array;
  private readonly tupleOf: Int32Array;
  private readonly metricOf: Uint8Array;
  private readonly valueOf: Float64Array;
  private readonly metricIndex = new Map<string, number>();
  private n = 0;

  /** `capacity`: the number of rows that will be added. */
  constructor(private readonly capacity: number) {
    this.emit = new Float64Array(capacity);
    this.tupleOf = new Int32Array(capacity);
    this.metricOf = new Uint8Array(capacity);
    this.valueOf = new Float64Array(capacity);
  }

  add(emit: number, tuple: number, metric: string, value: number): void {
    let m = this.metricIndex.get(metric);
    if (m === undefined) {
      m = this.metricIndex.size;
      this.metricIndex.set(metric, m);
    }
    const i = this.n++;
    this.emit[i] = emit;
    this.tupleOf[i] = tuple;
    this.metricOf[i] = m;
    this.valueOf[i] = value;
  }

  build(): DayCube {
    const n = this.n;
    if (n !== this.capacity) throw new Error(`cube rows: ${n} added, ${this.capacity} announced`);
    const { emit, tupleOf, metricOf, valueOf } = this;
    let firstSlot = n === 0 ? 0 : Number.POSITIVE_INFINITY;
    let lastSlot = n === 0 ? 0 : Number.NEGATIVE_INFINITY;
    let whole = true;
    let maxTuple = 0;
    const slotOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const s = Math.floor(emit[i]! / SLOT_MS);
      slotOf[i] = s;
      if (s < firstSlot) firstSlot = s;
      if (s > lastSlot) lastSlot = s;
      const v = valueOf[i]!;
      if (!Number.isInteger(v) || Math.abs(v) > 0x7fffffff) whole = false;
      if (tupleOf[i]! > maxTuple) maxTuple = tupleOf[i]!;
    }
    const slots = lastSlot - firstSlot + 1;
    const slotStart = new Int32Array(slots + 1);
    for (let i = 0; i < n; i++) slotStart[(slotOf[i]! -= firstSlot) + 1]!++;
    for (let k = 0; k < slots; k++) slotStart[k + 1]! += slotStart[k]!;
    // Rows by slot (counting sort), then within a slot by tuple, metric and value.
    const order = new Int32Array(n);
    const fill = slotStart.slice(0, slots);
    for (let i = 0; i < n; i++) order[fill[slotOf[i]!]!++] = i;
    sortWithinSlots(order, slotStart, slots, tupleOf, metricOf, valueOf, whole && maxTuple < PACKED_TUPLES);

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
      metrics: [...this.metricIndex.keys()],
      tuple: cellTuple.slice(0, cells),
      metric: cellMetric.slice(0, cells),
      sum: cellSum.slice(0, cells),
      valueStart: valueStart.slice(0, cells + 1),
      values,
    };
  }
}

/** Tuples below this (and whole values) pack with their metric and value into one exactly representable double. */
const PACKED_TUPLES = 1 << 13;
const METRIC_SPAN = 256;
const VALUE_SPAN = 2 ** 32;
const VALUE_OFFSET = 2 ** 31;

/**
 * Sorts each slot's rows by (tuple, metric, value). When every key fits, the three pack into one double
 * ((tuple · 2^8 + metric) · 2^32 + value + 2^31 < 2^53, so exact) and a native numeric sort replaces a comparator
 * call per comparison (the cube build's biggest cost otherwise). The packed order is the comparator's, and rows
 * with equal keys are interchangeable (a cell keeps only their values).
 */
function sortWithinSlots(
  order: Int32Array,
  slotStart: Int32Array,
  slots: number,
  tupleOf: Int32Array,
  metricOf: Uint8Array,
  valueOf: Float64Array,
  packable: boolean,
): void {
  if (!packable) {
    const byCell = (a: number, b: number): number => tupleOf[a]! - tupleOf[b]! || metricOf[a]! - metricOf[b]! || valueOf[a]! - valueOf[b]!;
    for (let k = 0; k < slots; k++) order.subarray(slotStart[k]!, slotStart[k + 1]!).sort(byCell);
    return;
  }
  const n = order.length;
  const packed = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    packed[j] = (tupleOf[i]! * METRIC_SPAN + metricOf[i]!) * VALUE_SPAN + (valueOf[i]! + VALUE_OFFSET);
  }
  for (let k = 0; k < slots; k++) packed.subarray(slotStart[k]!, slotStart[k + 1]!).sort();
  // Write the sorted rows back in place of the originals: row j of the order becomes a row with those keys.
  for (let j = 0; j < n; j++) {
    const key = packed[j]!;
    const value = (key % VALUE_SPAN) - VALUE_OFFSET;
    const cell = Math.floor(key / VALUE_SPAN);
    order[j] = j;
    tupleOf[j] = Math.floor(cell / METRIC_SPAN);
    metricOf[j] = cell % METRIC_SPAN;
    valueOf[j] = value;
  }
}

/** The cube of a day's emissions. */
export function buildDayCube(emissions: readonly Emission[], tuples: TupleTable): DayCube {
  const rows = new CubeRows(emissions.length);
  let prev: Emission | undefined;
  let tuple = -1;
  for (const e of emissions) {
    // Rows of one session share every dimension but the queue and the wrap-up code (and come one after another).
    if (!prev || e.sessionId !== prev.sessionId || e.queueId !== prev.queueId || e.wrapUpCode !== prev.wrapUpCode) tuple = tuples.intern(e);
    prev = e;
    rows.add(e.emit, tuple, e.metric, e.value);
  }
  return rows.build();
}
