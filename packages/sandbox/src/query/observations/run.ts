/**
 * `POST /api/v2/analytics/queues/observations/query`: evaluation over a live snapshot (parsing: parse.ts).
 *
 * Choices where genesys-api.md §6.3 is silent or UNCONFIRMED:
 * - Selection: every (org queue × sandbox media type) pair is tested against the filter (queueId and mediaType
 *   predicates); a queue is selected when any of its pairs passes. Queue ids the org does not have select nothing.
 *   mediaType values must be Genesys media types (a typo is a 400, not an empty answer).
 * - Conversation metrics (oWaiting, oAlerting, oInteracting) are grouped by {queueId, mediaType}, one result per
 *   selected pair, with `{count: 0}` when nothing is there (a public client of the real API reads
 *   `oWaiting.stats.count` from every mediaType group and filters media types out itself, which suggests Genesys
 *   answers zero groups for every media type).
 *   - oWaiting: an acd participant of the queue whose interact segment is open. The acd interact segment ends at
 *     answer, so an interaction whose agent is still being alerted is still waiting (as in Genesys).
 *   - oAlerting: an agent participant routed from the queue (participant.queueId) with an open alert segment.
 *   - oInteracting: such an agent with an open interact or hold segment; wrap-up does not count (the customer is
 *     gone by then). Counted per agent session.
 *   - Detail observations: observationDate = when waiting (acd interact start), alerting (alert start) or
 *     interacting (the agent's connect time) began; participantName = the customer's (or external party's) name;
 *     session fields from the acd session (waiting) or the agent session; userId and usedRouting only once an agent
 *     is involved; routingPriority 0, requestedRoutings ["Standard"]. Ordered by observationDate, then conversation.
 * - User metrics are grouped by {queueId} only, over the queue's members; a member with no known state counts as
 *   OFF_QUEUE and OFFLINE.
 *   - oMemberUsers: members; oActiveUsers: presence not OFFLINE (both always reported, 0 included).
 *   - oOnQueueUsers: qualifier = routing status, members not OFF_QUEUE. oOffQueueUsers: members OFF_QUEUE and not
 *     OFFLINE, qualifier = system presence. oUserRoutingStatuses: qualifier = routing status, all members.
 *     oUserPresences: qualifier = the org presence definition id of the member's system presence (the system
 *     presence itself if the org has no definition for it). Qualified metrics list only qualifiers with members,
 *     sorted by qualifier.
 *   - As detail metrics they carry {observationDate: since when the user is in that state, userId}; oMemberUsers
 *     has no detail.
 * - `systemToOrganizationMappings` is always filled from the org's presence definitions.
 * - A metric listed only in `detailMetrics` is reported as if it were in `metrics` too. Metrics appear in request
 *   order; results sort by queue id, the {queueId, mediaType} groups (by media type) before the {queueId} group.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { MEDIA_TYPES } from '../../model.js';
import type { AgentState, Org, RoutingStatus, SimConversation, SimParticipant, SimSession, SystemPresence } from '../../model.js';
import { matchesFilter } from '../predicates.js';
import { CONVERSATION_METRICS, type ObservationQuery } from './parse.js';

type ObservationResponse = platformClient.Models.QueueObservationQueryResponse;
type DataContainer = platformClient.Models.QueueObservationDataContainer;
type ObservationMetricData = platformClient.Models.ObservationMetricData;
type ObservationValue = platformClient.Models.ObservationValue;

export interface ObservationSnapshot {
  now: number;
  org: Org;
  /** Conversations in progress, already cut to `now` (open segments have no `end`). */
  live: SimConversation[];
  agentStates: ReadonlyMap<string, AgentState>;
}

/** One waiting/alerting/interacting item (exported for the notification events, which count them too). */
export interface Found {
  date: number;
  value: ObservationValue;
}

const iso = (t: number): string => new Date(t).toISOString();

