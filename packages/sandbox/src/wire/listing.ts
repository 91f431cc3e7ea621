/**
 * Genesys's paged `*EntityListing` envelope and the `pageSize`/`pageNumber` query parameters that drive it.
 */
import { badRequest } from '../http/errors.js';

export interface Paging {
  pageSize: number;
  pageNumber: number;
}

export interface EntityListing<T> {
  entities: T[];
  pageSize: number;
  pageNumber: number;
  total: number;
  pageCount: number;
  firstUri: string;
  selfUri: string;
  nextUri?: string;
  previousUri?: string;
  lastUri: string;
}

/**
 * One page of `all` in Genesys's listing envelope. URIs are relative (`/api/v2/users?pageSize=25&pageNumber=2`)
 * and keep every other query parameter of the request, in its order, after `pageSize` and `pageNumber`.
 * `nextUri`/`previousUri` are omitted at the ends; with nothing to list `pageCount` is 0 and `lastUri`
 * points at page 1. A page past the end has no entities.
 */
export function entityListing<T>(all: readonly T[], page: Paging, basePath: string, query: URLSearchParams): EntityListing<T> {
  const { pageSize, pageNumber } = page;
  const total = all.length;
  const pageCount = total === 0 ? 0 : Math.ceil(total / pageSize);
  const from = (pageNumber - 1) * pageSize;
  const uri = (n: number): string => pageUri(basePath, query, pageSize, n);
  const listing: EntityListing<T> = {
    entities: all.slice(from, from + pageSize),
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: uri(1),
    selfUri: uri(pageNumber),
    lastUri: uri(Math.max(1, pageCount)),
  };
  if (pageNumber < pageCount) listing.nextUri = uri(pageNumber + 1);
  if (pageNumber > 1) listing.previousUri = uri(pageNumber - 1);
  return listing;
}

/** Encodes like the SDK's axios encoder: spaces as `+`, `,` and `*` left literal. */
function encode(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+').replace(/%2C/gi, ',');
}

function pageUri(basePath: string, query: URLSearchParams, pageSize: number, pageNumber: number): string {
  const parts = [`pageSize=${pageSize}`, `pageNumber=${pageNumber}`];
  for (const [key, value] of query) {
    if (key === 'pageSize' || key === 'pageNumber') continue;
    parts.push(`${encode(key)}=${encode(value)}`);
  }
  return `${basePath}?${parts.join('&')}`;
}

/**
 * Reads `pageSize` (default `defaultPageSize`, at most `maxPageSize`) and `pageNumber` (default 1) from a
 * listing request. Both must be positive integers; anything else is a 400 naming the parameter and value.
 */
export function parsePaging(query: URLSearchParams, maxPageSize: number, defaultPageSize = 25): Paging {
  const pageSize = readPositiveInt(query, 'pageSize', defaultPageSize, maxPageSize);
  const pageNumber = readPositiveInt(query, 'pageNumber', 1, undefined);
  return { pageSize, pageNumber };
}

function readPositiveInt(query: URLSearchParams, name: string, fallback: number, max: number | undefined): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const allowed = max === undefined ? 'an integer of at least 1' : `an integer from 1 to ${max}`;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < 1 || (max !== undefined && value > max)) {
    throw badRequest(`Value [${raw}] is not valid for parameter [${name}]. Allowable values are: ${allowed}.`, name);
  }
  return value;
}
