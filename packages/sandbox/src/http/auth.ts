import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SandboxLimits } from '../options.js';
import { GenesysHttpError } from './errors.js';
import type { AuthContext, Route } from './router.js';

/**
 * OAuth clients, tokens and the checks every /api/v2 request goes through.
 *
 * Token lifetimes use REAL time (`Date.now()`), never the sandbox clock: the data clock is often frozen
 * or set to some past day in tests, and tokens must still expire (and rate windows reset) on time.
 */

export interface OAuthClient {
  id: string;
  secret: string;
  name: string;
  permissions: string[];
  /** Overrides `limits.tokenLifetimeSeconds` for this client's tokens. */
  tokenLifetimeSeconds?: number;
}

/** Every permission the sandbox's endpoints ask for (what `cxgraph-demo` holds). */
export const DEMO_PERMISSIONS: readonly string[] = [
  'analytics:conversationDetail:view',
  'analytics:conversationAggregate:view',
  'analytics:queueObservation:view',
  'analytics:userObservation:view',
  'conversation:communication:view',
  'routing:queue:view',
  'directory:user:view',
];

/** What a user token (an agent) holds. */
export const AGENT_PERMISSIONS: readonly string[] = [
  'analytics:agentConversationDetail:view',
  'conversation:communication:view',
  'routing:queue:view',
  'directory:user:view',
];

/** The client user tokens are minted for. */
export const USER_TOKEN_CLIENT = { id: 'cxgraph-demo', name: 'cxgraph demo' } as const;

/** Public demo credentials: they are documented and handed out by the control API on purpose. */
export const DEFAULT_CLIENTS: OAuthClient[] = [
  { id: 'cxgraph-demo', secret: 'cxgraph-demo-secret', name: 'cxgraph demo', permissions: [...DEMO_PERMISSIONS] },
  {
    id: 'cxgraph-no-analytics',
    secret: 'cxgraph-no-analytics-secret',
    name: 'cxgraph no analytics',
    permissions: DEMO_PERMISSIONS.filter((p) => !p.startsWith('analytics:')),
  },
  {
    id: 'cxgraph-short-lived',
    secret: 'cxgraph-short-lived-secret',
    name: 'cxgraph short lived',
    permissions: [...DEMO_PERMISSIONS],
    tokenLifetimeSeconds: 300,
  },
];

export interface IssuedToken {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  /** Not sent on /oauth/token; for logs and tests. */
  tokenId: string;
  expiresAt: number;
}

export type VerifyResult =
  | { ok: true; auth: AuthContext }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'expired'; tokenId: string; clientId: string; userId?: string };

interface TokenRecord {
  tokenId: string;
  clientId: string;
  clientName: string;
  userId?: string;
  permissions: ReadonlySet<string>;
  issuedAt: number;
  expiresAt: number;
}

export interface TokenStoreOptions {
  clients?: readonly OAuthClient[];
  /** Lifetime of tokens whose client sets none, seconds; a function is read at each issue. Default 86400. */
  lifetimeSeconds?: number | (() => number);
}

/** Expired tokens are kept (so they answer `credentials.expired`) until the store grows past this. */
const PRUNE_ABOVE = 50_000;

const hash = (s: string): Buffer => createHash('sha256').update(s).digest();

export class TokenStore {
  readonly #clients = new Map<string, OAuthClient>();
  readonly #clientPermissions = new Map<string, ReadonlySet<string>>();
  readonly #tokens = new Map<string, TokenRecord>();
  readonly #lifetime: () => number;
  readonly #agentPermissions: ReadonlySet<string> = new Set(AGENT_PERMISSIONS);

  constructor(opts: TokenStoreOptions = {}) {
    for (const c of opts.clients ?? DEFAULT_CLIENTS) {
      this.#clients.set(c.id, c);
      this.#clientPermissions.set(c.id, new Set(c.permissions));
    }
    const lt = opts.lifetimeSeconds ?? 86_400;
    this.#lifetime = typeof lt === 'function' ? lt : () => lt;
  }

