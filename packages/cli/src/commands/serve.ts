import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, hasCredentials, type CxGraphClient } from '@cxgraph/core';
import type { Sandbox } from '@cxgraph/sandbox';
import { Command, Option } from 'commander';
import type { Io } from '../io.js';
import { connectionOptions } from '../profiles.js';
import { integer } from '../args.js';

export interface ServeOptions {
  port: number;
  host: string;
  /** Serve on the in-process sandbox even when credentials are set. */
  sandbox: boolean;
  sandboxPort: number;
  seed: number;
  graphiql: boolean;
  /** Freeze the sandbox's clock here (ISO-8601). */
  sandboxNow?: string;
}

export interface Serving {
  url: string;
  sandboxUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * `cxgraph serve`: the gateway and GraphiQL. With no credentials anywhere (arguments, env, .env) it starts
 * the sandbox in-process first and serves on it, so a newcomer sees the product work at once.
 */
export async function serve(options: ServeOptions, io: Io, profile?: string): Promise<Serving> {
  // The same precedence as every command (--profile, env, .env, the default profile; see profiles.ts).
  const { sources, ...connection } = options.sandbox ? { sources: { env: io.env, cwd: io.cwd } } : connectionOptions(profile, io);
  // The gateway and the sandbox load only when serving: every other command starts without them.
  const [{ createGateway }, { createSandbox, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET }] = await Promise.all([import('@cxgraph/graphql'), import('@cxgraph/sandbox')]);
  let sandbox: Sandbox | undefined;
  let client: CxGraphClient;
  // The sandbox's clock is "now" for relative ranges and live durations (it may be frozen).
  let now: (() => number) | undefined;
  if (options.sandbox || !hasCredentials(connection, sources)) {
    sandbox = await createSandbox({ port: options.sandboxPort, seed: options.seed, ...(options.sandboxNow ? { now: options.sandboxNow } : {}) });
    const clock = sandbox.clock;
    now = () => clock.now();
    client = createClient({ apiUrl: sandbox.url, clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, now, sources: { env: {}, dotenv: false } });
  } else {
    client = createClient({ ...connection, sources });
  }
  const gateway = createGateway({ client, graphiql: options.graphiql, ...(now ? { now } : {}) });
  const server: Server = createServer(gateway);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  }).catch(async (e: unknown) => {
    await sandbox?.close();
    throw e;
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host === '127.0.0.1' || options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const url = `http://${shownHost}:${port}/graphql`;
  const lines = [`cxgraph gateway: ${url}  (open it in a browser for GraphiQL)`];
  if (sandbox) {
    lines.push(
      `upstream: the sandbox, a simulated Genesys Cloud org, at ${sandbox.url} (client ${DEMO_CLIENT_ID} / ${DEMO_CLIENT_SECRET})`,
      'To use a real org: set GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET and GENESYS_REGION (or GENESYS_ACCESS_TOKEN) in the environment or .env, and start again.',
    );
  } else {
    const target = client.config.target;
    lines.push(`upstream: ${target.kind === 'region' ? `Genesys Cloud ${target.region.aws} (${target.region.domain})` : target.url}`);
  }
  lines.push('Press Ctrl-C to stop.', '');
  io.out(lines.join('\n'));
  return {
    url,
    sandboxUrl: sandbox?.url,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await sandbox?.close();
    },
  };
}

/** Registers `cxgraph serve`; its action runs until SIGINT/SIGTERM. */
export function registerServe(program: Command, io: Io): void {
  program
    .command('serve')
    .description('Serve the GraphQL gateway and GraphiQL. With no credentials set, it serves a simulated org (the sandbox).')
    .addOption(new Option('-p, --port <port>', 'port of the gateway').default(4000).argParser(integer('--port', 0, 65535)).env('PORT'))
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .addOption(new Option('--sandbox-port <port>', 'port of the sandbox').default(4010).argParser(integer('--sandbox-port', 0, 65535)))
    .addOption(new Option('--seed <seed>', "the sandbox's seed").default(1).argParser(integer('--seed', 0, 2 ** 31 - 1)))
    .option('--no-graphiql', 'do not serve GraphiQL to browsers')
    .addHelpText('after', '\nExample:\n  cxgraph serve                 # no credentials: gateway on http://localhost:4000/graphql over the sandbox\n')
    .action(async (opts: { port: number; host: string; sandboxPort: number; seed: number; graphiql: boolean }, cmd: Command) => {
      // --sandbox and --sandbox-now are global options (every command takes them).
      let root = cmd;
      while (root.parent) root = root.parent;
      const global = root.opts<{ sandbox?: boolean; sandboxNow?: string; profile?: string }>();
      const serving = await serve({ ...opts, sandbox: Boolean(global.sandbox), ...(global.sandboxNow ? { sandboxNow: global.sandboxNow } : {}) }, io, global.profile);
      await new Promise<void>((resolve) => {
        const stop = () => void serving.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
