/**
 * The reference aggregates engine: one pass over raw metric emissions. The server answers from day cubes
 * (engine.ts); this scan is their oracle in the tests, the benchmark's "before" column, and the engine's fallback
 * for what cubes cannot answer.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { dayOf, MAX_CONVERSATION_MS, type Emission, type Org } from '../../model.js';
import type { OrgStore } from '../../store.js';
import { bucketIndex } from '../granularity.js';
import { Collector } from './collect.js';
import type { AggregatesQuery } from './parse.js';
import { aggregatesResponse, type ServiceLevelOptions } from './respond.js';

/** Feeds the emissions in [from, to) to the collector. */
export function collectEmissions(c: Collector, q: AggregatesQuery, emissions: Iterable<Emission>, from: number, to: number): void {
  const one = [0];
  for (const e of emissions) {
    if (e.emit < from || e.emit >= to || !c.wants(e.metric)) continue;
    const group = c.groupOf(e);
    if (!group) continue;
    one[0] = e.value;
    c.add(group, bucketIndex(q.bucketStarts, e.emit), e.metric, e.queueId, { count: 1, sum: e.value, min: e.value, max: e.value }, one, 0, 1);
  }
}

/** Evaluates a parsed query over emissions (those outside the interval are skipped; the caller cuts at now). */
export function runAggregatesScan(
  q: AggregatesQuery,
  emissions: Iterable<Emission>,
  org: Org,
  serviceLevelOptions: ServiceLevelOptions = {},
): platformClient.Models.ConversationAggregateQueryResponse {
  const c = new Collector(q);
  collectEmissions(c, q, emissions, q.interval.start, q.interval.end);
  return aggregatesResponse(q, c.groups.values(), org, serviceLevelOptions);
}

/** The days whose conversations can emit in [start, end) (they emit for at most MAX_CONVERSATION_MS), in history. */
export function daysEmittingIn(store: OrgStore, start: number, end: number, now: number): { from: number; to: number } {
  const { first, last } = store.historyDays(now);
  return { from: Math.max(first, dayOf(start - MAX_CONVERSATION_MS)), to: Math.min(last, dayOf(end - 1)) };
}

/** Every emission of the store made by `now` that falls in [start, end). */
export function* emissionsFor(store: OrgStore, start: number, end: number, now: number): Generator<Emission> {
  const cut = Math.min(end, now + 1);
  const { from, to } = daysEmittingIn(store, start, cut, now);
  for (let day = from; day <= to; day++) {
    for (const e of store.emissionsOfDay(day)) if (e.emit >= start && e.emit < cut) yield e;
  }
}
