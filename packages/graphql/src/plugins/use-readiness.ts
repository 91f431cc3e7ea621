import { CxGraphError, type CxGraphClient } from '@cxgraph/core';
import { useReadinessCheck, type Plugin } from 'graphql-yoga';

/** What a readiness check found: ready, or why not. */
export type ReadinessResult = { ready: true } | { ready: false; reason: string; code?: string };

export interface ReadinessPluginOptions {
  /** Decides whether the gateway is ready; a rejection is "not ready" with its message as the reason. */
  check: () => Promise<boolean | ReadinessResult>;
  /** @default '/readiness' */
  endpoint?: string;
  /** How long an answer is reused (a probe every second costs one upstream call per `cacheMs`). @default 5000 */
  cacheMs?: number;
  /** A check that takes longer is "not ready". @default 3000 */
  timeoutMs?: number;
}

/**
 * The default check: one cheap upstream call with the server's own credentials (`GET /api/v2/tokens/me`),
 * which proves the upstream answers and the credentials work. Not retried past `signal`.
 */
export function upstreamReadiness(client: CxGraphClient, timeoutMs = 3000): () => Promise<ReadinessResult> {
  return async () => {
    const signal = AbortSignal.timeout(timeoutMs);
    await client.transport.call('GET /api/v2/tokens/me', (api) => api.tokens.getTokensMe(), { signal });
    return { ready: true };
  };
}

function reasonOf(error: unknown, timeoutMs: number): ReadinessResult {
  if (error instanceof CxGraphError) {
    if (error.code === 'ABORTED') return { ready: false, code: 'TIMEOUT', reason: `The upstream did not answer within ${timeoutMs} ms.` };
    return { ready: false, code: error.code, reason: error.message };
  }
  if (error instanceof Error && error.name === 'TimeoutError') return { ready: false, code: 'TIMEOUT', reason: `The readiness check did not finish within ${timeoutMs} ms.` };
  return { ready: false, reason: 'The readiness check failed.' };
}

/**
 * `GET /readiness` (yoga's `useReadinessCheck`): 200 `{"status":"ready"}` when the check passes, else 503
 * `{"status":"unavailable","reason":…,"code":…}`. The answer is cached for `cacheMs` and concurrent probes
 * share one check, so probes cannot spend the upstream rate budget. `/health` (yoga's) only says the
 * process is up.
 */
export function useReadiness({ check, endpoint = '/readiness', cacheMs = 5000, timeoutMs = 3000 }: ReadinessPluginOptions): Plugin {
  let cached: { at: number; result: Promise<ReadinessResult> } | undefined;
  const run = async (): Promise<ReadinessResult> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { name: 'TimeoutError' })), timeoutMs);
      timer.unref();
    });
    try {
      const answer = await Promise.race([check(), timeout]);
      if (answer === true) return { ready: true };
      if (answer === false) return { ready: false, reason: 'The readiness check failed.' };
      return answer;
    } catch (error) {
      return reasonOf(error, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  };
  const current = (): Promise<ReadinessResult> => {
    const now = Date.now();
    if (!cached || now - cached.at >= cacheMs) cached = { at: now, result: run() };
    return cached.result;
  };
  return useReadinessCheck({
    endpoint,
    check: async ({ fetchAPI }) => {
      const result = await current();
      const body = result.ready ? { status: 'ready' } : { status: 'unavailable', reason: result.reason, ...(result.code ? { code: result.code } : {}) };
      return new fetchAPI.Response(JSON.stringify(body), {
        status: result.ready ? 200 : 503,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      });
    },
  });
}
