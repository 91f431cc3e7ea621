import { badRequest } from './errors.js';

/** Who is calling: what a verified bearer token stands for. Never holds the token itself. */
export interface AuthContext {
  clientId: string;
  clientName: string;
  /** Set on user tokens (minted through the control API): the agent the token acts as. */
  userId?: string;
  permissions: ReadonlySet<string>;
  /** Real time (epoch ms) at which the token expires. */
  expiresAt: number;
  /** An opaque short id for logs, never the token. */
  tokenId: string;
}

export interface RequestContext {
  method: string;
  /** The path without the query string, as sent (not decoded). */
  path: string;
  /** The query; repeated keys are kept. The SDK comma-joins arrays: read lists with {@link listParam}. */
  query: URLSearchParams;
  /** Path parameters, URL-decoded. */
  params: Record<string, string>;
  /** The parsed JSON body (POST/PUT), or undefined when the request had none. */
  body: unknown;
  auth: AuthContext;
  /** The sandbox clock at request start. */
  now: number;
  /** The request's `ININ-Correlation-Id` (also the `contextId` of error bodies). */
  correlationId: string;
}

export interface RouteResult {
  /** Default 200. */
  status?: number;
  /** Serialized as JSON; undefined sends no body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => RouteResult | Promise<RouteResult>;

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';

export interface Route {
  method: RouteMethod;
  /** e.g. '/api/v2/users/{userId}': literal segments and whole-segment `{name}` parameters. */
  pattern: string;
  handler: Handler;
  /** The token needs ANY of these. */
  permissions?: string[];
  /** Needs a user token (client-credentials tokens are refused). */
  userContext?: boolean;
}

/**
 * Values of a list parameter, accepting both the SDK's comma-joined form (`id=a,b`) and repeated keys
 * (`id=a&id=b`). Blank items are dropped; values are trimmed.
 */
export function listParam(q: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (const raw of q.getAll(name)) {
    for (const item of raw.split(',')) {
      const v = item.trim();
      if (v !== '') out.push(v);
    }
  }
  return out;
}

type Segment = { literal: string } | { param: string };

export interface CompiledRoute {
  route: Route;
  /** 'GET /api/v2/users/{userId}': how the request log names the endpoint. */
  endpoint: string;
  segments: Segment[];
  /** 0 for a literal segment, 1 for a parameter: literal segments win over parameters, left to right. */
  rank: number[];
}

export type RouteMatch =
  | { kind: 'found'; route: CompiledRoute; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'none' };

function splitPath(path: string): string[] {
  return path.split('/').slice(1);
}

function compareRank(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Matches request paths against route patterns. Matching is on raw (still percent-encoded) segments;
 * parameter values are then URL-decoded. Where several patterns match, the one with literal segments
 * furthest left wins (`/jobs/availability` beats `/jobs/{jobId}`). HEAD falls back to the GET route
 * when no HEAD route is declared (Node then sends the headers without the body).
 */
export class Router {
  readonly #bySegmentCount = new Map<number, CompiledRoute[]>();

  constructor(routes: readonly Route[]) {
    const seen = new Set<string>();
    for (const route of routes) {
      if (!route.pattern.startsWith('/')) throw new Error(`Route pattern must start with '/': ${route.pattern}`);
      const endpoint = `${route.method} ${route.pattern}`;
      if (seen.has(endpoint)) throw new Error(`Duplicate route: ${endpoint}`);
      seen.add(endpoint);
      const names = new Set<string>();
      const segments: Segment[] = splitPath(route.pattern).map((s) => {
        const m = /^\{([A-Za-z_$][\w$]*)\}$/.exec(s);
        if (!m) {
          if (s.includes('{') || s.includes('}')) throw new Error(`Parameters must fill a whole segment: ${route.pattern}`);
          return { literal: s };
        }
        const name = m[1] as string;
        if (names.has(name)) throw new Error(`Duplicate parameter {${name}} in ${route.pattern}`);
        names.add(name);
        return { param: name };
      });
      const compiled: CompiledRoute = { route, endpoint, segments, rank: segments.map((s) => ('param' in s ? 1 : 0)) };
      const list = this.#bySegmentCount.get(segments.length) ?? [];
      list.push(compiled);
      this.#bySegmentCount.set(segments.length, list);
    }
    for (const list of this.#bySegmentCount.values()) list.sort((a, b) => compareRank(a.rank, b.rank));
  }

  /** Throws a 400 GenesysHttpError when a path parameter is not valid percent-encoding. */
  match(method: string, path: string): RouteMatch {
    const parts = splitPath(path);
    const candidates = this.#bySegmentCount.get(parts.length);
    if (!candidates) return { kind: 'none' };
    let getFallback: CompiledRoute | undefined;
    const allowed = new Set<string>();
    for (const c of candidates) {
      if (!pathMatches(c.segments, parts)) continue;
      if (c.route.method === method) return { kind: 'found', route: c, params: decodeParams(c.segments, parts) };
      if (method === 'HEAD' && c.route.method === 'GET' && !getFallback) getFallback = c;
      allowed.add(c.route.method);
    }
    if (getFallback) return { kind: 'found', route: getFallback, params: decodeParams(getFallback.segments, parts) };
    if (allowed.size > 0) {
      if (allowed.has('GET')) allowed.add('HEAD');
      return { kind: 'method-not-allowed', allowed: [...allowed].sort() };
    }
    return { kind: 'none' };
  }
}

function pathMatches(segments: readonly Segment[], parts: readonly string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i] as Segment;
    const p = parts[i] as string;
    if ('literal' in s) {
      if (s.literal !== p) return false;
    } else if (p === '') {
      return false;
    }
  }
  return true;
}

function decodeParams(segments: readonly Segment[], parts: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i] as Segment;
    if (!('param' in s)) continue;
    const raw = parts[i] as string;
    try {
      params[s.param] = decodeURIComponent(raw);
    } catch {
      throw badRequest(`The path parameter ${s.param} is not valid percent-encoding: ${raw}`, s.param);
    }
  }
  return params;
}
