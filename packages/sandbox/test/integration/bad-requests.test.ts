import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';

/**
 * Bad requests, each sent through the real SDK (extended responses) unless the SDK cannot send it (a body
 * that is not JSON, a missing bearer): the status, the Genesys `code` and a message fragment that names
 * the problem.
 */

type Client = InstanceType<typeof platformClient.ApiClientClass>;
interface ErrorBody {
  message: string;
  code: string;
  status: number;
  contextId: string;
}
interface Rejection {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
}

const NOW = '2026-03-10T14:30:00Z';
const DAY = '2026-03-10T00:00:00.000Z/2026-03-11T00:00:00.000Z';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let sandbox: Sandbox;
let client: Client;
let token: string;

function newClient(port: number): Client {
  const c = new platformClient.ApiClientClass();
  c.config.live_reload_config = false;
  // A loaded 2-core machine can take far longer than the SDK's 16 s on one cold request.
  (c as unknown as { timeout: number }).timeout = 120_000;
  c.setGateway({ host: '127.0.0.1', protocol: 'http', port, path_params_login: '', path_params_api: '' });
  c.setReturnExtendedResponses(true);
  return c;
}

function apis(c: Client) {
  return {
    analytics: new platformClient.AnalyticsApi(c),
    users: new platformClient.UsersApi(c),
    routing: new platformClient.RoutingApi(c),
    conversations: new platformClient.ConversationsApi(c),
  };
}
type Apis = ReturnType<typeof apis>;

async function rejection(call: Promise<unknown>): Promise<Rejection> {
  try {
    await call;
  } catch (e) {
    return e as Rejection;
  }
  throw new Error('expected the request to be rejected');
}

beforeAll(async () => {
  sandbox = await createSandbox({ seed: 7, now: NOW });
  client = newClient(sandbox.port);
  token = (await client.loginClientCredentialsGrant('cxgraph-demo', 'cxgraph-demo-secret')).accessToken;
});

afterAll(async () => {
  await sandbox?.close();
});

// Bodies the SDK's types would refuse: the point is to send them anyway.
const details = (body: Record<string, unknown>) => (a: Apis) => a.analytics.postAnalyticsConversationsDetailsQuery(body as unknown as platformClient.Models.ConversationQuery);
const aggregates = (body: Record<string, unknown>) => (a: Apis) =>
  a.analytics.postAnalyticsConversationsAggregatesQuery(body as unknown as platformClient.Models.ConversationAggregationQuery);
const observations = (body: Record<string, unknown>) => (a: Apis) =>
  a.analytics.postAnalyticsQueuesObservationsQuery(body as unknown as platformClient.Models.QueueObservationQuery);
const seg = (predicate: Record<string, unknown>) => [{ type: 'and', predicates: [predicate] }];
const fakeIds = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

interface Case {
  name: string;
  call: (a: Apis) => Promise<unknown>;
  status: number;
  code: string;
  message: string | RegExp;
}

