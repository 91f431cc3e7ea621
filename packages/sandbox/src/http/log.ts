/**
 * What the server answered: a ring buffer of recent requests plus per-endpoint counters. Entries never
 * hold a token, a secret, a query string or a body. Control-API requests are not recorded.
 */

export type RequestOutcome =
  | 'ok'
  | 'error'
  | 'rate-limited'
  | 'fault-error'
  | 'fault-drop'
  | 'fault-storm'
  | 'unauthorized'
  | 'forbidden';

export interface RequestLogEntry {
  /** 1, 2, 3… over the server's life (not reset by `reset()`). */
  seq: number;
  /** Real time the request arrived, ISO-8601. */
  time: string;
  method: string;
  /** The path without the query string. */
  path: string;
  /** 'GET /api/v2/users/{userId}' (the route pattern), 'POST /oauth/token', or 'unmatched'. */
  endpoint: string;
  /** The status sent; 0 when the connection was dropped with no response. */
  status: number;
  durationMs: number;
  clientId?: string;
  userId?: string;
  correlationId: string;
  outcome: RequestOutcome;
}

/**
 * Per endpoint. `requests = ok + errors + rateLimited + faults`: `ok` is status < 400, `rateLimited` the
 * real rate limiter's 429s, `faults` every injected fault (5xx, drop, storm 429), `errors` the rest.
 * `byStatus` counts sent statuses (drops send none).
 */
export interface EndpointCounters {
  requests: number;
  ok: number;
  errors: number;
  rateLimited: number;
  faults: number;
  byStatus: Record<string, number>;
}

const emptyCounters = (): EndpointCounters => ({ requests: 0, ok: 0, errors: 0, rateLimited: 0, faults: 0, byStatus: {} });

function add(c: EndpointCounters, e: Pick<RequestLogEntry, 'status' | 'outcome'>): void {
  c.requests++;
  if (e.outcome.startsWith('fault-')) c.faults++;
  else if (e.outcome === 'rate-limited') c.rateLimited++;
  else if (e.status < 400) c.ok++;
  else c.errors++;
  if (e.status > 0) {
    const k = String(e.status);
    c.byStatus[k] = (c.byStatus[k] ?? 0) + 1;
  }
}

const copy = (c: EndpointCounters): EndpointCounters => ({ ...c, byStatus: { ...c.byStatus } });

export class RequestLog {
  readonly capacity: number;
  readonly #ring: Array<RequestLogEntry | undefined>;
  /** Index where the next entry goes. */
  #head = 0;
  #size = 0;
  #seq = 0;
  #counters = new Map<string, EndpointCounters>();

  constructor(capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`RequestLog capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.#ring = new Array<RequestLogEntry | undefined>(capacity);
  }

  /** Records one request and returns the stored entry. */
  record(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const e: RequestLogEntry = { seq: ++this.#seq, ...entry };
    this.#ring[this.#head] = e;
    this.#head = (this.#head + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
    let c = this.#counters.get(e.endpoint);
    if (!c) {
      c = emptyCounters();
      this.#counters.set(e.endpoint, c);
    }
    add(c, e);
    return e;
  }

  /** The last seq handed out (0 before any request). */
  get lastSeq(): number {
    return this.#seq;
  }

  get size(): number {
    return this.#size;
  }

  /**
   * Entries oldest first. `since` (exclusive) pages forward: with it, the first `limit` entries after that
   * seq; without it, the newest `limit` entries. No `limit`: all that match.
   */
  entries(opts: { since?: number; limit?: number } = {}): RequestLogEntry[] {
    const all: RequestLogEntry[] = [];
    const start = (this.#head - this.#size + this.capacity) % this.capacity;
    for (let i = 0; i < this.#size; i++) {
      const e = this.#ring[(start + i) % this.capacity];
      if (e && (opts.since === undefined || e.seq > opts.since)) all.push(e);
    }
    const limit = opts.limit;
    if (limit === undefined || all.length <= limit) return all.map((e) => ({ ...e }));
    const picked = opts.since === undefined ? all.slice(all.length - limit) : all.slice(0, limit);
    return picked.map((e) => ({ ...e }));
  }

  /** Counters by endpoint (a copy). */
  counters(): Record<string, EndpointCounters> {
    const out: Record<string, EndpointCounters> = {};
    for (const [k, c] of this.#counters) out[k] = copy(c);
    return out;
  }

  /** The counters summed over every endpoint. */
  total(): EndpointCounters {
    const t = emptyCounters();
    for (const c of this.#counters.values()) {
      t.requests += c.requests;
      t.ok += c.ok;
      t.errors += c.errors;
      t.rateLimited += c.rateLimited;
      t.faults += c.faults;
      for (const [s, n] of Object.entries(c.byStatus)) t.byStatus[s] = (t.byStatus[s] ?? 0) + n;
    }
    return t;
  }

  /** Empties the buffer and the counters (seq keeps counting, so `since` cursors stay valid). */
  reset(): void {
    this.#ring.fill(undefined);
    this.#head = 0;
    this.#size = 0;
    this.#counters = new Map();
  }
}
