import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from './run-cli.js';

const READY = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

async function token(url: string, clientId: string, clientSecret: string): Promise<Response> {
  return fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
}

describe('cxgraph sandbox (the built binary)', () => {
  it('serves a simulated org on port 0, prints the demo credentials and how to point tools at it, and stops on SIGINT with 0', async () => {
    const { child, match, output } = await startCli(['sandbox', '--port', '0', '--seed', '3', '--now', '2026-03-10T14:30:00Z', '--rate-limit', '600'], READY);
    let code: number | null = null;
    try {
      const url = match[1]!;
      const banner = output();
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
      child.kill('SIGINT');
      [code] = (await once(child, 'close')) as [number | null];
    }
    expect(code).toBe(0);
  });

  it('--help shows the options and the demo credentials', async () => {
    const r = await runCli(['sandbox', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--port', '--seed', '--now', '--rate-limit', '--host']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('cxgraph-demo / cxgraph-demo-secret');
  });

  it('a port in use is exit 1 with a message naming --port, no stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as AddressInfo).port;
      const r = await runCli(['sandbox', '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/port is already in use[\s\S]*--port/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it.each([
    [['sandbox', '--port', '70000'], /--port must be an integer from 0 to 65535, got "70000"/],
    [['sandbox', '--seed', 'x'], /--seed must be an integer/],
    [['sandbox', '--now', 'tomorrow'], /--now must be an ISO-8601 instant/],
    [['sandbox', '--rate-limit', '0'], /--rate-limit must be an integer from 1/],
  ])('rejects %j with exit 2', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
