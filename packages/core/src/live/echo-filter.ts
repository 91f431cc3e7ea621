/**
 * The same event can arrive more than once: on two channels while one rotates to the next, and on two queue
 * topics when a conversation was in both queues. Each source ("stream": a channel and a topic) delivers its
 * events in order, so the arrivals are several ordered copies of one sequence. This merges them: an arrival
 * that matches, by content, an entry another stream already delivered — at or after where this stream last
 * matched — is an echo and is dropped; anything else is new. Matching by position, not just content, keeps a
 * state that legitimately repeats (held → unheld → held) from being taken for an echo.
 */
import { createHash } from 'node:crypto';

interface Entry {
  hash: string;
  from: string;
  seenBy: Set<string>;
  /** When it arrived (ms): a stream born later never delivers its copy. */
  at: number;
}

interface History {
  /** Absolute index of entries[0] (old entries are trimmed). */
  offset: number;
  entries: Entry[];
  /** Per stream: the absolute index after its last match (it is past everything before). */
  cursor: Map<string, number>;
}

export const contentHash = (body: unknown): string => createHash('sha1').update(JSON.stringify(body)).digest('base64');

export class EchoFilter {
  private readonly byKey = new Map<string, History>();

  constructor(private readonly depth = 64) {}

  /**
   * True when this arrival is new (apply it); false when it is another stream's copy of one already applied.
   * `bornAt`: when this stream's channel was opened; entries that arrived before cannot be its copies (it only
   * delivers what happens after it subscribed), which keeps a reconnected stream from matching stale states.
   */
  accept(key: string, stream: string, hash: string, bornAt = -Infinity, now = Date.now()): boolean {
    let h = this.byKey.get(key);
    if (!h) {
      h = { offset: 0, entries: [], cursor: new Map() };
      this.byKey.set(key, h);
    }
    const start = Math.max(h.cursor.get(stream) ?? h.offset, h.offset);
    for (let i = start - h.offset; i < h.entries.length; i++) {
      const e = h.entries[i]!;
      if (e.hash === hash && e.from !== stream && !e.seenBy.has(stream) && e.at >= bornAt) {
        e.seenBy.add(stream);
        h.cursor.set(stream, h.offset + i + 1);
        return false;
      }
    }
    // No match: this stream's cursor stays put. It may lag behind others, whose entries it will still echo.
    h.entries.push({ hash, from: stream, seenBy: new Set([stream]), at: now });
    if (h.entries.length > this.depth) {
      const drop = h.entries.length - this.depth;
      h.entries.splice(0, drop);
      h.offset += drop;
    }
    return true;
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }

  get size(): number {
    return this.byKey.size;
  }
}
