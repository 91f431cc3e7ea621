/**
 * An agent's routing status and presence, from `GET /users?expand=routingStatus,presence` (the snapshot) and
 * from `v2.users.{id}.routingStatus` / `.presence` events. Each half keeps its own "since": an event older than
 * what we hold is ignored, so a late snapshot cannot undo a newer event.
 */
import type platformClient from 'purecloud-platform-client-v2';

export interface AgentStatus {
  userId: string;
  /** OFF_QUEUE, IDLE, INTERACTING, NOT_RESPONDING, COMMUNICATING. */
  routingStatus?: string | undefined;
  routingStatusSince?: string | undefined;
  /** The system presence (as Genesys labels it: "On Queue", "Available"…). */
  presence?: string | undefined;
  presenceDefinitionId?: string | undefined;
  presenceSince?: string | undefined;
}

const ms = (s: string | undefined): number => (s ? Date.parse(s) : NaN);
/** True when `next` is not older than `prev` (unknown times never block). */
const notOlder = (next: string | undefined, prev: string | undefined): boolean => !(ms(next) < ms(prev));

function withRouting(s: AgentStatus, status: string | undefined, since: string | undefined): AgentStatus {
  const out = { ...s };
  if (status !== undefined) out.routingStatus = status;
  if (since !== undefined) out.routingStatusSince = since;
  return out;
}

function withPresence(s: AgentStatus, def: { id?: string; systemPresence?: string } | undefined, since: string | undefined): AgentStatus {
  const out = { ...s };
  if (def?.systemPresence !== undefined) out.presence = def.systemPresence;
  if (def?.id !== undefined) out.presenceDefinitionId = def.id;
  if (since !== undefined) out.presenceSince = since;
  return out;
}

export function agentStatusFromUser(u: platformClient.Models.User): AgentStatus {
  let s: AgentStatus = { userId: u.id ?? '' };
  if (u.routingStatus) s = withRouting(s, u.routingStatus.status, u.routingStatus.startTime);
  if (u.presence) s = withPresence(s, u.presence.presenceDefinition, u.presence.modifiedDate);
  return s;
}

/** The status after an event, or undefined when the event is older than what we hold (or unreadable). */
export function applyAgentEvent(prev: AgentStatus, kind: 'presence' | 'routingStatus', body: unknown): AgentStatus | undefined {
  if (kind === 'routingStatus') {
    const rs = (body as platformClient.Models.UserRoutingStatusUserRoutingStatus).routingStatus;
    if (!rs?.status) return undefined;
    if (!notOlder(rs.startTime, prev.routingStatusSince)) return undefined;
    return withRouting(prev, rs.status, rs.startTime);
  }
  const p = body as platformClient.Models.PresenceEventUserPresence;
  if (!p.presenceDefinition) return undefined;
  if (!notOlder(p.modifiedDate, prev.presenceSince)) return undefined;
  return withPresence(prev, p.presenceDefinition, p.modifiedDate);
}

/** A snapshot's status over what we hold, half by half, never over a newer half. */
export function mergeAgentSnapshot(prev: AgentStatus, snap: AgentStatus): AgentStatus {
  let out = prev;
  if (snap.routingStatus !== undefined && notOlder(snap.routingStatusSince, prev.routingStatusSince)) out = withRouting(out, snap.routingStatus, snap.routingStatusSince);
  if (snap.presence !== undefined && notOlder(snap.presenceSince, prev.presenceSince)) {
    out = withPresence(out, { systemPresence: snap.presence, ...(snap.presenceDefinitionId ? { id: snap.presenceDefinitionId } : {}) }, snap.presenceSince);
  }
  return out;
}
