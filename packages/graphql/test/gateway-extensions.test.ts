/**
 * `extensions.upstream`: what one operation cost upstream, on request (`x-cxgraph-upstream: 1` or
 * `?upstream=1`), counted from its own tally: it matches the sandbox's log, and is per operation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_WITH_HISTORY } from '../src/examples.js';
import { wantsUpstream } from '../src/plugins/use-upstream-extension.js';
import { gql, setup, type Setup } from './gateway-setup.js';

let s: Setup;
beforeAll(async () => {
  s = await setup();
  // Log in once, so the counts below are the queries' own.
  await gql(s.gateway, '{ agents(first: 1) { edges { node { id } } } }');
});
afterAll(() => s.close());

const upstreamOf = (body: { extensions?: Record<string, unknown> }) => body.extensions?.['upstream'] as { requests: number; retries: number; rateLimited: number; waitMs: number } | undefined;

describe('extensions.upstream', () => {
  it('with x-cxgraph-upstream: 1, counts exactly the requests the sandbox saw', async () => {
    const since = s.sandbox.log.lastSeq;
    const r = await gql(s.gateway, LIVE_WITH_HISTORY.query, { headers: { 'x-cxgraph-upstream': '1' } });
    expect(r.body.errors).toBeUndefined();
    const seen = s.sandbox.log.entries({ since }).length;
    expect(seen).toBeGreaterThan(0);
    expect(upstreamOf(r.body)).toEqual({ requests: seen, retries: 0, rateLimited: 0, waitMs: expect.any(Number) });
  });

  it('with ?upstream=1 too', async () => {
    const r = await gql(s.gateway, '{ agents(first: 2) { edges { node { name } } } }', { url: 'http://x/graphql?upstream=1' });
    expect(upstreamOf(r.body)).toMatchObject({ requests: 1, retries: 0, rateLimited: 0 });
  });

  it('is absent unless asked for', async () => {
    const r = await gql(s.gateway, '{ agents(first: 2) { edges { node { name } } } }');
    expect(r.body.extensions).toBeUndefined();
    const off = await gql(s.gateway, '{ agents(first: 2) { edges { node { name } } } }', { headers: { 'x-cxgraph-upstream': '0' } });
    expect(off.body.extensions).toBeUndefined();
  });

  it('is zero for a query answered without the upstream', async () => {
    const r = await gql(s.gateway, '{ __typename }', { headers: { 'x-cxgraph-upstream': '1' } });
    expect(upstreamOf(r.body)).toEqual({ requests: 0, retries: 0, rateLimited: 0, waitMs: 0 });
  });

  it('is counted per operation in a batch', async () => {
    const response = await s.gateway.fetch('http://x/graphql?upstream=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ queues(first: 1) { edges { node { name } } } }' }]),
    });
    const [first, second] = (await response.json()) as Array<{ extensions?: Record<string, unknown> }>;
    expect(upstreamOf(first!)?.requests).toBe(0);
    expect(upstreamOf(second!)?.requests).toBe(1);
  });

  it('counts concurrent requests apart', async () => {
    const [a, b] = await Promise.all([
      gql(s.gateway, '{ queues(first: 1) { edges { node { name } } } }', { headers: { 'x-cxgraph-upstream': '1' } }),
      gql(s.gateway, '{ __typename }', { headers: { 'x-cxgraph-upstream': '1' } }),
    ]);
    expect(upstreamOf(a.body)?.requests).toBe(1);
    expect(upstreamOf(b.body)?.requests).toBe(0);
  });

  it.each([
    [{ 'x-cxgraph-upstream': '1' }, 'http://x/graphql', true],
    [{ 'x-cxgraph-upstream': 'true' }, 'http://x/graphql', true],
    [{ 'x-cxgraph-upstream': '0' }, 'http://x/graphql', false],
    [{}, 'http://x/graphql?upstream=1', true],
    [{}, 'http://x/graphql?upstream=no', false],
    [{}, 'http://x/graphql', false],
  ] as const)('wantsUpstream(%j, %s) → %s', (headers, url, expected) => {
    expect(wantsUpstream(new Request(url, { headers }))).toBe(expected);
  });
});
