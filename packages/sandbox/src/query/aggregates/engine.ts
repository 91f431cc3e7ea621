/**
 * The aggregates engine the server uses: answers from day cubes (cubes.ts), built once per simulated day and kept
 * in a bounded LRU, so a query over many days reads pre-aggregated cells instead of every emission.
 *
 * What a cube cannot answer is read from the raw emissions, with the same accumulators (collect.ts):
 * - the edges of the query that are not whole 15-minute slots: before the first whole slot of the interval, and
 *   from the slot holding the clock's now (the cut at now: only emissions with emit ≤ now count) or the
 *   interval's end, whichever is first;
 * - the whole query (the scan, scan.ts) when a bucket boundary inside it is not on a 15-minute slot (buckets from
 *   an interval start off the quarter hour, a `granularityStepMinutes` below 15, a zone off the quarter hour) or
 *   when it groups or filters by conversationId or sessionId.
 * Cubes do not depend on the clock, so they stay valid as it moves; they are kept for CUBE_CACHE_DAYS days (about
 * 0.3 MB a day for the default org).
 */
import type platformClient from 'purecloud-platform-client-v2';
import { LRUCache } from 'lru-cache';
import type { OrgStore } from '../../store.js';
import { bucketIndex } from '../granularity.js';
import { filterDimensions } from '../predicates.js';
import { Collector, type Group } from './collect.js';
import { SCAN_ONLY_DIMENSIONS, SLOT_MS, TupleTable, type DayCube } from './cubes.js';
import { cubeFromConversations, type DayCubeBuilder } from './cubes-of-conversations.js';
import type { AggregatesQuery } from './parse.js';
import { aggregatesResponse } from './respond.js';
import { collectEmissions, daysEmittingIn, emissionsFor, runAggregatesScan } from './scan.js';

/** Cubes kept: a year-long query (the aggregates maximum is 366 days) plus the days that emit into it. */
const CUBE_CACHE_DAYS = 370;

type AggregateResponse = platformClient.Models.ConversationAggregateQueryResponse;

export class AggregatesEngine {
  private readonly tuples = new TupleTable();
  private readonly cubes: LRUCache<number, DayCube>;

  constructor(
    private readonly store: OrgStore,
    cacheDays = CUBE_CACHE_DAYS,
    private readonly buildCube: DayCubeBuilder = cubeFromConversations,
  ) {
    this.cubes = new LRUCache({ max: cacheDays });
  }

  /** The cube of the conversations that started on `day` (built on first use). */
  private cube(day: number): DayCube {
    let cube = this.cubes.get(day);
    if (!cube) {
      cube = this.buildCube(this.store, day, this.tuples);
      this.cubes.set(day, cube);
    }
    return cube;
  }

  /** Evaluates a parsed query as the clock reads `now`. */
  run(q: AggregatesQuery, now: number): AggregateResponse {
    const { start } = q.interval;
    const cut = Math.min(q.interval.end, now + 1);
    if (!cubesCanAnswer(q, cut)) return runAggregatesScan(q, emissionsFor(this.store, start, cut, now), this.store.org);
    const c = new Collector(q);
    const firstSlot = Math.ceil(start / SLOT_MS);
    const endSlot = Math.max(firstSlot, Math.floor(cut / SLOT_MS));
    // The edges that are not whole slots come from the raw emissions, in time order (the days they read are then
    // still in the store's cache when their cubes are built, or were just built).
    const raw = (a: number, b: number): void => {
      if (a >= b) return;
      const { from, to } = daysEmittingIn(this.store, a, b, now);
      for (let day = from; day <= to; day++) collectEmissions(c, q, this.store.emissionsOfDay(day), a, b);
    };
    if (firstSlot >= endSlot) {
      raw(start, cut);
    } else {
      raw(start, firstSlot * SLOT_MS);
      const { from, to } = daysEmittingIn(this.store, firstSlot * SLOT_MS, endSlot * SLOT_MS, now);
      // A tuple's group, decided once per query: undefined = not yet, null = dropped.
      const groupOfTuple: Array<Group | null | undefined> = [];
      for (let day = from; day <= to; day++) this.collectCube(c, q, this.cube(day), firstSlot, endSlot, groupOfTuple);
      raw(endSlot * SLOT_MS, cut);
    }
    return aggregatesResponse(q, c.groups.values(), this.store.org);
  }

  /** Feeds the cube's cells of slots [fromSlot, toSlot) to the collector. */
  private collectCube(
    c: Collector,
    q: AggregatesQuery,
    cube: DayCube,
    fromSlot: number,
    toSlot: number,
    groups: Array<Group | null | undefined>,
  ): void {
    const lo = Math.max(fromSlot, cube.firstSlot) - cube.firstSlot;
    const hi = Math.min(toSlot, cube.firstSlot + cube.slotStart.length - 1) - cube.firstSlot;
    if (lo >= hi) return;
    const wanted = cube.metrics.map((m) => c.wants(m));
    const acc = { count: 0, sum: 0, min: 0, max: 0 };
    for (let k = lo; k < hi; k++) {
      const bucket = bucketIndex(q.bucketStarts, (cube.firstSlot + k) * SLOT_MS);
      for (let i = cube.slotStart[k]!; i < cube.slotStart[k + 1]!; i++) {
        const m = cube.metric[i]!;
        if (!wanted[m]) continue;
        const t = cube.tuple[i]!;
        let group = groups[t];
        if (group === undefined) {
          group = c.groupOf(this.tuples.tuples[t]!) ?? null;
          groups[t] = group;
        }
        if (group === null) continue;
        const from = cube.valueStart[i]!;
        const to = cube.valueStart[i + 1]!;
        acc.count = to - from;
        acc.sum = cube.sum[i]!;
        acc.min = cube.values[from]!;
        acc.max = cube.values[to - 1]!;
        c.add(group, bucket, cube.metrics[m]!, this.tuples.tuples[t]!.queueId, acc, cube.values, from, to);
      }
    }
  }
}

/** Whether every bucket boundary before `cut` is on a slot and every dimension the query reads is in the cubes. */
function cubesCanAnswer(q: AggregatesQuery, cut: number): boolean {
  const read = [...q.groupBy, ...(q.filter ? filterDimensions(q.filter) : [])];
  if (read.some((d) => SCAN_ONLY_DIMENSIONS.has(d))) return false;
  for (let i = 1; i < q.bucketStarts.length && q.bucketStarts[i]! < cut; i++) {
    if (q.bucketStarts[i]! % SLOT_MS !== 0) return false;
  }
  return true;
}
