/**
 * Protection: every oversized or forged request is rejected with a clear, coded error before any upstream
 * call (the sandbox's request log stays empty), while ordinary queries, GraphiQL and introspection pass.
 */
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from '../src/builder.js';
import { DEFAULT_MAX_REQUEST_BYTES } from '../src/gateway.js';
import { gql, setup, type Setup } from './gateway-setup.js';

let s: Setup;
beforeAll(async () => {
  s = await setup();
});
afterAll(() => s.close());

/** Runs `fn` and checks that the sandbox saw no request meanwhile. */
async function noUpstream<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = s.sandbox.log.lastSeq;
  const result = await fn();
  expect(s.sandbox.log.entries({ since: before }), 'upstream requests').toEqual([]);
  return result;
}

const RANGE = '{relative: LAST_7_DAYS}';

describe('query size', () => {
  it('rejects a query nested deeper than the limit, naming depth and limit', async () => {
    // agentMetrics → agent → metrics → agent → … : 14 levels, one agent, so only the depth is over.
    let selection = 'handled';
    for (let i = 0; i < 6; i++) selection = `agent { metrics(range: ${RANGE}) { ${selection} } }`;
    const r = await noUpstream(() => gql(s.gateway, `{ agentMetrics(range: ${RANGE}, agentIds: ["a"]) { ${selection} } }`));
    expect(r.status).toBe(400);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors).toHaveLength(1);
    const [error] = r.body.errors!;
    expect(error!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: QUERY_LIMITS.depth });
    expect(error!.extensions!['actual']).toBeGreaterThan(QUERY_LIMITS.depth);
    expect(error!.message).toMatch(/^The query is too deep: it nests fields \d+ levels deep and the limit is 12\./);
  });

  it('rejects a query over the complexity limit, saying what counts', async () => {
    const r = await noUpstream(() =>
      gql(
        s.gateway,
        `{ liveConversations(first: 100) { edges { node { participants { agent { metrics(range: ${RANGE}) { buckets { handled handleTime { avg } } } } } } } } }`,
      ),
    );
    expect(r.status).toBe(400);
    const [error] = r.body.errors!;
    expect(error!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'complexity', max: QUERY_LIMITS.complexity });
    expect(error!.message).toMatch(/^The query is too complex: its cost is \d+ and the limit is 5000\. .*page size \(`first`\)/);
  });

  it('answers like validation errors: 400 for application/graphql-response+json, 200 for a legacy application/json client', async () => {
    const query = `{ liveConversations(first: 100) { edges { node { participants { agent { metrics(range: ${RANGE}) { buckets { handled } } } } } } } }`;
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: agent(id: "x") { name }`).join(' ')} }`;
    for (const q of [query, aliases]) {
      const legacy = await noUpstream(() => gql(s.gateway, q, { headers: { accept: 'application/json' } }));
      expect(legacy.status).toBe(200);
      expect(legacy.body.errors).toHaveLength(1);
      expect((await gql(s.gateway, q)).status).toBe(400);
    }
  });

  it('counts page sizes given as variables (not cached per document)', async () => {
    const query = `query ($n: Int) { liveConversations(first: $n) { edges { node { participants { agent { metrics(range: ${RANGE}) { buckets { handled } } } } } } } }`;
    const big = await noUpstream(() => gql(s.gateway, query, { variables: { n: 100 } }));
    expect(big.body.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_COMPLEX');
    const small = await gql(s.gateway, query, { variables: { n: 1 } });
    expect(small.body.errors).toBeUndefined();
    const bigAgain = await noUpstream(() => gql(s.gateway, query, { variables: { n: 100 } }));
    expect(bigAgain.body.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_COMPLEX');
  });

  it('rejects a query selecting more fields than the breadth limit', async () => {
    const r = await noUpstream(() => gql(s.gateway, `{ agents(first: 1) { edges { node { ${'id '.repeat(QUERY_LIMITS.breadth + 1)} } } } }`));
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'breadth' });
    expect(r.body.errors?.[0]?.message).toMatch(/^The query selects too many fields: \d+, and the limit is 300\./);
  });

  it('rejects more aliases than allowed (GraphQL Armor), fragments included', async () => {
    const fields = Array.from({ length: QUERY_LIMITS.aliases + 1 }, (_, i) => `a${i}: agent(id: "x${i}") { name }`).join(' ');
    const r = await noUpstream(() => gql(s.gateway, `{ ${fields} }`));
    expect(r.status).toBe(400);
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors?.[0]).toMatchObject({
      message: `The query uses too many aliases (${QUERY_LIMITS.aliases + 1}): at most ${QUERY_LIMITS.aliases} are allowed in one operation. Ask for fewer fields under different names, or split the query.`,
      extensions: { code: 'TOO_MANY_ALIASES', max: QUERY_LIMITS.aliases, actual: QUERY_LIMITS.aliases + 1 },
    });
    const viaFragment = await noUpstream(() =>
      gql(s.gateway, `{ ...F } fragment F on Query { ${Array.from({ length: 16 }, (_, i) => `q${i}: queue(id: "q${i}") { name }`).join(' ')} }`),
    );
    expect(viaFragment.body.errors?.[0]?.extensions?.['code']).toBe('TOO_MANY_ALIASES');
    // __typename aliases are free, and the cap is inclusive.
    const ok = await noUpstream(() => gql(s.gateway, `{ ${Array.from({ length: 30 }, (_, i) => `t${i}: __typename`).join(' ')} }`));
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
  });

  it('rejects a page size over 100 with a clear INVALID_QUERY error', async () => {
    const r = await noUpstream(() => gql(s.gateway, '{ agents(first: 101) { edges { node { name } } } }'));
    expect(r.body.errors?.[0]).toMatchObject({ path: ['agents'], extensions: { code: 'INVALID_QUERY', field: 'first' } });
    expect(r.body.errors?.[0]?.message).toContain('between 0 and 100');
    expect(r.status).toBe(400); // nothing but the error: its status
    const live = await noUpstream(() => gql(s.gateway, '{ liveConversations(first: 500) { edges { node { id } } } }'));
    expect(live.body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_QUERY', field: 'first' });
  });

  it('allows introspection (GraphiQL needs it) without upstream calls', async () => {
    const r = await noUpstream(() => gql(s.gateway, getIntrospectionQuery()));
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect((r.body.data?.['__schema'] as { queryType: { name: string } }).queryType.name).toBe('Query');
  });
});

