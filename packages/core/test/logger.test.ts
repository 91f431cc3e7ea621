import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, ConfigError } from '../src/errors.js';
import { createLogger, serializeErr } from '../src/logger.js';

/** The SDK's own axios, so the AxiosError below is the real class the SDK rejects with. */
const requireFromSdk = createRequire(createRequire(import.meta.url).resolve('purecloud-platform-client-v2'));
const { AxiosError } = requireFromSdk('axios') as {
  AxiosError: new (message: string, code: string, config: object, request: object, response: object) => Error;
};

const SECRET = 'S3CRET-7c1e9a';

/** A logger writing to memory; `lines()` parses what it wrote. */
function memoryLogger(level = 'trace') {
  const chunks: string[] = [];
  const logger = createLogger({ level, destination: { write: (s: string) => void chunks.push(s) } });
  return { logger, raw: () => chunks.join(''), lines: () => chunks.map((c) => JSON.parse(c) as Record<string, unknown>) };
}

describe('createLogger: redaction', () => {
  const cases: Array<{ name: string; obj: Record<string, unknown>; kept: string[] }> = [
    { name: 'top-level headers.authorization', obj: { headers: { authorization: `Bearer ${SECRET}`, accept: 'application/json' } }, kept: ['application/json'] },
    { name: 'headers.Authorization (capitalised)', obj: { headers: { Authorization: `Basic ${SECRET}`, 'content-type': 'text/plain' } }, kept: ['text/plain'] },
    { name: 'req.headers.authorization', obj: { req: { method: 'GET', headers: { authorization: SECRET } } }, kept: ['GET'] },
    { name: 'config.headers.Authorization', obj: { config: { url: '/api/v2/users', headers: { Authorization: `Bearer ${SECRET}` } } }, kept: ['/api/v2/users'] },
    { name: 'three levels down', obj: { a: { b: { headers: { authorization: SECRET }, keep: 'visible-b' } } }, kept: ['visible-b'] },
    { name: 'cookies', obj: { headers: { cookie: `sid=${SECRET}`, 'set-cookie': `sid=${SECRET}`, host: 'api.mypurecloud.com' } }, kept: ['api.mypurecloud.com'] },
    { name: 'accessToken', obj: { accessToken: SECRET, expiresAt: 1234 }, kept: ['1234'] },
    { name: 'access_token in a token response', obj: { body: { access_token: SECRET, token_type: 'bearer', expires_in: 86399 } }, kept: ['bearer', '86399'] },
    { name: 'token', obj: { session: { token: SECRET, user: 'ada' } }, kept: ['ada'] },
    { name: 'clientSecret', obj: { auth: { kind: 'client-credentials', clientId: 'my-client', clientSecret: SECRET } }, kept: ['my-client', 'client-credentials'] },
    { name: 'client_secret', obj: { form: { client_secret: SECRET, grant_type: 'client_credentials' } }, kept: ['client_credentials'] },
    { name: 'secret', obj: { secret: SECRET, id: 'x-1' }, kept: ['x-1'] },
    { name: 'password', obj: { gateway: { password: SECRET, username: 'proxy-user' } }, kept: ['proxy-user'] },
    { name: 'inside an array', obj: { clients: [{ clientSecret: SECRET, clientId: 'c-1' }] }, kept: ['c-1'] },
  ];

  it.each(cases)('$name', ({ obj, kept }) => {
    const { logger, raw, lines } = memoryLogger();
    logger.info(obj, 'a message');
    expect(raw()).not.toContain(SECRET);
    expect(raw()).toContain('[redacted]');
    for (const k of kept) expect(raw()).toContain(k);
    expect(lines()[0]).toMatchObject({ msg: 'a message', level: 30 });
  });

  it('does not change the object it was given', () => {
    const { logger } = memoryLogger();
    const obj = { headers: { authorization: SECRET } };
    logger.info(obj);
    expect(obj.headers.authorization).toBe(SECRET);
  });

  it('redacts in child loggers too', () => {
    const { logger, raw } = memoryLogger();
    logger.child({ component: 'auth' }).info({ token: SECRET });
    expect(raw()).not.toContain(SECRET);
    expect(raw()).toContain('"component":"auth"');
  });
});

