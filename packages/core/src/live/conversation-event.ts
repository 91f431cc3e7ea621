/**
 * Conversation events (`v2.routing.queues.{id}.conversations`, `v2.users.{id}.conversations`: the SDK's
 * `QueueConversationEventTopicConversation` / `ConversationEventTopicConversation`) read as the REST
 * `Conversation` that `toLive` understands. The event model has the same participants and media arrays but no
 * conversation `startTime`/`endTime` and no participant `startTime`: those are carried over from what we knew,
 * or worked out from the body's own times, and the end is the moment the last participant is done (wrap-up
 * included), which is when Genesys ends a conversation.
 */
import type platformClient from 'purecloud-platform-client-v2';

type Conversation = platformClient.Models.Conversation;
type Participant = platformClient.Models.Participant;
type AnalyticsConversation = platformClient.Models.AnalyticsConversationWithoutAttributes;

const MEDIA_KEYS = ['calls', 'callbacks', 'chats', 'emails', 'messages'] as const;

type Media = { state?: string; held?: boolean; connectedTime?: string; disconnectedTime?: string; startAlertingTime?: string };

const ms = (iso: string | undefined): number => (iso ? Date.parse(iso) : NaN);

function mediaOf(p: Participant): Media[] {
  const out: Media[] = [];
  for (const k of MEDIA_KEYS) for (const m of ((p as Record<string, unknown>)[k] as Media[] | undefined) ?? []) out.push(m);
  return out;
}

/** Times in a participant that, once there, stay: so their maximum never goes back as a conversation goes on. */
function participantTimes(p: Participant): number[] {
  const t = [ms(p.startTime), ms(p.connectedTime), ms(p.endTime), ms(p.startAcwTime), ms(p.endAcwTime), ms(p.wrapup?.endTime)];
  for (const m of mediaOf(p)) t.push(ms(m.connectedTime), ms(m.disconnectedTime));
  return t.filter(Number.isFinite);
}

/**
 * The instant of the latest change a conversation shows (the maximum of the times that only ever get added:
 * connects, disconnects, after-call work); the live state's per-conversation version. Hold toggles add no such
 * time, so two states can share a version: the order of the stream decides between them.
 */
export function versionOf(c: Conversation): number {
  let v = ms(c.startTime);
  if (!Number.isFinite(v)) v = 0;
  for (const p of c.participants ?? []) for (const t of participantTimes(p)) if (t > v) v = t;
  const end = ms(c.endTime);
  return Number.isFinite(end) && end > v ? end : v;
}

type EventMedia = Media & { afterCallWork?: { state?: string } };

/**
 * The end rule of conversation events: every media object of every participant is disconnected and no
 * after-call work is still pending (agents wrap up after the customer has gone, with every medium already
 * disconnected).
 */
function isOver(participants: readonly Participant[]): boolean {
  let media = 0;
  for (const p of participants) {
    for (const m of mediaOf(p) as EventMedia[]) {
      media++;
      if (m.state !== 'disconnected' && m.state !== 'terminated') return false;
      if (m.afterCallWork?.state === 'pending') return false;
    }
    // A model without afterCallWork: an agent who must wrap up and has not is not done.
    if (p.wrapupRequired && !p.wrapup && p.startAcwTime && !p.endAcwTime) return false;
  }
  return media > 0;
}

/** The instant the conversation ended, or undefined while it is live. */
export function endOf(participants: readonly Participant[]): string | undefined {
  if (!isOver(participants)) return undefined;
  let end = -Infinity;
  for (const p of participants) {
    for (const t of [ms(p.endTime), ms(p.endAcwTime), ms(p.wrapup?.endTime)]) if (Number.isFinite(t) && t > end) end = t;
    for (const m of mediaOf(p)) {
      const t = ms(m.disconnectedTime);
      if (Number.isFinite(t) && t > end) end = t;
    }
  }
  return new Date(Number.isFinite(end) ? end : 0).toISOString();
}

/** The event body as a `Conversation`, keeping the start times `previous` (an earlier state of it) knew. */
export function conversationFromEvent(body: unknown, previous?: Conversation): Conversation {
  const b = body as Conversation & { participants?: Participant[] };
  const known = new Map((previous?.participants ?? []).map((p) => [p.id, p]));
  const participants: Participant[] = (b.participants ?? []).map((p) => {
    const startTime = p.startTime ?? known.get(p.id)?.startTime ?? firstTime(p);
    return startTime ? { ...p, startTime } : { ...p };
  });
  const starts = participants.map((p) => ms(p.startTime)).filter(Number.isFinite);
  const startTime = previous?.startTime ?? b.startTime ?? (starts.length > 0 ? new Date(Math.min(...starts)).toISOString() : undefined);
  const out: Conversation = { ...b, participants };
  if (startTime) out.startTime = startTime;
  const endTime = b.endTime ?? endOf(participants);
  if (endTime) out.endTime = endTime;
  else delete out.endTime;
  return out;
}

function firstTime(p: Participant): string | undefined {
  const times = [ms(p.connectedTime), ...mediaOf(p).flatMap((m) => [ms(m.startAlertingTime), ms(m.connectedTime)])].filter(Number.isFinite);
  return times.length > 0 ? new Date(Math.min(...times)).toISOString() : undefined;
}

/** What each participant is doing, as a details record tells it (its latest segment) and as the state tells it. */
type Doing = 'alerting' | 'connected' | 'held' | 'wrapup' | 'done';

function doingFromDetails(p: NonNullable<AnalyticsConversation['participants']>[number]): Doing {
  let last: { type?: string; open: boolean; start: number } | undefined;
  for (const s of p.sessions ?? []) {
    for (const seg of s.segments ?? []) {
      const start = ms(seg.segmentStart);
      if (!last || start >= last.start) last = { type: seg.segmentType, open: !seg.segmentEnd, start };
    }
  }
  if (!last || !last.open) return 'done';
  if (last.type === 'alert') return 'alerting';
  if (last.type === 'hold') return 'held';
  if (last.type === 'wrapup') return 'wrapup';
  return 'connected';
}

function doingFromState(p: Participant): Doing {
  const media = mediaOf(p);
  const last = media[media.length - 1];
  if (last && last.state !== 'disconnected' && last.state !== 'terminated') {
    if (last.held) return 'held';
    return last.state === 'alerting' ? 'alerting' : 'connected';
  }
  if (p.wrapupRequired && !p.wrapup && !p.endAcwTime && p.startAcwTime) return 'wrapup';
  return 'done';
}

/**
 * True when a details record shows the conversation somewhere our state does not (a participant we lack, or one
 * doing something else): after a gap, only such conversations are read again.
 */
export function differsFromDetails(details: AnalyticsConversation, state: Conversation): boolean {
  const ours = new Map((state.participants ?? []).map((p) => [p.id, p]));
  for (const p of details.participants ?? []) {
    const mine = ours.get(p.participantId);
    if (!mine) return true;
    if (doingFromDetails(p) !== doingFromState(mine)) return true;
  }
  return false;
}
