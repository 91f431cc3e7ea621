import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@cxgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type ServeOptions } from '../../src/commands/serve.js';
import { fakeIo, type FakeIo } from '../support/io.js';
import { offlineDeps } from '../support/sandbox.js';
import { waitFor } from '../support/wait.js';

const GATEWAY = /cxgraph gateway: (http:\/\/\S+\/graphql)/;
const OPTIONS: ServeOptions = { port: 0, host: '127.0.0.1', sandbox: true, sandboxPort: 0, seed: 1, graphiql: false };
const QUERY = JSON.stringify({ query: '{ agents(first: 2) { edges { node { name } } } }' });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cxgraph-serve-access-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ioIn = (env: Record<string, string> = {}): FakeIo => fakeIo({ env: { XDG_CONFIG_HOME: join(dir, 'home'), ...env }, cwd: dir });

/** A port free right now (the kernel's pick), to find the gateway in the socket table. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The listening TCP sockets, as `ss -ltn` shows them ("0.0.0.0:4000", "127.0.0.1:4010"…). */
const listening = (): string[] => execFileSync('ss', ['-ltnH'], { encoding: 'utf8' }).split('\n').map((l) => l.trim().split(/\s+/)[3] ?? '').filter(Boolean);

async function start(opts: Partial<ServeOptions>, io: FakeIo) {
  const stop = new AbortController();
  const running = run({ ...OPTIONS, ...opts }, offlineDeps(io, { interrupted: stop.signal }));
  const failed = running.then(() => new Error('serve ended by itself'), (e: unknown) => e);
  const match = await Promise.race([waitFor(io.stdout, GATEWAY), failed.then((e) => Promise.reject(e))]);
  return { url: match[1]!, stop: async () => (stop.abort(), running) };
}

describe('serve on another address than loopback', () => {
  it('refuses to start without an auth mode, says how to fix it, and listens on nothing', async () => {
    const port = await freePort();
    const io = ioIn();
    const error = await run({ ...OPTIONS, host: '0.0.0.0', port }, offlineDeps(io)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('Refusing to serve on 0.0.0.0 without authentication');
    expect((error as ConfigError).hint).toContain('--auth api-keys');
    expect(listening()).not.toContain(`0.0.0.0:${port}`);
    expect(listening().some((a) => a.endsWith(`:${port}`))).toBe(false);
  });

  it('with --auth api-keys binds every interface (ss), says so, and needs a key (traffic to 127.0.0.1 only)', async () => {
    const io = ioIn();
    const file = join(dir, 'keys.json');
    await run({ ...OPTIONS, apiKeysFile: file, addApiKey: 'dash', keyScopes: ['read'], keyRateLimit: 100 }, offlineDeps(io));
    const key = /\n(cxk_[A-Za-z0-9_-]{43})\n/.exec(io.stdout())?.[1];
    expect(key).toBeDefined();
    // Only the hash is stored, in a file only its owner can read.
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain(key!);
    expect(stored).toMatch(/"hash": "sha256:[0-9a-f]{64}"/);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const port = await freePort();
    const served = ioIn();
    const serving = await start({ host: '0.0.0.0', port, auth: 'api-keys', apiKeysFile: file }, served);
    try {
      expect(listening()).toContain(`0.0.0.0:${port}`);
      expect(served.stdout()).toContain(`cxgraph gateway: http://0.0.0.0:${port}/graphql`);
      expect(served.stdout()).toContain('listening on every network interface (0.0.0.0), reachable from other machines; auth: api-keys');
      const url = `http://127.0.0.1:${port}/graphql`;
      const post = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: QUERY });
      const none = await post({});
      expect(none.status).toBe(401);
      expect(((await none.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('AUTHENTICATION');
      const ok = await post({ authorization: `Bearer ${key}` });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { data: { agents: { edges: unknown[] } } }).data.agents.edges).toHaveLength(2);
      // The key never shows in what serve prints.
      expect(served.stdout() + served.stderrText()).not.toContain(key!);
    } finally {
      await serving.stop();
    }
  });

  it('refuses a foreign Host (DNS rebinding) on a loopback gateway with 421', async () => {
    const serving = await start({}, ioIn());
    try {
      const port = new URL(serving.url).port;
      // fetch will not forge Host; node:http will.
      const { request } = await import('node:http');
      const status = await new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: { host: `rebound.example:${port}`, 'content-type': 'application/json' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(QUERY);
      });
      expect(status).toBe(421);
      const local = await fetch(serving.url.replace('localhost', '127.0.0.1'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });
      expect(local.status).toBe(200);
    } finally {
      await serving.stop();
    }
  });

  it('refuses a bad --cors-origin and an api-keys mode without keys, before listening', async () => {
    await expect(run({ ...OPTIONS, corsOrigin: ['dash.example.com'] }, offlineDeps(ioIn()))).rejects.toThrow('"dash.example.com" is not an origin for --cors-origin.');
    await expect(run({ ...OPTIONS, auth: 'api-keys', apiKeysFile: join(dir, 'none.json') }, offlineDeps(ioIn()))).rejects.toThrow('holds no key');
  });
});
