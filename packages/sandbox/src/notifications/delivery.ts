import type { OrgStore } from '../store.js';
import type { TopicSubscription } from './channels.js';
import { eventsBetween, type NotificationEvent } from './events.js';
import { eventFrame } from './frames.js';

/**
 * What one connected socket has been sent, on the sandbox clock. Each turn of the delivery loop computes the
 * events since the cursor (`eventsBetween(store, cursor, now, topics)`) and sends them in order:
 * - clock running: every turn sends the last tick's events;
 * - clock advanced (a test's `advance`, or `set` forward): the skipped span's events, in order;
 * - clock frozen: nothing new;
 * - clock set backwards: the cursor moves back to the new reading and nothing is replayed at once; events
 *   after the new reading are sent as the clock passes them again.
 * Memory stays bounded after a jump of hours: events are computed a slice of sandbox time at a time, and the
 * next slice is computed only once the previous one is sent; a socket whose unsent bytes reach the high-water
 * mark waits (it does not hold up the other sockets, each has its own turn).
 * A topic's events start after its `since` (the sandbox time it was subscribed), so subscribing later does not
 * replay the past. Events are delayed in real time by `delayMs` (a fault).
 */

export interface DeliverySocket {
  readonly bufferedAmount: number;
  send(frame: string): void;
}

export interface DeliveryTurn {
  store: OrgStore;
  /** Sandbox clock now. */
  now: number;
  /** Real time now (for delayed events). */
  realNow: number;
  topics: ReadonlyMap<string, TopicSubscription>;
  highWaterBytes: number;
  socket: DeliverySocket;
}

/** Sandbox time computed at once; small enough that one slice's events of 1,000 topics fit in memory. */
export const SLICE_MS = 10 * 60_000;
/** After this much work in one turn no further slice is started, so a jump of days does not hold the event loop. */
const TURN_BUDGET_MS = 25;

interface Pending {
  event: NotificationEvent;
  dueAt: number;
}

export class ChannelDelivery {
  /** Sandbox instant up to which events have been computed. */
  #cursor: number;
  #backlog: Pending[] = [];
  #next = 0;
  /** Real ms every event is held back (the delay fault). */
  delayMs = 0;
  /** Frames sent, for the control API. */
  sent = 0;

  constructor(start: number) {
    this.#cursor = start;
  }

  get cursor(): number {
    return this.#cursor;
  }

  /** Events computed but not sent yet. */
  get backlog(): number {
    return this.#backlog.length - this.#next;
  }

  /** Caught up on everything computed so far: the cursor is the only state (what `offer` needs). */
  get idle(): boolean {
    return this.#next >= this.#backlog.length;
  }

  /**
   * Takes events already computed for (cursor, to] for several sockets at once (the caller asked
   * `eventsBetween` once with the union of their topics): keeps those of this socket's topics and moves the
   * cursor to `to`. Only while idle, and only from this cursor; anything else is refused (false).
   */
  offer(from: number, to: number, events: readonly NotificationEvent[], topics: ReadonlyMap<string, TopicSubscription>, realNow: number): boolean {
    if (!this.idle || from !== this.#cursor || !(to > from)) return false;
    const dueAt = realNow + this.delayMs;
    this.#backlog = events.filter((e) => topics.has(e.topicName)).map((event) => ({ event, dueAt }));
    this.#next = 0;
    this.#cursor = to;
    return true;
  }

  turn(t: DeliveryTurn): void {
    if (t.now < this.#cursor) {
      this.#cursor = t.now;
      this.#backlog = [];
      this.#next = 0;
      return;
    }
    const started = performance.now();
    for (let slices = 0; ; slices++) {
      if (!this.#flush(t)) return;
      if (this.#cursor >= t.now || (slices > 0 && performance.now() - started > TURN_BUDGET_MS)) return;
      const to = Math.min(t.now, this.#cursor + SLICE_MS);
      const names = new Set(t.topics.keys());
      const events = names.size === 0 ? [] : eventsBetween(t.store, this.#cursor, to, names);
      this.#cursor = to;
      const dueAt = t.realNow + this.delayMs;
      this.#backlog = events.map((event) => ({ event, dueAt }));
      this.#next = 0;
    }
  }

  /** Sends what is due; true when the backlog is empty. */
  #flush(t: DeliveryTurn): boolean {
    while (this.#next < this.#backlog.length) {
      const p = this.#backlog[this.#next] as Pending;
      if (p.dueAt > t.realNow || t.socket.bufferedAmount >= t.highWaterBytes) return false;
      this.#next++;
      // Unsubscribed since it was computed, or subscribed after it happened: not for this socket.
      const sub = t.topics.get(p.event.topicName);
      if (sub === undefined || p.event.at <= sub.since) continue;
      t.socket.send(eventFrame(p.event));
      this.sent++;
    }
    this.#backlog = [];
    this.#next = 0;
    return true;
  }
}
