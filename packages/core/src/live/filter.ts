/**
 * `LiveFilter` applied in memory, with the polling path's meaning (the details query's segment filters): any
 * participant in one of the queues, any session in one of the media types, any of the agents taking part;
 * different fields are AND-ed, and an empty or absent list matches everything.
 */
import type { LiveConversation, LiveFilter } from '../services/live.js';

export function matchesFilter(c: LiveConversation, f: LiveFilter): boolean {
  if (f.queueIds?.length) {
    const want = new Set(f.queueIds);
    if (!c.participants.some((p) => p.queueId !== undefined && want.has(p.queueId))) return false;
  }
  if (f.mediaTypes?.length) {
    const want = new Set(f.mediaTypes.map((m) => m.toLowerCase()));
    const media = new Set([c.mediaType, ...c.participants.flatMap((p) => p.sessions.map((s) => s.mediaType))]);
    if (![...media].some((m) => m !== undefined && want.has(m))) return false;
  }
  if (f.agentIds?.length) {
    const want = new Set(f.agentIds);
    if (!c.participants.some((p) => p.userId !== undefined && want.has(p.userId))) return false;
  }
  return true;
}
