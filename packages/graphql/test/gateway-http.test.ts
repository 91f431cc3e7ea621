import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nestingOf } from '../src/plugins/use-parse-limits.js';
import { setup, upstreamSince, type Setup } from './gateway-setup.js';

let s: Setup;
beforeAll(async () => {
  s = await setup();
});
afterAll(() => s.close());

const post = (g: ReturnType<Setup['makeGateway']>, query: string, headers: Record<string, string>) =>
  g.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

describe('GraphQL over HTTP statuses', () => {
  const forbidden = '{ agentMetrics(range: {relative: LAST_7_DAYS}) { handled } }';
  it('application/json: an execution error is a 200 with errors; graphql-response+json: its status (403)', async () => {
    const g = s.makeGateway({ client: s.clientFor('cxgraph-no-analytics', 'cxgraph-no-analytics-secret') });
    const legacy = await post(g, forbidden, { accept: 'application/json' });
    expect(legacy.status).toBe(200);
    expect(legacy.headers.get('content-type')).toContain('application/json');
    const body = (await legacy.json()) as { data: unknown; errors: Array<{ extensions: { code: string } }> };
    expect(body.data).toBeNull();
    expect(body.errors[0]!.extensions.code).toBe('PERMISSION');
    const modern = await post(g, forbidden, { accept: 'application/graphql-response+json' });
    expect(modern.status).toBe(403);
    expect(modern.headers.get('content-type')).toContain('application/graphql-response+json');
  });
});

describe('parse limits', () => {
  it('counts nesting outside strings and comments', () => {
    expect(nestingOf('{ a { b(x: "{{{{") } } # {{{{')).toBe(3);
    expect(nestingOf('{ a(x: """ {{{ \\""" {{ """) }')).toBe(2);
    expect(nestingOf('{a{b{c}}}')).toBe(3);
  });

  it('5,000 nested levels are a 400 QUERY_TOO_COMPLEX, not a 500, and cost no upstream call', async () => {
    const deep = `${'{ a '.repeat(5000)}${'}'.repeat(5000)}`;
    const since = s.sandbox.log.lastSeq;
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      const r = await post(s.gateway, deep, { accept });
      const body = (await r.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect(r.status).toBe(accept === 'application/json' ? 200 : 400);
      expect(body.errors[0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'nesting', actual: 5000, max: 100 });
    }
    // Flat but huge: the token limit.
    const wide = `{ ${Array.from({ length: 3500 }, (_, i) => `a${i}:__typename`).join(",")} }`;
    const r = await post(s.gateway, wide, { accept: 'application/graphql-response+json' });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { errors: Array<{ extensions: Record<string, unknown> }> }).errors[0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens' });
    expect(upstreamSince(s.sandbox, since)).toHaveLength(0);
  });
});

describe('compression', () => {
  it('sends GraphiQL brotli- or gzip-compressed as the client asks, and identical once decoded', async () => {
    const page = (encoding?: string) => s.gateway.fetch('http://x/graphql', { headers: { accept: 'text/html', ...(encoding ? { 'accept-encoding': encoding } : {}) } });
    const plain = Buffer.from(await (await page()).arrayBuffer());
    expect(plain.length).toBeGreaterThan(1_000_000);
    const br = await page('gzip, deflate, br');
    expect(br.headers.get('content-encoding')).toBe('br');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(plain.length / 3);
    expect(brotliDecompressSync(brBytes).equals(plain)).toBe(true);
    const gz = await page('gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(plain)).toBe(true);
    const preferGzip = await page('br;q=0.5, gzip;q=1');
    expect(preferGzip.headers.get('content-encoding')).toBe('gzip');
    await preferGzip.arrayBuffer();
  }, 60_000);

  it('compresses GraphQL results too', async () => {
    const r = await post(s.gateway, '{ agents(first: 50) { edges { node { id name email department title } } } }', { accept: 'application/json', 'accept-encoding': 'gzip' });
    expect(r.headers.get('content-encoding')).toBe('gzip');
    const body = JSON.parse(gunzipSync(Buffer.from(await r.arrayBuffer())).toString('utf8')) as { data: { agents: { edges: unknown[] } } };
    expect(body.data.agents.edges.length).toBeGreaterThan(10);
  });
});
