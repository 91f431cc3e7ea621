/**
 * Credentials per request: a bearer token gets its own client (cached by token hash), no header the
 * server's; required or malformed credentials are a 401 before any upstream call; two callers interleaved
 * each see only their own data.
 */
import { createClient, resolveTimeRange, type CxGraphClient } from '@cxgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentials, defaultClientForToken, parseAuthorization, tokenKey } from '../src/credentials.js';
import { gql, setup, type Setup } from './gateway-setup.js';

let s: Setup;
beforeAll(async () => {
  s = await setup();
});
afterAll(() => s.close());

const HISTORY = `query ($after: String) {
  historicalConversations(range: {relative: YESTERDAY}, first: 20, after: $after) {
    edges { node { id participants { purpose agent { id } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface HistoryPage {
  historicalConversations: { edges: Array<{ node: { id: string; participants: Array<{ purpose: string | null; agent: { id: string } | null }> } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('two callers with their own tokens', () => {
  it('interleaved, each sees only the conversations they took part in, and never the other’s', async () => {
    // Two agents with conversations yesterday, found with the server's own (org-wide) credentials.
    const all = await gql(s.gateway, '{ historicalConversations(range: {relative: YESTERDAY}, first: 100) { edges { node { id participants { agent { id } } } } } }');
    expect(all.body.errors).toBeUndefined();
    const counts = new Map<string, number>();
    for (const { node } of (all.body.data as unknown as HistoryPage).historicalConversations.edges)
      for (const p of node.participants) if (p.agent) counts.set(p.agent.id, (counts.get(p.agent.id) ?? 0) + 1);
    const [a, b] = [...counts.entries()].sort((x, y) => y[1] - x[1]).map(([id]) => id);
    expect(a && b).toBeTruthy();
    const callers = [a!, b!].map((id) => ({ id, token: s.sandbox.mintUserToken(id), seen: new Set<string>(), pages: 0 }));

    const since = s.sandbox.log.lastSeq;
    // Three pages each, the two callers' requests in flight together.
    let cursors: Array<string | null> = [null, null];
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(
        callers.map((c, i) => gql(s.gateway, HISTORY, { headers: bearer(c.token), variables: { after: cursors[i] } })),
      );
      cursors = results.map((r, i) => {
        expect(r.body.errors, `caller ${i}`).toBeUndefined();
        const page = (r.body.data as unknown as HistoryPage).historicalConversations;
        const caller = callers[i]!;
        for (const { node } of page.edges) {
          // Every conversation a caller sees has them as a participant.
          expect(node.participants.some((p) => p.agent?.id === caller.id), `${node.id} seen by ${caller.id}`).toBe(true);
          caller.seen.add(node.id);
        }
        caller.pages++;
        return page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      });
    }
    for (const c of callers) expect(c.seen.size).toBeGreaterThan(0);
    // Different people, different conversations (a transfer between them may show in both).
    expect([...callers[0]!.seen].some((id) => !callers[1]!.seen.has(id))).toBe(true);

    // Upstream, every request ran as one of the two agents: never the server's client, never a mix-up.
    const entries = s.sandbox.log.entries({ since });
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.userId))).toEqual(new Set([a, b]));
  });

  it('keeps one client per token, keyed by its hash, and the server’s client for requests without a token', async () => {
    const made: string[] = [];
    const server = s.client;
    const credentials = createCredentials({
      client: server,
      clientForToken: (token) => {
        made.push(token);
        return createClient({ accessToken: token, apiUrl: s.sandbox.url, sources: { env: {}, dotenv: false } });
      },
      maxClients: 2,
    });
    const request = (token?: string) => new Request('http://x/graphql', { headers: token ? bearer(token) : {} });
    const one = credentials.clientFor(request('token-one'));
    expect(credentials.clientFor(request('token-one'))).toBe(one);
    const two = credentials.clientFor(request('token-two'));
    expect(two).not.toBe(one);
    expect(credentials.clientFor(request())).toBe(server);
    expect(made).toEqual(['token-one', 'token-two']);
    // LRU, not first-in-first-out: one is used again, so a third token drops two (the least recently used).
    expect(credentials.clientFor(request('token-one'))).toBe(one);
    credentials.clientFor(request('token-three'));
    expect(credentials.cachedClients).toBe(2);
    credentials.clientFor(request('token-one'));
    expect(made).toEqual(['token-one', 'token-two', 'token-three']);
    credentials.clientFor(request('token-two'));
    expect(made).toEqual(['token-one', 'token-two', 'token-three', 'token-two']);
    expect(tokenKey('token-one')).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenKey('token-one')).not.toContain('token-one');
  });

  it('the default client for a token has the server’s granularity rule and splits ranges where the server’s does', async () => {
    const granularityRule = { stepMinutes: 60, maxBuckets: 100 };
    const server = createClient({ accessToken: 'server-token', apiUrl: s.sandbox.url, granularityRule, maxAggregateIntervalDays: 7, sources: { env: {}, dotenv: false } });
    // A client-credentials token of the demo client (an agent's token may not read aggregates).
    const login = await fetch(`${s.sandbox.url}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('cxgraph-demo:cxgraph-demo-secret').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const forToken = defaultClientForToken(server)(((await login.json()) as { access_token: string }).access_token);
    expect(forToken.metrics.granularityRule).toEqual({ stepMinutes: 60, maxBuckets: 100 });
    expect(() => forToken.metrics.parseGranularity('PT15M')).toThrow();
    // 14 days at most 7 per query: two aggregates calls, counted by the sandbox.
    const aggregates = () => s.sandbox.log.counters()['POST /api/v2/analytics/conversations/aggregates/query']?.requests ?? 0;
    const before = aggregates();
    await forToken.metrics.queues({ range: resolveTimeRange({ interval: '2026-02-01T00:00:00Z/2026-02-15T00:00:00Z' }, Date.now()) });
    expect(aggregates() - before).toBe(2);
  });

  it('the default client for a token goes where the server’s client goes', async () => {
    const agentId = s.sandbox.store.org.agents[0]!.id;
    const token = s.sandbox.mintUserToken(agentId);
    const since = s.sandbox.log.lastSeq;
    const r = await gql(s.gateway, `{ agent(id: "${agentId}") { id name } }`, { headers: bearer(token) });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data).toMatchObject({ agent: { id: agentId } });
    expect(s.sandbox.log.entries({ since }).map((e) => e.userId)).toEqual([agentId]);
  });
});