const CASES: Case[] = [
  // --- details query: fields of other APIs and tutorials
  { name: 'details: metric_ids', call: details({ interval: DAY, metric_ids: ['nOffered'] }), status: 400, code: 'bad.request', message: 'Unrecognized field "metric_ids" in ConversationQuery' },
  { name: 'details: group_by', call: details({ interval: DAY, group_by: ['queueId'] }), status: 400, code: 'bad.request', message: 'Unrecognized field "group_by" in ConversationQuery' },
  { name: 'details: size', call: details({ interval: DAY, size: 100 }), status: 400, code: 'bad.request', message: /Unrecognized field "size".*"paging": \{"pageSize"/ },
  { name: 'details: metrics', call: details({ interval: DAY, metrics: ['nOffered'] }), status: 400, code: 'bad.request', message: /Unrecognized field "metrics".*aggregates query/ },
  { name: 'details: groupBy', call: details({ interval: DAY, groupBy: ['queueId'] }), status: 400, code: 'bad.request', message: /Unrecognized field "groupBy".*aggregates query/ },
  // --- details query: interval
  { name: 'details: no interval', call: details({}), status: 400, code: 'invalid.date', message: 'The interval is required' },
  { name: 'details: dates without times', call: details({ interval: '2026-03-10/2026-03-11' }), status: 400, code: 'invalid.date', message: 'Dates must be specified as ISO-8601 strings' },
  { name: 'details: one instant, no "/"', call: details({ interval: '2026-03-10T00:00:00Z' }), status: 400, code: 'invalid.date', message: 'separated by "/"' },
  { name: 'details: end before start', call: details({ interval: '2026-03-11T00:00:00Z/2026-03-10T00:00:00Z' }), status: 400, code: 'invalid.date', message: 'the end must be after the start' },
  {
    name: 'details: interval over 7 days without a filter',
    call: details({ interval: '2026-03-01T00:00:00Z/2026-03-09T00:00:00Z' }),
    status: 400,
    code: 'bad.request',
    message: 'spans 8 days; a details query may cover at most 7 days without a filter',
  },
  {
    name: 'details: interval over 31 days with a filter',
    call: details({ interval: '2026-01-01T00:00:00Z/2026-02-02T00:00:00Z', conversationFilters: seg({ dimension: 'conversationEnd', operator: 'exists' }) }),
    status: 400,
    code: 'bad.request',
    message: 'spans 32 days; a details query may cover at most 31 days.',
  },
  // --- details query: order, filters
  { name: 'details: unknown order', call: details({ interval: DAY, order: 'descending' }), status: 400, code: 'invalid.value', message: 'Value [descending] is not valid for field type [order]' },
  { name: 'details: unknown orderBy', call: details({ interval: DAY, orderBy: 'startTime' }), status: 400, code: 'invalid.value', message: 'Value [startTime] is not valid for field type [orderBy]' },
  {
    name: 'details: mediaType as a conversation dimension',
    call: details({ interval: DAY, conversationFilters: seg({ type: 'dimension', dimension: 'mediaType', value: 'voice' }) }),
    status: 400,
    code: 'invalid.value',
    message: '"mediaType" is a segment dimension, not a conversation dimension',
  },
  {
    name: 'details: unknown segment dimension',
    call: details({ interval: DAY, segmentFilters: seg({ type: 'dimension', dimension: 'queue', value: 'x' }) }),
    status: 400,
    code: 'invalid.value',
    message: 'Value [queue] is not valid for field type [dimension]',
  },
  {
    name: 'details: bad operator',
    call: details({ interval: DAY, segmentFilters: seg({ dimension: 'queueId', operator: 'equals', value: 'x' }) }),
    status: 400,
    code: 'invalid.value',
    message: 'Value [equals] is not valid for field type [operator]',
  },
  {
    name: 'details: exists with a value',
    call: details({ interval: DAY, conversationFilters: seg({ dimension: 'conversationEnd', operator: 'exists', value: 'x' }) }),
    status: 400,
    code: 'bad.request',
    message: 'The "exists" operator takes no value',
  },
  // --- details query: paging
  { name: 'details: pageSize 0', call: details({ interval: DAY, paging: { pageSize: 0, pageNumber: 1 } }), status: 400, code: 'bad.request', message: 'paging.pageSize must be an integer from 1 to 100; received [0]' },
  { name: 'details: pageSize 101', call: details({ interval: DAY, paging: { pageSize: 101, pageNumber: 1 } }), status: 400, code: 'bad.request', message: 'paging.pageSize must be an integer from 1 to 100; received [101]' },
  { name: 'details: pageNumber 0', call: details({ interval: DAY, paging: { pageSize: 25, pageNumber: 0 } }), status: 400, code: 'bad.request', message: 'paging.pageNumber must be an integer of at least 1' },
  { name: 'details: paging past 100,000 results', call: details({ interval: DAY, paging: { pageSize: 100, pageNumber: 1001 } }), status: 400, code: 'bad.request', message: /^Pagination may not exceed 100000 results\./ },
  // --- aggregates query
  { name: 'aggregates: no metrics', call: aggregates({ interval: DAY, groupBy: ['queueId'] }), status: 400, code: 'bad.request', message: 'needs at least one metric in "metrics"' },
  { name: 'aggregates: empty metrics', call: aggregates({ interval: DAY, metrics: [] }), status: 400, code: 'bad.request', message: 'needs at least one metric in "metrics"' },
  { name: 'aggregates: unknown metric', call: aggregates({ interval: DAY, metrics: ['nOfferred'] }), status: 400, code: 'invalid.value', message: 'Value [nOfferred] is not valid for field type [metrics] at metrics[0].' },
  { name: 'aggregates: unknown groupBy', call: aggregates({ interval: DAY, metrics: ['nOffered'], groupBy: ['queue'] }), status: 400, code: 'invalid.value', message: 'Value [queue] is not valid for field type [groupBy] at groupBy[0].' },
  { name: 'aggregates: granularity PT0M', call: aggregates({ interval: DAY, metrics: ['nOffered'], granularity: 'PT0M' }), status: 400, code: 'bad.request', message: /Invalid granularity \[PT0M\].*longer than zero/ },
  { name: "aggregates: granularity '1 hour'", call: aggregates({ interval: DAY, metrics: ['nOffered'], granularity: '1 hour' }), status: 400, code: 'bad.request', message: 'Invalid granularity [1 hour]' },
  { name: 'aggregates: unknown timeZone', call: aggregates({ interval: DAY, metrics: ['nOffered'], timeZone: 'Mars/Olympus_Mons' }), status: 400, code: 'bad.request', message: 'Unknown timeZone [Mars/Olympus_Mons]' },
  { name: 'aggregates: paging', call: aggregates({ interval: DAY, metrics: ['nOffered'], paging: { pageSize: 25, pageNumber: 1 } }), status: 400, code: 'bad.request', message: /^Unrecognized field "paging" in ConversationAggregationQuery\..*not paged/ },
  { name: 'aggregates: malformed interval', call: aggregates({ interval: 'yesterday', metrics: ['nOffered'] }), status: 400, code: 'invalid.date', message: 'Invalid interval [yesterday]' },
  // --- queue observations
  { name: 'observations: no filter', call: observations({ metrics: ['oWaiting'] }), status: 400, code: 'bad.request', message: 'The filter is required' },
  {
    name: 'observations: unknown metric',
    call: observations({ filter: { type: 'or', predicates: [{ dimension: 'mediaType', value: 'voice' }] }, metrics: ['oWaitingTime'] }),
    status: 400,
    code: 'invalid.value',
    message: 'Value [oWaitingTime] is not valid for field type [metrics] at metrics[0].',
  },
  {
    name: 'observations: interval',
    call: observations({ filter: { type: 'or', predicates: [{ dimension: 'mediaType', value: 'voice' }] }, metrics: ['oWaiting'], interval: DAY }),
    status: 400,
    code: 'bad.request',
    message: /^Unrecognized field "interval" in QueueObservationQuery\..*snapshot of now/,
  },
  // --- directory listings
  { name: 'users: pageSize 0', call: (a) => a.users.getUsers({ pageSize: 0 }), status: 400, code: 'bad.request', message: 'Value [0] is not valid for parameter [pageSize]' },
  { name: 'users: pageSize 501', call: (a) => a.users.getUsers({ pageSize: 501 }), status: 400, code: 'bad.request', message: /Value \[501\] is not valid for parameter \[pageSize\].*from 1 to 500/ },
  { name: 'users: unknown expand', call: (a) => a.users.getUsers({ expand: ['routingStatus', 'mood'] }), status: 400, code: 'invalid.value', message: 'Value [mood] is not valid for field type [expand]' },
  { name: 'users: 101 ids', call: (a) => a.users.getUsers({ id: fakeIds(101) }), status: 400, code: 'bad.request', message: 'Too many ids: 101 were given, at most 100' },
  { name: 'queues: 101 ids', call: (a) => a.routing.getRoutingQueues({ id: fakeIds(101) }), status: 400, code: 'bad.request', message: 'Too many ids: 101 were given, at most 100' },
  { name: 'analytics multi-get: 101 ids', call: (a) => a.analytics.getAnalyticsConversationsDetails({ id: fakeIds(101) }), status: 400, code: 'bad.request', message: 'Too many ids: 101' },
  { name: 'conversations: unknown communicationType', call: () => asUserApis().conversations.getConversations({ communicationType: 'fax' }), status: 400, code: 'invalid.value', message: 'Value [fax] is not valid for field type [communicationType]' },
  // --- transport
  {
    name: 'body over 512000 bytes',
    call: details({ interval: DAY, segmentFilters: seg({ dimension: 'wrapUpNote', value: 'x'.repeat(520_000) }) }),
    status: 413,
    code: 'request.entity.too.large',
    message: 'The request is over the size limit. Maximum bytes: 512000',
  },
  {
    name: 'wrong content type',
    call: () => apis(textPlainClient()).analytics.postAnalyticsConversationsDetailsQuery({ interval: DAY }),
    status: 415,
    code: 'unsupported.media.type',
    message: 'Unsupported Media Type',
  },
];

function asUserApis(): Apis {
  const c = newClient(sandbox.port);
  c.setAccessToken(sandbox.mintUserToken(sandbox.store.org.agents[0]!.id));
  return apis(c);
}

/** A client whose requests say `Content-Type: text/plain` (the SDK always sends application/json otherwise). */
function textPlainClient(): Client {
  const c = newClient(sandbox.port);
  c.setAccessToken(token);
  // setPreHook is in the SDK (DefaultHttpClient interceptors) but not in its typings.
  (c as unknown as { setPreHook(fn: (config: { headers: Record<string, string> }) => unknown): void }).setPreHook((config) => {
    config.headers['Content-Type'] = 'text/plain';
    return config;
  });
  return c;
}

describe('bad requests through the SDK', () => {
  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)('$name → $status $code', async ({ call, status, code, message }) => {
    const r = await rejection(call(apis(client)));
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body.code).toBe(code);
    expect(r.body.status).toBe(status);
    if (typeof message === 'string') expect(r.body.message).toContain(message);
    else expect(r.body.message).toMatch(message);
    expect(r.headers['inin-correlation-id']).toMatch(UUID);
    expect(r.body.contextId).toBe(r.headers['inin-correlation-id']);
  });

  it('the requests above were really rejected by the server (logged with their status)', () => {
    const statuses = sandbox.log.entries().map((e) => e.status);
    for (const s of [400, 413, 415]) expect(statuses).toContain(s);
  });
});

