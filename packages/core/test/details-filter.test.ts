import { describe, expect, it } from 'vitest';
import { buildDetailsFilters, type DetailsFilterInput } from '../src/details-filter.js';
import { InvalidQueryError } from '../src/errors.js';

const dim = (dimension: string, value: string) => ({ type: 'dimension', dimension, operator: 'matches', value });

describe('buildDetailsFilters', () => {
  const cases: Array<{ name: string; input: DetailsFilterInput; expected: ReturnType<typeof buildDetailsFilters> }> = [
    { name: 'empty input', input: {}, expected: {} },
    { name: 'empty lists add nothing', input: { mediaTypes: [], queueIds: [], conversationIds: [] }, expected: {} },
    {
      name: 'queue AND user are separate segment filters',
      input: { queueIds: ['Q'], userIds: ['U'] },
      expected: { segmentFilters: [{ type: 'or', predicates: [dim('queueId', 'Q')] }, { type: 'or', predicates: [dim('userId', 'U')] }] },
    },
    {
      name: 'a list is an or over its values; media types lower-cased, duplicates once',
      input: { mediaTypes: ['voice', 'CHAT', 'voice'] },
      expected: { segmentFilters: [{ type: 'or', predicates: [dim('mediaType', 'voice'), dim('mediaType', 'chat')] }] },
    },
    {
      name: 'live: conversationEnd notExists',
      input: { live: true },
      expected: { conversationFilters: [{ type: 'and', predicates: [{ type: 'dimension', dimension: 'conversationEnd', operator: 'notExists' }] }] },
    },
    {
      name: 'ended: conversationEnd exists',
      input: { live: false },
      expected: { conversationFilters: [{ type: 'and', predicates: [{ type: 'dimension', dimension: 'conversationEnd', operator: 'exists' }] }] },
    },
    {
      name: 'every dimension where Genesys wants it',
      input: {
        mediaTypes: ['voice'],
        queueIds: ['q1', 'q2'],
        userIds: ['u1'],
        directions: ['inbound'],
        originatingDirection: 'outbound',
        wrapUpCodes: ['w1'],
        conversationIds: ['c1', 'c2'],
        divisionIds: ['d1'],
        live: true,
        ani: 'tel:+15551234',
        dnis: 'tel:+18005550000',
      },
      expected: {
        conversationFilters: [
          { type: 'and', predicates: [{ type: 'dimension', dimension: 'conversationEnd', operator: 'notExists' }] },
          { type: 'or', predicates: [dim('conversationId', 'c1'), dim('conversationId', 'c2')] },
          { type: 'or', predicates: [dim('originatingDirection', 'outbound')] },
          { type: 'or', predicates: [dim('divisionId', 'd1')] },
        ],
        segmentFilters: [
          { type: 'or', predicates: [dim('mediaType', 'voice')] },
          { type: 'or', predicates: [dim('queueId', 'q1'), dim('queueId', 'q2')] },
          { type: 'or', predicates: [dim('userId', 'u1')] },
          { type: 'or', predicates: [dim('direction', 'inbound')] },
          { type: 'or', predicates: [dim('wrapUpCode', 'w1')] },
          { type: 'or', predicates: [dim('ani', 'tel:+15551234')] },
          { type: 'or', predicates: [dim('dnis', 'tel:+18005550000')] },
        ],
      },
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(buildDetailsFilters(input)).toEqual(expected);
  });

  it('never mixes two dimensions in one segment filter', () => {
    const { segmentFilters = [] } = buildDetailsFilters({ mediaTypes: ['voice', 'chat'], queueIds: ['q'], userIds: ['u', 'v'], directions: ['inbound', 'outbound'], wrapUpCodes: ['w'] });
    expect(segmentFilters).toHaveLength(5);
    for (const f of segmentFilters) expect(new Set(f.predicates?.map((p) => p.dimension)).size).toBe(1);
  });

  const errors: Array<{ name: string; input: unknown; field: string; mentions: string[] }> = [
    { name: 'unknown media type', input: { mediaTypes: ['voice', 'fax'] }, field: 'mediaTypes', mentions: ['"fax"', 'voice, callback, chat, email, message, cobrowse, video, screenshare'] },
    { name: 'unknown direction', input: { directions: ['sideways'] }, field: 'directions', mentions: ['"sideways"', 'inbound, outbound'] },
    { name: 'unknown originating direction', input: { originatingDirection: 'up' }, field: 'originatingDirection', mentions: ['"up"', 'inbound, outbound'] },
    { name: 'empty queue id', input: { queueIds: ['q1', ''] }, field: 'queueIds', mentions: ['""'] },
    { name: 'blank user id', input: { userIds: ['  '] }, field: 'userIds', mentions: ['"  "'] },
    { name: 'empty media type', input: { mediaTypes: [''] }, field: 'mediaTypes', mentions: ['voice, callback'] },
    { name: 'empty wrap-up code', input: { wrapUpCodes: [''] }, field: 'wrapUpCodes', mentions: ['""'] },
    { name: 'empty conversation id', input: { conversationIds: [''] }, field: 'conversationIds', mentions: ['""'] },
    { name: 'empty division id', input: { divisionIds: [''] }, field: 'divisionIds', mentions: ['""'] },
    { name: 'empty ani', input: { ani: '' }, field: 'ani', mentions: ['""'] },
    { name: 'empty dnis', input: { dnis: '' }, field: 'dnis', mentions: ['""'] },
    { name: 'a string instead of a list', input: { queueIds: 'q1' }, field: 'queueIds', mentions: ['list'] },
    { name: 'a number in a list', input: { userIds: [42] }, field: 'userIds', mentions: ['42'] },
    { name: 'live not a boolean', input: { live: 'yes' }, field: 'live', mentions: ['"yes"'] },
  ];
  it.each(errors)('rejects: $name', ({ input, field, mentions }) => {
    let caught: unknown;
    try {
      buildDetailsFilters(input as DetailsFilterInput);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidQueryError);
    expect((caught as InvalidQueryError).field).toBe(field);
    for (const m of mentions) expect((caught as InvalidQueryError).message).toContain(m);
  });
});
