/**
 * Errors: core errors keep their code (and what their kind adds), a failing field leaves its siblings alone,
 * unexpected errors are masked, and no token, secret or stack ever reaches a response.
 */
import {
  AbortError,
  AuthenticationError,
  ConfigError,
  InvalidQueryError,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  TimeoutError,
  UpstreamError,
  UserContextRequiredError,
  type CxGraphClient,
  type CxGraphError,
} from '@cxgraph/core';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMaskError, toGraphQLError } from '../src/errors.js';
import { gql, setup, type GqlResponse, type Setup } from './gateway-setup.js';

let s: Setup;
let agentId: string;
beforeAll(async () => {
  s = await setup();
  agentId = s.sandbox.store.org.agents[0]!.id;
});
afterAll(() => s.close());

const SECRETS = ['cxgraph-demo-secret', 'cxgraph-no-analytics-secret'];
/** What a stack trace or a file path looks like in a response. */
const STACKISH = [/\bat \S+ \(/, /\.ts:\d+/, /\.js:\d+/, /node_modules/, /"stack"/, /"originalError"/];

function expectClean(r: GqlResponse, tokens: string[] = []): void {
  for (const secret of [...SECRETS, ...tokens]) expect(r.text, 'a secret or token in the response').not.toContain(secret);
  for (const pattern of STACKISH) expect(r.text, 'a stack in the response').not.toMatch(pattern);
}

describe('a failing field does not fail its siblings', () => {
  it('permission-limited client: the name is there, metrics is null with PERMISSION naming the permission', async () => {
    const gateway = s.makeGateway({ client: s.clientFor('cxgraph-no-analytics', 'cxgraph-no-analytics-secret') });
    const r = await gql(gateway, `{ agent(id: "${agentId}") { name metrics(range: {relative: LAST_7_DAYS}) { handled } } }`);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ agent: { name: expect.any(String), metrics: null } });
    expect((r.body.data as { agent: { name: string } }).agent.name.length).toBeGreaterThan(0);
    expect(r.body.errors).toHaveLength(1);
    const [error] = r.body.errors!;
    expect(error).toMatchObject({
      path: ['agent', 'metrics'],
      message: expect.stringContaining('analytics:conversationAggregate:view'),
      extensions: {
        code: 'PERMISSION',
        permissions: ['analytics:conversationAggregate:view'],
        hint: expect.stringContaining('analytics:conversationAggregate:view'),
        correlationId: expect.any(String),
      },
    });
    expectClean(r);
  });

  it('a response with nothing but a core error takes its HTTP status (403)', async () => {
    const gateway = s.makeGateway({ client: s.clientFor('cxgraph-no-analytics', 'cxgraph-no-analytics-secret') });
    const r = await gql(gateway, '{ agentMetrics(range: {relative: LAST_7_DAYS}) { handled } }');
    expect(r.body.data).toBeNull();
    expect(r.body.errors?.[0]?.extensions?.['code']).toBe('PERMISSION');
    expect(r.status).toBe(403);
  });
});

