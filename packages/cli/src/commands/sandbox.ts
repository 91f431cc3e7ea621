import type { Sandbox } from '@cxgraph/sandbox';

// The sandbox's fixed, documented demo credentials, spelled here so `--help` need not load the sandbox.
const DEMO_CLIENT_ID = 'cxgraph-demo';
const DEMO_CLIENT_SECRET = 'cxgraph-demo-secret';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Io } from '../io.js';
import { integer } from '../args.js';

export interface SandboxCommandOptions {
  port: number;
  host: string;
  seed: number;
  /** Freeze the clock here (ISO-8601); real time otherwise. */
  now?: string;
  /** Requests per token per minute (the sandbox's default: 300). */
  rateLimit?: number;
}

const isoInstant =
  (name: string) =>
  (value: string): string => {
    if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`${name} must be an ISO-8601 instant such as 2026-03-10T14:30:00Z, got "${value}".`);
    return value;
  };

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

/** Registers `cxgraph sandbox`; its action runs until SIGINT/SIGTERM. */
export function registerSandbox(program: Command, io: Io): void {
  program
    .command('sandbox')
    .description('Run the sandbox, a simulated Genesys Cloud org, in the foreground (the same as `pnpm sandbox`).')
    .addOption(new Option('-p, --port <port>', 'port to listen on (0: any free port)').default(4010).argParser(integer('--port', 0, 65535)))
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .addOption(new Option('--seed <seed>', 'the org and its whole history follow from this integer').default(1).argParser(integer('--seed', 0, 2 ** 31 - 1)))
    .addOption(new Option('--now <instant>', "freeze the sandbox's clock at this ISO-8601 instant (default: real time)").argParser(isoInstant('--now')))
    .addOption(new Option('--rate-limit <n>', 'requests per token per minute (default 300, as Genesys)').argParser(integer('--rate-limit', 1, 1_000_000)))
    .addHelpText(
      'after',
      `
Demo credentials: ${DEMO_CLIENT_ID} / ${DEMO_CLIENT_SECRET}. To run one command against a private sandbox
instead, use the global --sandbox flag (cxgraph --sandbox agents).

Example:
  cxgraph sandbox --port 4010 --now 2026-03-10T14:30:00Z
  GENESYS_API_URL=http://127.0.0.1:4010 GENESYS_CLIENT_ID=${DEMO_CLIENT_ID} GENESYS_CLIENT_SECRET=${DEMO_CLIENT_SECRET} cxgraph live
`,
    )
    .action(async (opts: SandboxCommandOptions, cmd: Command) => {
      let root = cmd;
      while (root.parent) root = root.parent;
      // The global --sandbox-now means the same here when --now is not given.
      const now = opts.now ?? root.opts<{ sandboxNow?: string }>().sandboxNow;
      const sandbox = await startSandbox({ ...opts, ...(now ? { now } : {}) }, io);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void sandbox.close().then(resolve, resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
