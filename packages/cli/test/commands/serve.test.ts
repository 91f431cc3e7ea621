import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@cxgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as set from '../../src/commands/config/set.js';
import { run, type ServeOptions } from '../../src/commands/serve.js';
import { fakeIo, type FakeIo } from '../support/io.js';
import { offlineDeps } from '../support/sandbox.js';
import { waitFor } from '../support/wait.js';

const GATEWAY = /cxgraph gateway: (http:\/\/localhost:\d+\/graphql)/;
const OPTIONS: ServeOptions = { port: 0, host: '127.0.0.1', sandbox: false, sandboxPort: 0, seed: 1, graphiql: true };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cxgraph-serve-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An environment with no credentials, its own empty config dir, and a working directory without .env. */
const ioIn = (home: string, env: Record<string, string> = {}): FakeIo => fakeIo({ env: { XDG_CONFIG_HOME: home, ...env }, cwd: dir });

/** Starts `serve`; returns its banner's gateway URL, how to stop it, and the run's result. */
async function start(opts: Partial<ServeOptions>, io: FakeIo) {
  const stop = new AbortController();
  const running = run({ ...OPTIONS, ...opts }, offlineDeps(io, { interrupted: stop.signal }));
  const failed = running.then(() => new Error('serve ended by itself'), (e: unknown) => e);
  const match = await Promise.race([waitFor(io.stdout, GATEWAY), failed.then((e) => Promise.reject(e))]);
  return { url: match[1]!.replace('localhost', '127.0.0.1'), stop: async () => (stop.abort(), running) };
}

describe('cxgraph serve', () => {
  it('with no credentials serves the gateway on the sandbox, answers GraphQL, and stops when interrupted', async () => {
    const io = ioIn(join(dir, 'empty'));
    const serving = await start({}, io);
    try {
      expect(io.stdout()).toMatch(/upstream: the sandbox, a simulated Genesys Cloud org, at http:\/\/127\.0\.0\.1:\d+ \(client cxgraph-demo/);
      expect(io.stdout()).toContain('To use a real org: set GENESYS_CLIENT_ID');
      expect(io.stdout()).toContain('Press Ctrl-C to stop.');
      const res = await fetch(serving.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ queues(first: 3) { edges { node { name } } } }' }) });
      const body = (await res.json()) as { data?: { queues: { edges: Array<{ node: { name: string } }> } } };
      expect(res.status).toBe(200);
      expect(body.data?.queues.edges).toHaveLength(3);
    } finally {
      const result = await serving.stop();
      expect(result.url).toMatch(/^http:\/\/localhost:\d+\/graphql$/);
      expect(result.sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
    // Stopped: the gateway no longer answers.
    await expect(fetch(serving.url, { method: 'POST' })).rejects.toThrow();
  });

  it('serves on the target of a profile, not the sandbox', async () => {
    const home = join(dir, 'with-profile');
    await set.run({ name: 'demo', apiUrl: 'http://127.0.0.1:9', clientId: 'someone', clientSecret: 'not-the-secret' }, offlineDeps(ioIn(home), { quiet: true }));
    const io = ioIn(home);
    const serving = await start({ profile: 'demo' }, io);
    await serving.stop();
    expect(io.stdout()).toContain('upstream: http://127.0.0.1:9');
    expect(io.stdout()).not.toContain('the sandbox');
  });

  it('a bad configuration (a secret without an id) is a ConfigError naming the variable and the fix, never the secret', async () => {
    const io = ioIn(join(dir, 'empty'), { GENESYS_CLIENT_SECRET: 'only-a-secret-value' });
    const e = await run(OPTIONS, offlineDeps(io)).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).message).toContain('GENESYS_CLIENT_ID');
    expect((e as ConfigError).hint).toBeTruthy();
    expect(JSON.stringify(e)).not.toContain('only-a-secret-value');
    expect(io.stdout()).toBe('');
  });
});
