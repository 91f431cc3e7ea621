/**
 * The same event can arrive more than once: on two channels while one rotates to the next, and on two queue
 * topics when a conversation was in both queues. Each source ("stream": a channel and a topic) delivers its
 * events in order, so the arrivals are several ordered copies of one sequence. This merges them: an arrival
 * that matches, by content, an entry another stream already delivered and this one has not yet matched (the
 * oldest such) is an echo and is dropped; anything else is new. Matching each entry at most once per stream
 * keeps a state that legitimately repeats (held → unheld → held) from being taken for an echo.
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
  /** The latest arrivals, oldest first (old ones are trimmed). */
  entries: Entry[];
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
      h = { entries: [] };
      this.byKey.set(key, h);
    }
    // Every retained entry, oldest first, not only those after this stream's last match: streams start at
    // different points (an agent's topic joins a conversation later than its queue's), so one stream's copy can
    // come after it matched a state another stream delivered later. Each entry matches a stream at most once.
    for (let i = 0; i < h.entries.length; i++) {
      const e = h.entries[i]!;
      if (e.hash === hash && e.from !== stream && !e.seenBy.has(stream) && e.at >= bornAt) {
        e.seenBy.add(stream);
        return false;
      }
    }
    // No match: a new state, which the other streams' copies will match.
    h.entries.push({ hash, from: stream, seenBy: new Set([stream]), at: now });
    if (h.entries.length > this.depth) {
      h.entries.splice(0, h.entries.length - this.depth);
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
