import type { Column } from '../../output/format.js';
import { credentialKind, redactProfile, type CredentialKind, type Profile } from '../../profiles.js';

/** One profile as `config list` and `config get` show it: never a secret. */
export interface ProfileRow {
  name: string;
  default: boolean;
  credentials: CredentialKind;
  clientId: string | undefined;
  /** `[redacted]` when a client secret or access token is stored. */
  secret: string | undefined;
  region: string | undefined;
  apiUrl: string | undefined;
}

export const PROFILE_COLUMNS: readonly Column<ProfileRow>[] = [
  { key: 'name', get: (r) => r.name },
  { key: 'default', get: (r) => r.default },
  { key: 'credentials', get: (r) => r.credentials },
  { key: 'clientId', header: 'client id', get: (r) => r.clientId },
  { key: 'secret', get: (r) => r.secret },
  { key: 'region', get: (r) => r.region },
  { key: 'apiUrl', header: 'api url', get: (r) => r.apiUrl },
];

export function toRow(name: string, p: Profile, isDefault: boolean): ProfileRow {
  const shown = redactProfile(p);
  return {
    name,
    default: isDefault,
    credentials: credentialKind(p),
    clientId: shown.clientId,
    secret: shown.clientSecret ?? shown.accessToken,
    // Neither a region nor an API URL: core's default region.
    region: p.apiUrl ? undefined : (p.region ?? 'us-east-1'),
    apiUrl: p.apiUrl,
  };
}
