/**
 * The sandbox alone in its own process, for bench/run.ts (which forks it with an IPC channel), so the
 * server's CPU (generating days, serialising pages) is never counted against the cxgraph process measured,
 * and the bench's own sampling never slows the server. The same protocol as packages/core/bench/serve.ts,
 * cut to what the CLI bench needs.
 *
 * Options come as JSON in argv[2] (SandboxOptions that survive JSON). Messages:
 *   child → parent  { type: 'ready', port }                     once listening
 *   parent → child  { type: 'counters' } → { type: 'counters', counters }   (sandbox.log.counters())
 *   parent → child  { type: 'arrivals', endpoint } → { type: 'arrivals', times }
 *                   (real arrival times, epoch ms, of the logged requests of that endpoint, oldest first)
 *   parent → child  { type: 'reset' }    → { type: 'reset' }    (sandbox.log.reset(): counters start at 0)
 *   parent → child  { type: 'close' }    → closes the server and exits
 */
import { createSandbox, type EndpointCounters, type SandboxOptions } from '@cxgraph/sandbox';

export type ParentMessage = { type: 'counters' } | { type: 'arrivals'; endpoint: string } | { type: 'reset' } | { type: 'close' };
export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'counters'; counters: Record<string, EndpointCounters> }
  | { type: 'arrivals'; times: number[] }
  | { type: 'reset' };

async function main(): Promise<void> {
  if (!process.send) throw new Error('bench/serve.ts must be started with an IPC channel (child_process.fork).');
  const options = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions;
  const sandbox = await createSandbox(options);
  const send = (m: ChildMessage): void => {
    process.send!(m);
  };
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'counters') {
      send({ type: 'counters', counters: sandbox.log.counters() });
    } else if (m.type === 'arrivals') {
      const times = sandbox.log
        .entries()
        .filter((e) => e.endpoint === m.endpoint)
        .map((e) => Date.parse(e.time));
      send({ type: 'arrivals', times });
    } else if (m.type === 'reset') {
      sandbox.log.reset();
      send({ type: 'reset' });
    } else if (m.type === 'close') {
      void sandbox.close().then(() => process.exit(0));
    }
  });
  // The parent going away (Ctrl-C, crash) must not leave a server behind.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: sandbox.port });
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/serve.ts: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