describe('bad requests the SDK cannot send', () => {
  it('a body that is not JSON → 400 naming the JSON problem', async () => {
    const res = await fetch(`${sandbox.url}/api/v2/analytics/conversations/details/query`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{"interval": "2026-03-10T00:00:00Z/2026-03-11T00:00:00Z",',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.code).toBe('bad.request');
    expect(body.message).toContain('The request body is not valid JSON');
    expect(body.contextId).toBe(res.headers.get('inin-correlation-id'));
  });

  it('no bearer token → 401 authentication.required', async () => {
    const res = await fetch(`${sandbox.url}/api/v2/users`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as ErrorBody;
    expect(body.code).toBe('authentication.required');
    expect(body.message).toBe('No authentication bearer token specified in authorization header.');
  });

  it('a Basic header instead of a bearer → 401 authentication.required', async () => {
    const res = await fetch(`${sandbox.url}/api/v2/users`, { headers: { Authorization: `Basic ${Buffer.from('cxgraph-demo:cxgraph-demo-secret').toString('base64')}` } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).code).toBe('authentication.required');
  });
});

describe('bad credentials', () => {
  interface AxiosLike {
    isAxiosError?: boolean;
    response?: { status: number; data: { error?: string; description?: string; error_description?: string } };
  }
  async function loginError(id: string, secret: string): Promise<AxiosLike> {
    const c = newClient(sandbox.port);
    try {
      await c.loginClientCredentialsGrant(id, secret);
    } catch (e) {
      return e as AxiosLike;
    }
    throw new Error('expected the login to fail');
  }

  it('unknown client id → the SDK rejects with an AxiosError: 401 invalid_client "client not found"', async () => {
    const e = await loginError('no-such-client', 'whatever');
    expect(e.isAxiosError).toBe(true);
    expect(e.response?.status).toBe(401);
    expect(e.response?.data).toEqual({ error: 'invalid_client', description: 'client not found', error_description: 'client not found' });
  });

  it('wrong secret → 401 invalid_client "authentication failed"', async () => {
    const e = await loginError('cxgraph-demo', 'not-the-secret');
    expect(e.isAxiosError).toBe(true);
    expect(e.response?.status).toBe(401);
    expect(e.response?.data.error).toBe('invalid_client');
    expect(e.response?.data.description).toBe('authentication failed');
  });

  it('a revoked token → 401 bad.credentials, other tokens unaffected', async () => {
    const c = newClient(sandbox.port);
    const mine = (await c.loginClientCredentialsGrant('cxgraph-demo', 'cxgraph-demo-secret')).accessToken;
    await new platformClient.UsersApi(c).getUsers({ pageSize: 1 });
    const res = await fetch(`${sandbox.url}/__sandbox/tokens/revoke`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: mine }) });
    expect(await res.json()).toEqual({ revoked: 1 });
    const r = await rejection(new platformClient.UsersApi(c).getUsers({ pageSize: 1 }));
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('bad.credentials');
    expect(r.body.message).toBe('Invalid login credentials.');
    // The file's main client still works.
    const okay = (await apis(client).users.getUsers({ pageSize: 1 })) as unknown as { status: number };
    expect(okay.status).toBe(200);
  });
});

describe('an expired token (separate sandbox: expiring touches every token)', () => {
  let other: Sandbox;
  beforeAll(async () => {
    other = await createSandbox({ seed: 7, now: NOW });
  });
  afterAll(async () => {
    await other?.close();
  });

  it('→ 401 credentials.expired; a new login works again', async () => {
    const c = newClient(other.port);
    await c.loginClientCredentialsGrant('cxgraph-demo', 'cxgraph-demo-secret');
    const users = new platformClient.UsersApi(c);
    expect(((await users.getUsers({ pageSize: 1 })) as unknown as { status: number }).status).toBe(200);
    const res = await fetch(`${other.url}/__sandbox/tokens/expire`, { method: 'POST' });
    expect(((await res.json()) as { expired: number }).expired).toBeGreaterThanOrEqual(1);
    const r = await rejection(users.getUsers({ pageSize: 1 }));
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('credentials.expired');
    expect(r.body.message).toBe('The supplied credentials are expired and cannot be used.');
    await c.loginClientCredentialsGrant('cxgraph-demo', 'cxgraph-demo-secret');
    expect(((await users.getUsers({ pageSize: 1 })) as unknown as { status: number }).status).toBe(200);
  });
});
