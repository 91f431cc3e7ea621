#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createSandbox, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from './sandbox.js';

const USAGE = `Usage: cxgraph-sandbox [--port N] [--host H] [--seed S] [--now ISO] [--rate-limit N]

Starts a simulated Genesys Cloud org (a real HTTP server) in the foreground; Ctrl-C stops it.

  --port N        port to listen on (default 4010; 0 picks a free one)
  --host H        address to bind (default 127.0.0.1)
  --seed S        the org and its history follow from this integer (default 1)
  --now ISO       freeze the sandbox clock at this instant (default: real time)
  --rate-limit N  requests per token per minute (default 300)
  -h, --help      show this help`;

function fail(message: string): never {
  process.stderr.write(`cxgraph-sandbox: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        now: { type: 'string' },
        'rate-limit': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = integer('port', values.port, 0, 65535) ?? 4010;
  const seed = integer('seed', values.seed, 0, 2 ** 31 - 1) ?? 1;
  const rate = integer('rate-limit', values['rate-limit'], 1, 1_000_000);
  if (values.now !== undefined && Number.isNaN(Date.parse(values.now))) fail(`--now must be an ISO-8601 instant such as 2026-01-15T10:00:00Z, got "${values.now}"`);

  let sandbox;
  try {
    sandbox = await createSandbox({
      port,
      seed,
      ...(values.host ? { host: values.host } : {}),
      ...(values.now ? { now: values.now } : {}),
      ...(rate ? { limits: { requestsPerMinute: rate } } : {}),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') fail(`port ${port} is already in use; pick another with --port`);
    throw e;
  }
  const agents = sandbox.store.org.agents.length;
  const queues = sandbox.store.org.queues.length;
  process.stdout.write(
    [
      `Genesys Cloud sandbox (seed ${seed}: ${agents} agents, ${queues} queues) listening on ${sandbox.url}`,
      `  OAuth client id:     ${DEMO_CLIENT_ID}`,
      `  OAuth client secret: ${DEMO_CLIENT_SECRET}`,
      `  API:                 ${sandbox.url}/api/v2/...   token: POST ${sandbox.url}/oauth/token`,
      `  Control API:         ${sandbox.url}/__sandbox/health (clock, faults, limits, request log)`,
      `  Point cxgraph at it: GENESYS_API_URL=${sandbox.url} GENESYS_CLIENT_ID=${DEMO_CLIENT_ID} GENESYS_CLIENT_SECRET=${DEMO_CLIENT_SECRET}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`cxgraph-sandbox: ${(e as Error).message}\n`);
  process.exit(1);
});
