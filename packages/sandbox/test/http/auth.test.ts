import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_USER, sleep, startTestSandbox, type TestSandbox } from './support.js';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterEach(async () => {
  await sb.control('PUT', '/__sandbox/limits', { tokenLifetimeSeconds: 86_400, userContextErrorStatus: 400 });
});
afterAll(() => sb.close());

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string; contextId: string; messageParams: Record<string, string> }> {
  const body = (await res.json()) as { status: number; code: string; message: string; contextId: string; messageParams: Record<string, string>; details: unknown[]; errors: unknown[] };
  expect(body.status).toBe(res.status);
  expect(body.contextId).toBe(res.headers.get('inin-correlation-id'));
  expect(body.details).toEqual([]);
  expect(body.errors).toEqual([]);
  return body;
}

describe('bearer check', () => {
  const cases: Array<{ name: string; header: (t: string) => string | undefined; code: string; message: string }> = [
    { name: 'missing header', header: () => undefined, code: 'authentication.required', message: 'No authentication bearer token specified in authorization header.' },
    { name: 'other scheme', header: (t) => `Token ${t}`, code: 'authentication.required', message: 'No authentication bearer token specified in authorization header.' },
    { name: 'empty bearer', header: () => 'Bearer ', code: 'authentication.required', message: 'No authentication bearer token specified in authorization header.' },
    { name: 'unknown token', header: () => 'Bearer not-a-real-token', code: 'bad.credentials', message: 'Invalid login credentials.' },
    { name: 'token with a typo', header: (t) => `Bearer ${t}x`, code: 'bad.credentials', message: 'Invalid login credentials.' },
  ];
  it.each(cases)('$name → 401 $code', async ({ header, code, message }) => {
    const token = await sb.login();
    const h = header(token);
    const res = await sb.api('/api/v2/ping', h === undefined ? {} : { headers: { Authorization: h } });
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toMatchObject({ code, message });
  });

  it('accepts a valid token (scheme is case-insensitive)', async () => {
    const token = await sb.login();
    const res = await sb.api('/api/v2/ping', { headers: { Authorization: `bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, clientId: 'cxgraph-demo' });
  });

  it('answers credentials.expired after POST /__sandbox/tokens/expire, and new logins work', async () => {
    const token = await sb.login();
    expect((await sb.api('/api/v2/ping', { token })).status).toBe(200);
    const { json } = await sb.control('POST', '/__sandbox/tokens/expire');
    expect(json.expired).toBeGreaterThanOrEqual(1);
    const res = await sb.api('/api/v2/ping', { token });
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toMatchObject({ code: 'credentials.expired', message: 'The supplied credentials are expired and cannot be used.' });
    expect((await sb.api('/api/v2/ping', { token: await sb.login() })).status).toBe(200);
  });

  it('expires tokens by real time once their lifetime passes', async () => {
    await sb.control('PUT', '/__sandbox/limits', { tokenLifetimeSeconds: 0.15 });
    const token = await sb.login();
    expect((await sb.api('/api/v2/ping', { token })).status).toBe(200);
    await sleep(200);
    const res = await sb.api('/api/v2/ping', { token });
    expect((await errorOf(res)).code).toBe('credentials.expired');
  });

  it.each([
    { name: 'one token', revoke: (t: string) => ({ token: t }) },
    { name: 'by client', revoke: () => ({ clientId: 'cxgraph-no-analytics' }) },
    { name: 'all', revoke: () => ({ all: true }) },
  ])('revoked ($name) → bad.credentials', async ({ revoke }) => {
    const other = await sb.login();
    const token = await sb.login('cxgraph-no-analytics', 'cxgraph-no-analytics-secret');
    const { status, json } = await sb.control('POST', '/__sandbox/tokens/revoke', revoke(token));
    expect(status).toBe(200);
    expect(json.revoked).toBeGreaterThanOrEqual(1);
    const res = await sb.api('/api/v2/ping', { token });
    expect((await errorOf(res)).code).toBe('bad.credentials');
    // Revoking one client's tokens leaves the others alone.
    const otherStatus = (await sb.api('/api/v2/ping', { token: other })).status;
    expect(otherStatus).toBe('all' in revoke(token) ? 401 : 200);
  });
});

describe('permissions and user context', () => {
  it('403 missing.any.permissions names every accepted permission', async () => {
    const token = await sb.login('cxgraph-no-analytics', 'cxgraph-no-analytics-secret');
    const res = await sb.api('/api/v2/things/a', { token });
    expect(res.status).toBe(403);
    const list = '[analytics:conversationDetail:view, analytics:agentConversationDetail:view]';
    expect(await errorOf(res)).toMatchObject({
      code: 'missing.any.permissions',
      message: `Unable to perform the requested action. You must have at least one of the following permissions assigned: ${list}`,
      messageParams: { permissions: list },
    });
  });

  it.each([
    { name: 'demo client (first permission)', token: () => sb.login(), status: 200 },
    { name: 'agent user token (second permission)', token: async () => (await sb.control('POST', '/__sandbox/tokens/user', { userId: KNOWN_USER })).json.access_token as string, status: 200 },
    { name: 'no-analytics client', token: () => sb.login('cxgraph-no-analytics', 'cxgraph-no-analytics-secret'), status: 403 },
  ])('route needing ANY of two permissions: $name → $status', async ({ token, status }) => {
    expect((await sb.api('/api/v2/things/x', { token: await token() })).status).toBe(status);
  });

  it.each([400, 403])('client credentials on a user-context route → %i bad.request', async (userContextErrorStatus) => {
    await sb.control('PUT', '/__sandbox/limits', { userContextErrorStatus });
    const res = await sb.api('/api/v2/me', { token: await sb.login() });
    expect(res.status).toBe(userContextErrorStatus);
    expect(await errorOf(res)).toMatchObject({
      code: 'bad.request',
      message: 'This request requires a user context. Client credentials cannot be used for requests to this resource.',
    });
  });

  it('a user token minted over the control API acts as that user', async () => {
    const { status, json } = await sb.control('POST', '/__sandbox/tokens/user', { userId: KNOWN_USER });
    expect(status).toBe(200);
    expect(json).toEqual({ access_token: expect.stringMatching(/^[A-Za-z0-9_-]{64}$/), token_type: 'bearer', expires_in: 86_400, userId: KNOWN_USER });
    const res = await sb.api('/api/v2/me', { token: json.access_token });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: KNOWN_USER });
    const ping = (await (await sb.api('/api/v2/ping', { token: json.access_token })).json()) as { clientId: string };
    expect(ping.clientId).toBe('cxgraph-demo');
  });

  it.each([
    { body: { userId: 'nobody' }, status: 404, message: /nobody/ },
    { body: {}, status: 400, message: /userId/ },
    { body: { userId: KNOWN_USER, extra: 1 }, status: 400, message: /extra/ },
  ])('POST /__sandbox/tokens/user $body → $status', async ({ body, status, message }) => {
    const r = await sb.control('POST', '/__sandbox/tokens/user', body);
    expect(r.status).toBe(status);
    expect(r.json.message).toMatch(message);
  });
});
