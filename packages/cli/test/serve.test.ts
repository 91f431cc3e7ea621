import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli, startCli } from './run-cli.js';

describe('cxgraph serve (the built binary)', () => {
  it('with no credentials serves the gateway on the sandbox, answers GraphQL, and stops on SIGINT', async () => {
    const { child, match, output } = await startCli(['serve', '--port', '0', '--sandbox-port', '0'], /cxgraph gateway: (http:\/\/localhost:\d+\/graphql)/);
    try {
      const url = match[1]!.replace('localhost', '127.0.0.1');
      expect(output()).toMatch(/upstream: the sandbox, a simulated Genesys Cloud org, at http:\/\/127\.0\.0\.1:\d+ \(client cxgraph-demo/);
      expect(output()).toContain('To use a real org: set GENESYS_CLIENT_ID');
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ queues(first: 3) { edges { node { name } } } }' }) });
      const body = (await res.json()) as { data?: { queues: { edges: Array<{ node: { name: string } }> } } };
      expect(res.status).toBe(200);
      expect(body.data?.queues.edges).toHaveLength(3);
    } finally {
      child.kill('SIGINT');
    }
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(0);
  });

  it.each([
    [['serve', '--port', 'abc'], /--port must be an integer from 0 to 65535/],
    [['serve', '--seed', '-1'], /--seed/],
    [['serve', '--bogus'], /unknown option '--bogus'/],
    [['servee'], /unknown command 'servee'.*\n?.*serve/],
  ])('rejects %j with a specific message and exit code 2', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a bad configuration (a secret without an id) exits 2 naming the variable and the fix', async () => {
    const r = await runCli(['serve', '--port', '0', '--sandbox-port', '0'], { env: cleanEnv({ GENESYS_CLIENT_SECRET: 'only-a-secret-value' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('GENESYS_CLIENT_ID');
    expect(r.stderr).toContain('fix:');
    expect(r.stderr).not.toContain('only-a-secret-value');
  });

  it('--help documents the exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes:');
    expect(r.stdout).toContain('serve');
  });
});

describe('cxgraph serve with a profile', () => {
  it('serves on the target of the profile, not the sandbox', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const home = mkdtempSync(join(tmpdir(), 'cxgraph-serve-profile-'));
    const env = cleanEnv({ XDG_CONFIG_HOME: home });
    const set = await runCli(['config', 'set', 'demo', '--api-url', 'http://127.0.0.1:9', '--client-id', 'someone', '--client-secret', 'not-the-secret'], { env });
    expect(set.code).toBe(0);
    const { child, output } = await startCli(['serve', '--port', '0', '--profile', 'demo'], /cxgraph gateway: (http:\/\/localhost:\d+\/graphql)/, { env });
    try {
      // Not the sandbox: the profile's target.
      expect(output()).toContain('upstream: http://127.0.0.1:9');
      expect(output()).not.toContain('the sandbox');
    } finally {
      child.kill('SIGINT');
      await once(child, 'close');
    }
  });
});
