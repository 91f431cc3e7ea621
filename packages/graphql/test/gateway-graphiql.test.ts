/**
 * GraphiQL at /graphql for browsers, offline (everything inlined, nothing from a CDN), titled "cxgraph",
 * opening with the examples as tabs; and every example runs against the sandbox within the limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, SUBSCRIPTION_EXAMPLES } from '../src/examples.js';
import { GRAPHIQL_HEADERS, graphiqlOptions } from '../src/graphiql.js';
import { gql, setup, type Setup } from './gateway-setup.js';

let s: Setup;
beforeAll(async () => {
  s = await setup();
});
afterAll(() => s.close());

const page = async (gateway = s.gateway, url = 'http://x/graphql') => {
  const response = await gateway.fetch(url, { headers: { accept: 'text/html,application/xhtml+xml' } });
  return { response, html: await response.text() };
};

/** The options object the page hands to GraphiQL. */
function pageOptions(html: string): Record<string, unknown> {
  const match = /renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*(\{.*\}),\s*\);/s.exec(html);
  expect(match, 'the renderYogaGraphiQL call').not.toBeNull();
  return JSON.parse(match![1]!) as Record<string, unknown>;
}

describe('GraphiQL', () => {
  it('is served at /graphql to a browser GET, titled cxgraph', async () => {
    const { response, html } = await page();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('<title>cxgraph</title>');
    expect(pageOptions(html)).toMatchObject({ title: 'cxgraph' });
  });

  it('loads nothing from the network: scripts, styles and workers are inline', async () => {
    const { html } = await page();
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+rel=["']?stylesheet/i);
    expect(html).not.toMatch(/unpkg\.com|cdn\.jsdelivr\.net/);
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(html).toContain('prepareBlob('); // the Monaco workers, from inline blobs
    expect(html.length).toBeGreaterThan(1_000_000);
  });

  it('opens with every example as a named operation of the default document', async () => {
    const options = pageOptions((await page()).html);
    const document = options['defaultQuery'] as string;
    for (const e of EXAMPLES) expect(document).toContain(`query ${e.name}`);
    for (const e of SUBSCRIPTION_EXAMPLES) expect(document).toContain(`subscription ${e.name}`);
    expect(options['subscriptionsProtocol']).toBe('SSE');
    expect(document.indexOf(`query ${EXAMPLES[0]!.name}`)).toBeLessThan(document.indexOf(`query ${EXAMPLES[1]!.name}`));
    // The live↔historical join is one of them.
    expect(document).toContain('liveConversations(first: 20, filter: {mediaTypes: ["voice"]})');
    expect(document).toContain('metrics(range: {relative: LAST_7_DAYS})');
    expect(JSON.parse(options['defaultHeaders'] as string)).toEqual({ 'x-cxgraph-upstream': '1' });
    expect(options['defaultTabs']).toBeUndefined();
    expect(options['additionalHeaders']).toEqual(GRAPHIQL_HEADERS);
  });

  it('is the same page on every request (rendered once)', async () => {
    const [a, b] = await Promise.all([page(), page()]);
    expect(a.html).toBe(b.html);
  });

  it('is not served with graphiql: false', async () => {
    const { response, html } = await page(s.makeGateway({ graphiql: false }));
    expect(response.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(html).not.toContain('renderYogaGraphiQL');
  });

  it('its requests pass CSRF prevention: JSON posts with its header, introspection included', async () => {
    const r = await gql(s.gateway, '{ __schema { queryType { name } } }', { headers: { ...GRAPHIQL_HEADERS, 'x-cxgraph-upstream': '1' } });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    // GraphiQL with GET for queries would pass too: its additional header is a CSRF header.
    const get = await s.gateway.fetch(`http://x/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { ...GRAPHIQL_HEADERS, accept: 'application/json' } });
    expect(get.status).toBe(200);
  });

  it('graphiqlOptions can take other examples', () => {
    expect(graphiqlOptions([EXAMPLES[1]!])).toMatchObject({ title: 'cxgraph', defaultQuery: `${EXAMPLES[1]!.query.trim()}\n` });
  });
});

describe('examples', () => {
  it.each(EXAMPLES.map((e) => [e.name, e] as const))('%s runs against the sandbox without errors, within the limits', async (_name, example) => {
    const r = await gql(s.gateway, example.query, { ...(example.variables ? { variables: example.variables } : {}), headers: { 'x-cxgraph-upstream': '1' } });
    expect(r.body.errors).toBeUndefined();
    expect(r.status).toBe(200);
    const [root] = Object.values(r.body.data ?? {});
    expect(root).toBeTruthy();
    expect((r.body.extensions?.['upstream'] as { requests: number }).requests).toBeGreaterThan(0);
    expect(example.query).toContain(`query ${example.name}`);
  });

  it('the live↔historical join returns agents with their 7-day figures', async () => {
    const join = EXAMPLES.find((e) => e.name === 'LiveCallsWithAgentHistory')!;
    const r = await gql(s.gateway, join.query);
    type Node = { participants: Array<{ purpose: string; agent: { name: string; metrics: { handled: number; handleTime: { avg: number } | null } | null } | null }> };
    const edges = (r.body.data as { liveConversations: { edges: Array<{ node: Node }> } }).liveConversations.edges;
    const agents = edges.flatMap((e) => e.node.participants.map((p) => p.agent).filter((a) => a !== null));
    expect(agents.length).toBeGreaterThan(0);
    expect(agents.some((a) => a.metrics && a.metrics.handled > 0 && a.metrics.handleTime && a.metrics.handleTime.avg > 0)).toBe(true);
  });
});