function observation(
  c: SimConversation,
  s: SimSession,
  date: number,
  customerName: string | undefined,
  agent: SimParticipant | undefined,
): Found {
  const value: ObservationValue = {
    observationDate: iso(date),
    conversationId: c.id,
    sessionId: s.id,
    direction: s.direction,
    ani: s.ani,
    dnis: s.dnis,
    addressFrom: s.addressFrom,
    addressTo: s.addressTo,
    routingPriority: 0,
    requestedRoutings: ['Standard'],
  };
  if (customerName !== undefined) value.participantName = customerName;
  if (agent?.userId !== undefined) {
    value.userId = agent.userId;
    value.usedRouting = 'Standard';
  }
  return { date, value };
}

export type ConversationMetric = 'oWaiting' | 'oAlerting' | 'oInteracting';

/** Open waiting/alerting/interacting items per `queueId|mediaType`. */
export function scanLive(live: readonly SimConversation[]): Map<string, Record<ConversationMetric, Found[]>> {
  const byPair = new Map<string, Record<ConversationMetric, Found[]>>();
  const bucket = (queueId: string, media: string): Record<ConversationMetric, Found[]> => {
    const key = `${queueId}|${media}`;
    let b = byPair.get(key);
    if (!b) {
      b = { oWaiting: [], oAlerting: [], oInteracting: [] };
      byPair.set(key, b);
    }
    return b;
  };
  for (const c of live) {
    const customerName = c.participants.find((p) => p.purpose === 'customer' || p.purpose === 'external')?.name;
    for (const p of c.participants) {
      if (p.purpose === 'acd') {
        for (const s of p.sessions) {
          const open = s.segments.find((seg) => seg.type === 'interact' && seg.end === undefined);
          const queueId = open?.queueId ?? p.queueId;
          if (!open || queueId === undefined) continue;
          bucket(queueId, s.mediaType).oWaiting.push(observation(c, s, open.start, customerName, undefined));
        }
      } else if (p.purpose === 'agent' && p.queueId !== undefined) {
        for (const s of p.sessions) {
          const alert = s.segments.find((seg) => seg.type === 'alert' && seg.end === undefined);
          if (alert) bucket(p.queueId, s.mediaType).oAlerting.push(observation(c, s, alert.start, customerName, p));
          const busy = s.segments.find((seg) => (seg.type === 'interact' || seg.type === 'hold') && seg.end === undefined);
          if (busy) {
            const began = p.connected ?? s.segments.find((seg) => seg.type === 'interact')?.start ?? busy.start;
            bucket(p.queueId, s.mediaType).oInteracting.push(observation(c, s, began, customerName, p));
          }
        }
      }
    }
  }
  for (const b of byPair.values()) {
    for (const list of Object.values(b)) {
      list.sort((x, y) => x.date - y.date || (x.value.conversationId ?? '').localeCompare(y.value.conversationId ?? ''));
    }
  }
  return byPair;
}

const OFFLINE_STATE: AgentState = { routingStatus: 'OFF_QUEUE', routingSince: 0, presence: 'OFFLINE', presenceSince: 0 };

