import { describe, expect, it } from 'vitest';
import { GenesysHttpError } from '../../src/http/errors.js';
import { entityListing, parsePaging } from '../../src/wire/listing.js';

const items = Array.from({ length: 60 }, (_, i) => i + 1);
const query = new URLSearchParams('pageSize=25&pageNumber=2&expand=presence&id=a,b');
const uri = (n: number) => `/api/v2/users?pageSize=25&pageNumber=${n}&expand=presence&id=a,b`;

describe('entityListing', () => {
  it.each([
    {
      page: 1,
      first: 1,
      last: 25,
      count: 25,
      next: uri(2),
      previous: undefined,
    },
    { page: 2, first: 26, last: 50, count: 25, next: uri(3), previous: uri(1) },
    { page: 3, first: 51, last: 60, count: 10, next: undefined, previous: uri(2) },
  ])('page $page of 60 items by 25', ({ page, first, last, count, next, previous }) => {
    const listing = entityListing(items, { pageSize: 25, pageNumber: page }, '/api/v2/users', query);
    expect(listing.entities).toHaveLength(count);
    expect(listing.entities[0]).toBe(first);
    expect(listing.entities[listing.entities.length - 1]).toBe(last);
    expect(listing.pageSize).toBe(25);
    expect(listing.pageNumber).toBe(page);
    expect(listing.total).toBe(60);
    expect(listing.pageCount).toBe(3);
    expect(listing.firstUri).toBe(uri(1));
    expect(listing.selfUri).toBe(uri(page));
    expect(listing.lastUri).toBe(uri(3));
    expect(listing.nextUri).toBe(next);
    expect(listing.previousUri).toBe(previous);
    expect('nextUri' in listing).toBe(next !== undefined);
    expect('previousUri' in listing).toBe(previous !== undefined);
  });

  it('describes an empty listing as zero pages whose last page is 1', () => {
    expect(entityListing([], { pageSize: 25, pageNumber: 1 }, '/api/v2/routing/queues', new URLSearchParams())).toStrictEqual({
      entities: [],
      pageSize: 25,
      pageNumber: 1,
      total: 0,
      pageCount: 0,
      firstUri: '/api/v2/routing/queues?pageSize=25&pageNumber=1',
      selfUri: '/api/v2/routing/queues?pageSize=25&pageNumber=1',
      lastUri: '/api/v2/routing/queues?pageSize=25&pageNumber=1',
    });
  });

  it('returns no entities past the last page, linking back', () => {
    const listing = entityListing(items, { pageSize: 25, pageNumber: 5 }, '/api/v2/users', query);
    expect(listing.entities).toEqual([]);
    expect(listing.previousUri).toBe(uri(4));
    expect('nextUri' in listing).toBe(false);
    expect(listing.lastUri).toBe(uri(3));
  });

  it('counts an exact multiple of the page size without an extra page', () => {
    const listing = entityListing(items.slice(0, 50), { pageSize: 25, pageNumber: 2 }, '/api/v2/users', new URLSearchParams());
    expect(listing.pageCount).toBe(2);
    expect('nextUri' in listing).toBe(false);
    expect(listing.lastUri).toBe('/api/v2/users?pageSize=25&pageNumber=2');
  });

  it('encodes other parameters like the SDK does (spaces as +, commas and * literal)', () => {
    const q = new URLSearchParams();
    q.set('name', 'My Q*');
    q.set('sortOrder', 'asc');
    q.set('divisionId', 'd1,d2');
    const listing = entityListing(items, { pageSize: 10, pageNumber: 1 }, '/api/v2/routing/queues', q);
    expect(listing.nextUri).toBe('/api/v2/routing/queues?pageSize=10&pageNumber=2&name=My+Q*&sortOrder=asc&divisionId=d1,d2');
  });
});

describe('parsePaging', () => {
  it.each([
    ['', 500, 25, { pageSize: 25, pageNumber: 1 }],
    ['pageSize=100&pageNumber=3', 500, 25, { pageSize: 100, pageNumber: 3 }],
    ['pageSize=500', 500, 25, { pageSize: 500, pageNumber: 1 }],
    ['pageNumber=7', 100, 100, { pageSize: 100, pageNumber: 7 }],
  ])('%j (max %i, default %i)', (qs, max, def, expected) => {
    expect(parsePaging(new URLSearchParams(qs), max, def)).toStrictEqual(expected);
  });

  it.each([
    ['pageSize=0', 'pageSize', 'Value [0] is not valid for parameter [pageSize]. Allowable values are: an integer from 1 to 500.'],
    ['pageSize=501', 'pageSize', 'Value [501] is not valid for parameter [pageSize]. Allowable values are: an integer from 1 to 500.'],
    ['pageSize=abc', 'pageSize', 'Value [abc] is not valid for parameter [pageSize]. Allowable values are: an integer from 1 to 500.'],
    ['pageSize=2.5', 'pageSize', 'Value [2.5] is not valid for parameter [pageSize]. Allowable values are: an integer from 1 to 500.'],
    ['pageSize=', 'pageSize', 'Value [] is not valid for parameter [pageSize]. Allowable values are: an integer from 1 to 500.'],
    ['pageNumber=0', 'pageNumber', 'Value [0] is not valid for parameter [pageNumber]. Allowable values are: an integer of at least 1.'],
    ['pageNumber=-1', 'pageNumber', 'Value [-1] is not valid for parameter [pageNumber]. Allowable values are: an integer of at least 1.'],
  ])('rejects %s', (qs, field, message) => {
    let caught: unknown;
    try {
      parsePaging(new URLSearchParams(qs), 500);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(GenesysHttpError);
    const err = caught as GenesysHttpError;
    expect(err.status).toBe(400);
    expect(err.code).toBe('bad.request');
    expect(err.message).toBe(message);
    expect(err.toBody('ctx').details).toEqual([{ errorCode: 'bad.request', fieldName: field }]);
  });
});
