import { ConfigError, createClient, NoCredentialsError, type CxGraphClient } from '@cxgraph/core';
import type { Sandbox } from '@cxgraph/sandbox';
import type { Io } from './io.js';
import { realTimer, type WatchTimer } from './output/watch.js';

/** Options every command accepts (declared on the root program, before or after the command). */
export interface GlobalOptions {
  /** A named profile from `cxgraph config` (credentials and region); beats env and `.env`, see PRECEDENCE in profiles.ts. */
  profile?: string;
  /** Run against an in-process sandbox (a simulated org) instead of Genesys Cloud. */
  sandbox?: boolean;
  /** Freeze the sandbox's clock (ISO-8601), with --sandbox. */
  sandboxNow?: string;
  quiet?: boolean;
  debug?: boolean;
}

/** What a command's `run(opts, deps)` works with. Commands write only through `io` and never exit. */
export interface CommandDeps {
  io: Io;
  /** The client, made on first use (so `--help` and bad flags never connect). */
  client: () => Promise<CxGraphClient>;
  /** "Now" for relative ranges and live durations: the sandbox's clock with --sandbox, else real time. */
  now: () => number;
  /** `--quiet`: no progress or notices on stderr. */
  quiet: boolean;
  /** Aborted by the first Ctrl-C (SIGINT) or SIGTERM: how `--watch`, `serve` and `sandbox` stop with exit 0. */
  interrupted: () => AbortSignal;
  /** How `--watch` waits between frames (tests: no real time). */
  sleep: WatchTimer['sleep'];
}

/** The deps of one run of the program; `main` closes them (the sandbox of --sandbox, signal listeners). */
export interface ProgramDeps extends CommandDeps {
  close: () => Promise<void>;
}

/** The CLI's own way out of "no credentials": the sandbox flag first, then a profile or the variables. */
const NO_CREDENTIALS_HINT =
  'To try cxgraph without an org, add --sandbox (e.g. `cxgraph --sandbox live`). For a real org, create a profile with ' +
  '`cxgraph config set <name> --region <region> --client-id <id> --client-secret -`, or set GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET and GENESYS_REGION.';

export function createDeps(globals: GlobalOptions, io: Io): ProgramDeps {
  let sandbox: Sandbox | undefined;
  let client: Promise<CxGraphClient> | undefined;
  let stop: { controller: AbortController; abort: () => void } | undefined;

  const makeClient = async (): Promise<CxGraphClient> => {
    if (globals.sandbox) {
      // Loaded only here: most commands never need the simulated org (it costs ~60 MB and 0.1 s to import).
      const { createSandbox, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } = await import('@cxgraph/sandbox');
      sandbox = await createSandbox({ ...(globals.sandboxNow ? { now: globals.sandboxNow } : {}) });
      const clock = sandbox.clock;
      return createClient({ apiUrl: sandbox.url, clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, now: () => clock.now(), sources: { env: {}, dotenv: false } });
    }
    // --profile, else env/.env, else the default profile (`cxgraph config use`): see PRECEDENCE in profiles.ts.
    const { connectionOptions } = await import('./profiles.js');
    try {
      return createClient(connectionOptions(globals.profile, io));
    } catch (e) {
      if (e instanceof NoCredentialsError) throw new ConfigError(e.message, e.variable, NO_CREDENTIALS_HINT);
      throw e;
    }
  };

  return {
    io,
    quiet: Boolean(globals.quiet),
    client: () => (client ??= makeClient()),
    now: () => (sandbox ? sandbox.clock.now() : Date.now()),
    sleep: realTimer.sleep,
    interrupted: () => {
      if (!stop) {
        const controller = new AbortController();
        const abort = () => controller.abort();
        // Listening replaces Node's default (exit 130): only commands that stop on Ctrl-C ask for it.
        process.once('SIGINT', abort);
        process.once('SIGTERM', abort);
        stop = { controller, abort };
      }
      return stop.controller.signal;
    },
    close: async () => {
      if (stop) {
        process.removeListener('SIGINT', stop.abort);
        process.removeListener('SIGTERM', stop.abort);
      }
      await sandbox?.close();
    },
  };
}
