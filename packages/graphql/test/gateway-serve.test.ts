/** serveGateway: the gateway over a real port (node:http), GraphQL, GraphiQL and /health, then closed. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveGateway, type ServedGateway } from '../src/gateway.js';
import { setup, type Setup } from './gateway-setup.js';

let s: Setup;
let served: ServedGateway;
beforeAll(async () => {
  s = await setup();
  served = await serveGateway(s.gateway, { port: 0, host: '127.0.0.1' });
});
afterAll(() => s.close());

it('serves GraphQL, GraphiQL and /health on the port it got, then closes', async () => {
  expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
  expect(served.url).toBe(`${served.origin}/graphql`);

  const response = await fetch(served.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cxgraph-upstream': '1' },
    body: JSON.stringify({ query: '{ agents(first: 2) { edges { node { name } } } }' }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data: { agents: { edges: unknown[] } }; extensions: { upstream: { requests: number } } };
  expect(body.data.agents.edges).toHaveLength(2);
  expect(body.extensions.upstream.requests).toBeGreaterThan(0);

  const html = await fetch(served.url, { headers: { accept: 'text/html' } });
  expect(html.status).toBe(200);
  expect(await html.text()).toContain('<title>cxgraph</title>');

  expect((await fetch(`${served.origin}/health`)).status).toBe(200);

  // A keep-alive connection stays open: close() still ends.
  await served.close();
  await expect(fetch(`${served.origin}/health`)).rejects.toThrow();
});