  get clients(): readonly OAuthClient[] {
    return [...this.#clients.values()];
  }

  /** Number of tokens held (expired ones included). */
  get size(): number {
    return this.#tokens.size;
  }

  client(id: string): OAuthClient | undefined {
    return this.#clients.get(id);
  }

  /** Checks client credentials (constant-time on the secret). */
  authenticateClient(id: string, secret: string): { ok: true; client: OAuthClient } | { ok: false; reason: 'client-not-found' | 'bad-secret' } {
    const client = this.#clients.get(id);
    if (!client) return { ok: false, reason: 'client-not-found' };
    return timingSafeEqual(hash(secret), hash(client.secret)) ? { ok: true, client } : { ok: false, reason: 'bad-secret' };
  }

  /** A client-credentials token for `client`. */
  issue(client: OAuthClient, opts: { lifetimeSeconds?: number } = {}): IssuedToken {
    const permissions = this.#clientPermissions.get(client.id) ?? new Set(client.permissions);
    return this.#store(client.id, client.name, undefined, permissions, opts.lifetimeSeconds ?? client.tokenLifetimeSeconds);
  }

  /** A token that acts as agent `userId`: user context, agent permissions, client `cxgraph-demo`. */
  mintUserToken(userId: string, opts: { lifetimeSeconds?: number } = {}): IssuedToken & { userId: string } {
    const t = this.#store(USER_TOKEN_CLIENT.id, USER_TOKEN_CLIENT.name, userId, this.#agentPermissions, opts.lifetimeSeconds);
    return { ...t, userId };
  }

  #store(clientId: string, clientName: string, userId: string | undefined, permissions: ReadonlySet<string>, lifetimeSeconds: number | undefined): IssuedToken {
    const lifetime = lifetimeSeconds ?? this.#lifetime();
    if (!(lifetime > 0) || !Number.isFinite(lifetime)) throw new RangeError(`Token lifetime must be a positive number of seconds, got ${lifetime}`);
    if (this.#tokens.size >= PRUNE_ABOVE) this.#prune();
    const token = randomBytes(48).toString('base64url'); // 64 characters
    const tokenId = `tok-${randomBytes(6).toString('hex')}`;
    const issuedAt = Date.now();
    const expiresAt = issuedAt + lifetime * 1000;
    const rec: TokenRecord = { tokenId, clientId, clientName, permissions, issuedAt, expiresAt };
    if (userId !== undefined) rec.userId = userId;
    this.#tokens.set(token, rec);
    return { access_token: token, token_type: 'bearer', expires_in: Math.round(lifetime), tokenId, expiresAt };
  }

  #prune(): void {
    const now = Date.now();
    for (const [token, rec] of this.#tokens) if (rec.expiresAt <= now) this.#tokens.delete(token);
  }

  verify(token: string): VerifyResult {
    const rec = this.#tokens.get(token);
    if (!rec) return { ok: false, reason: 'unknown' };
    if (rec.expiresAt <= Date.now()) {
      const r: VerifyResult = { ok: false, reason: 'expired', tokenId: rec.tokenId, clientId: rec.clientId };
      if (rec.userId !== undefined) r.userId = rec.userId;
      return r;
    }
    const auth: AuthContext = {
      clientId: rec.clientId,
      clientName: rec.clientName,
      permissions: rec.permissions,
      expiresAt: rec.expiresAt,
      tokenId: rec.tokenId,
    };
    if (rec.userId !== undefined) auth.userId = rec.userId;
    return { ok: true, auth };
  }

  /** Forgets one token (it then answers `bad.credentials`). */
  revoke(token: string): boolean {
    return this.#tokens.delete(token);
  }

  /** Forgets every token, or those of one client; returns how many. */
  revokeAll(filter: { clientId?: string } = {}): number {
    if (filter.clientId === undefined) {
      const n = this.#tokens.size;
      this.#tokens.clear();
      return n;
    }
    let n = 0;
    for (const [token, rec] of this.#tokens) {
      if (rec.clientId === filter.clientId) {
        this.#tokens.delete(token);
        n++;
      }
    }
    return n;
  }

  /** Makes every live token expired now (they then answer `credentials.expired`); returns how many. */
  expireAll(): number {
    const now = Date.now();
    let n = 0;
    for (const rec of this.#tokens.values()) {
      if (rec.expiresAt > now) {
        rec.expiresAt = now;
        n++;
      }
    }
    return n;
  }
}

// ---------------------------------------------------------------------------------------------------
// Bearer and permission checks (Genesys ErrorBody errors)

export const AUTH_MESSAGES = {
  required: 'No authentication bearer token specified in authorization header.',
  badCredentials: 'Invalid login credentials.',
  expired: 'The supplied credentials are expired and cannot be used.',
  userContext: 'This request requires a user context. Client credentials cannot be used for requests to this resource.',
} as const;

/** The token in an `Authorization: Bearer …` header, or undefined (missing header, other scheme, empty). */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer[ \t]+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

/** Verifies the Authorization header or throws the 401 Genesys answers. */
export function authenticate(store: TokenStore, header: string | undefined): AuthContext {
  const token = bearerToken(header);
  if (token === undefined) throw new GenesysHttpError(401, 'authentication.required', AUTH_MESSAGES.required);
  const v = store.verify(token);
  if (v.ok) return v.auth;
  if (v.reason === 'expired') throw new GenesysHttpError(401, 'credentials.expired', AUTH_MESSAGES.expired);
  throw new GenesysHttpError(401, 'bad.credentials', AUTH_MESSAGES.badCredentials);
}

/** Throws 403 `missing.any.permissions`, or the user-context error, when `auth` may not call `route`. */
export function authorize(route: Pick<Route, 'permissions' | 'userContext'>, auth: AuthContext, limits: Pick<SandboxLimits, 'userContextErrorStatus'>): void {
  const needed = route.permissions;
  if (needed && needed.length > 0 && !needed.some((p) => auth.permissions.has(p))) {
    const list = `[${needed.join(', ')}]`;
    throw new GenesysHttpError(
      403,
      'missing.any.permissions',
      `Unable to perform the requested action. You must have at least one of the following permissions assigned: ${list}`,
      { messageParams: { permissions: list } },
    );
  }
  if (route.userContext && auth.userId === undefined) {
    throw new GenesysHttpError(limits.userContextErrorStatus, 'bad.request', AUTH_MESSAGES.userContext);
  }
}

// ---------------------------------------------------------------------------------------------------
// POST /oauth/token

/** OAuth-style error body of the Genesys login service (not an ErrorBody). */
export interface OAuthErrorBody {
  error: string;
  description: string;
  error_description: string;
}

export interface TokenRequest {
  method: string;
  authorization: string | undefined;
  contentType: string | undefined;
  /** The raw request body (form-encoded). */
  body: string;
}

export interface TokenResponse {
  status: number;
  body: { access_token: string; token_type: 'bearer'; expires_in: number } | OAuthErrorBody;
  outcome: 'ok' | 'error' | 'unauthorized';
  /** Set when the request named a known client (never for unknown ids, which could be anything). */
  clientId?: string;
  tokenId?: string;
  headers?: Record<string, string>;
}

const oauthError = (status: number, error: string, description: string, outcome: TokenResponse['outcome']): TokenResponse => ({
  status,
  body: { error, description, error_description: description },
  outcome,
});

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = header ? /^Basic[ \t]+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header) : null;
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/**
 * Answers a client-credentials token request. Order: method → content type → client authentication
 * (`Authorization: Basic`, else `client_id`/`client_secret` in the form) → grant type.
 */