describe('refusals (401, before any upstream call)', () => {
  const noUpstream = async <T>(fn: () => T | Promise<T>): Promise<T> => {
    const before = s.sandbox.log.lastSeq;
    const result = await fn();
    expect(s.sandbox.log.entries({ since: before })).toEqual([]);
    return result;
  };

  it('requireBearer: no Authorization header is AUTHENTICATION with HTTP 401', async () => {
    const gateway = s.makeGateway({ requireBearer: true });
    const r = await noUpstream(() => gql(gateway, '{ agents(first: 1) { edges { node { name } } } }'));
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Bearer realm="cxgraph"');
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors).toEqual([
      {
        message: 'This gateway requires a bearer token: send "Authorization: Bearer <token>" with a Genesys Cloud access token.',
        extensions: { code: 'AUTHENTICATION', hint: expect.any(String) },
      },
    ]);
  });

  it('a gateway with no client of its own refuses requests without a token', async () => {
    const gateway = s.makeGateway({ client: undefined, clientForToken: (token: string): CxGraphClient => createClient({ accessToken: token, apiUrl: s.sandbox.url, sources: { env: {}, dotenv: false } }) });
    const r = await noUpstream(() => gql(gateway, '{ __typename }'));
    expect(r.status).toBe(401);
    expect(r.body.errors?.[0]?.message).toMatch(/no credentials of its own/);
    expect(() => s.makeGateway({ client: undefined })).toThrow(/needs `client`/);
  });

  const MALFORMED: Array<[string, RegExp]> = [
    ['Basic dXNlcjpwYXNzd29yZA==', /must use the Bearer scheme \(got the "Basic" scheme\)/],
    ['Bearer', /no token after "Bearer"/],
    ['Bearer    ', /is empty|no token after "Bearer"/],
    ['Bearer two words', /is malformed/],
    ['Bearer tok"en', /is malformed/],
    ['s3cr3t-token-without-scheme', /must use the Bearer scheme: send/],
    ['', /is empty/],
  ];

  it.each(MALFORMED)('a malformed header (%j) is a 401 with a clear message that never repeats it', async (header, message) => {
    const r = await noUpstream(() => gql(s.gateway, '{ __typename }', { headers: { authorization: header } }));
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('error="invalid_request"');
    expect(r.body.errors?.[0]?.extensions?.['code']).toBe('AUTHENTICATION');
    expect(r.body.errors?.[0]?.message).toMatch(message);
    for (const word of header.split(/\s+/).filter((w) => w.length > 6 && w.toLowerCase() !== 'bearer')) expect(r.text).not.toContain(word);
  });

  it('a token the upstream rejects is AUTHENTICATION, with 401 when nothing else came back, and never echoed', async () => {
    const token = 'not-a-real-token-0123456789abcdef';
    const r = await gql(s.gateway, '{ agents(first: 1) { edges { node { name } } } }', { headers: bearer(token) });
    expect(r.body.errors?.[0]?.extensions?.['code']).toBe('AUTHENTICATION');
    expect(r.status).toBe(401);
    expect(r.text).not.toContain(token);
  });
});

describe('parseAuthorization', () => {
  it.each([
    [null, { kind: 'none' }],
    ['Bearer abc.DEF-123_~+/==', { kind: 'bearer', token: 'abc.DEF-123_~+/==' }],
    ['bearer abc', { kind: 'bearer', token: 'abc' }],
    ['  Bearer   abc  ', { kind: 'bearer', token: 'abc' }],
  ] as const)('%j → %j', (header, expected) => {
    expect(parseAuthorization(header)).toEqual(expected);
  });
});
