/**
 * A typed filter for the conversation DETAILS query, turned into Genesys's `conversationFilters` and
 * `segmentFilters` (genesys-api.md §3.1).
 *
 * - Each list becomes an `or` over its values; different dimensions are AND-ed (every entry of both arrays
 *   must match). Empty lists and absent fields add nothing; duplicate values are sent once; an empty input → `{}`.
 * - Conversation dimensions (conversationEnd via `live`, conversationId, originatingDirection, divisionId) go to
 *   `conversationFilters`, one filter per dimension.
 * - Segment dimensions (mediaType, queueId, userId, direction, wrapUpCode, ani, dnis) go to `segmentFilters`,
 *   ONE FILTER PER DIMENSION. A segment filter matches when some single segment satisfies the whole filter, and
 *   the queue and the agent are usually on different segments (the acd participant's segment carries the queue,
 *   the agent's segment the user, and the wrap-up code is on the agent's wrap-up segment): "queue Q AND user U"
 *   in one filter would find almost nothing. Separate filters may each be met by a different segment. The price
 *   is that "voice AND queue Q" also matches a conversation where Q served only its callback session.
 * - Media types and directions are case-insensitive (sent lower-case); ids, wrap-up codes, ani and dnis are sent
 *   exactly as given. Invalid values → {@link InvalidQueryError} naming the field and what is allowed.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { InvalidQueryError } from './errors.js';

type ConversationFilter = platformClient.Models.ConversationDetailQueryFilter;
type SegmentFilter = platformClient.Models.SegmentDetailQueryFilter;

export const DETAILS_MEDIA_TYPES = ['voice', 'callback', 'chat', 'email', 'message', 'cobrowse', 'video', 'screenshare'] as const;
export const DIRECTIONS = ['inbound', 'outbound'] as const;

export type DetailsMediaType = (typeof DETAILS_MEDIA_TYPES)[number];
export type Direction = (typeof DIRECTIONS)[number];

export interface DetailsFilterInput {
  mediaTypes?: string[];
  queueIds?: string[];
  userIds?: string[];
  /** Session direction of any segment (segment dimension). */
  directions?: Direction[];
  /** Direction of the conversation as a whole (conversation dimension). */
  originatingDirection?: Direction;
  wrapUpCodes?: string[];
  conversationIds?: string[];
  divisionIds?: string[];
  /** true → only conversations in progress (conversationEnd notExists); false → only ended ones (exists). */
  live?: boolean;
  ani?: string;
  dnis?: string;
}

export type DetailsFilters = Pick<platformClient.Models.ConversationQuery, 'conversationFilters' | 'segmentFilters'>;

function values(field: string, list: unknown, allowed?: readonly string[]): string[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    throw new InvalidQueryError(`Invalid ${field}: expected a list of strings.`, field, { hint: allowed ? `Allowed: ${allowed.join(', ')}.` : undefined });
  }
  const out: string[] = [];
  for (const v of list) out.push(one(field, v, allowed));
  return [...new Set(out)];
}

function one(field: string, v: unknown, allowed?: readonly string[]): string {
  const allowedText = allowed ? ` Allowed: ${allowed.join(', ')}.` : '';
  if (typeof v !== 'string' || v.trim() === '') {
    throw new InvalidQueryError(`Invalid ${field}: ${JSON.stringify(v) ?? String(v)} is not a non-empty string.${allowedText}`, field, {
      hint: allowed ? `For example ${allowed[0]}.` : 'Leave the field out instead of passing an empty value.',
    });
  }
  if (!allowed) return v;
  const lower = v.trim().toLowerCase();
  if (!allowed.includes(lower)) {
    throw new InvalidQueryError(`Invalid ${field}: "${v}" is not one of ${allowed.join(', ')}.`, field, { hint: `For example ${allowed[0]}.` });
  }
  return lower;
}

const dimension = (name: string, value: string) => ({ type: 'dimension', dimension: name, operator: 'matches', value });

/** Builds the details-query filters for `f`; see the module notes for the semantics. */
export function buildDetailsFilters(f: DetailsFilterInput): DetailsFilters {
  const input: DetailsFilterInput = f ?? {};
  const segmentFilters: SegmentFilter[] = [];
  const conversationFilters: ConversationFilter[] = [];
  const segment = (name: string, list: string[]): void => {
    if (list.length > 0) segmentFilters.push({ type: 'or', predicates: list.map((v) => dimension(name, v)) });
  };
  const conversation = (name: string, list: string[]): void => {
    if (list.length > 0) conversationFilters.push({ type: 'or', predicates: list.map((v) => dimension(name, v)) });
  };
  const single = (field: string, v: unknown, allowed?: readonly string[]): string[] => (v === undefined || v === null ? [] : [one(field, v, allowed)]);

  segment('mediaType', values('mediaTypes', input.mediaTypes, DETAILS_MEDIA_TYPES));
  segment('queueId', values('queueIds', input.queueIds));
  segment('userId', values('userIds', input.userIds));
  segment('direction', values('directions', input.directions, DIRECTIONS));
  segment('wrapUpCode', values('wrapUpCodes', input.wrapUpCodes));
  segment('ani', single('ani', input.ani));
  segment('dnis', single('dnis', input.dnis));

  if (input.live !== undefined && input.live !== null) {
    if (typeof input.live !== 'boolean') throw new InvalidQueryError(`Invalid live: ${JSON.stringify(input.live)} is not true or false.`, 'live', { hint: 'true for conversations in progress, false for ended ones.' });
    conversationFilters.push({ type: 'and', predicates: [{ type: 'dimension', dimension: 'conversationEnd', operator: input.live ? 'notExists' : 'exists' }] });
  }
  conversation('conversationId', values('conversationIds', input.conversationIds));
  conversation('originatingDirection', single('originatingDirection', input.originatingDirection, DIRECTIONS));
  conversation('divisionId', values('divisionIds', input.divisionIds));

  return {
    ...(conversationFilters.length > 0 ? { conversationFilters } : {}),
    ...(segmentFilters.length > 0 ? { segmentFilters } : {}),
  };
}
