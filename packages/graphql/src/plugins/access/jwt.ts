import { ConfigError } from '@cxgraph/core';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** How JWTs are checked (with `jose`): a JWKS URL (asymmetric keys) or a shared secret (HS256). */
export interface JwtOptions {
  /** Where the issuer publishes its signing keys (fetched and cached by jose). */
  jwksUrl?: string | undefined;
  /** A shared HMAC secret (at least 32 bytes), instead of `jwksUrl`. */
  secret?: string | undefined;
  /** Required `iss`. */
  issuer: string;
  /** Required `aud` (one of the token's audiences). */
  audience: string;
  /** The claim holding the scopes: a space-separated string (`scope`, OAuth) or a list (`scp`). @default 'scope' */
  scopesClaim?: string | undefined;
}

export interface VerifiedJwt {
  subject: string;
  scopes: string[];
}

/** A token that failed: why, in words safe to show (never the token). */
export class JwtRejected extends Error {}

export function jwtVerifier(options: JwtOptions): (token: string) => Promise<VerifiedJwt> {
  const { jwksUrl, secret, issuer, audience, scopesClaim = 'scope' } = options;
  if (!jwksUrl === !secret) throw new ConfigError('JWT authentication needs exactly one of a JWKS URL or a shared secret.', undefined, 'Give --jwt-jwks-url <url>, or set CXGRAPH_JWT_SECRET (not both).');
  if (!issuer || !audience) throw new ConfigError('JWT authentication needs the issuer and the audience tokens must carry.', undefined, 'Give --jwt-issuer <iss> and --jwt-audience <aud>.');
  let key: JWTVerifyGetKey | Uint8Array;
  if (jwksUrl) {
    let url: URL;
    try {
      url = new URL(jwksUrl);
    } catch {
      throw new ConfigError(`The JWKS URL "${jwksUrl}" is not a URL.`, undefined, 'Give the issuer\'s JWKS endpoint, e.g. https://issuer.example.com/.well-known/jwks.json.');
    }
    key = createRemoteJWKSet(url);
  } else {
    key = new TextEncoder().encode(secret);
    if (key.length < 32) throw new ConfigError('The JWT shared secret is shorter than 32 bytes.', undefined, 'Use a random secret of at least 32 bytes, e.g. `openssl rand -base64 48`.');
  }
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as JWTVerifyGetKey, { issuer, audience, ...(secret ? { algorithms: ['HS256', 'HS384', 'HS512'] } : {}) }));
    } catch (error) {
      throw new JwtRejected(reasonOf(error, issuer, audience));
    }
    const raw = payload[scopesClaim];
    const scopes = typeof raw === 'string' ? raw.split(/\s+/).filter(Boolean) : Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : [];
    return { subject: typeof payload.sub === 'string' ? payload.sub : 'jwt', scopes };
  };
}

function reasonOf(error: unknown, issuer: string, audience: string): string {
  if (error instanceof errors.JWTExpired) return 'The JWT has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return `The JWT is not for this gateway: its audience must include "${audience}".`;
    if (error.claim === 'iss') return `The JWT's issuer must be "${issuer}".`;
    if (error.claim === 'nbf') return 'The JWT is not valid yet.';
    return `The JWT's "${error.claim}" claim is not valid.`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The JWT\'s signature does not verify.';
  if (error instanceof errors.JWKSNoMatchingKey) return 'The JWT is signed with a key the issuer\'s JWKS does not hold.';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The JWT is signed with an algorithm this gateway does not accept.';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') return 'The issuer\'s JWKS could not be fetched to check the JWT.';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'The bearer token is not a valid JWT.';
  return 'The JWT could not be verified.';
}