describe('request size and batching', () => {
  const bigQuery = () => `{ __typename } # ${'x'.repeat(DEFAULT_MAX_REQUEST_BYTES)}`;

  it('rejects a body over 100 kB with 413 (Content-Length known)', async () => {
    const r = await noUpstream(() => gql(s.gateway, bigQuery()));
    expect(r.status).toBe(413);
    expect(r.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^The request body is too large: this gateway accepts at most 100 kB\./),
      extensions: { code: 'REQUEST_TOO_LARGE' },
    });
  });

  it('rejects a streamed body over the limit too (no Content-Length)', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ query: bigQuery() }));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 16_384) controller.enqueue(bytes.slice(i, i + 16_384));
        controller.close();
      },
    });
    const response = await noUpstream(() =>
      s.gateway.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit),
    );
    expect(response.status).toBe(413);
    const json = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(json.errors[0]?.extensions.code).toBe('REQUEST_TOO_LARGE');
  });

  it('a smaller limit is honoured', async () => {
    const gateway = s.makeGateway({ maxRequestBytes: 1_000 });
    const r = await noUpstream(() => gql(gateway, `{ __typename } # ${'x'.repeat(1_000)}`));
    expect(r.status).toBe(413);
    expect(r.body.errors?.[0]?.message).toContain('at most 1 kB');
  });

  const batch = (n: number) =>
    s.gateway.fetch('http://x/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: n }, () => ({ query: '{ __typename }' }))),
    });

  it(`accepts batches of up to ${QUERY_LIMITS.batch} operations`, async () => {
    const response = await batch(QUERY_LIMITS.batch);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(Array.from({ length: QUERY_LIMITS.batch }, () => ({ data: { __typename: 'Query' } })));
  });

  it('rejects a larger batch with 413 before running any of it', async () => {
    const response = await noUpstream(() => batch(QUERY_LIMITS.batch + 1));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ errors: [{ message: `Batching is limited to ${QUERY_LIMITS.batch} operations per request.` }] });
  });
});

describe('CSRF prevention', () => {
  const get = (headers: Record<string, string> = {}) => s.gateway.fetch(`http://x/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', ...headers } });

  it('rejects a GET query without a client header (a link or <img> could send it) with 403', async () => {
    const response = await noUpstream(() => get());
    expect(response.status).toBe(403);
    const json = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(json.errors[0]?.extensions.code).toBe('CSRF');
    expect(json.errors[0]?.message).toContain('x-graphql-client');
  });

  it('accepts a GET query with x-graphql-client', async () => {
    const response = await get({ 'x-graphql-client': 'my-dashboard' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('rejects a POST a form could send (text/plain, urlencoded) without the header', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const body = contentType === 'text/plain' ? JSON.stringify({ query: '{ __typename }' }) : 'query=%7B__typename%7D';
      const response = await noUpstream(() => s.gateway.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': contentType }, body }));
      expect(response.status, contentType).toBe(403);
    }
  });

  it('accepts JSON posts (what GraphiQL and every GraphQL client send) with no extra header', async () => {
    const r = await gql(s.gateway, '{ __typename }');
    expect(r.status).toBe(200);
  });

  it('still serves GraphiQL to a browser GET', async () => {
    const response = await s.gateway.fetch('http://x/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    await response.body?.cancel();
  });
});

describe('cross-origin access', () => {
  const fromElsewhere = (gateway = s.gateway) =>
    Promise.all([
      gateway.fetch('http://x/graphql', {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      }),
      gateway.fetch('http://x/graphql', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) }),
    ]);

  it('is same-origin only by default: no CORS headers for another site, so a browser there reads nothing', async () => {
    const [preflight, post] = await noUpstream(() => fromElsewhere());
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    await post.body?.cancel();
  });

  it('opens to the origins given in `cors`', async () => {
    const gateway = s.makeGateway({ cors: { origin: ['https://dash.example'] } });
    const response = await gateway.fetch('http://x/graphql', { method: 'POST', headers: { origin: 'https://dash.example', 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://dash.example');
    const [, evil] = await fromElsewhere(gateway);
    expect(evil.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });
});
