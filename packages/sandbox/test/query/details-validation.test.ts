import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GenesysHttpError } from '../../src/http/errors.js';
import { didYouMean, models, parseBody, type BodyModel } from '../../src/query/validation.js';

// A small made-up body, so each rule of the shared wording is pinned apart from any endpoint's schema.
const m = models(true);
const schema = m.object('ThingQuery', {
  kind: z.enum(['a', 'b']),
  size: z.number().nullish(),
  paging: m.object('PagingSpec', { pageSize: z.number().nullish() }).nullish(),
});
const body: BodyModel = {
  model: 'ThingQuery',
  modelAt: (path) => (path[0] === 'paging' ? 'PagingSpec' : 'ThingQuery'),
  fieldsOf: m.fieldsOf,
  unknownFieldHint: (model, key) => (model === 'ThingQuery' && key === 'Kind' ? didYouMean(key, ['kind']) : ''),
};

function errorOf(input: unknown): GenesysHttpError {
  try {
    parseBody(schema, input, body);
  } catch (e) {
    if (e instanceof GenesysHttpError) return e;
    throw e;
  }
  throw new Error(`expected a 400 for ${JSON.stringify(input)}`);
}

describe('the shared zod → Genesys 400 wording', () => {
  it.each([
    ['not an object', [1], 'bad.request', 'The request body must be a JSON object (a ThingQuery); received an array.', undefined],
    ['unknown top-level field, with its hint', { kind: 'a', Kind: 'a' }, 'bad.request', 'Unrecognized field "Kind" in ThingQuery. Allowed fields: kind, size, paging. Did you mean "kind"?', 'Kind'],
    ['unknown nested field', { kind: 'a', paging: { size: 1 } }, 'bad.request', 'Unrecognized field "size" in PagingSpec (at paging). Allowed fields: pageSize.', 'paging.size'],
    ['missing enum field', {}, 'bad.request', 'Missing required field kind. Allowable values are: a, b', 'kind'],
    ['bad enum value', { kind: 'c' }, 'invalid.value', 'Value [c] is not valid for field type [kind]. Allowable values are: a, b', 'kind'],
    ['wrong type', { kind: 'a', size: '3' }, 'bad.request', 'Invalid value for field size: expected a number, received the string "3".', 'size'],
    ['wrong object type', { kind: 'a', paging: 5 }, 'bad.request', 'Invalid value for field paging: expected a PagingSpec object, received number 5.', 'paging'],
  ])('%s', (_name, input, code, message, fieldName) => {
    const e = errorOf(input);
    expect(e.status).toBe(400);
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
    expect(e.toBody('ctx')).toMatchObject({ status: 400, code, message, contextId: 'ctx', errors: [] });
    expect(e.extra.details?.[0]?.fieldName).toBe(fieldName);
  });

  it('reports an unknown field before an earlier type error', () => {
    expect(errorOf({ kind: 'z', paging: { pageSize: 1, page: 2 } }).message).toMatch(/^Unrecognized field "page" in PagingSpec/);
  });

  it('returns the parsed body when it is valid', () => {
    expect(parseBody(schema, { kind: 'b', size: null }, body)).toEqual({ kind: 'b', size: null });
  });
});
