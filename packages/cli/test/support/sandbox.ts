import { createClient, type CxGraphClient } from '@cxgraph/core';
import { createSandbox, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, type Sandbox } from '@cxgraph/sandbox';
import type { CommandDeps } from '../../src/deps.js';
import type { Io } from '../../src/io.js';

/** The instant the tests' sandboxes are frozen at (a Tuesday afternoon, UTC). */
export const NOW = '2026-03-10T14:30:00Z';
export const NOW_MS = Date.parse(NOW);

/**
 * Requests per minute, for the sandbox and core alike: far above what a test file sends, so no test waits
 * for a rate window (every client of a file shares one budget: same client id, same sandbox).
 */
const UNLIMITED = 1_000_000;

/** A sandbox on 127.0.0.1, any free port, its clock frozen at `now`. */
export const startSandbox = (options: { seed?: number; now?: string } = {}): Promise<Sandbox> =>
  createSandbox({ seed: options.seed ?? 1, now: options.now ?? NOW, host: '127.0.0.1', port: 0, limits: { requestsPerMinute: UNLIMITED } });

/** Core on the sandbox with its demo client: the independent path the tests compare the CLI's output with. */
export const coreClient = (sandbox: Sandbox): CxGraphClient =>
  createClient({
    apiUrl: sandbox.url,
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    rateLimitPerMinute: UNLIMITED,
    now: () => sandbox.clock.now(),
    // A loaded 2-core machine can take far longer than the SDK's 16 s on one cold request.
    timeoutMs: 120_000,
    sources: { env: {}, dotenv: false },
  });

export interface TestDeps extends CommandDeps {
  /** Ctrl-C, as far as the command can tell. */
  interrupt: () => void;
  /** How many times `--watch` slept between frames. */
  sleeps: () => number;
}

export interface TestDepsOptions {
  quiet?: boolean;
  /** Interrupts the command after this many sleeps of `--watch` (default: never). */
  interruptAfterSleeps?: number;
  /** A client of its own (default: a new core client on the sandbox, so call counts are the command's). */
  client?: CxGraphClient;
}

/** A command's deps over the sandbox: a real client over HTTP, the sandbox's clock, no real time waited. */
export function testDeps(sandbox: Sandbox, io: Io, options: TestDepsOptions = {}): TestDeps {
  const client = options.client ?? coreClient(sandbox);
  const stop = new AbortController();
  let sleeps = 0;
  return {
    io,
    client: async () => client,
    now: () => sandbox.clock.now(),
    quiet: options.quiet ?? false,
    interrupted: () => stop.signal,
    sleep: async () => {
      sleeps++;
      if (options.interruptAfterSleeps !== undefined && sleeps >= options.interruptAfterSleeps) stop.abort();
    },
    interrupt: () => stop.abort(),
    sleeps: () => sleeps,
  };
}

/**
 * Deps for commands that make their own connections or none (`serve`, `sandbox`, `config`, `completion`):
 * asking for the client fails the test. `interrupted` is the Ctrl-C the test gives.
 */
export function offlineDeps(io: Io, options: { quiet?: boolean; interrupted?: AbortSignal } = {}): CommandDeps {
  const interrupted = options.interrupted ?? new AbortController().signal;
  return {
    io,
    client: () => Promise.reject(new Error('this command must not connect')),
    now: () => Date.now(),
    quiet: options.quiet ?? false,
    interrupted: () => interrupted,
    sleep: async () => {},
  };
}
