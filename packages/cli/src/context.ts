import { createClient, type CxGraphClient } from '@cxgraph/core';
import type { Sandbox } from '@cxgraph/sandbox';
import type { Command } from 'commander';
import type { Io } from './io.js';

/** Options every command accepts (declared on the root program). */
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

/**
 * What a command needs at run time, made lazily: the client (and, with --sandbox, the sandbox under it).
 * `close()` must be called when the command is done (main does it).
 */
export class CommandContext {
  private sandbox: Sandbox | undefined;
  private clientPromise: Promise<CxGraphClient> | undefined;

  constructor(
    readonly io: Io,
    readonly global: GlobalOptions,
  ) {}

  /** The root program's options, seen from any subcommand. */
  static of(cmd: Command, io: Io): CommandContext {
    let root = cmd;
    while (root.parent) root = root.parent;
    return new CommandContext(io, root.opts<GlobalOptions>());
  }

  client(): Promise<CxGraphClient> {
    this.clientPromise ??= this.makeClient();
    return this.clientPromise;
  }

  /** "Now" for relative ranges: the sandbox's clock with --sandbox, else real time. */
  now(): number {
    return this.sandbox ? this.sandbox.clock.now() : Date.now();
  }

  async close(): Promise<void> {
    await this.sandbox?.close();
  }

  private async makeClient(): Promise<CxGraphClient> {
    if (this.global.sandbox) {
      // Loaded only here: most commands never need the simulated org (it costs ~60 MB and 0.1 s to import).
      const { createSandbox, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } = await import('@cxgraph/sandbox');
      this.sandbox = await createSandbox({ ...(this.global.sandboxNow ? { now: this.global.sandboxNow } : {}) });
      const clock = this.sandbox.clock;
      return createClient({ apiUrl: this.sandbox.url, clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, now: () => clock.now(), sources: { env: {}, dotenv: false } });
    }
    // --profile, else env/.env, else the default profile (`cxgraph config use`): see PRECEDENCE in profiles.ts.
    const { connectionOptions } = await import('./profiles.js');
    return createClient(connectionOptions(this.global.profile, this.io));
  }
}