/** Evaluates a parsed queue observation query over a snapshot of the org at `now`. */
export function runObservationQuery(q: ObservationQuery, snapshot: ObservationSnapshot): ObservationResponse {
  const { org, live, agentStates } = snapshot;
  const presenceIdOf = new Map<SystemPresence, string>();
  const mappings: Record<string, string[]> = {};
  for (const p of org.presences) {
    if (!presenceIdOf.has(p.systemPresence)) presenceIdOf.set(p.systemPresence, p.id);
    (mappings[p.systemPresence] ??= []).push(p.id);
  }

  const conversationMetrics = q.metrics.filter((m): m is ConversationMetric => CONVERSATION_METRICS.has(m));
  const userMetrics = q.metrics.filter((m) => !CONVERSATION_METRICS.has(m));
  const items = conversationMetrics.length > 0 ? scanLive(live) : new Map<string, Record<ConversationMetric, Found[]>>();
  const media = [...MEDIA_TYPES].sort();
  const queues = [...org.queues].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const results: DataContainer[] = [];
  for (const queue of queues) {
    const selectedMedia = media.filter((m) =>
      matchesFilter(q.filter, (d) => (d === 'queueId' ? queue.id : d === 'mediaType' ? m : undefined)),
    );
    if (selectedMedia.length === 0) continue;

    if (conversationMetrics.length > 0) {
      for (const m of selectedMedia) {
        const found = items.get(`${queue.id}|${m}`);
        const data: ObservationMetricData[] = conversationMetrics.map((metric) => {
          const list = found?.[metric] ?? [];
          const entry: ObservationMetricData = { metric, stats: { count: list.length } };
          if (q.detailMetrics.has(metric) && list.length > 0) entry.observations = list.map((f) => f.value);
          return entry;
        });
        results.push({ group: { queueId: queue.id, mediaType: m }, data });
      }
    }

    if (userMetrics.length > 0) {
      const members = queue.memberIds.map((id) => ({ id, state: agentStates.get(id) ?? OFFLINE_STATE }));
      const data: ObservationMetricData[] = [];
      for (const metric of userMetrics) {
        const detail = q.detailMetrics.has(metric);
        const plain = (selected: typeof members, since: (s: AgentState) => number): ObservationMetricData => {
          const entry: ObservationMetricData = { metric, stats: { count: selected.length } };
          if (detail && selected.length > 0) entry.observations = userObservations(selected, since);
          return entry;
        };
        const qualified = (
          selected: typeof members,
          qualifierOf: (s: AgentState) => string,
          since: (s: AgentState) => number,
        ): ObservationMetricData[] => {
          const byQualifier = new Map<string, typeof members>();
          for (const mbr of selected) {
            const k = qualifierOf(mbr.state);
            const list = byQualifier.get(k) ?? [];
            list.push(mbr);
            byQualifier.set(k, list);
          }
          return [...byQualifier.keys()].sort().map((qualifier) => {
            const list = byQualifier.get(qualifier) ?? [];
            const entry: ObservationMetricData = { metric, qualifier, stats: { count: list.length } };
            if (detail) entry.observations = userObservations(list, since);
            return entry;
          });
        };
        const routingSince = (s: AgentState): number => s.routingSince;
        const presenceSince = (s: AgentState): number => s.presenceSince;
        switch (metric) {
          case 'oMemberUsers': {
            data.push({ metric, stats: { count: members.length } });
            break;
          }
          case 'oActiveUsers':
            data.push(plain(members.filter((x) => x.state.presence !== 'OFFLINE'), presenceSince));
            break;
          case 'oOnQueueUsers':
            data.push(...qualified(members.filter((x) => x.state.routingStatus !== 'OFF_QUEUE'), (s): RoutingStatus => s.routingStatus, routingSince));
            break;
          case 'oOffQueueUsers':
            data.push(
              ...qualified(
                members.filter((x) => x.state.routingStatus === 'OFF_QUEUE' && x.state.presence !== 'OFFLINE'),
                (s) => s.presence,
                presenceSince,
              ),
            );
            break;
          case 'oUserRoutingStatuses':
            data.push(...qualified(members, (s) => s.routingStatus, routingSince));
            break;
          case 'oUserPresences':
            data.push(...qualified(members, (s) => presenceIdOf.get(s.presence) ?? s.presence, presenceSince));
            break;
          default:
            break;
        }
      }
      if (data.length > 0) results.push({ group: { queueId: queue.id }, data });
    }
  }

  const response: ObservationResponse = { systemToOrganizationMappings: mappings };
  if (results.length > 0) response.results = results;
  return response;
}

function userObservations(members: ReadonlyArray<{ id: string; state: AgentState }>, since: (s: AgentState) => number): ObservationValue[] {
  return [...members]
    .sort((a, b) => since(a.state) - since(b.state) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((m) => ({ observationDate: iso(since(m.state)), userId: m.id }));
}
