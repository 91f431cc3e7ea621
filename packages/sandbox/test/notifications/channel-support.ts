import platformClient from 'purecloud-platform-client-v2';
import WebSocket from 'ws';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/index.js';

/** A Tuesday's busy hour: conversations, presence and routing-status changes every few seconds. */
export const NOW = Date.parse('2026-03-10T15:00:00Z');

/** A sandbox with a frozen clock and a fast delivery loop (events still follow the sandbox clock, not the loop). */
export function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  return createSandbox({ seed: 11, now: NOW, ...opts, limits: { requestsPerMinute: 100_000, notificationDeliveryTickMs: 20, ...opts.limits } });
}

/** The unchanged SDK's NotificationsApi on its own ApiClient, logged in with client credentials (or a given token). */
export async function notificationsApi(url: string, auth: { id?: string; secret?: string; token?: string } = {}) {
  const client = new platformClient.ApiClientClass();
  client.config.live_reload_config = false;
  const u = new URL(url);
  client.setGateway({ host: u.hostname, protocol: 'http', port: Number(u.port), path_params_login: '', path_params_api: '' });
  if (auth.token !== undefined) client.setAccessToken(auth.token);
  else await client.loginClientCredentialsGrant(auth.id ?? 'cxgraph-demo', auth.secret ?? 'cxgraph-demo-secret');
  return new platformClient.NotificationsApi(client);
}

export type NotificationsApi = Awaited<ReturnType<typeof notificationsApi>>;

/** The SDK's rejection body (default mode: the parsed error body). */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

export interface Frame {
  topicName?: string;
  version?: string;
  eventBody?: any;
  metadata?: { CorrelationId?: string };
  [k: string]: unknown;
}

/** A ws client that keeps every text frame it receives, parsed (or `{ raw }` when not JSON). */
export class FrameReader {
  readonly frames: Frame[] = [];
  closed?: { code: number; reason: string };
  #waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      let f: Frame;
      try {
        f = JSON.parse(text) as Frame;
      } catch {
        f = { raw: text };
      }
      this.frames.push(f);
      this.#wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.#wake();
    });
  }

  static open(uri: string): Promise<FrameReader> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(uri);
      const reader = new FrameReader(ws);
      ws.once('open', () => resolve(reader));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  /** Resolves once `done()` holds (checked on every frame and on close); fails after `timeoutMs` saying what it saw. */
  async until(done: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${this.frames.length} frames, closed: ${JSON.stringify(this.closed)}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  events(): Frame[] {
    return this.frames.filter((f) => f.topicName !== undefined && f.topicName !== 'channel.metadata' && f.topicName !== 'v2.system.socket_closing');
  }

  send(msg: unknown): void {
    this.ws.send(JSON.stringify(msg));
  }

  close(): void {
    this.ws.close();
  }
}

/** A control-API call. */
export async function control(sb: Sandbox, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) };
}
