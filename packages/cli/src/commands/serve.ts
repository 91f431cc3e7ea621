import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, hasCredentials, type CxGraphClient } from '@cxgraph/core';
import type { Sandbox } from '@cxgraph/sandbox';
import type { CommandDeps } from '../deps.js';
import type { Io } from '../io.js';
import { connectionOptions } from '../profiles.js';
import { addApiKey, allowedHosts, apiKeysPath, authOptions, corsOrigins, isLoopback, type AccessFlags } from './serve-access.js';

export interface ServeOptions extends AccessFlags {
  /** Make an API key with this name, store its hash, print the key once, and exit (no serving). */
  addApiKey?: string | undefined;
  /** Scopes of the key made by `addApiKey`. @default ['read'] */
  keyScopes?: string[] | undefined;
  /** Requests per minute of the key made by `addApiKey`. @default 60 */
  keyRateLimit?: number | undefined;
  port: number;
  host: string;
  /** Serve on the in-process sandbox even when credentials are set. */
  sandbox: boolean;
  sandboxPort: number;
  seed: number;
  graphiql: boolean;
  /** Freeze the sandbox's clock here (ISO-8601). */
  sandboxNow?: string;
  /** The global `--profile`: where the upstream connection comes from (see profiles.ts). */
  profile?: string;
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
export async function serve(options: ServeOptions, io: Io): Promise<Serving> {
  // Checked before anything starts: a refused configuration opens no port and starts no sandbox.
  const auth = await authOptions(options, options.host, io);
  const cors = corsOrigins(options, io);
  // The same precedence as every command (--profile, env, .env, the default profile; see profiles.ts).
  const { sources, ...connection } = options.sandbox ? { sources: { env: io.env, cwd: io.cwd } } : connectionOptions(options.profile, io);
  // The gateway and the sandbox load only when serving: every other command starts without them.
  const [{ createGateway, servedHostNames }, { createSandbox, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET }] = await Promise.all([import('@cxgraph/graphql'), import('@cxgraph/sandbox')]);
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
  let gateway;
  try {
    gateway = createGateway({
      client,
      graphiql: options.graphiql,
      auth,
      allowedHosts: allowedHosts(options.host, options, io, servedHostNames),
      ...(cors.length ? { cors: { origin: cors } } : {}),
      ...(now ? { now } : {}),
    });
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
  const server: Server = createServer(gateway);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  }).catch(async (e: unknown) => {
    await sandbox?.close();
    throw e;
  });
  const port = (server.address() as AddressInfo).port;
  const everywhere = options.host === '0.0.0.0' || options.host === '::';
  const shownHost = isLoopback(options.host) ? 'localhost' : everywhere ? (options.publicHost?.[0] ?? options.host) : options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${shownHost}:${port}/graphql`;
  const lines = [`cxgraph gateway: ${url}  (open it in a browser for GraphiQL)`];
  if (!isLoopback(options.host)) lines.push(`listening on ${everywhere ? `every network interface (${options.host})` : options.host}, reachable from other machines; auth: ${auth.mode}`);
  else if (auth.mode !== 'open') lines.push(`auth: ${auth.mode}`);
  if (cors.length) lines.push(`browser pages allowed from: ${cors.join(', ')}`);
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

/** `cxgraph serve`: serves until Ctrl-C (SIGINT) or SIGTERM, then closes everything; returns where it served. */
export async function run(opts: ServeOptions, deps: CommandDeps): Promise<{ url: string; sandboxUrl: string | undefined }> {
  if (opts.addApiKey !== undefined) {
    const file = apiKeysPath(opts, deps.io);
    const key = await addApiKey(file, opts.addApiKey, opts.keyScopes ?? ['read'], opts.keyRateLimit);
    deps.io.out(`API key "${opts.addApiKey}" (scopes ${(opts.keyScopes ?? ['read']).join(', ')}) stored as a hash in ${file}. The key, shown this once:\n${key}\n`);
    return { url: '', sandboxUrl: undefined };
  }
  const stop = deps.interrupted();
  const serving = await serve(opts, deps.io);
  if (!stop.aborted) await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
  await serving.close();
  return { url: serving.url, sandboxUrl: serving.sandboxUrl };
}