export function handleTokenRequest(req: TokenRequest, store: TokenStore, limits: Pick<SandboxLimits, 'invalidClientStatus'>): TokenResponse {
  if (req.method !== 'POST') {
    return { ...oauthError(405, 'invalid_request', `method ${req.method} is not supported; use POST`, 'error'), headers: { Allow: 'POST' } };
  }
  const mediaType = req.contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== undefined && mediaType !== '' && mediaType !== 'application/x-www-form-urlencoded') {
    return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded', 'error');
  }
  const form = new URLSearchParams(req.body);
  const creds =
    basicCredentials(req.authorization) ??
    (form.has('client_id') ? { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' } : undefined);
  if (!creds) return oauthError(limits.invalidClientStatus, 'invalid_client', 'client authentication required', 'unauthorized');
  const auth = store.authenticateClient(creds.id, creds.secret);
  if (!auth.ok) {
    const r = oauthError(
      limits.invalidClientStatus,
      'invalid_client',
      auth.reason === 'client-not-found' ? 'client not found' : 'authentication failed',
      'unauthorized',
    );
    if (auth.reason === 'bad-secret') r.clientId = creds.id;
    return r;
  }
  const clientId = auth.client.id;
  const grant = form.get('grant_type');
  if (grant === null || grant === '') return { ...oauthError(400, 'invalid_request', 'grant_type is required', 'error'), clientId };
  if (grant !== 'client_credentials') {
    return { ...oauthError(400, 'unsupported_grant_type', `grant type ${grant} is not supported; use client_credentials`, 'error'), clientId };
  }
  const t = store.issue(auth.client);
  return {
    status: 200,
    body: { access_token: t.access_token, token_type: t.token_type, expires_in: t.expires_in },
    outcome: 'ok',
    clientId,
    tokenId: t.tokenId,
    headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  };
}
