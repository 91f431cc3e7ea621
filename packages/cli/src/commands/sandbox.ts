import type { Sandbox } from '@cxgraph/sandbox';
import type { CommandDeps } from '../deps.js';
import type { Io } from '../io.js';

// The sandbox's fixed, documented demo credentials, spelled here so `--help` need not load the sandbox.
export const DEMO_CLIENT_ID = 'cxgraph-demo';
export const DEMO_CLIENT_SECRET = 'cxgraph-demo-secret';

export interface SandboxCommandOptions {
  port: number;
  host: string;
  seed: number;
  /** Freeze the clock here (ISO-8601; `--now`, else the global `--sandbox-now`); real time otherwise. */
  now?: string;
  /** Requests per token per minute (the sandbox's default: 300). */
  rateLimit?: number;
}

/** Starts the sandbox and prints where it is and how to point tools at it; the caller closes it. */
export async function startSandbox(options: SandboxCommandOptions, io: Io): Promise<Sandbox> {
  const { createSandbox } = await import('@cxgraph/sandbox');
  const sandbox = await createSandbox({
    port: options.port,
    host: options.host,
    seed: options.seed,
    ...(options.now ? { now: options.now } : {}),
    ...(options.rateLimit ? { limits: { requestsPerMinute: options.rateLimit } } : {}),
  });
  const { url } = sandbox;
  const org = sandbox.store.org;
  io.out(
    [
      `cxgraph sandbox: a simulated Genesys Cloud org (seed ${sandbox.seed}: ${org.agents.length} agents, ${org.queues.length} queues) listening on ${url}`,
      `  clock:               ${options.now ? `frozen at ${new Date(sandbox.clock.now()).toISOString()}` : 'real time'}`,
      `  OAuth client id:     ${DEMO_CLIENT_ID}`,
      `  OAuth client secret: ${DEMO_CLIENT_SECRET}`,
      `  other clients:       cxgraph-no-analytics (no analytics permission), cxgraph-short-lived (300 s tokens); secret: <id>-secret`,
      `  API:                 ${url}/api/v2/...   token: POST ${url}/oauth/token (Basic auth)`,
      `  control API:         ${url}/__sandbox/health (clock, faults, limits, request log)`,
      'Point cxgraph (or any Genesys Cloud tool) at it:',
      `  GENESYS_API_URL=${url} GENESYS_CLIENT_ID=${DEMO_CLIENT_ID} GENESYS_CLIENT_SECRET=${DEMO_CLIENT_SECRET} cxgraph agents`,
      `  or save a profile: cxgraph config set sandbox --api-url ${url} --client-id ${DEMO_CLIENT_ID} --client-secret ${DEMO_CLIENT_SECRET}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  return sandbox;
}

/** `cxgraph sandbox`: the simulated org in the foreground until Ctrl-C (SIGINT) or SIGTERM; returns its URL. */
export async function run(opts: SandboxCommandOptions, deps: CommandDeps): Promise<{ url: string }> {
  const stop = deps.interrupted();
  const sandbox = await startSandbox(opts, deps.io);
  if (!stop.aborted) await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
  await sandbox.close();
  return { url: sandbox.url };
}