describe('unexpected errors', () => {
  /** A client for the real schema whose user listing fails with a message full of things not to show. */
  function brokenClient(): CxGraphClient {
    const directory = Object.create(s.client.directory) as CxGraphClient['directory'];
    directory.listUsers = () => {
      throw new TypeError(`Cannot read properties of undefined (token ${SECRETS[0]}) at /srv/app/node_modules/x.js:1:2`);
    };
    return { ...s.client, directory };
  }
  const query = '{ agents(first: 1) { edges { node { name } } } }';

  it('are masked as "Unexpected error." with no detail', async () => {
    const gateway = s.makeGateway({ client: brokenClient() });
    const r = await gql(gateway, query);
    expect(r.body.errors).toEqual([{ message: 'Unexpected error.', locations: expect.any(Array), path: ['agents'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expectClean(r);
  });

  it('even with NODE_ENV=development (yoga would attach the original error)', async () => {
    const previous = process.env['NODE_ENV'];
    process.env['NODE_ENV'] = 'development';
    try {
      const r = await gql(s.makeGateway({ client: brokenClient() }), query);
      expect(r.body.errors?.[0]?.message).toBe('Unexpected error.');
      expectClean(r);
    } finally {
      process.env['NODE_ENV'] = previous;
    }
  });

  it('maskedErrors: false shows the message, never the stack', async () => {
    const gateway = s.makeGateway({ client: brokenClient(), maskedErrors: false });
    const r = await gql(gateway, query);
    expect(r.body.errors?.[0]?.message).toMatch(/^Cannot read properties of undefined/);
    expect(r.body.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(r.text).not.toMatch(/"stack"/);
  });
});

describe('no token, secret or stack in any response', () => {
  it('across bad tokens, expired tokens, permission errors and malformed headers', async () => {
    const token = s.sandbox.mintUserToken(agentId);
    s.sandbox.tokens.revoke(token);
    const bogus = 'bogus-token-' + 'z'.repeat(40);
    const noAnalytics = s.makeGateway({ client: s.clientFor('cxgraph-no-analytics', 'cxgraph-no-analytics-secret') });
    const responses = await Promise.all([
      gql(s.gateway, '{ agents(first: 2) { edges { node { name } } } }', { headers: { authorization: `Bearer ${token}` } }),
      gql(s.gateway, `{ agent(id: "${agentId}") { name } }`, { headers: { authorization: `Bearer ${bogus}` } }),
      gql(s.gateway, '{ __typename }', { headers: { authorization: `Token ${bogus}` } }),
      gql(noAnalytics, '{ historicalConversations(range: {relative: YESTERDAY}) { edges { node { id } } } }'),
      gql(s.makeGateway({ client: s.clientFor('cxgraph-demo', 'wrong-secret') }), '{ agents { edges { node { id } } } }'),
    ]);
    for (const r of responses) {
      expect(r.body.errors?.length).toBeGreaterThan(0);
      expectClean(r, [token, bogus, 'wrong-secret']);
    }
    expect(responses.map((r) => r.body.errors?.[0]?.extensions?.['code'])).toEqual(['AUTHENTICATION', 'AUTHENTICATION', 'AUTHENTICATION', 'PERMISSION', 'AUTHENTICATION']);
  });
});

describe('toGraphQLError: every core code', () => {
  const cases: Array<[CxGraphError, Record<string, unknown>, number | undefined]> = [
    [new ConfigError('GENESYS_REGION "mars" is not a Genesys Cloud region.', 'GENESYS_REGION', 'Set GENESYS_REGION…'), { code: 'CONFIG', hint: 'Set GENESYS_REGION…' }, 500],
    [new AuthenticationError('The bearer token is invalid or expired.', { status: 401, hint: 'Log in again.' }), { code: 'AUTHENTICATION', hint: 'Log in again.', status: 401 }, 401],
    [
      new PermissionError('Permission denied: [a:b:c, d:e:f]', ['a:b:c', 'd:e:f'], { status: 403, correlationId: 'corr-1' }),
      { code: 'PERMISSION', permissions: ['a:b:c', 'd:e:f'], correlationId: 'corr-1', status: 403 },
      403,
    ],
    [new UserContextRequiredError('Needs a user token.'), { code: 'USER_CONTEXT_REQUIRED' }, 403],
    [new RateLimitError('Rate limited.', 2_500, { status: 429 }), { code: 'RATE_LIMITED', retryAfterMs: 2_500, status: 429 }, 429],
    [new InvalidQueryError('Bad interval.', 'interval', { status: 400, correlationId: 'corr-2' }), { code: 'INVALID_QUERY', field: 'interval', correlationId: 'corr-2', status: 400 }, 400],
    [new NotFoundError('No such user.', { status: 404 }), { code: 'NOT_FOUND', status: 404 }, 404],
    [new UpstreamError('Genesys answered 503.', { status: 503 }), { code: 'UPSTREAM', status: 503 }, 502],
    [new TimeoutError('No answer in 16 s.'), { code: 'TIMEOUT' }, 504],
    [new NetworkError('ECONNREFUSED'), { code: 'NETWORK' }, 502],
    [new AbortError(), { code: 'ABORTED' }, undefined],
  ];

  it.each(cases)('%s', (error, extensions, status) => {
    const mapped = toGraphQLError(error, { httpStatus: true })!;
    expect(mapped).toBeInstanceOf(GraphQLError);
    expect(mapped.message).toBe(error.message);
    const { http, ...rest } = mapped.extensions;
    expect(rest).toEqual(extensions);
    expect(http?.status).toBe(status);
    expect(mapped.originalError).toBeUndefined();
  });

  it('keeps the path and locations of a located error, and the Retry-After of a 429', () => {
    const located = new GraphQLError('x', { path: ['agent', 'metrics'], originalError: new RateLimitError('Slow down.', 1_200) });
    const mapped = toGraphQLError(located, { httpStatus: true })!;
    expect(mapped.path).toEqual(['agent', 'metrics']);
    expect(mapped.message).toBe('Slow down.');
    expect(mapped.extensions.http).toEqual({ status: 429, headers: { 'Retry-After': '2' } });
  });

  it('leaves anything else to the mask', () => {
    expect(toGraphQLError(new Error('x'))).toBeUndefined();
    const mask = createMaskError();
    expect(mask(new Error('secret'), 'Unexpected error.').message).toBe('Unexpected error.');
    const ours = new GraphQLError('Clear message.', { extensions: { code: 'INVALID_QUERY' } });
    expect(mask(ours, 'Unexpected error.')).toBe(ours);
  });
});
