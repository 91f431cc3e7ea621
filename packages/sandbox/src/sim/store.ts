import { LRUCache } from 'lru-cache';
import { DAY_MS, dayOf, emissionsOf, type AgentState, type Emission, type Org, type SimConversation } from '../model.js';
import type { OrgStore } from '../store.js';
import { decodeConversationId } from './ids.js';
import { generateOrg } from './org.js';
import { shiftBlocks, type ShiftBlock } from './schedule.js';
import { simulateDay, type SimulatedDay, type WorkSpan } from './day.js';

export interface OrgStoreOptions {
  seed: number;
  /** Number of agents (default 60). */
  agents?: number;
  /** Weekday volume of conversations (default 1,800; weekends are lighter). */
  conversationsPerDay?: number;
  /** Days of history before and including today (default 730: about 1.1 million conversations). */
  historyDays?: number;
  /** Simulated days kept in memory (default 32: one 31-day query); older ones are regenerated on demand. */
  cacheDays?: number;
}

export const DEFAULT_STORE_OPTIONS = { agents: 60, conversationsPerDay: 1_800, historyDays: 730, cacheDays: 32 } as const;

interface CachedDay {
  sim: SimulatedDay;
  emissions?: Emission[];
}

/**
 * The org's records, generated a day at a time on demand and kept in a small LRU cache, so the history can hold
 * millions of conversations while memory holds only the days in use.
 */
export class SimulatedOrgStore implements OrgStore {
  readonly org: Org;
  private readonly cache: LRUCache<number, CachedDay>;
  private readonly options: Required<OrgStoreOptions>;

  constructor(options: OrgStoreOptions) {
    this.options = { ...DEFAULT_STORE_OPTIONS, ...options };
    // lru-cache needs room for one; a day in use is kept at least until the next is asked for.
    this.cache = new LRUCache({ max: Math.max(1, this.options.cacheDays) });
    this.org = generateOrg({ seed: this.options.seed, agents: this.options.agents });
  }

  get seed(): number {
    return this.options.seed;
  }

  historyDays(now: number): { first: number; last: number } {
    const last = dayOf(now);
    return { first: last - this.options.historyDays + 1, last };
  }

  conversationsOfDay(day: number): readonly SimConversation[] {
    return this.day(day).sim.conversations;
  }

  emissionsOfDay(day: number): readonly Emission[] {
    const cached = this.day(day);
    cached.emissions ??= cached.sim.conversations.flatMap(emissionsOf);
    return cached.emissions;
  }

  conversation(id: string): SimConversation | undefined {
    const at = decodeConversationId(this.options.seed, id);
    if (!at) return undefined;
    return this.conversationsOfDay(at.day)[at.index];
  }

  agentState(agentId: string, at: number): AgentState {
    const agent = this.org.agentById.get(agentId);
    if (!agent) throw new Error(`unknown agent ${agentId}`);
    const d = dayOf(at);
    // Yesterday's schedule and work can run past midnight (see sim/schedule.ts).
    const blocks = [...shiftBlocks(agent, d - 1), ...shiftBlocks(agent, d)];
    const spans = [...(this.day(d - 1).sim.work.get(agentId) ?? []), ...(this.day(d).sim.work.get(agentId) ?? [])];
    return stateAt(blocks, spans, at, (d - 1) * DAY_MS);
  }

  private day(day: number): CachedDay {
    let cached = this.cache.get(day);
    if (!cached) {
      cached = { sim: simulateDay(this.org, day, { seed: this.options.seed, conversationsPerDay: this.options.conversationsPerDay }) };
      this.cache.set(day, cached);
    }
    return cached;
  }
}

/** Routing status and presence at `at` from the logged-in blocks and the busy spans around it. */
export function stateAt(blocks: readonly ShiftBlock[], spans: readonly WorkSpan[], at: number, horizon: number): AgentState {
  const block = blocks.find((b) => b.start <= at && at < b.end);
  let spanIndex = -1;
  for (let i = 0; i < spans.length; i++) if (spans[i]!.start <= at && at < spans[i]!.end) spanIndex = i;
  let lastWorkEnd = horizon;
  for (const s of spans) if (s.end <= at) lastWorkEnd = Math.max(lastWorkEnd, s.end);

  let presence: AgentState['presence'];
  let presenceSince: number;
  if (block) {
    presence = block.presence;
    presenceSince = block.start;
    // Back-to-back blocks with the same presence read as one.
    for (let b = blocks.find((x) => x.end === presenceSince && x.presence === presence); b; b = blocks.find((x) => x.end === presenceSince && x.presence === presence)) {
      presenceSince = b.start;
    }
  } else if (spanIndex >= 0) {
    // Past the end of the shift but still finishing an interaction: still on queue.
    presence = 'ON_QUEUE';
    presenceSince = blocks.filter((b) => b.end <= at).reduce((m, b) => Math.max(m, b.start), horizon);
  } else {
    presence = 'OFFLINE';
    presenceSince = Math.max(horizon, ...blocks.filter((b) => b.end <= at).map((b) => b.end), lastWorkEnd);
  }

  if (spanIndex >= 0) {
    const span = spans[spanIndex]!;
    let since = span.start;
    for (let i = spanIndex - 1; i >= 0; i--) {
      const prev = spans[i]!;
      if (prev.status !== span.status || prev.end < since) break;
      since = Math.min(since, prev.start);
    }
    return { routingStatus: span.status, routingSince: since, presence, presenceSince };
  }
  if (presence === 'ON_QUEUE') {
    return { routingStatus: 'IDLE', routingSince: Math.max(presenceSince, lastWorkEnd), presence, presenceSince };
  }
  const offSince = presence === 'OFFLINE' ? presenceSince : block?.start ?? presenceSince;
  return { routingStatus: 'OFF_QUEUE', routingSince: offSince, presence, presenceSince };
}