describe('createLogger: errors', () => {
  const realAxios = () =>
    new AxiosError(
      'Request failed with status code 401',
      'ERR_BAD_REQUEST',
      { url: 'https://login.mypurecloud.com/oauth/token', headers: { Authorization: `Basic ${SECRET}` }, data: `client_secret=${SECRET}` },
      { _header: `POST /oauth/token\r\nAuthorization: Basic ${SECRET}` },
      { status: 401, statusText: 'Unauthorized', data: { error: 'invalid_client', error_description: 'authentication failed' }, config: { headers: { Authorization: SECRET } }, request: { secret: SECRET } },
    );

  const cases: Array<{ name: string; log: (l: ReturnType<typeof createLogger>) => void; expected: Record<string, unknown> }> = [
    {
      name: 'an AxiosError as { err }',
      log: (l) => l.error({ err: realAxios() }, 'login failed'),
      expected: { msg: 'login failed', err: { type: 'AxiosError', message: 'Request failed with status code 401', code: 'ERR_BAD_REQUEST', response: { status: 401, statusText: 'Unauthorized', data: { error: 'invalid_client', error_description: 'authentication failed' } } } },
    },
    {
      name: 'an AxiosError as the first argument',
      log: (l) => l.error(realAxios(), 'login failed'),
      expected: { msg: 'login failed', err: { type: 'AxiosError', code: 'ERR_BAD_REQUEST', response: { status: 401 } } },
    },
    {
      name: "the SDK's extended-response rejection (a plain object holding the AxiosError)",
      log: (l) => l.warn({ err: { status: 429, headers: { 'retry-after': '3' }, body: { message: 'slow down' }, error: realAxios() } }, 'rate limited'),
      expected: { err: { status: 429, headers: { 'retry-after': '3' }, body: { message: 'slow down' }, error: { type: 'AxiosError', response: { status: 401 } } } },
    },
    {
      name: 'an error whose cause is an AxiosError',
      log: (l) => l.error({ err: new Error('wrapped', { cause: realAxios() }) }),
      expected: { err: { type: 'Error', message: 'wrapped', cause: { type: 'AxiosError', code: 'ERR_BAD_REQUEST' } } },
    },
    {
      name: "a CxGraphError (its own plain view)",
      log: (l) => l.error({ err: new AuthenticationError('Login failed: authentication failed.', { status: 401, hint: 'Check GENESYS_CLIENT_ID.' }) }),
      expected: { err: { type: 'AuthenticationError', code: 'AUTHENTICATION', message: 'Login failed: authentication failed.', status: 401, hint: 'Check GENESYS_CLIENT_ID.' } },
    },
  ];

  it.each(cases)('$name', ({ log, expected }) => {
    const { logger, raw, lines } = memoryLogger();
    log(logger);
    expect(raw()).not.toContain(SECRET);
    expect(raw()).not.toContain('"config"');
    expect(raw()).not.toContain('"request"');
    expect(lines()[0]).toMatchObject(expected);
  });

  it('keeps the stack of an error', () => {
    const { logger, lines } = memoryLogger();
    logger.error(new Error('boom'));
    expect((lines()[0]?.err as { stack?: string }).stack).toMatch(/^Error: boom\n\s+at /);
  });

  it('serializeErr drops config and request from plain objects at any depth it walks', () => {
    expect(serializeErr({ a: { config: { x: 1 }, request: 2, keep: 3 } })).toEqual({ a: { keep: 3 } });
    expect(serializeErr('just a string')).toBe('just a string');
  });
});

describe('createLogger: levels', () => {
  const cases: Array<{ level: string | undefined; written: string[] }> = [
    { level: undefined, written: [] },
    { level: 'silent', written: [] },
    { level: 'error', written: ['e'] },
    { level: 'info', written: ['i', 'w', 'e'] },
    { level: 'debug', written: ['d', 'i', 'w', 'e'] },
  ];
  it.each(cases)('level $level', ({ level, written }) => {
    const chunks: string[] = [];
    const logger = createLogger({ ...(level === undefined ? {} : { level }), destination: { write: (s: string) => void chunks.push(s) } });
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(chunks.map((c) => (JSON.parse(c) as { msg: string }).msg)).toEqual(written);
  });

  it('rejects an unknown level with a ConfigError naming CXGRAPH_LOG_LEVEL', () => {
    let error: unknown;
    try {
      createLogger({ level: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable: 'CXGRAPH_LOG_LEVEL', message: expect.stringContaining('"loud"') as unknown });
  });
});
