/**
 * A sandbox alone in its own process, for the memory figure of the benchmark (bench/run.ts forks it with
 * an IPC channel): the parent samples this process's VmRSS from /proc, so the figure is the sandbox's
 * alone (Node + the tsx loader + the sandbox), without the SDK client.
 *
 * Options come as JSON in argv[2] (SandboxOptions, minus anything not JSON). Messages:
 *   child → parent  { type: 'ready', port, rss }                 once listening
 *   parent → child  { type: 'counters' }  → { type: 'counters', counters, memory, afterGc }
 *                   (memory: process.memoryUsage() as it stands; afterGc: the same right after a full GC)
 *   parent → child  { type: 'memory' }    → { type: 'memory', memory }   (process.memoryUsage(), no GC)
 *   parent → child  { type: 'close' }     → closes the server and exits
 */
import { createSandbox, type SandboxOptions } from '../src/index.js';
import type { EndpointCounters } from '../src/index.js';

export type ParentMessage = { type: 'counters' } | { type: 'memory' } | { type: 'close' };
export type ChildMessage =
  | { type: 'ready'; port: number; rss: number }
  | { type: 'memory'; memory: NodeJS.MemoryUsage }
  | { type: 'counters'; counters: Record<string, EndpointCounters>; memory: NodeJS.MemoryUsage; afterGc?: NodeJS.MemoryUsage };

async function main(): Promise<void> {
  if (!process.send) throw new Error('bench/serve.ts must be started with an IPC channel (child_process.fork).');
  const options = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions;
  const sandbox = await createSandbox(options);
  const send = (m: ChildMessage): void => {
    process.send!(m);
  };
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'counters') {
      const memory = process.memoryUsage();
      let afterGc: NodeJS.MemoryUsage | undefined;
      if (typeof globalThis.gc === 'function') {
        globalThis.gc();
        afterGc = process.memoryUsage();
      }
      send({ type: 'counters', counters: sandbox.log.counters(), memory, ...(afterGc ? { afterGc } : {}) });
    } else if (m.type === 'memory') {
      send({ type: 'memory', memory: process.memoryUsage() });
    } else if (m.type === 'close') {
      void sandbox.close().then(() => process.exit(0));
    }
  });
  // The parent going away (Ctrl-C, crash) must not leave a server behind.
  process.on('disconnect', () => process.exit(0));
  if (typeof globalThis.gc === 'function') globalThis.gc();
  send({ type: 'ready', port: sandbox.port, rss: process.memoryUsage().rss });
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/serve.ts: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
