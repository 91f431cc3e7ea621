import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The CommonJS SDK imported the wrong way type-checks and passes under vitest yet crashes under plain
 * node (sdk-notes.md): run the built package with node, against the built sandbox.
 */
describe('built package under plain node', () => {
  it('logs in and reads the directory', async () => {
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `
      const { createClient } = await import(${JSON.stringify(dist)});
      const { createSandbox } = await import('@cxgraph/sandbox');
      const sandbox = await createSandbox({ seed: 3, now: '2026-03-10T12:00:00Z' });
      try {
        const client = createClient({ apiUrl: sandbox.url, clientId: 'cxgraph-demo', clientSecret: 'cxgraph-demo-secret', sources: { env: {}, dotenv: false } });
        const users = await client.directory.getUsers(sandbox.store.org.agents.slice(0, 3).map((a) => a.id));
        console.log(JSON.stringify({ names: users.map((u) => u.name), logins: client.stats().logins }));
      } finally {
        await sandbox.close();
      }`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)) });
    const out = JSON.parse(stdout.trim()) as { names: string[]; logins: number };
    expect(out.names).toHaveLength(3);
    expect(out.names.every((n) => typeof n === 'string' && n.includes(' '))).toBe(true);
    expect(out.logins).toBe(1);
  });
});
