/**
 * GraphQL over WebSocket (the graphql-ws protocol) at the gateway's `/graphql`, on the same `node:http` server,
 * wired as yoga documents it (`yoga.getEnveloped`): the same schema, plugins (limits, masked errors) and
 * per-request context as HTTP. The caller's token comes from `connectionParams.Authorization` (browsers cannot
 * set headers on a WebSocket) or the upgrade request's header. A page of another origin is refused at the
 * upgrade, as CORS would refuse it over HTTP: without a token the socket would run with the server's credentials.
 */
import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { GatewayContext } from './context.js';
import type { Gateway } from './gateway.js';
import { SlotPool } from './live/subscription-slots.js';

/** What serveGateway needs to know of a gateway's subscription settings (set by createGateway). */
export interface SocketSettings {
  maxSubscriptionsPerConnection: number;
  /** Origins allowed besides the gateway's own (from `cors.origin`). */
  allowedOrigins: readonly string[];
}

const settingsOf = new WeakMap<object, SocketSettings>();
export const setSocketSettings = (gateway: object, s: SocketSettings): void => void settingsOf.set(gateway, s);

type Extra = {
  slots?: SlotPool;
};

function originAllowed(request: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  // Not a browser page (a server-side client sends no Origin): nothing to protect against.
  if (!origin) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** Adds the WebSocket endpoint to `server`; the returned function closes every socket. */
export function attachWebSocket(gateway: Gateway, server: Server, path = '/graphql'): () => Promise<void> {
  const settings = settingsOf.get(gateway) ?? { maxSubscriptionsPerConnection: 20, allowedOrigins: [] };
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== path || !originAllowed(request, settings.allowedOrigins)) {
      socket.write(`HTTP/1.1 ${url.pathname !== path ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\n\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  const dispose = useServer<Record<string, unknown>, Extra>(
    {
      execute: (args) => (args.rootValue as { execute: (a: ExecutionArgs) => unknown }).execute(args) as never,
      subscribe: (args) => (args.rootValue as { subscribe: (a: ExecutionArgs) => unknown }).subscribe(args) as never,
      onSubscribe: async (ctx, _id, payload) => {
        const auth = typeof ctx.connectionParams?.['Authorization'] === 'string' ? ctx.connectionParams['Authorization'] : (ctx.connectionParams?.['authorization'] ?? ctx.extra.request.headers.authorization);
        const headers: Record<string, string> = {};
        if (typeof auth === 'string') headers['authorization'] = auth;
        const request = new Request(`http://${ctx.extra.request.headers.host ?? 'localhost'}${path}`, { headers });
        const { schema, execute, subscribe, contextFactory, parse, validate } = gateway.getEnveloped({ request, params: payload, req: ctx.extra.request, socket: ctx.extra.socket });
        let document: ExecutionArgs['document'];
        try {
          document = parse(payload.query);
        } catch (e) {
          if (e instanceof GraphQLError) return [e];
          throw e;
        }
        const args: ExecutionArgs = {
          schema,
          operationName: payload.operationName ?? null,
          document,
          variableValues: payload.variables ?? null,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        // One pool per connection: its subscriptions count against `maxSubscriptionsPerConnection`.
        ctx.extra.slots ??= new SlotPool(settings.maxSubscriptionsPerConnection, 'connection');
        const context = args.contextValue as GatewayContext;
        if (context.subscriptionSlots) context.subscriptionSlots = { ...context.subscriptionSlots, connection: ctx.extra.slots };
        return args;
      },
    },
    wss,
  );
  return async () => {
    await dispose.dispose();
    wss.close();
  };
}
