/**
 * /health (the process is up) and /readiness (the upstream answers a cheap call with the server's
 * credentials; cached, so probes cannot spend the rate budget; a JSON reason on 503).
 */
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useReadiness } from '../src/plugins/use-readiness.js';
import { setup, type Setup } from './gateway-setup.js';

let s: Setup;
beforeAll(async () => {
  s = await setup();
});
afterAll(() => s.close());

const get = async (gateway: { fetch: (url: string) => Promise<Response> | Response }, path: string) => {
  const response = await gateway.fetch(`http://x${path}`);
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
};

describe('/health', () => {
  it('is 200 without touching the upstream, credentials or not', async () => {
    const before = s.sandbox.log.lastSeq;
    expect((await get(s.gateway, '/health')).status).toBe(200);
    expect((await get(s.makeGateway({ requireBearer: true }), '/health')).status).toBe(200);
    expect(s.sandbox.log.entries({ since: before })).toEqual([]);
  });
});

describe('/readiness', () => {
  it('is 200 {"status":"ready"} when the upstream answers GET /api/v2/tokens/me, and cached', async () => {
    const gateway = s.makeGateway();
    const before = s.sandbox.log.lastSeq;
    const first = await get(gateway, '/readiness');
    expect(first).toMatchObject({ status: 200, json: { status: 'ready' } });
    expect(first.type).toContain('application/json');
    await Promise.all(Array.from({ length: 5 }, () => get(gateway, '/readiness')));
    const calls = s.sandbox.log.entries({ since: before }).filter((e) => e.endpoint === 'GET /api/v2/tokens/me');
    expect(calls).toHaveLength(1);
  });

  it('is 503 with a JSON reason when the upstream refuses the server’s credentials (no secret in it)', async () => {
    const gateway = s.makeGateway({ client: s.clientFor('cxgraph-demo', 'not-the-secret') });
    const r = await get(gateway, '/readiness');
    expect(r.status).toBe(503);
    expect(r.json).toMatchObject({ status: 'unavailable', code: 'AUTHENTICATION', reason: expect.any(String) });
    expect(r.text).not.toContain('not-the-secret');
  });

  it('uses the readiness option when given', async () => {
    expect(await get(s.makeGateway({ readiness: async () => false }), '/readiness')).toMatchObject({ status: 503, json: { status: 'unavailable', reason: 'The readiness check failed.' } });
    expect(await get(s.makeGateway({ readiness: async () => true }), '/readiness')).toMatchObject({ status: 200, json: { status: 'ready' } });
    const throwing = await get(
      s.makeGateway({
        readiness: async () => {
          throw new Error('internal detail');
        },
      }),
      '/readiness',
    );
    expect(throwing).toMatchObject({ status: 503, json: { status: 'unavailable', reason: 'The readiness check failed.' } });
    expect(throwing.text).not.toContain('internal detail');
  });

  const yogaWith = (check: () => Promise<boolean>, options: { cacheMs?: number; timeoutMs?: number }) =>
    createYoga({ schema: createSchema({ typeDefs: 'type Query { a: Int }' }), logging: false, plugins: [useReadiness({ check, ...options })] });

  it('a check that hangs is 503 after the timeout', async () => {
    const r = await get(yogaWith(() => new Promise<boolean>(() => {}), { timeoutMs: 50 }), '/readiness');
    expect(r).toMatchObject({ status: 503, json: { status: 'unavailable', code: 'TIMEOUT', reason: 'The readiness check did not finish within 50 ms.' } });
  });

  it('checks again once the cached answer is older than cacheMs', async () => {
    let checks = 0;
    const yoga = yogaWith(async () => ++checks > 1, { cacheMs: 30 });
    expect((await get(yoga, '/readiness')).status).toBe(503);
    expect((await get(yoga, '/readiness')).status).toBe(503);
    expect(checks).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect((await get(yoga, '/readiness')).status).toBe(200);
    expect(checks).toBe(2);
  });
});
