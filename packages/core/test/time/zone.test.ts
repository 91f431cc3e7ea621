import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from '../../src/errors.js';
import { canonicalTimeZone, resolveTimeZone } from '../../src/time/index.js';

describe('time zones', () => {
  it.each([
    ['Europe/Paris', 'Europe/Paris'],
    ['europe/paris', 'Europe/Paris'],
    ['  Asia/Tokyo ', 'Asia/Tokyo'],
    ['UTC', 'UTC'],
    ['america/new_york', 'America/New_York'],
  ])('%j → %s', (name, canonical) => expect(canonicalTimeZone(name)).toBe(canonical));

  it.each(['Mars/Olympus_Mons', '+02:00', '-0500', '', 'Nowhere/Land'])('%j is not a zone name', (name) => expect(canonicalTimeZone(name)).toBeUndefined());

  it('resolveTimeZone: undefined is UTC; a bad name is an InvalidQueryError naming it, with examples', () => {
    expect(resolveTimeZone(undefined)).toBe('UTC');
    expect(() => resolveTimeZone('Nowhere/Land')).toThrow(expect.objectContaining({ field: 'timeZone', message: expect.stringContaining('Nowhere/Land'), hint: expect.stringContaining('Europe/Paris') }) as Error);
    expect(() => resolveTimeZone(42)).toThrow(InvalidQueryError);
  });
});
