import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/commands/sandbox.js';
import { main } from '../../src/main.js';
import { fakeIo } from '../support/io.js';
import { offlineDeps } from '../support/sandbox.js';
import { waitFor } from '../support/wait.js';

const READY = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

async function token(url: string, clientId: string, clientSecret: string): Promise<Response> {
  return fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
}

describe('cxgraph sandbox', () => {
  it('serves a simulated org on port 0, prints the demo credentials and how to point tools at it, and stops when interrupted', async () => {
    const io = fakeIo();
    const stop = new AbortController();
    const running = run({ port: 0, host: '127.0.0.1', seed: 3, now: '2026-03-10T14:30:00Z', rateLimit: 600 }, offlineDeps(io, { interrupted: stop.signal }));
    let url = '';
    try {
      url = (await waitFor(io.stdout, READY))[1]!;
      const banner = io.stdout();
      expect(banner).toContain('seed 3');
      expect(banner).toContain('frozen at 2026-03-10T14:30:00.000Z');
      expect(banner).toContain('OAuth client id:     cxgraph-demo');
      expect(banner).toContain('OAuth client secret: cxgraph-demo-secret');
      expect(banner).toContain(`GENESYS_API_URL=${url} GENESYS_CLIENT_ID=cxgraph-demo GENESYS_CLIENT_SECRET=cxgraph-demo-secret`);
      expect(banner).toContain('Press Ctrl-C to stop.');

      // Log in (client credentials, Basic auth), then call the API with the token.
      const login = await token(url, 'cxgraph-demo', 'cxgraph-demo-secret');
      expect(login.status).toBe(200);
      const { access_token: accessToken } = (await login.json()) as { access_token: string };
      expect(accessToken).toBeTruthy();
      const users = await fetch(`${url}/api/v2/users?pageSize=5`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(users.status).toBe(200);
      const body = (await users.json()) as { entities: Array<{ id: string; name: string }>; total: number };
      expect(body.entities).toHaveLength(5);
      expect(body.total).toBeGreaterThanOrEqual(12);
      // --rate-limit reaches the sandbox.
      expect(users.headers.get('inin-ratelimit-allowed')).toBe('600');
      // A wrong secret is refused.
      expect((await token(url, 'cxgraph-demo', 'not-the-secret')).status).toBe(401);
    } finally {
      stop.abort();
    }
    expect(await running).toEqual({ url });
    await expect(fetch(`${url}/oauth/token`, { method: 'POST' })).rejects.toThrow();
  });

  it('a port in use is exit 1 with a message naming --port, no stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const io = fakeIo();
      const code = await main(['sandbox', '--port', String((blocker.address() as AddressInfo).port)], io);
      expect(code).toBe(1);
      expect(io.stderrText()).toMatch(/port is already in use[\s\S]*--port/);
      expect(io.stderrText()).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });
});
