import { parseGranularity, type CxGraphClient } from '@cxgraph/core';
import { createGateway } from '@cxgraph/graphql';
import type { Sandbox } from '@cxgraph/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/commands/metrics.js';
import { fakeIo } from '../support/io.js';
import { coreClient, startSandbox, testDeps } from '../support/sandbox.js';

/**
 * The two front-ends answer the same question the same way: `cxgraph metrics --json` and the gateway's
 * `queueMetrics` over one sandbox list the same buckets (every bucket of the range, empty ones included) with the
 * same figures. New York's week before 2026-03-10 holds the DST change of March 8 (a 23-hour day), where
 * hand-written bucket code used to disagree.
 */
let sandbox: Sandbox;
let client: CxGraphClient;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = coreClient(sandbox);
});
afterAll(() => sandbox.close());

interface Bucket {
  interval: string;
  offered: number;
  handled: number;
  abandoned: number;
}
interface GatewayRow extends Bucket {
  queueId: string;
  buckets: Bucket[];
}

async function viaGateway(granularity: string, timeZone: string, media: string[]): Promise<GatewayRow[]> {
  const gateway = createGateway({ client: coreClient(sandbox), now: () => sandbox.clock.now(), logger: false });
  const res = await gateway.fetch('http://127.0.0.1/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      query: `query($g: String, $tz: String, $media: [String!]) { queueMetrics(range: { relative: LAST_7_DAYS, timeZone: $tz }, granularity: $g, mediaTypes: $media) {
        queueId offered handled abandoned buckets { interval offered handled abandoned } } }`,
      variables: { g: granularity, tz: timeZone, media: media.length ? media : null },
    }),
  });
  const body = (await res.json()) as { data?: { queueMetrics: GatewayRow[] }; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data!.queueMetrics;
}

async function viaCli(granularity: string, timeZone: string, media: string[]): Promise<Array<GatewayRow>> {
  const io = fakeIo();
  await run({ by: 'queue', range: 'last 7 days', timeZone, granularity: parseGranularity(granularity), format: 'json', ...(media.length ? { media } : {}) }, testDeps(sandbox, io, { quiet: true, client }));
  return JSON.parse(io.stdout()) as GatewayRow[];
}

const pick = (b: Bucket): Bucket => ({ interval: b.interval, offered: b.offered, handled: b.handled, abandoned: b.abandoned });

describe('cxgraph metrics and the gateway give the same buckets', () => {
  for (const [granularity, timeZone, media] of [
    ['P1D', 'America/New_York', []],
    ['PT12H', 'America/New_York', []],
    // Email in 15-minute buckets: many buckets without data, which both must list (dense), not skip.
    ['PT15M', 'UTC', ['email']],
  ] as const) {
    it(`${granularity} in ${timeZone}${media.length ? ` (${media.join(', ')})` : ''}`, async () => {
      const [cli, gql] = await Promise.all([viaCli(granularity, timeZone, [...media]), viaGateway(granularity, timeZone, [...media])]);
      expect(gql.length).toBeGreaterThan(0);
      expect(cli.map((r) => r.queueId).sort()).toEqual(gql.map((r) => r.queueId).sort());
      for (const g of gql) {
        const c = cli.find((r) => r.queueId === g.queueId)!;
        expect(c.buckets.map(pick)).toEqual(g.buckets.map(pick));
        expect({ offered: c.offered, handled: c.handled, abandoned: c.abandoned }).toEqual({ offered: g.offered, handled: g.handled, abandoned: g.abandoned });
      }
      // Dense, and cut on the zone's calendar: checked against edges written out by hand, not by core.
      const intervals = gql[0]!.buckets.map((b) => b.interval);
      if (granularity === 'P1D' && timeZone === 'America/New_York') {
        expect(intervals[0]).toBe('2026-03-03T05:00:00.000Z/2026-03-04T05:00:00.000Z');
        // March 8, 2026 is 23 hours long in New York (clocks go forward at 02:00 EST).
        expect(intervals).toContain('2026-03-08T05:00:00.000Z/2026-03-09T04:00:00.000Z');
        expect(intervals.at(-1)).toBe('2026-03-10T04:00:00.000Z/2026-03-10T14:30:00.000Z');
        expect(intervals).toHaveLength(8);
      }
      if (granularity === 'PT12H') expect(intervals).toHaveLength(15);
      if (granularity === 'PT15M') {
        // 7 days and 14.5 hours of 15-minute slots.
        expect(intervals).toHaveLength(7 * 96 + 58);
        expect(gql.every((r) => r.buckets.some((b) => b.offered === 0 && b.handled === 0))).toBe(true);
      }
    });
  }
});
