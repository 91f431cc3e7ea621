import type platformClient from 'purecloud-platform-client-v2';
import { AuthenticationError, normalizeError } from './errors.js';
import type { Logger } from './logger.js';

/**
 * Tokens for one credential set. Client credentials: logged in through the SDK, cached, refreshed before
 * they expire, one login in flight at a time however many callers ask. Bearer: the caller's token, as is.
 */
export interface TokenProvider {
  readonly mode: 'client-credentials' | 'bearer';
  /** A valid token is set on the ApiClient when this resolves. */
  ensure(): Promise<void>;
  /** The token was rejected (401): forget it so the next `ensure` logs in again. Bearer tokens cannot. */
  invalidate(): boolean;
  readonly logins: number;
}

export interface ClientCredentialsOptions {
  clientId: string;
  clientSecret: string;
  /** Refresh when less than this is left (default: 5 minutes, or a tenth of a short lifetime). */
  refreshBeforeMs?: number;
  now?: () => number;
  logger?: Logger;
}

export class ClientCredentialsProvider implements TokenProvider {
  readonly mode = 'client-credentials' as const;
  private expiresAt = 0;
  private lifetimeMs = 0;
  private inflight: Promise<void> | undefined;
  private count = 0;

  constructor(
    private readonly client: platformClient.ApiClientClass,
    private readonly options: ClientCredentialsOptions,
  ) {}

  get logins(): number {
    return this.count;
  }

  ensure(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    const margin = this.options.refreshBeforeMs ?? Math.min(300_000, this.lifetimeMs / 10);
    if (this.expiresAt - margin > now) return Promise.resolve();
    this.inflight ??= this.login().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  invalidate(): boolean {
    this.expiresAt = 0;
    return true;
  }

  private async login(): Promise<void> {
    this.count++;
    const started = (this.options.now ?? Date.now)();
    let auth: { accessToken?: string; tokenExpiryTime?: number };
    try {
      auth = await this.client.loginClientCredentialsGrant(this.options.clientId, this.options.clientSecret);
    } catch (e) {
      // Login failures reject with a raw AxiosError whose config holds the Basic credentials: read, then drop it.
      throw normalizeError(e, { endpoint: 'POST /oauth/token', auth: 'client-credentials' });
    }
    // The SDK resolves even when the body has no token (sdk-notes.md): check it ourselves.
    if (typeof auth.accessToken !== 'string' || auth.accessToken === '' || !Number.isFinite(auth.tokenExpiryTime)) {
      throw new AuthenticationError('Login answered without an access token.', {
        endpoint: 'POST /oauth/token',
        hint: 'Check GENESYS_API_URL / the region: the login endpoint is not a Genesys Cloud login service.',
      });
    }
    this.expiresAt = auth.tokenExpiryTime!;
    this.lifetimeMs = Math.max(0, this.expiresAt - started);
    this.options.logger?.debug({ event: 'login', expiresAt: new Date(this.expiresAt).toISOString() }, 'logged in with client credentials');
  }
}

export class BearerProvider implements TokenProvider {
  readonly mode = 'bearer' as const;
  readonly logins = 0;

  constructor(client: platformClient.ApiClientClass, accessToken: string) {
    client.setAccessToken(accessToken);
  }

  ensure(): Promise<void> {
    return Promise.resolve();
  }

  invalidate(): boolean {
    return false;
  }
}
