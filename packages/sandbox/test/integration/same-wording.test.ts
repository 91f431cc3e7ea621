/** The same body mistake gets the same 400 wording from the details, aggregates and observations endpoints. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';

let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  sandbox = await createSandbox({ seed: 7, now: '2024-05-01T12:00:00Z' });
  const res = await fetch(`http://127.0.0.1:${sandbox.port}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from('cxgraph-demo:cxgraph-demo-secret').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  token = ((await res.json()) as { access_token: string }).access_token;
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
});

async function post(path: string, body: unknown): Promise<{ status: number; json: { code?: string; message?: string } }> {
  const res = await fetch(`http://127.0.0.1:${sandbox.port}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { code?: string; message?: string } };
}

const DAY = '2024-04-30T00:00:00Z/2024-05-01T00:00:00Z';
const ENDPOINTS = [
  {
    name: 'details',
    path: '/api/v2/analytics/conversations/details/query',
    model: 'ConversationQuery',
    ok: { interval: DAY },
    arrayField: 'conversationFilters',
    withFilter: (f: unknown) => ({ interval: DAY, conversationFilters: [f] }),
    filterAt: 'conversationFilters[0]',
  },
  {
    name: 'aggregates',
    path: '/api/v2/analytics/conversations/aggregates/query',
    model: 'ConversationAggregationQuery',
    ok: { interval: DAY, metrics: ['nOffered'] },
    arrayField: 'metrics',
    withFilter: (f: unknown) => ({ interval: DAY, metrics: ['nOffered'], filter: f }),
    filterAt: 'filter',
  },
  {
    name: 'observations',
    path: '/api/v2/analytics/queues/observations/query',
    model: 'QueueObservationQuery',
    ok: { filter: { type: 'or', predicates: [{ dimension: 'mediaType', value: 'voice' }] }, metrics: ['oWaiting'] },
    arrayField: 'metrics',
    withFilter: (f: unknown) => ({ filter: f, metrics: ['oWaiting'] }),
    filterAt: 'filter',
  },
];
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(ENDPOINTS)('$name query', ({ path, model, ok, arrayField, withFilter, filterAt }) => {
  it('names a value outside an enum, where it is and what is allowed (invalid.value)', async () => {
    const junction = await post(path, withFilter({ type: 'xor', predicates: [{ dimension: 'queueId', value: 'q' }] }));
    expect(junction.status).toBe(400);
    expect(junction.json.code).toBe('invalid.value');
    expect(junction.json.message).toBe(`Value [xor] is not valid for field type [type] at ${filterAt}.type. Allowable values are: and, or`);
    const operator = await post(path, withFilter({ type: 'or', predicates: [{ dimension: 'queueId', operator: 'near', value: 'q' }] }));
    expect(operator.status).toBe(400);
    expect(operator.json.code).toBe('invalid.value');
    expect(operator.json.message).toMatch(new RegExp(`^Value \\[near\\] is not valid for field type \\[operator\\] at ${esc(filterAt)}\\.predicates\\[0\\]\\.operator\\. Allowable values are: matches`));
  });

  it('names an unknown top-level field and lists the allowed ones', async () => {
    const { status, json } = await post(path, { ...ok, bogusField: 1 });
    expect(status).toBe(400);
    expect(json.code).toBe('bad.request');
    expect(json.message).toMatch(new RegExp(`^Unrecognized field "bogusField" in ${model}\\. Allowed fields: ${esc(Object.keys(ok)[0] ?? '')}(, \\w+)*\\.$`));
  });

  it('names a field of the wrong type, what it expects and what it received', async () => {
    const { status, json } = await post(path, { ...ok, [arrayField]: 'oops' });
    expect(status).toBe(400);
    expect(json.code).toBe('bad.request');
    expect(json.message).toBe(`Invalid value for field ${arrayField}: expected an array, received the string "oops".`);
  });

  it('rejects a body that is not an object, naming the model', async () => {
    const { status, json } = await post(path, [1, 2]);
    expect(status).toBe(400);
    expect(json.code).toBe('bad.request');
    expect(json.message).toBe(`The request body must be a JSON object (a ${model}); received an array.`);
  });
});
