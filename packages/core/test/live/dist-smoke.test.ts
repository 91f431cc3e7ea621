import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/** The built live state under plain node (the SDK and `ws` imports must work outside vitest too). */
describe('built live state under plain node', () => {
  it('streams from the built sandbox and lists from memory', async () => {
    const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
    const script = `
      const { createClient } = await import(${JSON.stringify(dist)});
      const { createSandbox } = await import('@cxgraph/sandbox');
      const sandbox = await createSandbox({ seed: 3, now: '2026-03-10T14:00:00Z', limits: { requestsPerMinute: 100000 } });
      const client = createClient({ apiUrl: sandbox.url, clientId: 'cxgraph-demo', clientSecret: 'cxgraph-demo-secret', sources: { env: {}, dotenv: false }, now: () => sandbox.clock.now(), rateLimitPerMinute: 100000 });
      const state = client.liveState();
      try {
        await state.start();
        const before = client.stats().requests;
        const live = await state.list();
        console.log(JSON.stringify({ mode: state.mode, live: live.length, calls: client.stats().requests - before, channels: state.stats().channels }));
      } finally {
        state.close();
        await sandbox.close();
      }`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    const out = JSON.parse(stdout.trim()) as { mode: string; live: number; calls: number; channels: number };
    expect(out).toMatchObject({ mode: 'streaming', calls: 0, channels: 1 });
    expect(out.live).toBeGreaterThan(0);
  });
});
