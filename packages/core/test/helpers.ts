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
    sources: { env: {}, dotenv: false },
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    ...options,
  });
}

/** Upstream requests the sandbox saw for one endpoint pattern. */
export function upstreamCalls(sandbox: Sandbox, endpoint: string): number {
  return sandbox.log.counters()[endpoint]?.requests ?? 0;
}
