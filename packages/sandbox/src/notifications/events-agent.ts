/**
 * Presence (`v2.users.{id}.presence` → PresenceEventUserPresence) and routing status
 * (`v2.users.{id}.routingStatus` → UserRoutingStatusUserRoutingStatus) events: one at each instant
 * `store.agentState(agentId, t)` changes its presence or its routing status.
 *
 * The instants where it may change are the agent's shift block edges (sim/schedule.ts) and the edges of the work
 * they do (joining a conversation, segment edges, end of wrap-up, the NOT_RESPONDING penalty after an offer rang
 * out); the state is read there and compared with the state before. An event fires when the value changes
 * (status or presence), not when only its "since" does: the store's `since` can move without a change (for
 * instance at midnight, or when an agent finishing work past the end of their shift stays on queue).
 * The event carries the state as `agentState` reads it at that instant (its `since` is the start time).
 */
import type platformClient from 'purecloud-platform-client-v2';
import type { AgentState, Org } from '../model.js';
import type { OrgStore } from '../store.js';
import { toRoutingStatus, toUserPresence } from '../wire/directory.js';

export type PresenceEventBody = platformClient.Models.PresenceEventUserPresence;
export type RoutingStatusEventBody = platformClient.Models.UserRoutingStatusUserRoutingStatus;

export interface AgentChange {
  at: number;
  state: AgentState;
  presenceChanged: boolean;
  routingChanged: boolean;
}

/**
 * The changes of the agent's presence or routing status among `candidates` (ascending instants in (from, to] that
 * include every instant where the state may change).
 */
export function agentStateChanges(store: OrgStore, agentId: string, from: number, candidates: readonly number[]): AgentChange[] {
  const out: AgentChange[] = [];
  let prev = store.agentState(agentId, from);
  for (const t of candidates) {
    const state = store.agentState(agentId, t);
    const presenceChanged = state.presence !== prev.presence;
    const routingChanged = state.routingStatus !== prev.routingStatus;
    if (presenceChanged || routingChanged) out.push({ at: t, state, presenceChanged, routingChanged });
    prev = state;
  }
  return out;
}

/** The presence event body, from the same wire builder as `GET /api/v2/users/{id}?expand=presence`. */
export function presenceEventBody(org: Org, state: AgentState): PresenceEventBody {
  const p = toUserPresence(org, state);
  const body: PresenceEventBody = {};
  if (p.source !== undefined) body.source = p.source;
  if (p.presenceDefinition) body.presenceDefinition = { id: p.presenceDefinition.id, systemPresence: p.presenceDefinition.systemPresence };
  if (p.primary !== undefined) body.primary = p.primary;
  body.message = p.message ?? '';
  if (p.modifiedDate !== undefined) body.modifiedDate = p.modifiedDate;
  return body;
}

/** The routing status event body, from the same wire builder as `GET /api/v2/users/{id}?expand=routingStatus`. */
export function routingStatusEventBody(agentId: string, state: AgentState): RoutingStatusEventBody {
  const r = toRoutingStatus(agentId, state);
  const routingStatus: NonNullable<RoutingStatusEventBody['routingStatus']> = {};
  if (r.status !== undefined) routingStatus.status = r.status;
  if (r.startTime !== undefined) routingStatus.startTime = r.startTime;
  return { id: agentId, routingStatus };
}
