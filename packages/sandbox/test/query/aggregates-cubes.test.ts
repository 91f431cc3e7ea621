/**
 * The cube engine against the raw scan, its independent oracle: the same parsed query, many random ones (seeds,
 * intervals aligned or not, time zones off the whole hour, granularities, groupBys, filters, views, topN, the
 * clock's now inside the interval), must give exactly the same response.
 */
import { describe, expect, it } from 'vitest';
import { DAY_MS, emissionsOf, type Emission } from '../../src/model.js';
import { DEFAULT_LIMITS } from '../../src/options.js';
import { buildDayCube, TupleTable } from '../../src/query/aggregates/cubes.js';
import { buildDayCubeOf } from '../../src/query/aggregates/cubes-of-conversations.js';
import { AggregatesEngine } from '../../src/query/aggregates/engine.js';
import { parseAggregatesQuery } from '../../src/query/aggregates/parse.js';
import { emissionsFor, runAggregatesScan } from '../../src/query/aggregates/scan.js';
import { Rng } from '../../src/sim/rng.js';
import { SimulatedOrgStore } from '../../src/sim/store.js';
import type { OrgStore } from '../../src/store.js';

const NOW = Date.parse('2026-03-12T13:37:21.123Z');
const TODAY = Math.floor(NOW / DAY_MS);
const ZONES = ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'America/New_York', 'Asia/Kathmandu', 'Europe/London'];
const GRANULARITIES = [undefined, 'PT15M', 'PT30M', 'PT45M', 'PT1H', 'PT2H', 'P1D', 'P1DT12H', 'P1W'];
const DIMENSIONS = ['userId', 'queueId', 'mediaType', 'wrapUpCode', 'direction', 'originatingDirection', 'purpose', 'divisionId'];
const METRICS = ['nOffered', 'tAnswered', 'tHandle', 'tTalk', 'tAcw', 'tAbandon', 'tWait', 'nTransferred', 'tIvr', 'nConnected', 'oServiceLevel', 'oServiceTarget'];
const iso = (t: number): string => new Date(t).toISOString();

/** The real store, counting the days whose raw emissions are read. */
function countingStore(store: OrgStore): { store: OrgStore; rawDays: number[] } {
  const rawDays: number[] = [];
  return {
    rawDays,
    store: {
      org: store.org,
      historyDays: (now) => store.historyDays(now),
      conversationsOfDay: (day) => store.conversationsOfDay(day),
      emissionsOfDay: (day) => {
        rawDays.push(day);
        return store.emissionsOfDay(day);
      },
      conversation: (id) => store.conversation(id),
      agentState: (id, at) => store.agentState(id, at),
    },
  };
}

function randomBody(rng: Rng, store: OrgStore, emissions: readonly Emission[]): Record<string, unknown> {
  // Interval: up to 6 days ending around now; on the quarter hour, on the minute, or anywhere.
  const align = rng.pick([15 * 60_000, 15 * 60_000, 60_000, 1]);
  const snap = (t: number): number => Math.floor(t / align) * align;
  const start = snap(NOW - rng.int(1, 6 * 24 * 60) * 60_000 - rng.int(0, 3) * DAY_MS);
  const end = snap(Math.min(start + rng.int(30, 7 * 24 * 60) * 60_000, NOW + rng.int(-6 * 60, 24 * 60) * 60_000));
  const body: Record<string, unknown> = {
    interval: `${iso(start)}/${iso(Math.max(end, start + 60_000))}`,
    metrics: [...new Set(Array.from({ length: rng.int(1, 4) }, () => rng.pick(METRICS)))],
  };
  const granularity = GRANULARITIES[rng.int(0, GRANULARITIES.length - 1)];
  if (granularity) body.granularity = granularity;
  if (rng.chance(0.7)) body.timeZone = rng.pick(ZONES);
  if (rng.chance(0.7)) body.groupBy = [...new Set(Array.from({ length: rng.int(1, 3) }, () => rng.pick(DIMENSIONS)))];
  if (rng.chance(0.08)) body.groupBy = ['conversationId'];
  if (rng.chance(0.5)) {
    const sample = (): Emission => emissions[rng.int(0, emissions.length - 1)]!;
    const predicate = (): Record<string, unknown> => {
      const e = sample();
      switch (rng.int(0, 5)) {
        case 0:
          return { dimension: 'queueId', value: e.queueId ?? store.org.queues[0]!.id };
        case 1:
          return { dimension: 'mediaType', value: e.mediaType };
        case 2:
          return { dimension: 'userId', value: e.userId ?? store.org.agents[0]!.id };
        case 3:
          return { dimension: rng.pick(['userId', 'wrapUpCode', 'queueId']), operator: rng.pick(['exists', 'notExists']) };
        case 4:
          return { dimension: 'purpose', value: e.purpose };
        default:
          return { dimension: 'sessionId', value: e.sessionId };
      }
    };
    body.filter = {
      type: rng.pick(['and', 'or']),
      predicates: Array.from({ length: rng.int(1, 2) }, predicate),
      ...(rng.chance(0.3) ? { clauses: [{ type: rng.pick(['and', 'or']), predicates: [predicate(), predicate()] }] } : {}),
    };
  }
  if (rng.chance(0.3)) {
    const target = rng.pick(['tAnswered', 'tHandle', 'tTalk']);
    body.views = [
      { target, name: 'short', function: 'rangeBound', range: { lt: rng.int(5, 120) * 1000 } },
      { target, name: 'middle', function: 'rangeBound', range: { gte: 30_000, lt: 300_000 } },
    ];
  }
  if (rng.chance(0.25) && body.groupBy) {
    body.queryType = rng.pick(['topN', 'bottomN']);
    body.sortMetric = { name: rng.pick(['tHandle', 'nOffered', 'tAnswered']), function: rng.pick(['count', 'sum', 'max', 'min', 'average']) };
    body.limit = rng.int(1, 8);
  }
  return body;
}

