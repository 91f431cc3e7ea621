import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestSandbox, type TestSandbox } from './support.js';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ limits: { invalidClientStatus: 401 } });
});
afterAll(() => sb.close());

const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';

describe('POST /oauth/token over fetch', () => {
  const cases: Array<{ name: string; headers: Record<string, string>; body: string; method?: string; status: number; error?: string; description?: string }> = [
    { name: 'basic auth', headers: { Authorization: basic(DEMO.id, DEMO.secret), 'Content-Type': FORM }, body: 'grant_type=client_credentials', status: 200 },
    { name: 'credentials in the form', headers: { 'Content-Type': FORM }, body: `grant_type=client_credentials&client_id=${DEMO.id}&client_secret=${DEMO.secret}`, status: 200 },
    { name: 'unknown client', headers: { Authorization: basic('nobody', 'x'), 'Content-Type': FORM }, body: 'grant_type=client_credentials', status: 401, error: 'invalid_client', description: 'client not found' },
    { name: 'wrong secret', headers: { Authorization: basic(DEMO.id, 'wrong'), 'Content-Type': FORM }, body: 'grant_type=client_credentials', status: 401, error: 'invalid_client', description: 'authentication failed' },
    { name: 'no credentials', headers: { 'Content-Type': FORM }, body: 'grant_type=client_credentials', status: 401, error: 'invalid_client' },
    { name: 'missing grant', headers: { Authorization: basic(DEMO.id, DEMO.secret), 'Content-Type': FORM }, body: '', status: 400, error: 'invalid_request' },
    { name: 'unsupported grant', headers: { Authorization: basic(DEMO.id, DEMO.secret), 'Content-Type': FORM }, body: 'grant_type=password', status: 400, error: 'unsupported_grant_type' },
    { name: 'JSON body', headers: { Authorization: basic(DEMO.id, DEMO.secret), 'Content-Type': 'application/json' }, body: '{"grant_type":"client_credentials"}', status: 400, error: 'invalid_request' },
    { name: 'GET', method: 'GET', headers: { Authorization: basic(DEMO.id, DEMO.secret) }, body: '', status: 405, error: 'invalid_request' },
  ];
  it.each(cases)('$name → $status', async ({ headers, body, method = 'POST', status, error, description }) => {
    const res = await fetch(`${sb.url}/oauth/token`, { method, headers, ...(method === 'GET' ? {} : { body }) });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(res.headers.get('inin-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    const json = (await res.json()) as Record<string, unknown>;
    if (status === 200) {
      expect(json).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 86_400 });
      expect(json['access_token']).toMatch(/^[A-Za-z0-9_-]{64}$/);
    } else {
      expect(json['error']).toBe(error);
      expect(json['error_description']).toBe(json['description']);
      if (description) expect(json['description']).toBe(description);
      expect(json).not.toHaveProperty('code'); // OAuth-style, not an ErrorBody
    }
  });

  it('uses the client lifetime for cxgraph-short-lived and each login gets a new token', async () => {
    const a = await fetch(`${sb.url}/oauth/token`, { method: 'POST', headers: { Authorization: basic('cxgraph-short-lived', 'cxgraph-short-lived-secret'), 'Content-Type': FORM }, body: 'grant_type=client_credentials' });
    expect(((await a.json()) as { expires_in: number }).expires_in).toBe(300);
    expect(await sb.login()).not.toBe(await sb.login());
  });

  it('answers invalid_client with limits.invalidClientStatus', async () => {
    await sb.control('PUT', '/__sandbox/limits', { invalidClientStatus: 400 });
    try {
      const res = await fetch(`${sb.url}/oauth/token`, { method: 'POST', headers: { Authorization: basic('nobody', 'x'), 'Content-Type': FORM }, body: 'grant_type=client_credentials' });
      expect(res.status).toBe(400);
    } finally {
      await sb.control('PUT', '/__sandbox/limits', { invalidClientStatus: 401 });
    }
  });
});

describe('the real SDK', () => {
  const newClient = () => {
    const c = new platformClient.ApiClientClass();
    c.config.live_reload_config = false;
    // A loaded 2-core machine can take far longer than the SDK's 16 s on one cold request.
    (c as unknown as { timeout: number }).timeout = 120_000;
    c.setGateway({ host: '127.0.0.1', protocol: 'http', port: sb.server.port, path_params_login: '', path_params_api: '' });
    return c;
  };

  it('logs in and calls GET and POST endpoints with the token', async () => {
    const c = newClient();
    const before = Date.now();
    const auth = await c.loginClientCredentialsGrant(DEMO.id, DEMO.secret);
    expect(auth.accessToken).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(auth.tokenExpiryTime).toBeGreaterThanOrEqual(before + 86_400_000);
    const me = await new platformClient.TokensApi(c).getTokensMe();
    expect(me.OAuthClient).toEqual({ id: DEMO.id, name: 'cxgraph demo' });
    const q = await new platformClient.AnalyticsApi(c).postAnalyticsConversationsDetailsQuery({ interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z' });
    expect(q).toEqual({ echo: { interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z' } });
  });

  it.each([
    { name: 'unknown client', id: 'nobody', secret: 'x', description: 'client not found' },
    { name: 'wrong secret', id: DEMO.id, secret: 'wrong', description: 'authentication failed' },
  ])('rejects a login with $name as an AxiosError carrying the status', async ({ id, secret, description }) => {
    const err = (await newClient().loginClientCredentialsGrant(id, secret).then(
      () => undefined,
      (e: unknown) => e,
    )) as { name?: string; isAxiosError?: boolean; response?: { status: number; data: { error: string; description: string } } };
    expect(err?.isAxiosError).toBe(true);
    expect(err?.response?.status).toBe(401);
    expect(err?.response?.data).toMatchObject({ error: 'invalid_client', description });
  });

  it('rejects an API call with a revoked token with the ErrorBody, and extended responses expose headers', async () => {
    const c = newClient();
    const { accessToken } = await c.loginClientCredentialsGrant(DEMO.id, DEMO.secret);
    await sb.control('POST', '/__sandbox/tokens/revoke', { token: accessToken });
    c.setReturnExtendedResponses(true);
    const err = (await new platformClient.TokensApi(c).getTokensMe().then(
      () => undefined,
      (e: unknown) => e,
    )) as { status: number; headers: Record<string, string>; body: { code: string; contextId: string } };
    expect(err.status).toBe(401);
    expect(err.body.code).toBe('bad.credentials');
    expect(err.headers['inin-correlation-id']).toBe(err.body.contextId);
    expect(err.headers['inin-ratelimit-allowed']).toBe('300');
  });
});
