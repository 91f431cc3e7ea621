/**
 * One cold start, run by bench/run.ts as a fresh `node` process (plain JavaScript, no tsx: what a deployment
 * runs). It imports the BUILT packages (@cxgraph/graphql's dist via the package's own `exports`,
 * @cxgraph/core's and @cxgraph/sandbox's dist), starts the sandbox (the stand-in for Genesys Cloud), then
 * creates the client and the gateway and answers one query. It prints one JSON line on stdout, then exits.
 *
 * Times are `performance.now()`: ms since this process's time origin (its start).
 *   sandboxImported  the sandbox's modules loaded
 *   sandboxReady     the sandbox listening (the upstream exists from here on)
 *   gatewayImported  @cxgraph/core and @cxgraph/graphql loaded
 *   gatewayCreated   createClient + createGateway returned (the schema is built here)
 *   answered         the first answer parsed (login + GET /routing/queues included)
 * The "gateway part" is answered − sandboxReady: what a gateway process costs once its upstream is there.
 */
const QUERY = '{ queues(first: 5) { edges { node { name } } } }';
const NOW = '2026-03-10T14:30:00Z';

const marks = { start: performance.now() };
const { createSandbox } = await import('@cxgraph/sandbox');
marks.sandboxImported = performance.now();
const sandbox = await createSandbox({ seed: 1, now: NOW, limits: { requestsPerMinute: 1_000_000 } });
marks.sandboxReady = performance.now();

const [{ createClient }, { createGateway }] = await Promise.all([import('@cxgraph/core'), import('@cxgraph/graphql')]);
marks.gatewayImported = performance.now();
const client = createClient({
  apiUrl: sandbox.url,
  clientId: 'cxgraph-demo',
  clientSecret: 'cxgraph-demo-secret',
  rateLimitPerMinute: 1_000_000,
  now: () => sandbox.clock.now(),
  sources: { env: {}, dotenv: false },
});
const gateway = createGateway({ client, now: () => sandbox.clock.now(), logger: false });
marks.gatewayCreated = performance.now();
const response = await gateway.fetch('http://localhost/graphql', {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify({ query: QUERY }),
});
const body = await response.json();
marks.answered = performance.now();

const names = body?.data?.queues?.edges?.map((e) => e.node.name) ?? [];
const counters = Object.fromEntries(Object.entries(sandbox.log.counters()).map(([endpoint, c]) => [endpoint, c.requests]));
process.stdout.write(`${JSON.stringify({ status: response.status, names, errors: body?.errors ?? null, marks, counters })}\n`);
await sandbox.close();
process.exit(0);
