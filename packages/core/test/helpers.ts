import { Writable } from 'node:stream';
import { createSandbox, type Sandbox, type SandboxOptions } from '@cxgraph/sandbox';
import { createClient, createLogger, type ClientOptions, type CxGraphClient } from '../src/index.js';

export const DEMO = { clientId: 'cxgraph-demo', clientSecret: 'cxgraph-demo-secret' };

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return createSandbox({ seed: 11, now: '2026-03-10T14:30:00Z', ...options });
}

/** Everything a client logs, as text, to check for secrets. */
export function captureLogs() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'trace', destination }), text: () => lines.join('') };
}

/** A client on the sandbox, with no ambient env or .env, its data clock on the sandbox's. */
export function clientFor(sandbox: Sandbox, options: ClientOptions = {}): CxGraphClient {
  return createClient({
    apiUrl: sandbox.url,
    ...DEMO,
    now: () => sandbox.clock.now(),
    timeoutMs: TEST_REQUEST_TIMEOUT_MS,
    sources: { env: {}, dotenv: false },
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    ...options,
  });
}

/** Upstream requests the sandbox saw for one endpoint pattern. */
export function upstreamCalls(sandbox: Sandbox, endpoint: string): number {
  return sandbox.log.counters()[endpoint]?.requests ?? 0;
}

/**
 * A clock for the limiter and retries that moves only when a test says so. `sleep` resolves once `advance`
 * reaches its end, so a test controls the order of events and asserts on it, never on durations. With
 * `auto`, every sleep instead moves the clock to its end at once (time flies; order and counts still hold).
 */
export class ManualClock {
  private t: number;
  private readonly sleepers: Array<{ at: number; wake: () => void }> = [];

  constructor(
    start = Date.parse('2026-03-10T14:30:00Z'),
    private readonly auto = false,
  ) {
    this.t = start;
  }

  readonly now = (): number => this.t;

  /** Every sleep asked for, ms, in order. */
  readonly slept: number[] = [];

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (ms <= 0) return Promise.resolve();
    this.slept.push(ms);
    if (this.auto) {
      this.t += ms;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const sleeper = { at: this.t + ms, wake: resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', () => {
        this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
        reject(signal.reason);
      }, { once: true });
    });
  };

  /** Callers asleep now. */
  get sleeping(): number {
    return this.sleepers.length;
  }

  /** Moves the clock on by `ms` and wakes every sleeper whose time has come, earliest first. */
  advance(ms: number): void {
    this.t += ms;
    const due = this.sleepers.filter((s) => s.at <= this.t).sort((a, b) => a.at - b.at);
    for (const s of due) {
      this.sleepers.splice(this.sleepers.indexOf(s), 1);
      s.wake();
    }
  }
}

/** A loaded 2-core machine can take far longer than the SDK's 16 s on one cold request: tests wait as long as vitest does. */
export const TEST_REQUEST_TIMEOUT_MS = 120_000;
