import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { ControlError, readJsonBody, type ExtraControl } from '../http/control.js';
import { describeIssues } from '../http/limits.js';
import type { RouteResult } from '../http/router.js';
import { NotificationFaultError, type NotificationHub } from './hub.js';

/**
 * Notification faults over the control API (loopback only, like the rest of `/__sandbox`):
 *   GET  /__sandbox/notifications/channels                       every channel: owner, connected, topics, faults
 *   POST /__sandbox/notifications/channels/{id}/drop             destroy the socket's connection (no close frame)
 *   PUT  /__sandbox/notifications/channels/{id}/heartbeats       {"enabled": false} stops heartbeats, true restarts
 *   PUT  /__sandbox/notifications/channels/{id}/delay            {"ms": 500} holds event frames back (0 ends it)
 *   POST /__sandbox/notifications/channels/{id}/expire           end the channel's lifetime now
 *   POST /__sandbox/notifications/channels/{id}/socket-closing   {"closeAfterMs"?: n} announce, then close
 *   POST /__sandbox/notifications/channels/{id}/malformed-frame  {"text"?: "..."} send one frame that is not JSON
 */

const heartbeatsBody = z.object({ enabled: z.boolean() }).strict();
const delayBody = z.object({ ms: z.number().finite().min(0).max(600_000) }).strict();
const closingBody = z.object({ closeAfterMs: z.number().finite().min(0).max(600_000).optional() }).strict();
const malformedBody = z.object({ text: z.string().optional() }).strict();
const emptyBody = z.object({}).strict();

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new ControlError(400, `Invalid ${what}: ${describeIssues(r.error)}`);
  return r.data;
}

type Action = { method: string; run: (hub: NotificationHub, id: string, req: IncomingMessage) => Promise<unknown> };

const ACTIONS: Record<string, Action> = {
  drop: { method: 'POST', run: async (hub, id, req) => (parse(emptyBody, await readJsonBody(req), 'drop request'), hub.dropSocket(id), { dropped: id }) },
  heartbeats: {
    method: 'PUT',
    run: async (hub, id, req) => {
      const b = parse(heartbeatsBody, await readJsonBody(req), 'heartbeats setting');
      hub.setHeartbeats(id, b.enabled);
      return { channelId: id, heartbeats: b.enabled };
    },
  },
  delay: {
    method: 'PUT',
    run: async (hub, id, req) => {
      const b = parse(delayBody, await readJsonBody(req), 'delay setting');
      hub.delayEvents(id, b.ms);
      return { channelId: id, delayMs: b.ms };
    },
  },
  expire: { method: 'POST', run: async (hub, id, req) => (parse(emptyBody, await readJsonBody(req), 'expire request'), hub.expire(id), { expired: id }) },
  'socket-closing': {
    method: 'POST',
    run: async (hub, id, req) => {
      const b = parse(closingBody, await readJsonBody(req), 'socket-closing request');
      return { channelId: id, ...hub.announceClosing(id, b.closeAfterMs) };
    },
  },
  'malformed-frame': {
    method: 'POST',
    run: async (hub, id, req) => {
      const b = parse(malformedBody, await readJsonBody(req), 'malformed-frame request');
      hub.sendMalformedFrame(id, b.text);
      return { channelId: id, sent: true };
    },
  },
};

const PREFIX = '/__sandbox/notifications/channels';

export function notificationControl(hub: NotificationHub): ExtraControl {
  return async (req, url): Promise<RouteResult | undefined> => {
    const method = req.method ?? 'GET';
    if (url.pathname === PREFIX) {
      if (method !== 'GET') throw new ControlError(405, `${method} is not supported on ${PREFIX}; use GET`);
      return { body: { channels: hub.status() } };
    }
    if (!url.pathname.startsWith(`${PREFIX}/`)) return undefined;
    const [id, action, ...rest] = url.pathname.slice(PREFIX.length + 1).split('/');
    const a = action === undefined ? undefined : ACTIONS[action];
    if (!id || !a || rest.length > 0) {
      throw new ControlError(404, `No control endpoint ${method} ${url.pathname}. Channel faults: ${Object.entries(ACTIONS).map(([k, v]) => `${v.method} ${PREFIX}/{id}/${k}`).join(', ')}`);
    }
    if (method !== a.method) throw new ControlError(405, `${method} is not supported on ${url.pathname}; use ${a.method}`);
    try {
      return { body: await a.run(hub, decodeURIComponent(id), req) };
    } catch (e) {
      if (e instanceof NotificationFaultError) throw new ControlError(e.status, e.message);
      throw e;
    }
  };
}
