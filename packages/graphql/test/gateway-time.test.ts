/**
 * Every invalid granularity or range is INVALID_QUERY before ANY upstream call: core's one granularity rule
 * (multiples of PT15M, no years or seconds, not zero, at most 5000 buckets) and
 * core's range resolution, checked by the gateway's own count (`extensions.upstream`) and the sandbox's log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, setup, upstreamSince, type Setup } from './gateway-setup.js';

let s: Setup;
beforeAll(async () => {
  s = await setup();
}, 120_000);
afterAll(() => s.close());

const upstreamOf = (body: { extensions?: Record<string, unknown> }) => body.extensions?.['upstream'] as { requests: number } | undefined;

async function rejected(args: string) {
  const since = s.sandbox.log.lastSeq;
  const r = await gql(s.gateway, `{ queueMetrics(${args}) { queueId buckets { interval } } }`, { headers: { 'x-cxgraph-upstream': '1' } });
  expect(upstreamSince(s.sandbox, since)).toHaveLength(0);
  expect(upstreamOf(r.body)?.requests).toBe(0);
  expect(r.body.errors).toHaveLength(1);
  return r.body.errors![0]!;
}

describe('rejected before any upstream call', () => {
  it.each([
    ['PT30S', /seconds are not supported/],
    ['PT1S', /seconds are not supported/],
    ['P1Y', /years are not supported \(use P12M\)/],
    ['P100Y', /years are not supported \(use P12M\)/],
    ['PT0M', /longer than zero/],
    ['PT1M', /multiple of 15 minutes/],
    ['PT7M', /multiple of 15 minutes/],
    ['hourly', /not an ISO-8601 duration/],
  ])('granularity %s', async (g, why) => {
    const e = await rejected(`range: { relative: LAST_7_DAYS }, granularity: "${g}"`);
    expect(e.extensions).toMatchObject({ code: 'INVALID_QUERY', field: 'granularity', hint: expect.stringMatching(/PT15M, PT30M, PT1H, P1D, P1W or P1M/) });
    expect(e.message).toMatch(why);
  });

  it('5001 buckets (PT15M over 5001 quarter hours); 5000 is allowed', async () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const at = (n: number) => new Date(start + n * 15 * 60_000).toISOString();
    const e = await rejected(`range: { interval: "${at(0)}/${at(5001)}" }, granularity: "PT15M"`);
    expect(e.extensions).toMatchObject({ code: 'INVALID_QUERY', field: 'granularity' });
    expect(e.message).toMatch(/more than 5000 buckets/);
  });

  it('a bad time zone', async () => {
    const e = await rejected(`range: { relative: TODAY, timeZone: "Mars/Olympus" }, granularity: "PT1H"`);
    expect(e.extensions).toMatchObject({ code: 'INVALID_QUERY', field: 'timeZone' });
    expect(e.message).toMatch(/Mars\/Olympus/);
  });

  it('a reversed interval', async () => {
    const e = await rejected(`range: { interval: "2026-03-08T00:00:00Z/2026-03-01T00:00:00Z" }`);
    expect(e.extensions).toMatchObject({ code: 'INVALID_QUERY', field: 'interval' });
    expect(e.message).toMatch(/the end is not after the start/);
  });
});

describe('allowed granularities reach upstream once', () => {
  it.each(['PT15M', 'PT45M', 'P1DT12H', 'P1W'])('%s', async (g) => {
    const r = await gql(s.gateway, `{ queueMetrics(range: { relative: LAST_7_DAYS }, granularity: "${g}") { queueId } }`, { headers: { 'x-cxgraph-upstream': '1' } });
    expect(r.body.errors).toBeUndefined();
    expect(upstreamOf(r.body)?.requests).toBe(1);
  }, 120_000);
});
