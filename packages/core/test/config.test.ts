import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import platformClient from 'purecloud-platform-client-v2';
import { afterAll, describe, expect, it } from 'vitest';
import { hasCredentials, redactConfig, resolveConfig } from '../src/config.js';
import type { Config, ConfigInput } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { REGIONS, describeRegions, resolveRegion } from '../src/regions.js';
import type { Region, RegionKey } from '../src/regions.js';

const region = (key: RegionKey): Region => {
  const found = REGIONS.find((r) => r.key === key);
  if (!found) throw new Error(`no region ${key}`);
  return found;
};

// ---------------------------------------------------------------------------------------------------------
// Fixtures: every test passes env and cwd explicitly; cwd is a fresh temporary directory.

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A temporary directory, with a `.env` holding `dotenv` when given. */
function workdir(dotenv?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cxgraph-config-'));
  dirs.push(dir);
  if (dotenv !== undefined) writeFileSync(join(dir, '.env'), dotenv);
  return dir;
}

interface Setup {
  options?: ConfigInput;
  env?: Record<string, string>;
  dotenv?: string;
}
const resolveWith = ({ options = {}, env = {}, dotenv }: Setup): Config => resolveConfig(options, { env, cwd: workdir(dotenv) });

function errorOf(setup: Setup): ConfigError {
  try {
    resolveWith(setup);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const CC = { GENESYS_CLIENT_ID: 'my-client', GENESYS_CLIENT_SECRET: 'my-secret' };
const DEFAULT_TUNING = { rateLimitPerMinute: 300, maxConcurrency: 10, timeoutMs: 16000, logLevel: 'silent' };
const CC_AUTH = { kind: 'client-credentials', clientId: 'my-client', clientSecret: 'my-secret' } as const;

// ---------------------------------------------------------------------------------------------------------

describe('regions', () => {
  it('match the SDK: every key of PureCloudRegionHosts is in REGIONS with the same domain, and vice versa', () => {
    const sdk = platformClient.PureCloudRegionHosts;
    expect(Object.fromEntries(REGIONS.map((r) => [r.key, r.domain]))).toEqual(sdk);
    expect(REGIONS).toHaveLength(18);
    expect(Object.keys(sdk)).toHaveLength(18);
  });

  it('name each AWS region after its SDK key, and nothing twice', () => {
    for (const r of REGIONS) expect(r.aws).toBe(r.key.replace(/_/g, '-'));
    for (const column of ['key', 'domain', 'aws', 'name'] as const) expect(new Set(REGIONS.map((r) => r[column])).size).toBe(18);
  });

  const found: Array<[string, RegionKey]> = [
    ['us_east_1', 'us_east_1'],
    ['us-east-1', 'us_east_1'],
    ['US-EAST-1', 'us_east_1'],
    ['  eu-west-1\n', 'eu_west_1'],
    ['EU_WEST_1', 'eu_west_1'],
    ['mypurecloud.ie', 'eu_west_1'],
    ['api.mypurecloud.ie', 'eu_west_1'],
    ['login.mypurecloud.ie', 'eu_west_1'],
    ['API.MyPureCloud.IE', 'eu_west_1'],
    ['api.mypurecloud.ie:443/api/v2', 'eu_west_1'],
    ['https://api.mypurecloud.de/', 'eu_central_1'],
    ['https://apps.mypurecloud.jp', 'ap_northeast_1'],
    ['https://apps.mypurecloud.com.au/directory/#/person/1', 'ap_southeast_2'],
    ['mypurecloud.com', 'us_east_1'],
    ['mypurecloud.com.au', 'ap_southeast_2'],
    ['wss://streaming.usw2.pure.cloud/channels/streaming-0-x', 'us_west_2'],
    ['api.use2.us-gov-pure.cloud', 'us_east_2'],
    ['eusc-de-east-1', 'eusc_de_east_1'],
    ['edee1.eusc-pure.cloud', 'eusc_de_east_1'],
    ['me-central-1', 'me_central_1'],
    ['mypurecloud.com.', 'us_east_1'],
  ];
  it.each(found)('resolveRegion(%j) is %s', (input, key) => {
    expect(resolveRegion(input)?.key).toBe(key);
  });

  const missing = ['', '   ', 'us-east-9', 'us_east', 'mypurecloud.co', 'pure.cloud', 'evil.mypurecloud.com', 'mypurecloud.com.evil.net', 'api.', 'https://', 'https://api.example.com', 'not a region', 'eu west 1'];
  it.each(missing)('resolveRegion(%j) is undefined', (input) => {
    expect(resolveRegion(input)).toBeUndefined();
  });

  it('describeRegions lists every region by AWS name, domain and location, one a line', () => {
    const text = describeRegions();
    const lines = text.split('\n');
    expect(lines).toHaveLength(18);
    expect(lines[0]).toMatch(/^\s+us-east-1\s+mypurecloud\.com\s+US East \(Virginia\)$/);
    expect(lines[17]).toMatch(/^\s+eusc-de-east-1\s+edee1\.eusc-pure\.cloud\s+EU Sovereign Cloud \(Germany\)$/);
    for (const r of REGIONS) expect(text).toContain(r.aws);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('resolveConfig: valid configurations', () => {
  const cases: Array<{ name: string; setup: Setup; expected: Config }> = [
    {
      name: 'client credentials from env, default region and tuning',
      setup: { env: CC },
      expected: { auth: CC_AUTH, target: { kind: 'region', region: region('us_east_1') }, ...DEFAULT_TUNING },
    },
    {
      name: 'a bearer token alone',
      setup: { env: { GENESYS_ACCESS_TOKEN: 'user-token' } },
      expected: { auth: { kind: 'bearer', accessToken: 'user-token' }, target: { kind: 'region', region: region('us_east_1') }, ...DEFAULT_TUNING },
    },
    {
      name: 'client credentials as arguments, region by domain',
      setup: { options: { clientId: 'my-client', clientSecret: 'my-secret', region: 'mypurecloud.de' } },
      expected: { auth: CC_AUTH, target: { kind: 'region', region: region('eu_central_1') }, ...DEFAULT_TUNING },
    },
    {
      name: 'GENESYS_REGION as a web app URL',
      setup: { env: { ...CC, GENESYS_REGION: 'https://apps.mypurecloud.ie/directory/' } },
      expected: { auth: CC_AUTH, target: { kind: 'region', region: region('eu_west_1') }, ...DEFAULT_TUNING },
    },
    {
      name: 'the sandbox URL: a gateway over http',
      setup: { env: { GENESYS_API_URL: 'http://127.0.0.1:4010', GENESYS_CLIENT_ID: 'cxgraph-demo', GENESYS_CLIENT_SECRET: 'cxgraph-demo-secret' } },
      expected: {
        auth: { kind: 'client-credentials', clientId: 'cxgraph-demo', clientSecret: 'cxgraph-demo-secret' },
        target: { kind: 'gateway', url: 'http://127.0.0.1:4010', protocol: 'http', host: '127.0.0.1', port: 4010 },
        ...DEFAULT_TUNING,
      },
    },
    {
      name: 'an https proxy with a trailing slash gets port 443',
      setup: { env: { ...CC, GENESYS_API_URL: 'https://Proxy.Example.com/' } },
      expected: { auth: CC_AUTH, target: { kind: 'gateway', url: 'https://proxy.example.com', protocol: 'https', host: 'proxy.example.com', port: 443 }, ...DEFAULT_TUNING },
    },
    {
      name: 'an http host without a port gets port 80',
      setup: { env: { ...CC, GENESYS_API_URL: 'http://localhost' } },
      expected: { auth: CC_AUTH, target: { kind: 'gateway', url: 'http://localhost', protocol: 'http', host: 'localhost', port: 80 }, ...DEFAULT_TUNING },
    },
    {
      name: 'the API URL wins over the region',
      setup: { options: { region: 'eu-west-1' }, env: { ...CC, GENESYS_API_URL: 'http://127.0.0.1:4010' } },
      expected: { auth: CC_AUTH, target: { kind: 'gateway', url: 'http://127.0.0.1:4010', protocol: 'http', host: '127.0.0.1', port: 4010 }, ...DEFAULT_TUNING },
    },
    {
      name: 'with an API URL, an unknown region is not read',
      setup: { env: { ...CC, GENESYS_API_URL: 'http://127.0.0.1:4010', GENESYS_REGION: 'atlantis-1' } },
      expected: { auth: CC_AUTH, target: { kind: 'gateway', url: 'http://127.0.0.1:4010', protocol: 'http', host: '127.0.0.1', port: 4010 }, ...DEFAULT_TUNING },
    },
    {
      name: 'an https API URL on a Genesys Cloud host means that region',
      setup: { env: { ...CC, GENESYS_API_URL: 'https://api.mypurecloud.ie' } },
      expected: { auth: CC_AUTH, target: { kind: 'region', region: region('eu_west_1') }, ...DEFAULT_TUNING },
    },
    {
      name: 'tuning from env: trimmed integers, log level in any case',
      setup: { env: { ...CC, CXGRAPH_RATE_LIMIT: ' 120 ', CXGRAPH_MAX_CONCURRENCY: '4', CXGRAPH_TIMEOUT_MS: '5000', CXGRAPH_LOG_LEVEL: 'DEBUG' } },
      expected: { auth: CC_AUTH, target: { kind: 'region', region: region('us_east_1') }, rateLimitPerMinute: 120, maxConcurrency: 4, timeoutMs: 5000, logLevel: 'debug' },
    },
    {
      name: 'tuning as arguments (numbers or strings)',
      setup: { options: { rateLimitPerMinute: 60, maxConcurrency: '2', timeoutMs: 1, logLevel: 'info' }, env: CC },
      expected: { auth: CC_AUTH, target: { kind: 'region', region: region('us_east_1') }, rateLimitPerMinute: 60, maxConcurrency: 2, timeoutMs: 1, logLevel: 'info' },
    },
    {
      name: 'precedence per variable: argument > env > .env',
      setup: {
        options: { clientId: 'from-argument' },
        env: { GENESYS_CLIENT_ID: 'from-env', GENESYS_REGION: 'eu-west-2' },
        dotenv: 'GENESYS_CLIENT_ID=from-dotenv\nGENESYS_CLIENT_SECRET="dotenv secret"\nGENESYS_REGION=ap-south-1\nCXGRAPH_RATE_LIMIT=42\n',
      },
      expected: { auth: { kind: 'client-credentials', clientId: 'from-argument', clientSecret: 'dotenv secret' }, target: { kind: 'region', region: region('eu_west_2') }, ...DEFAULT_TUNING, rateLimitPerMinute: 42 },
    },
    {
      name: 'blank values count as unset and fall through to .env',
      setup: { options: { region: '' }, env: { GENESYS_REGION: '  ', GENESYS_CLIENT_ID: '' }, dotenv: 'GENESYS_REGION=sa-east-1\nGENESYS_ACCESS_TOKEN=dotenv-token\n' },
      expected: { auth: { kind: 'bearer', accessToken: 'dotenv-token' }, target: { kind: 'region', region: region('sa_east_1') }, ...DEFAULT_TUNING },
    },
  ];

  it.each(cases)('$name', ({ setup, expected }) => {
    expect(resolveWith(setup)).toEqual(expected);
  });

  it('ignores .env when dotenv is false', () => {
    const cwd = workdir('GENESYS_ACCESS_TOKEN=dotenv-token\n');
    expect(resolveConfig({}, { env: { GENESYS_ACCESS_TOKEN: 'env-token' }, cwd, dotenv: false }).auth).toEqual({ kind: 'bearer', accessToken: 'env-token' });
    expect(() => resolveConfig({}, { env: {}, cwd, dotenv: false })).toThrow(/No Genesys Cloud credentials/);
    expect(resolveConfig({}, { env: {}, cwd }).auth).toEqual({ kind: 'bearer', accessToken: 'dotenv-token' });
  });

  it('reads .env without writing it to process.env or to the env given', () => {
    const env: Record<string, string> = {};
    resolveConfig({}, { env, cwd: workdir('GENESYS_ACCESS_TOKEN=t\nCXGRAPH_TEST_SENTINEL_5e1d=1\n') });
    expect(env).toEqual({});
    expect(process.env.CXGRAPH_TEST_SENTINEL_5e1d).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('resolveConfig: errors', () => {
  const cases: Array<{ name: string; setup: Setup; variable: string; message: Array<string | RegExp>; hint: string[] }> = [
    {
      name: 'nothing at all: the three ways',
      setup: {},
      variable: 'GENESYS_CLIENT_ID',
      message: [/^No Genesys Cloud credentials/, 'GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET', 'GENESYS_ACCESS_TOKEN', 'sandbox', '.env'],
      hint: ['pnpm sandbox', 'GENESYS_API_URL=http://127.0.0.1:4010', 'GENESYS_CLIENT_ID=cxgraph-demo', 'GENESYS_CLIENT_SECRET=cxgraph-demo-secret', 'GENESYS_ACCESS_TOKEN=<token>'],
    },
    {
      name: 'client id without secret',
      setup: { env: { GENESYS_CLIENT_ID: 'my-client' } },
      variable: 'GENESYS_CLIENT_SECRET',
      message: ['GENESYS_CLIENT_SECRET is missing: GENESYS_CLIENT_ID is set'],
      hint: ['Set GENESYS_CLIENT_SECRET'],
    },
    {
      name: 'client secret without id (from .env)',
      setup: { dotenv: 'GENESYS_CLIENT_SECRET=my-secret\n' },
      variable: 'GENESYS_CLIENT_ID',
      message: ['GENESYS_CLIENT_ID is missing: GENESYS_CLIENT_SECRET (from ', '.env) is set'],
      hint: ['Set GENESYS_CLIENT_ID'],
    },
    {
      name: 'an access token and client credentials',
      setup: { env: { ...CC, GENESYS_ACCESS_TOKEN: 'user-token' } },
      variable: 'GENESYS_ACCESS_TOKEN',
      message: ['Both GENESYS_ACCESS_TOKEN and GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET are set', 'not both'],
      hint: ['Unset GENESYS_ACCESS_TOKEN', 'unset GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET'],
    },
    {
      name: 'a token from .env and a client id argument: still ambiguous, sources named',
      setup: { options: { clientId: 'my-client' }, dotenv: 'GENESYS_ACCESS_TOKEN=user-token\n' },
      variable: 'GENESYS_ACCESS_TOKEN',
      message: [/^Both GENESYS_ACCESS_TOKEN \(from .*\.env\) and GENESYS_CLIENT_ID \(the `clientId` option\) are set/],
      hint: ['Unset GENESYS_ACCESS_TOKEN'],
    },
    {
      name: 'an unknown region lists the valid ones',
      setup: { env: { ...CC, GENESYS_REGION: 'us-east-9' } },
      variable: 'GENESYS_REGION',
      message: [/^GENESYS_REGION "us-east-9" is not a Genesys Cloud region\. Valid regions/, 'us_east_1', /\n\s+eu-west-1\s+mypurecloud\.ie\s+EU West \(Dublin\)\n/],
      hint: ['GENESYS_REGION=eu-west-1'],
    },
    {
      name: 'an unknown region as an argument',
      setup: { options: { region: 'atlantis' }, env: CC },
      variable: 'GENESYS_REGION',
      message: [/^GENESYS_REGION \(the `region` option\) "atlantis" is not a Genesys Cloud region/],
      hint: ['GENESYS_REGION='],
    },
    {
      name: 'a malformed API URL',
      setup: { env: { ...CC, GENESYS_API_URL: '127.0.0.1:4010' } },
      variable: 'GENESYS_API_URL',
      message: [/^GENESYS_API_URL "127\.0\.0\.1:4010" is not a URL: give an http or https origin such as http:\/\/127\.0\.0\.1:4010\.$/],
      hint: ['http://127.0.0.1:4010'],
    },
    {
      name: 'a host and port without a scheme',
      setup: { env: { ...CC, GENESYS_API_URL: 'localhost:4010' } },
      variable: 'GENESYS_API_URL',
      message: ['GENESYS_API_URL "localhost:4010" is not a URL'],
      hint: ['http://127.0.0.1:4010'],
    },
    {
      name: 'an API URL that is not http(s)',
      setup: { env: { ...CC, GENESYS_API_URL: 'ftp://files.example.com' } },
      variable: 'GENESYS_API_URL',
      message: ['"ftp://files.example.com" uses ftp: only http and https are allowed'],
      hint: ['http://127.0.0.1:4010'],
    },
    {
      name: 'an API URL with a path',
      setup: { env: { ...CC, GENESYS_API_URL: 'http://127.0.0.1:4010/api/v2' } },
      variable: 'GENESYS_API_URL',
      message: ['has a path, query or fragment: give the origin only, such as http://127.0.0.1:4010 '],
      hint: ['GENESYS_API_URL'],
    },
    {
      name: 'an API URL with a password (masked)',
      setup: { env: { ...CC, GENESYS_API_URL: 'https://bob:hunter2@proxy.example.com' } },
      variable: 'GENESYS_API_URL',
      message: ['"https://[redacted]@proxy.example.com" contains a user name or password'],
      hint: ['GENESYS_API_URL'],
    },
    {
      name: 'a rate limit that is not a number',
      setup: { env: { ...CC, CXGRAPH_RATE_LIMIT: 'fast' } },
      variable: 'CXGRAPH_RATE_LIMIT',
      message: ['CXGRAPH_RATE_LIMIT must be a positive integer (requests per minute), got "fast".'],
      hint: ['default (300)'],
    },
    {
      name: 'a rate limit of zero (.env)',
      setup: { env: CC, dotenv: 'CXGRAPH_RATE_LIMIT=0\n' },
      variable: 'CXGRAPH_RATE_LIMIT',
      message: [/^CXGRAPH_RATE_LIMIT \(from .*\.env\) must be a positive integer \(requests per minute\), got "0"\.$/],
      hint: ['above 0'],
    },
    {
      name: 'a negative concurrency',
      setup: { env: { ...CC, CXGRAPH_MAX_CONCURRENCY: '-2' } },
      variable: 'CXGRAPH_MAX_CONCURRENCY',
      message: ['CXGRAPH_MAX_CONCURRENCY must be a positive integer (requests at once), got "-2".'],
      hint: ['default (10)'],
    },
    {
      name: 'a fractional timeout argument',
      setup: { options: { timeoutMs: 1.5 }, env: CC },
      variable: 'CXGRAPH_TIMEOUT_MS',
      message: ['CXGRAPH_TIMEOUT_MS (the `timeoutMs` option) must be a positive integer (milliseconds), got 1.5.'],
      hint: ['default (16000)'],
    },
    {
      name: 'a timeout in scientific notation',
      setup: { env: { ...CC, CXGRAPH_TIMEOUT_MS: '1e4' } },
      variable: 'CXGRAPH_TIMEOUT_MS',
      message: ['got "1e4"'],
      hint: ['CXGRAPH_TIMEOUT_MS'],
    },
    {
      name: 'an unknown log level',
      setup: { env: { ...CC, CXGRAPH_LOG_LEVEL: 'loud' } },
      variable: 'CXGRAPH_LOG_LEVEL',
      message: ['CXGRAPH_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud".'],
      hint: ['default (silent)'],
    },
  ];

  it.each(cases)('$name', ({ setup, variable, message, hint }) => {
    const error = errorOf(setup);
    expect(error.code).toBe('CONFIG');
    expect(error.variable).toBe(variable);
    for (const m of message) expect(error.message).toMatch(m instanceof RegExp ? m : new RegExp(m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    for (const h of hint) expect(error.hint).toContain(h);
  });
});

describe('resolveConfig: secrets never appear in errors', () => {
  const SECRET = 'SECRET-e5b7c1';
  const TOKEN = 'TOKEN-9d2f4a';
  const cases: Array<{ name: string; setup: Setup }> = [
    { name: 'ambiguous token and credentials', setup: { env: { GENESYS_CLIENT_ID: 'id', GENESYS_CLIENT_SECRET: SECRET, GENESYS_ACCESS_TOKEN: TOKEN } } },
    { name: 'secret without id', setup: { options: { clientSecret: SECRET } } },
    { name: 'bad region beside a secret', setup: { env: { GENESYS_CLIENT_ID: 'id', GENESYS_CLIENT_SECRET: SECRET, GENESYS_REGION: 'nowhere' } } },
    { name: 'bad number beside a token', setup: { env: { GENESYS_ACCESS_TOKEN: TOKEN, CXGRAPH_MAX_CONCURRENCY: 'many' } } },
    { name: 'a secret of the wrong type', setup: { options: { clientId: 'id', clientSecret: 12345 as unknown as string }, env: { GENESYS_CLIENT_SECRET: SECRET } } },
    { name: 'a token of the wrong type', setup: { options: { accessToken: { value: TOKEN } as unknown as string } } },
    { name: 'secrets in .env and a bad URL', setup: { dotenv: `GENESYS_CLIENT_ID=id\nGENESYS_CLIENT_SECRET=${SECRET}\nGENESYS_API_URL=nope\n` } },
  ];
  it.each(cases)('$name', ({ setup }) => {
    const error = errorOf(setup);
    const everything = `${error.message}\n${error.hint}\n${JSON.stringify(error.toJSON())}\n${String(error.stack)}`;
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('12345');
  });

  it('a secret of the wrong type is reported without its value', () => {
    expect(errorOf({ options: { clientId: 'id', clientSecret: 12345 as unknown as string } }).message).toBe('GENESYS_CLIENT_SECRET (the `clientSecret` option) must be a non-empty string.');
  });
});

describe('redactConfig', () => {
  it('replaces the client secret, keeps the rest, leaves the original alone', () => {
    const config = resolveWith({ env: { GENESYS_CLIENT_ID: 'my-client', GENESYS_CLIENT_SECRET: 'SECRET-a1b2' } });
    const printable = redactConfig(config);
    expect(printable).toEqual({ ...config, auth: { kind: 'client-credentials', clientId: 'my-client', clientSecret: '[redacted]' } });
    expect(JSON.stringify(printable)).not.toContain('SECRET-a1b2');
    expect(config.auth).toEqual({ kind: 'client-credentials', clientId: 'my-client', clientSecret: 'SECRET-a1b2' });
  });

  it('replaces a bearer token', () => {
    const config = resolveWith({ env: { GENESYS_ACCESS_TOKEN: 'TOKEN-c3d4', GENESYS_API_URL: 'http://127.0.0.1:4010' } });
    expect(redactConfig(config)).toEqual({ ...config, auth: { kind: 'bearer', accessToken: '[redacted]' } });
    expect(config.auth).toEqual({ kind: 'bearer', accessToken: 'TOKEN-c3d4' });
  });
});

describe('hasCredentials', () => {
  it.each([
    ['nothing anywhere', {}, {}, false],
    ['an env client id', {}, { GENESYS_CLIENT_ID: 'x' }, true],
    ['an access token argument', { accessToken: 't' }, {}, true],
    ['only a region and URL', {}, { GENESYS_REGION: 'eu-west-1', GENESYS_API_URL: 'http://127.0.0.1:1' }, false],
    ['blank values count as unset', {}, { GENESYS_CLIENT_SECRET: '  ' }, false],
    ["Genesys's own name for the client id", {}, { GENESYSCLOUD_OAUTHCLIENT_ID: 'x' }, true],
    ["Genesys's own name for a token", {}, { GENESYSCLOUD_ACCESS_TOKEN: 't' }, true],
  ] as const)('%s', (_name, options, env, expected) => {
    expect(hasCredentials(options, { env, dotenv: false })).toBe(expected);
  });
});

describe("the variables of Genesys's own tools (GENESYSCLOUD_*)", () => {
  const GC = { GENESYSCLOUD_OAUTHCLIENT_ID: 'gc-client', GENESYSCLOUD_OAUTHCLIENT_SECRET: 'gc-secret', GENESYSCLOUD_REGION: 'eu-west-1' };

  it('log in as ours do: client credentials and region', () => {
    const c = resolveWith({ env: GC });
    expect(c.auth).toEqual({ kind: 'client-credentials', clientId: 'gc-client', clientSecret: 'gc-secret' });
    expect(c.target).toEqual({ kind: 'region', region: region('eu_west_1') });
  });

  it('a token under GENESYSCLOUD_ACCESS_TOKEN, also from .env', () => {
    expect(resolveWith({ env: { GENESYSCLOUD_ACCESS_TOKEN: 'tok' } }).auth).toEqual({ kind: 'bearer', accessToken: 'tok' });
    expect(resolveWith({ dotenv: 'GENESYSCLOUD_ACCESS_TOKEN=tok2\n' }).auth).toEqual({ kind: 'bearer', accessToken: 'tok2' });
  });

  it('ours win over theirs from the same source; the environment still beats .env', () => {
    expect(resolveWith({ env: { ...GC, GENESYS_CLIENT_ID: 'ours' } }).auth).toMatchObject({ clientId: 'ours', clientSecret: 'gc-secret' });
    expect(resolveWith({ env: { GENESYSCLOUD_REGION: 'ap-southeast-2' }, dotenv: 'GENESYS_REGION=eu-west-1\nGENESYS_CLIENT_ID=a\nGENESYS_CLIENT_SECRET=b\n' }).target).toEqual({
      kind: 'region',
      region: region('ap_southeast_2'),
    });
  });

  it('a bad value is reported under the name it was given as', () => {
    const e = errorOf({ env: { ...GC, GENESYSCLOUD_REGION: 'mars-1' } });
    expect(e.message).toMatch(/^GENESYSCLOUD_REGION "mars-1" is not a Genesys Cloud region\./);
  });

  it('a token and client credentials across the two names are still ambiguous', () => {
    expect(errorOf({ env: { GENESYSCLOUD_ACCESS_TOKEN: 't', GENESYS_CLIENT_ID: 'a', GENESYS_CLIENT_SECRET: 'b' } }).message).toMatch(/^Both GENESYSCLOUD_ACCESS_TOKEN and GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET are set/);
  });
});
