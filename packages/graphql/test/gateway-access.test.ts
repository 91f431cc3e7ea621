import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../src/plugins/access/api-keys.js';
import { gql, setup, upstreamSince, type GqlResponse, type Setup } from './gateway-setup.js';

/** Every refusal: the status, the code, no data, and not a single upstream call. */
async function expectRefused(s: Setup, run: () => Promise<GqlResponse>, status: number, code: string) {
  const since = s.sandbox.log.lastSeq;
  const r = await run();
  expect(r.status).toBe(status);
  expect(r.body.errors?.[0]?.extensions?.['code']).toBe(code);
  expect(r.body.data ?? null).toBeNull();
  expect(upstreamSince(s.sandbox, since)).toHaveLength(0);
  return r;
}

const AGENT_NAMES = '{ agents(first: 2) { edges { node { name } } } }';
const AGENT_EMAILS = '{ agents(first: 2) { edges { node { name email } } } }';

let s: Setup;
beforeAll(async () => {
  s = await setup();
});
afterAll(() => s.close());

describe('API keys', () => {
  const reader = generateApiKey();
  const full = generateApiKey();
  const limited = generateApiKey();
  const gateway = () =>
    s.makeGateway({
      auth: {
        mode: 'api-keys',
        keys: [
          { name: 'reader', hash: hashApiKey(reader), scopes: ['read'] },
          { name: 'full', hash: hashApiKey(full), scopes: ['read', 'pii'] },
          { name: 'limited', hash: hashApiKey(limited), scopes: ['read'], rateLimitPerMinute: 2 },
        ],
      },
    });
  const bearer = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

  it('refuses no key and a wrong key with 401 AUTHENTICATION, without repeating the key', async () => {
    const g = gateway();
    await expectRefused(s, () => gql(g, AGENT_NAMES), 401, 'AUTHENTICATION');
    const wrong = generateApiKey();
    const r = await expectRefused(s, () => gql(g, AGENT_NAMES, bearer(wrong)), 401, 'AUTHENTICATION');
    expect(r.text).not.toContain(wrong);
    expect(r.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('answers a key with the scope; a missing scope (pii for emails) is 403 FORBIDDEN_SCOPE', async () => {
    const g = gateway();
    const ok = await gql(g, AGENT_NAMES, bearer(reader));
    expect(ok.status).toBe(200);
    expect((ok.body.data as { agents: { edges: unknown[] } }).agents.edges).toHaveLength(2);
    const r = await expectRefused(s, () => gql(g, AGENT_EMAILS, bearer(reader)), 403, 'FORBIDDEN_SCOPE');
    expect(r.body.errors?.[0]?.extensions?.['scope']).toBe('pii');
    // Through a fragment too.
    await expectRefused(s, () => gql(g, '{ agents(first: 1) { edges { node { ...A } } } } fragment A on Agent { email }', bearer(reader)), 403, 'FORBIDDEN_SCOPE');
    const emails = await gql(g, AGENT_EMAILS, bearer(full));
    expect(emails.status).toBe(200);
    expect(emails.body.errors).toBeUndefined();
  });

  it("limits each key to its own requests per minute: the third of 2/min is 429 with Retry-After", async () => {
    const g = gateway();
    expect((await gql(g, AGENT_NAMES, bearer(limited))).status).toBe(200);
    expect((await gql(g, AGENT_NAMES, bearer(limited))).status).toBe(200);
    const r = await expectRefused(s, () => gql(g, AGENT_NAMES, bearer(limited)), 429, 'RATE_LIMITED');
    // 2 a minute: a token every 30 s, so the wait is at most 30 s and more than a few.
    const retry = Number(r.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(20);
    expect(retry).toBeLessThanOrEqual(30);
    // Another key has its own budget.
    expect((await gql(g, AGENT_NAMES, bearer(reader))).status).toBe(200);
  });
});

describe('JWT', () => {
  let jwks: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as CryptoKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

  const sign = (claims: Record<string, unknown>, { audience = 'cxgraph', expires = '5m' as string | number } = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer('https://idp.test').setAudience(audience).setSubject('dash').setIssuedAt().setExpirationTime(expires).sign(privateKey);
  const gateway = () => s.makeGateway({ auth: { mode: 'jwt', jwt: { jwksUrl, issuer: 'https://idp.test', audience: 'cxgraph' } } });
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it('accepts a valid token from the JWKS; refuses none, expired, wrong audience, forged (401) and a missing scope (403)', async () => {
    const g = gateway();
    const ok = await gql(g, AGENT_NAMES, bearer(await sign({ scope: 'read' })));
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
    await expectRefused(s, () => gql(g, AGENT_NAMES), 401, 'AUTHENTICATION');
    const expired = await expectRefused(s, async () => gql(g, AGENT_NAMES, bearer(await sign({ scope: 'read' }, { expires: Math.floor(Date.now() / 1000) - 60 }))), 401, 'AUTHENTICATION');
    expect(expired.body.errors?.[0]).toMatchObject({ message: 'The JWT has expired.' });
    const wrongAud = await expectRefused(s, async () => gql(g, AGENT_NAMES, bearer(await sign({ scope: 'read' }, { audience: 'other' }))), 401, 'AUTHENTICATION');
    expect(wrongAud.body.errors?.[0]?.message).toContain('audience');
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({ scope: 'read pii' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer('https://idp.test').setAudience('cxgraph').setExpirationTime('5m').sign(other.privateKey);
    await expectRefused(s, () => gql(g, AGENT_NAMES, bearer(forged)), 401, 'AUTHENTICATION');
    await expectRefused(s, async () => gql(g, AGENT_EMAILS, bearer(await sign({ scope: 'read' }))), 403, 'FORBIDDEN_SCOPE');
    await expectRefused(s, async () => gql(g, AGENT_NAMES, bearer(await sign({}))), 403, 'FORBIDDEN_SCOPE');
    const emails = await gql(g, AGENT_EMAILS, bearer(await sign({ scope: 'read pii' })));
    expect(emails.body.errors).toBeUndefined();
  });

  it('verifies HS256 tokens with a shared secret', async () => {
    const secret = 'a-shared-secret-of-at-least-32-bytes!!';
    const g = s.makeGateway({ auth: { mode: 'jwt', jwt: { secret, issuer: 'https://idp.test', audience: 'cxgraph', scopesClaim: 'scp' } } });
    const token = (key: string) => new SignJWT({ scp: ['read'] }).setProtectedHeader({ alg: 'HS256' }).setIssuer('https://idp.test').setAudience('cxgraph').setExpirationTime('5m').sign(new TextEncoder().encode(key));
    expect((await gql(g, AGENT_NAMES, bearer(await token(secret)))).status).toBe(200);
    await expectRefused(s, async () => gql(g, AGENT_NAMES, bearer(await token(`${secret}-not`))), 401, 'AUTHENTICATION');
  });
});

describe('bearer pass-through', () => {
  it('refuses a request without a token with 401', async () => {
    const g = s.makeGateway({ auth: { mode: 'bearer' } });
    await expectRefused(s, () => gql(g, AGENT_NAMES), 401, 'AUTHENTICATION');
  });
});

describe('Host check', () => {
  it('refuses a foreign Host with 421 before any GraphQL runs', async () => {
    const g = s.makeGateway({ allowedHosts: ['localhost', '127.0.0.1'] });
    const r = await expectRefused(s, () => gql(g, AGENT_NAMES, { url: 'http://evil.example:4000/graphql' }), 421, 'HOST_NOT_ALLOWED');
    expect(r.body.errors?.[0]).toBeDefined();
    const get = await g.fetch(`http://evil.example/graphql?query=${encodeURIComponent(AGENT_NAMES)}`, { headers: { 'x-graphql-client': 't' } });
    expect(get.status).toBe(421);
    expect((await gql(g, AGENT_NAMES, { url: 'http://127.0.0.1:4000/graphql' })).status).toBe(200);
    expect((await gql(g, AGENT_NAMES, { url: 'http://LOCALHOST:9/graphql' })).status).toBe(200);
  });
});
