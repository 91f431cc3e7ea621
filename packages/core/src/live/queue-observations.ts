/**
 * Queue figures kept per queue and observation group ({queueId, mediaType}), from the observations query (the
 * snapshot) and from `v2.analytics.queues.{id}.observations` events. An event replaces only the metrics it
 * carries (the sandbox, like the real capture, sends oWaiting/oInteracting/oAlerting; agent counts and the
 * longest wait stay as the last snapshot left them), and a snapshot never overwrites a group that an event
 * changed after the snapshot began.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { queueStatsFrom, type QueueLiveStats } from '../services/live.js';

type ObservationResult = platformClient.Models.QueueObservationDataContainer;
type ObservationData = NonNullable<ObservationResult['data']>;

interface EventBody {
  group?: Record<string, string>;
  data?: Array<{ interval?: string; metrics?: Array<{ metric?: string; qualifier?: string; stats?: Record<string, number> }> }>;
}

const isInstant = (interval: string | undefined): boolean => {
  if (!interval) return true;
  const [a, b] = interval.split('/');
  return a === b;
};

const groupKey = (g: Record<string, string>): string => JSON.stringify(Object.entries(g).sort(([x], [y]) => (x < y ? -1 : 1)));

export class QueueObservations {
  private readonly groups = new Map<string, Map<string, ObservationResult>>();
  /** Local order of the last event per queue and group (the same counter as the conversations'). */
  private readonly eventSeq = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  has(queueId: string): boolean {
    return this.groups.has(queueId);
  }

  stats(queueId: string): QueueLiveStats {
    return queueStatsFrom([queueId], [...(this.groups.get(queueId)?.values() ?? [])], this.now())[0]!;
  }

  /** Applies an event; true when the queue's figures changed, false when nothing did, undefined when unreadable. */
  applyEvent(queueId: string, body: unknown, seq: number): boolean | undefined {
    const b = body as EventBody;
    // One topic carries instantaneous observations (interval start = end) and 30-minute buckets; keep the former.
    const metrics = (b.data ?? []).filter((d) => isInstant(d.interval)).flatMap((d) => d.metrics ?? []).filter((m) => m.metric?.startsWith('o'));
    if (metrics.length === 0) return undefined;
    const group = { ...(b.group ?? {}), queueId };
    const data = metrics.map((m) => ({ metric: m.metric, ...(m.qualifier ? { qualifier: m.qualifier } : {}), stats: m.stats ?? {} })) as ObservationData;
    const key = groupKey(group);
    this.eventSeq.set(`${queueId} ${key}`, seq);
    return this.put(queueId, key, group, data);
  }

  /** Applies one result of the observations query; true when an already-known queue's figures changed. */
  applySnapshot(r: ObservationResult, startSeq: number): boolean {
    const queueId = r.group?.queueId;
    if (!queueId) return false;
    const key = groupKey(r.group ?? {});
    if ((this.eventSeq.get(`${queueId} ${key}`) ?? -1) > startSeq) return false;
    const known = this.groups.has(queueId);
    return this.put(queueId, key, r.group ?? {}, r.data ?? []) && known;
  }

  /** Replaces the metrics given (by metric and qualifier) in one group, keeping the others. */
  private put(queueId: string, key: string, group: Record<string, string>, data: ObservationData): boolean {
    const groups = this.groups.get(queueId) ?? new Map<string, ObservationResult>();
    this.groups.set(queueId, groups);
    const prev = groups.get(key);
    const byMetric = new Map((prev?.data ?? []).map((d) => [`${d.metric} ${d.qualifier ?? ''}`, d]));
    for (const d of data) byMetric.set(`${d.metric} ${d.qualifier ?? ''}`, d);
    const next = { group, data: [...byMetric.values()] } as ObservationResult;
    groups.set(key, next);
    return JSON.stringify(prev?.data) !== JSON.stringify(next.data);
  }
}
