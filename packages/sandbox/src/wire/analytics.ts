/**
 * Analytics conversation detail records (`AnalyticsConversationWithoutAttributes`), as the details query,
 * details jobs and `GET /api/v2/analytics/conversations/{id}/details` return them.
 *
 * Input conversations are already cut by `viewAt(c, now)`: a missing `end` means still running, and only
 * metrics emitted by then are present.
 */
import type platformClient from 'purecloud-platform-client-v2';
import type { SimConversation, SimMetric, SimParticipant, SimSegment, SimSession } from '../model.js';
import { iso, MESSAGE_TYPE } from './util.js';

type AnalyticsConversation = platformClient.Models.AnalyticsConversationWithoutAttributes;
type AnalyticsParticipant = platformClient.Models.AnalyticsParticipantWithoutAttributes;
type AnalyticsSession = platformClient.Models.AnalyticsSession;
type AnalyticsSegment = platformClient.Models.AnalyticsConversationSegment;
type AnalyticsMetric = platformClient.Models.AnalyticsSessionMetric;

/** The only routing the simulation uses. */
const STANDARD_ROUTING = 'Standard';

export function toAnalyticsConversation(c: SimConversation): AnalyticsConversation {
  const out: AnalyticsConversation = {
    conversationId: c.id,
    conversationStart: iso(c.start),
  };
  if (c.end !== undefined) out.conversationEnd = iso(c.end);
  out.originatingDirection = c.originatingDirection;
  out.divisionIds = [c.divisionId];
  if (c.externalTag !== undefined) out.externalTag = c.externalTag;
  if (c.mediaType === 'voice' && c.mos !== undefined) out.mediaStatsMinConversationMos = c.mos;
  out.participants = c.participants.map((p) => toAnalyticsParticipant(p, c));
  return out;
}

export function toAnalyticsParticipant(p: SimParticipant, c: SimConversation): AnalyticsParticipant {
  const out: AnalyticsParticipant = {
    participantId: p.id,
    participantName: p.name,
    purpose: p.purpose,
  };
  if (p.userId !== undefined) out.userId = p.userId;
  out.sessions = p.sessions.map((s) => toAnalyticsSession(s, p, c));
  return out;
}

export function toAnalyticsSession(s: SimSession, p: SimParticipant, c: SimConversation): AnalyticsSession {
  const out: AnalyticsSession = {
    sessionId: s.id,
    mediaType: s.mediaType,
    direction: s.direction,
    ani: s.ani,
    dnis: s.dnis,
    addressFrom: s.addressFrom,
    addressTo: s.addressTo,
  };
  if (s.recording !== undefined) out.recording = s.recording;
  if (s.callbackNumbers !== undefined) out.callbackNumbers = [...s.callbackNumbers];
  if (s.callbackScheduledTime !== undefined) out.callbackScheduledTime = iso(s.callbackScheduledTime);
  if (s.mediaType === 'message') out.messageType = MESSAGE_TYPE;
  if (p.purpose === 'acd') {
    out.requestedRoutings = [STANDARD_ROUTING];
    out.usedRouting = STANDARD_ROUTING;
    const selected = selectedAgentId(s, p, c);
    if (selected !== undefined) out.selectedAgentId = selected;
  }
  out.segments = s.segments.map((seg) => toAnalyticsSegment(seg, s));
  out.metrics = sortedMetrics(s.metrics).map(toAnalyticsMetric);
  return out;
}

export function toAnalyticsSegment(seg: SimSegment, session: Pick<SimSession, 'subject'>): AnalyticsSegment {
  const out: AnalyticsSegment = { segmentStart: iso(seg.start) };
  if (seg.end !== undefined) out.segmentEnd = iso(seg.end);
  out.segmentType = seg.type;
  if (seg.queueId !== undefined) out.queueId = seg.queueId;
  if (seg.disconnectType !== undefined) out.disconnectType = seg.disconnectType;
  if (seg.wrapUpCode !== undefined) out.wrapUpCode = seg.wrapUpCode;
  if (seg.wrapUpNote !== undefined) out.wrapUpNote = seg.wrapUpNote;
  if (seg.errorCode !== undefined) out.errorCode = seg.errorCode;
  if (seg.conference !== undefined) out.conference = seg.conference;
  if (session.subject !== undefined) out.subject = session.subject;
  return out;
}

export function toAnalyticsMetric(m: SimMetric): AnalyticsMetric {
  return { name: m.name, value: m.value, emitDate: iso(m.emit) };
}

/** Metrics ordered by emit time, then name (stable output whatever order the simulation recorded). */
export function sortedMetrics(metrics: readonly SimMetric[]): SimMetric[] {
  return [...metrics].sort((a, b) => a.emit - b.emit || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The agent an acd session delivered the interaction to: the agent participant (of the same queue) whose
 * `tAnswered`, stamped with this queue, was emitted while this acd session was open (answering ends the
 * acd session, so the emit may equal its end). Undefined while nobody has answered.
 */
export function selectedAgentId(acdSession: SimSession, acd: SimParticipant, c: SimConversation): string | undefined {
  const queueId = acd.queueId;
  if (queueId === undefined) return undefined;
  const first = acdSession.segments[0];
  const from = first?.start ?? acd.start;
  const last = acdSession.segments[acdSession.segments.length - 1];
  const to = last?.end ?? Number.POSITIVE_INFINITY;
  for (const p of c.participants) {
    if (p.purpose !== 'agent' || p.userId === undefined) continue;
    if (p.queueId !== undefined && p.queueId !== queueId) continue;
    for (const s of p.sessions) {
      for (const m of s.metrics) {
        if (m.name !== 'tAnswered') continue;
        if ((m.queueId ?? p.queueId) !== queueId) continue;
        if (m.emit >= from && m.emit <= to) return p.userId;
      }
    }
  }
  return undefined;
}
