import { hash32, IdWriter } from './rng.js';

/**
 * Conversation ids that carry their own address: the UTC day and the index within that day, masked with
 * keys derived from the seed and guarded by 60 check bits, so `GET /conversations/{id}` can regenerate the
 * one day that holds the conversation, and a made-up id is recognised as unknown (404) without a lookup.
 */

const DAY_BITS = 20;
const INDEX_BITS = 20;
const MASK20 = (1 << 20) - 1;

const ids = new IdWriter();

function keys(seed: number): [number, number] {
  return [hash32(seed, 0x1d5) & MASK20, hash32(seed, 0x2e6) & MASK20];
}

export function conversationId(seed: number, day: number, index: number): string {
  if (day < 0 || day > MASK20 || index < 0 || index > MASK20) throw new RangeError(`no id for day ${day} index ${index}`);
  const [k1, k2] = keys(seed);
  const h1 = hash32(seed, day, index, 1);
  const h2 = hash32(seed, day, index, 2);
  const h3 = hash32(seed, day, index, 3);
  return ids
    .hex(h1, 8).dash()
    .hex(h2 >>> 16, 4).dash()
    .hex(4, 1).hex(h2 & 0xfff, 3).dash()
    .hex(8 | (h3 & 3), 1).hex(h3 >>> 4, 3).dash()
    .hex(h3 >>> 16, 2).hex((day ^ k1) & MASK20, 5).hex((index ^ k2) & MASK20, 5)
    .take();
}

const ID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The (day, index) a conversation id was made from, or undefined when this seed never made it. */
export function decodeConversationId(seed: number, id: string): { day: number; index: number } | undefined {
  if (!ID_SHAPE.test(id)) return undefined;
  const [k1, k2] = keys(seed);
  const tail = id.slice(-10);
  const day = (parseInt(tail.slice(0, 5), 16) ^ k1) & MASK20;
  const index = (parseInt(tail.slice(5), 16) ^ k2) & MASK20;
  return conversationId(seed, day, index) === id ? { day, index } : undefined;
}

export const MAX_CONVERSATIONS_PER_DAY = 1 << INDEX_BITS;
export const MAX_DAY = 1 << DAY_BITS;
