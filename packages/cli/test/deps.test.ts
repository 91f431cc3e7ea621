import { ConfigError } from '@cxgraph/core';
import { describe, expect, it } from 'vitest';
import { createDeps } from '../src/deps.js';
import { fakeIo } from './support/io.js';
import { NOW, NOW_MS } from './support/sandbox.js';

/** The deps main makes for a run, and closes. */
describe('createDeps', () => {
  it('connects only when asked: no credentials is an error of client(), not of making the deps', async () => {
    const deps = createDeps({}, fakeIo({ env: { XDG_CONFIG_HOME: '/nonexistent-cxgraph-test' } }));
    await expect(deps.client()).rejects.toBeInstanceOf(ConfigError);
    await deps.close();
  });

  it('--sandbox: one in-process sandbox for the run, its frozen clock as now, closed by close()', async () => {
    const deps = createDeps({ sandbox: true, sandboxNow: NOW }, fakeIo());
    const client = await deps.client();
    expect(await deps.client()).toBe(client);
    expect(deps.now()).toBe(NOW_MS);
    const queues = await client.directory.getQueues([]);
    expect(queues).toEqual([]);
    const url = client.config.target.kind === 'gateway' ? client.config.target.url : '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/__sandbox/health`)).status).toBe(200);
    await deps.close();
    await expect(fetch(`${url}/__sandbox/health`)).rejects.toThrow();
  });

  it('interrupted(): aborted by SIGINT, listening only once asked, and no longer after close()', async () => {
    const before = process.listenerCount('SIGINT');
    const beforeTerm = process.listenerCount('SIGTERM');
    const deps = createDeps({}, fakeIo());
    expect(process.listenerCount('SIGINT')).toBe(before); // Ctrl-C keeps its default meaning for other commands
    const signal = deps.interrupted();
    expect(deps.interrupted()).toBe(signal);
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    expect(process.listenerCount('SIGTERM')).toBe(beforeTerm + 1);
    process.emit('SIGINT');
    expect(signal.aborted).toBe(true);
    await deps.close();
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(process.listenerCount('SIGTERM')).toBe(beforeTerm);
  });
});
