import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type ServeOptions } from '../../src/commands/serve.js';
import { fakeIo } from '../support/io.js';
import { offlineDeps } from '../support/sandbox.js';
import { waitFor } from '../support/wait.js';

/**
 * A dashboard on another origin calls the gateway from a real browser: the CORS preflight (an
 * Authorization header and a JSON body make one) is answered for an allowed origin, and refused for others.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CXGRAPH_REQUIRE_BROWSER) throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
if (!available) console.warn(`CORS browser test skipped: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH, or apt-get install chromium)`);

/** A page server on 127.0.0.1 (its own port, so its own origin). */
async function pageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>dashboard</title><p>dashboard</p>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.runIf(available)('CORS in Chromium', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cxgraph-cors-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a page of an allowed origin reads the gateway with an API key; a page of another origin cannot', async () => {
    const allowed = await pageServer();
    const foreign = await pageServer();
    const io = fakeIo({ env: { XDG_CONFIG_HOME: join(dir, 'home') }, cwd: dir });
    const base: ServeOptions = { port: 0, host: '127.0.0.1', sandbox: true, sandboxPort: 0, seed: 1, graphiql: false, apiKeysFile: join(dir, 'keys.json') };
    await run({ ...base, addApiKey: 'dash', keyScopes: ['read'] }, offlineDeps(io));
    const key = /\n(cxk_\S+)\n/.exec(io.stdout())![1]!;
    const stop = new AbortController();
    const served = fakeIo({ env: { XDG_CONFIG_HOME: join(dir, 'home'), CXGRAPH_CORS_ORIGINS: allowed.origin }, cwd: dir });
    const running = run({ ...base, auth: 'api-keys' }, offlineDeps(served, { interrupted: stop.signal }));
    const gateway = (await waitFor(served.stdout, /cxgraph gateway: (http:\/\/localhost:\d+\/graphql)/))[1]!.replace('localhost', '127.0.0.1');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const call = async (origin: string) => {
        const page = await browser.newPage();
        await page.goto(`${origin}/`, { waitUntil: 'load', timeout: 120_000 });
        const result = await page.evaluate(
          async ({ url, key }) => {
            try {
              const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: '{ agents(first: 2) { edges { node { name } } } }' }) });
              return { status: r.status, body: (await r.json()) as { data?: { agents: { edges: unknown[] } } } };
            } catch (error) {
              return { failed: String(error) };
            }
          },
          { url: gateway, key },
        );
        await page.close();
        return { result };
      };
      // The preflight Chromium sends (it does not show it to the page), as the gateway answers it.
      const preflight = (origin: string) =>
        fetch(gateway, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
      const answered = await preflight(allowed.origin);
      expect(answered.status).toBe(204);
      expect(answered.headers.get('access-control-allow-origin')).toBe(allowed.origin);
      expect(answered.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      // yoga names the allowed origin (not the caller's), so the browser refuses the foreign page.
      expect((await preflight(foreign.origin)).headers.get('access-control-allow-origin')).not.toBe(foreign.origin);
      const ok = await call(allowed.origin);
      expect(ok.result).toMatchObject({ status: 200 });
      expect((ok.result as { body: { data: { agents: { edges: unknown[] } } } }).body.data.agents.edges).toHaveLength(2);
      const refused = await call(foreign.origin);
      expect(refused.result).toHaveProperty('failed');
      expect((refused.result as { failed: string }).failed).toContain('Failed to fetch');
    } finally {
      await browser.close();
      stop.abort();
      await running;
      allowed.server.close();
      foreign.server.close();
    }
  }, 180_000);
});
