import type { AgentState, Emission, Org, SimConversation } from './model.js';

/**
 * What the HTTP handlers read. Records are whole simulated lives: cut them with `viewAt(c, now)` before
 * showing them, and drop emissions whose `emit` is after now.
 */
export interface OrgStore {
  readonly org: Org;
  /** Days (UTC day numbers, inclusive) that hold conversations when the clock reads `now`. */
  historyDays(now: number): { first: number; last: number };
  /** Conversations that started on `day` (any day: restrict to historyDays(now)), sorted by start time. */
  conversationsOfDay(day: number): readonly SimConversation[];
  /** Every metric emission of the conversations that started on `day`, in no particular order. */
  emissionsOfDay(day: number): readonly Emission[];
  /** A conversation by id (any day), or undefined for an id this org never had. */
  conversation(id: string): SimConversation | undefined;
  /** An agent's routing status and presence at an instant. */
  agentState(agentId: string, at: number): AgentState;
}