describe('a day cube', () => {
  it('is the same built from the conversations as from their emissions', () => {
    const store = new SimulatedOrgStore({ seed: 5, agents: 20, conversationsPerDay: 300 });
    const fromEmissions = new TupleTable();
    const fromConversations = new TupleTable();
    for (const day of [TODAY - 2, TODAY - 1, TODAY]) {
      const conversations = store.conversationsOfDay(day);
      expect(buildDayCubeOf(conversations, fromConversations)).toEqual(buildDayCube(conversations.flatMap(emissionsOf), fromEmissions));
    }
    expect(fromConversations.tuples).toEqual(fromEmissions.tuples);
  });
});

describe('the cube engine agrees exactly with the raw scan', () => {
  // Seed 3 keeps 3 days of history, so intervals also cross the start of the history.
  it.each([
    [1, 30],
    [2, 30],
    [3, 3],
  ])('seed %i (%i days of history): 60 random queries', (seed, historyDays) => {
    const real = new SimulatedOrgStore({ seed, agents: 20, conversationsPerDay: 300, historyDays });
    const engine = new AggregatesEngine(real);
    const rng = Rng.of(seed, 13);
    const sample = real.emissionsOfDay(TODAY - 1);
    for (let i = 0; i < 60; i++) {
      const body = randomBody(rng, real, sample);
      const now = rng.chance(0.5) ? NOW : NOW - rng.int(0, 48 * 60) * 60_000 - rng.int(0, 59_999);
      const q = parseAggregatesQuery(body, DEFAULT_LIMITS);
      const expected = runAggregatesScan(q, emissionsFor(real, q.interval.start, q.interval.end, now), real.org);
      expect(engine.run(q, now), JSON.stringify({ body, now: iso(now) })).toEqual(expected);
    }
  });

  it('answers aligned queries from cubes alone, and reads raw emissions only for the edges', () => {
    const real = new SimulatedOrgStore({ seed: 4, agents: 20, conversationsPerDay: 300, historyDays: 30 });
    const { store, rawDays } = countingStore(real);
    const engine = new AggregatesEngine(store);
    const run = (body: Record<string, unknown>, now = NOW): ReturnType<AggregatesEngine['run']> => {
      const q = parseAggregatesQuery(body, DEFAULT_LIMITS);
      const response = engine.run(q, now);
      expect(response).toEqual(runAggregatesScan(q, emissionsFor(real, q.interval.start, q.interval.end, now), real.org));
      return response;
    };
    const interval = `${iso((TODAY - 5) * DAY_MS)}/${iso((TODAY - 1) * DAY_MS)}`;
    const body = { interval, granularity: 'PT1H', timeZone: 'Asia/Kolkata', groupBy: ['queueId'], metrics: ['tHandle', 'oServiceLevel'] };
    expect(run(body).results?.length).toBeGreaterThan(0);
    // The cubes are built from the conversations; only the edges read raw emissions, and the same days again need none.
    rawDays.length = 0;
    run({ ...body, granularity: 'PT30M', timeZone: 'America/St_Johns', groupBy: ['userId'] });
    expect(rawDays).toEqual([]);
    // An interval starting off the quarter hour reads the raw emissions of the days that emit into its first slot.
    run({ ...body, interval: `${iso((TODAY - 5) * DAY_MS + 7 * 60_000)}/${iso((TODAY - 1) * DAY_MS)}`, granularity: undefined });
    expect(new Set(rawDays)).toEqual(new Set([TODAY - 6, TODAY - 5]));
    // Now inside the interval: the slot holding now comes from the raw emissions of the one day emitting into it
    // (the new cubes, of TODAY - 1 and TODAY, come from the conversations).
    rawDays.length = 0;
    run({ ...body, interval: `${iso((TODAY - 1) * DAY_MS)}/${iso((TODAY + 1) * DAY_MS)}` });
    expect(new Set(rawDays)).toEqual(new Set([TODAY]));
    // Bucket boundaries off the quarter hour: the whole query is a scan.
    rawDays.length = 0;
    run({ ...body, granularity: 'PT1H', interval: `${iso((TODAY - 3) * DAY_MS + 5 * 60_000)}/${iso((TODAY - 1) * DAY_MS)}` });
    expect(new Set(rawDays)).toEqual(new Set([TODAY - 4, TODAY - 3, TODAY - 2]));
  });
});
