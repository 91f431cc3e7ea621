import {
  DAY_MS,
  type DetailMetricName,
  type Direction,
  type DisconnectType,
  type MediaType,
  type Org,
  type OrgAgent,
  type OrgQueue,
  type Purpose,
  type RoutingStatus,
  type SimConversation,
  type SimMetric,
  type SimParticipant,
  type SimSegment,
  type SimSession,
} from '../model.js';
import { conversationId } from './ids.js';
import { Rng } from './rng.js';
import { chooseTransfer, EMAIL_SUBJECTS, HOUR, HOURLY, makeCustomer, MIN, patience, SEC, spreadOverDay, talkPlan, WRAP_UP_NOTES, type Customer, type TalkPlan } from './draws.js';
import { EventHeap } from './event-heap.js';
import { isOnQueue, LAST_ASSIGNMENT_OFFSET, shiftBlocks, type ShiftBlock } from './schedule.js';

/**
 * Simulates one UTC day of the org: arrivals through the day, IVR, queues, agents (who work one interaction
 * at a time, within their shifts), transfers, outbound calls and wrap-up. Everything is drawn from
 * generators seeded by (seed, day, …), so a day always comes out the same and needs no other day.
 *
 * Metrics are emitted as genesys-metrics.md §2 describes: on the carrying participant's session, stamped
 * at the instant Genesys stamps them.
 */

export interface SimulationOptions {
  seed: number;
  /** Weekday volume of conversations (weekends are lighter); the day's count varies ±10% around it. */
  conversationsPerDay: number;
}

/** A span in which an agent is busy, with the routing status it shows. */
export interface WorkSpan {
  start: number;
  end: number;
  status: Extract<RoutingStatus, 'INTERACTING' | 'COMMUNICATING' | 'NOT_RESPONDING'>;
}

export interface SimulatedDay {
  day: number;
  conversations: SimConversation[];
  /** Per agent id, the spans they were busy, in time order. */
  work: Map<string, WorkSpan[]>;
}

/** No single piece of agent work (alert to end of wrap-up) lasts longer: see schedule.ts. */
const MAX_WORK_MS = 45 * MIN;
/** How long an agent shows NOT_RESPONDING after letting an offer ring out (exported for the notification events). */
export const NOT_RESPONDING_PENALTY_MS = 60 * SEC;

/** Weekday factor, Sunday first (1970-01-01 was a Thursday). */
const WEEKDAY = [0.45, 1.0, 1.05, 1.0, 1.0, 0.95, 0.55];
const MEDIA_MIX: Array<[MediaType, number]> = [['voice', 55], ['chat', 15], ['message', 10], ['email', 12], ['callback', 8]];
const OUTBOUND_SHARE = 0.06;
/** Hours lighter than this get the self-service line's steady trickle of callers. */
const QUIET_HOUR_WEIGHT = 1.5;

const ERROR_CODE = 'error.ininedgecontrol.session.inactive';

/** How many conversations (inbound arrivals) day `day` has. */
export function arrivalsOn(day: number, options: SimulationOptions): number {
  const weekday = WEEKDAY[(((day + 4) % 7) + 7) % 7] ?? 1;
  const jitter = 0.9 + 0.2 * Rng.of(options.seed, day, 0x401).next();
  return Math.max(1, Math.round(options.conversationsPerDay * weekday * jitter));
}

// ---------------------------------------------------------------------------------------------------------
// Drafts: conversations while the simulation is deciding them.

interface Draft {
  seq: number;
  rng: Rng;
  start: number;
  media: MediaType;
  direction: Direction;
  customer: Customer;
  participants: SimParticipant[];
  customerParticipant: SimParticipant;
  /** When the customer leaves and who hung up; set once known. */
  customerEnd?: number;
  customerDisconnect?: DisconnectType;
  subject?: string;
  firstQueueId?: string;
}

interface Offer {
  draft: Draft;
  queue: OrgQueue;
  acd: SimParticipant;
  enqueuedAt: number;
  patienceUntil: number;
  excluded: Set<string>;
  /** Initial offers may transfer; offers made by a transfer may not (keeps chains short). */
  mayTransfer: boolean;
  state: 'waiting' | 'alerting' | 'answered' | 'ended';
  abandonWhenAlertEnds: boolean;
  answered: boolean;
}

interface AgentRuntime {
  agent: OrgAgent;
  blocks: ShiftBlock[];
  busyUntil: number;
  lastFreeAt: number;
  work: WorkSpan[];
}

type Event =
  | { t: number; seq: number; kind: 'enqueue'; offer: Offer }
  | { t: number; seq: number; kind: 'abandon'; offer: Offer }
  | { t: number; seq: number; kind: 'alertEnded'; offer: Offer }
  | { t: number; seq: number; kind: 'consult'; plan: ConsultPlan }
  | { t: number; seq: number; kind: 'outbound'; rng: Rng }
  | { t: number; seq: number; kind: 'dispatch' }
  | { t: number; seq: number; kind: 'closing' };

interface ConsultPlan {
  offer: Offer;
  agent: AgentRuntime;
  session: SimSession;
  participant: SimParticipant;
  target: OrgQueue;
  at: number;
}

// ---------------------------------------------------------------------------------------------------------

export function simulateDay(org: Org, day: number, options: SimulationOptions): SimulatedDay {
  return new DaySimulation(org, day, options).run();
}

class DaySimulation {
  private readonly d0: number;
  private readonly events = new EventHeap<Event>();
  private readonly waiting: Offer[] = [];
  private readonly drafts: Draft[] = [];
  private readonly agents: AgentRuntime[];
  private readonly byId = new Map<string, AgentRuntime>();
  private seq = 0;
  private now = 0;

  constructor(
    private readonly org: Org,
    private readonly day: number,
    private readonly options: SimulationOptions,
  ) {
    this.d0 = day * DAY_MS;
    this.agents = org.agents.map((agent) => ({ agent, blocks: shiftBlocks(agent, day), busyUntil: 0, lastFreeAt: 0, work: [] }));
    for (const a of this.agents) this.byId.set(a.agent.id, a);
  }

  run(): SimulatedDay {
    this.scheduleArrivals();
    this.scheduleOutbound();
    // Capacity appears at shift starts and break ends: look at the queues then.
    for (const a of this.agents) for (const b of a.blocks) if (b.presence === 'ON_QUEUE') this.push({ t: b.start, kind: 'dispatch' });
    this.push({ t: this.d0 + LAST_ASSIGNMENT_OFFSET, kind: 'closing' });

    for (let e = this.events.pop(); e; e = this.events.pop()) {
      this.now = e.t;
      switch (e.kind) {
        case 'enqueue':
          if (this.closed(e.t)) {
            this.leaveAtClosing(e.offer, e.t);
            break;
          }
          this.waiting.push(e.offer);
          if (Number.isFinite(e.offer.patienceUntil)) this.push({ t: e.offer.patienceUntil, kind: 'abandon', offer: e.offer });
          this.dispatch();
          break;
        case 'abandon':
          if (e.offer.state === 'waiting') this.abandon(e.offer, e.t);
          else if (e.offer.state === 'alerting') e.offer.abandonWhenAlertEnds = true;
          break;
        case 'alertEnded':
          if (e.offer.state !== 'alerting') break;
          if (e.offer.abandonWhenAlertEnds || e.t >= e.offer.patienceUntil) {
            this.abandon(e.offer, e.t);
          } else if (this.closed(e.t)) {
            this.leaveAtClosing(e.offer, e.t);
          } else {
            e.offer.state = 'waiting';
            this.waiting.push(e.offer);
            this.waiting.sort((a, b) => a.enqueuedAt - b.enqueuedAt || a.draft.seq - b.draft.seq);
          }
          this.dispatch();
          break;
        case 'consult':
          this.consult(e.plan);
          break;
        case 'outbound':
          this.outbound(e.t, e.rng);
          break;
        case 'dispatch':
          this.dispatch();
          break;
        case 'closing':
          // Past the last assignment time nobody of this day's schedule takes work: the rest leave the queue.
          for (const offer of [...this.waiting]) this.leaveAtClosing(offer, e.t);
          break;
      }
    }
    return this.finish();
  }

  private closed(t: number): boolean {
    return t >= this.d0 + LAST_ASSIGNMENT_OFFSET;
  }

  /** Written contacts flow out (to a later day's work, outside this simulation); the others give up. */
  private leaveAtClosing(offer: Offer, at: number): void {
    this.abandon(offer, at, offer.draft.media === 'email' || offer.draft.media === 'callback');
  }

  private push(e: { t: number; kind: Event['kind'] } & Partial<Event>): void {
    this.events.push({ ...e, seq: this.seq++ } as Event);
  }

  // ------------------------------------------------------------------------------------------- arrivals

  private scheduleArrivals(): void {
    const count = arrivalsOn(this.day, this.options);
    const times = spreadOverDay(Rng.of(this.options.seed, this.day, 0x402), count, this.d0);
    times.forEach((t, i) => this.arrive(t, Rng.of(this.options.seed, this.day, 0x403, i)));
    this.scheduleSelfService();
  }

  /**
   * Callers using the self-service line (IVR only) in the quiet hours, each arriving before the previous one
   * hangs up: so the org is never empty, and a demo at 3 a.m. still shows a live conversation.
   */
  private scheduleSelfService(): void {
    const rng = Rng.of(this.options.seed, this.day, 0x406);
    const queue = this.org.queues[0]!;
    let t = this.d0;
    for (let i = 0; t < this.d0 + DAY_MS; i++) {
      const hour = Math.floor((t - this.d0) / HOUR);
      const ivrMs = rng.int(3 * MIN, 8 * MIN);
      if ((HOURLY[hour] ?? 0) < QUIET_HOUR_WEIGHT) {
        const call = Rng.of(this.options.seed, this.day, 0x407, i);
        const draft = this.newDraft(t, call, 'voice', 'inbound', makeCustomer(call, 'voice', queue));
        const ivr = this.participant(draft, 'ivr', 'Self-Service Line', t);
        const s = this.session(draft, ivr);
        s.segments.push({ type: 'ivr', start: t, end: t + ivrMs, disconnectType: 'peer' });
        metric(s, 'nFlow', 1, t);
        metric(s, 'tIvr', ivrMs, t + ivrMs);
        ivr.end = t + ivrMs;
        draft.customerEnd = t + ivrMs;
        draft.customerDisconnect = 'endpoint';
      }
      t += Math.round(ivrMs * (0.4 + 0.5 * rng.next()));
    }
  }

  private arrive(t: number, rng: Rng): void {
    const media = MEDIA_MIX[rng.weighted(MEDIA_MIX.map(([, w]) => w))]?.[0] ?? 'voice';
    const queues = this.org.queues.filter((q) => q.mediaTypes.includes(media));
    const queue = queues[rng.weighted(queues.map((q) => (q.index < 2 ? 3 : 1)))] ?? this.org.queues[0]!;
    const customer = makeCustomer(rng, media, queue);
    const draft = this.newDraft(t, rng, media, 'inbound', customer);
    if (media === 'email') draft.subject = rng.pick(EMAIL_SUBJECTS);

    let queueAt = t;
    if (media === 'voice') {
      const ivrMs = Math.round(rng.logNormal(40 * SEC, 0.5, 8 * SEC, 5 * MIN));
      const ivr = this.participant(draft, 'ivr', 'Main IVR', t);
      const s = this.session(draft, ivr);
      s.segments.push({ type: 'ivr', start: t, end: t + ivrMs, disconnectType: 'transfer' });
      metric(s, 'nFlow', 1, t);
      metric(s, 'tIvr', ivrMs, t + ivrMs);
      ivr.end = t + ivrMs;
      queueAt = t + ivrMs;
      if (rng.chance(0.1)) {
        // Self-service: the caller is done in the IVR.
        s.segments[0]!.disconnectType = 'peer';
        draft.customerEnd = queueAt;
        draft.customerDisconnect = 'endpoint';
        return;
      }
    }
    this.offer(draft, queue, queueAt, true);
  }

  private offer(draft: Draft, queue: OrgQueue, at: number, mayTransfer: boolean): void {
    const rng = draft.rng;
    draft.firstQueueId ??= queue.id;
    const acd = this.participant(draft, 'acd', queue.name, at);
    acd.queueId = queue.id;
    const s = this.session(draft, acd);
    s.segments.push({ type: 'interact', start: at, queueId: queue.id });
    metric(s, 'nOffered', 1, at, queue.id);
    const offer: Offer = {
      draft,
      queue,
      acd,
      enqueuedAt: at,
      patienceUntil: at + patience(rng, draft.media),
      excluded: new Set(),
      mayTransfer,
      state: 'waiting',
      abandonWhenAlertEnds: false,
      answered: false,
    };
    this.push({ t: at, kind: 'enqueue', offer });
  }

  private abandon(offer: Offer, at: number, flowOut = false): void {
    const i = this.waiting.indexOf(offer);
    if (i >= 0) this.waiting.splice(i, 1);
    offer.state = 'ended';
    const s = offer.acd.sessions[0]!;
    const seg = s.segments[0]!;
    seg.end = at;
    seg.disconnectType = flowOut ? 'transfer' : 'peer';
    offer.acd.end = at;
    const waited = at - offer.enqueuedAt;
    metric(s, 'tAcd', waited, at, offer.queue.id);
    metric(s, 'tWait', waited, at, offer.queue.id);
    if (flowOut) {
      metric(s, 'tFlowOut', waited, at, offer.queue.id);
    } else {
      metric(s, 'tAbandon', waited, at, offer.queue.id);
      if (waited < offer.queue.shortAbandonMs) metric(s, 'tShortAbandon', waited, at, offer.queue.id);
    }
    offer.draft.customerEnd = at;
    offer.draft.customerDisconnect = flowOut ? 'transfer' : 'endpoint';
  }

  // ------------------------------------------------------------------------------------------- routing

  private available(a: AgentRuntime, t: number, queueId?: string): boolean {
    return a.busyUntil <= t && isOnQueue(a.blocks, t) && (queueId === undefined || a.agent.queueIds.includes(queueId));
  }

  private dispatch(): void {
    if (this.waiting.length === 0) return;
    const t = this.now;
    // Longest-idle agent first, offers in the order they entered their queue.
    const free = this.agents.filter((a) => this.available(a, t)).sort((x, y) => x.lastFreeAt - y.lastFreeAt);
    for (let i = 0; i < this.waiting.length && free.length > 0; ) {
      const offer = this.waiting[i]!;
      const k = free.findIndex((a) => !offer.excluded.has(a.agent.id) && a.agent.queueIds.includes(offer.queue.id));
      if (k < 0) {
        i++;
        continue;
      }
      const [best] = free.splice(k, 1);
      this.waiting.splice(i, 1);
      this.assign(offer, best!, t);
    }
  }

  private assign(offer: Offer, a: AgentRuntime, t: number): void {
    const { draft } = offer;
    const rng = draft.rng;
    const queue = offer.queue;
    const agent = this.participant(draft, 'agent', a.agent.name, t);
    agent.userId = a.agent.id;
    agent.queueId = queue.id;
    const s = this.session(draft, agent);
    const timeout = queue.alertingTimeoutSeconds * SEC;
    const fails = rng.chance(0.005);
    const responds = !fails && rng.chance(0.96);

    if (!responds) {
      // The agent lets it ring out (or the station errors): back to the queue, someone else gets it.
      const end = fails ? t + rng.int(1, 3) * SEC : t + timeout;
      const alert: SimSegment = { type: 'alert', start: t, end, queueId: queue.id, disconnectType: fails ? 'error' : 'noAnswerTransfer' };
      if (fails) alert.errorCode = ERROR_CODE;
      s.segments.push(alert);
      metric(s, 'tAlert', end - t, end, queue.id);
      if (fails) metric(s, 'nError', 1, end, queue.id);
      else metric(s, 'tNotResponding', end - t, end, queue.id);
      agent.end = end;
      this.busy(a, t, end, 'INTERACTING');
      if (!fails) this.busy(a, end, end + NOT_RESPONDING_PENALTY_MS, 'NOT_RESPONDING');
      offer.excluded.add(a.agent.id);
      offer.state = 'alerting';
      this.push({ t: end, kind: 'alertEnded', offer });
      this.push({ t: a.busyUntil, kind: 'dispatch' });
      return;
    }

    const answer = t + Math.round(rng.logNormal(4 * SEC, 0.4, 1500, timeout - 100));
    offer.state = 'answered';
    offer.answered = true;
    // The queue's part ends when the agent answers.
    const acdSession = offer.acd.sessions[0]!;
    const acdSeg = acdSession.segments[0]!;
    acdSeg.end = answer;
    acdSeg.disconnectType = 'transfer';
    offer.acd.end = answer;
    const inQueue = answer - offer.enqueuedAt;
    metric(acdSession, 'tAcd', inQueue, answer, queue.id);
    metric(acdSession, 'tWait', inQueue, answer, queue.id);

    s.segments.push({ type: 'alert', start: t, end: answer, queueId: queue.id });
    metric(s, 'tAlert', answer - t, answer, queue.id);
    metric(s, 'tAnswered', inQueue, answer, queue.id);
    if (inQueue > queue.serviceLevel.durationMs) metric(s, 'nOverSla', 1, answer, queue.id);
    agent.connected = answer;

    let cursor = answer;
    if (draft.media === 'callback') {
      const dial = rng.int(5, 20) * SEC;
      s.segments.push({ type: 'dialing', start: cursor, end: cursor + dial, queueId: queue.id });
      metric(s, 'tDialing', dial, cursor + dial, queue.id);
      cursor += dial;
    }
    const plan = talkPlan(rng, draft.media, MAX_WORK_MS - (cursor - t) - 6 * MIN);
    const transfer = offer.mayTransfer ? chooseTransfer(rng, draft.media, queue, this.org) : undefined;
    const { end } = this.talk(s, cursor, plan, queue.id);
    if (transfer?.kind === 'consult') {
      this.busy(a, t, Number.POSITIVE_INFINITY, 'INTERACTING'); // decided at the consult
      this.push({
        t: end,
        kind: 'consult',
        plan: { offer, agent: a, session: s, participant: agent, target: transfer.queue, at: end },
      });
      return;
    }
    if (transfer?.kind === 'blind') {
      this.closeAgentTalk(s, agent, end, 'transfer');
      metric(s, 'nTransferred', 1, end, queue.id);
      metric(s, 'nBlindTransferred', 1, end, queue.id);
      this.wrapUp(a, agent, s, t, end, queue);
      this.offer(draft, transfer.queue, end, false);
      return;
    }
    const agentHangsUp = rng.chance(0.3);
    this.closeAgentTalk(s, agent, end, agentHangsUp ? 'client' : 'peer');
    draft.customerEnd = end;
    draft.customerDisconnect = agentHangsUp ? 'peer' : 'endpoint';
    this.wrapUp(a, agent, s, t, end, queue);
  }

  /** Appends talk and hold segments from `start`; returns talk and hold totals and when talking ends. */
  private talk(s: SimSession, start: number, plan: TalkPlan, queueId: string | undefined): { talked: number; held: number; end: number } {
    let cursor = start;
    let talked = 0;
    let held = 0;
    plan.pieces.forEach((piece, i) => {
      const type = i % 2 === 0 ? 'interact' : 'hold';
      const seg: SimSegment = { type, start: cursor, end: cursor + piece };
      if (queueId) seg.queueId = queueId;
      s.segments.push(seg);
      cursor += piece;
      if (type === 'interact') {
        talked += piece;
        metric(s, 'tTalk', piece, cursor, queueId);
      } else {
        held += piece;
        metric(s, 'tHeld', piece, cursor, queueId);
      }
    });
    const lastTalkEnd = cursor;
    if (talked > 0) metric(s, 'tTalkComplete', talked, lastTalkEnd, queueId);
    if (held > 0) metric(s, 'tHeldComplete', held, lastHoldEnd(s) ?? lastTalkEnd, queueId);
    return { talked, held, end: cursor };
  }

  private closeAgentTalk(s: SimSession, p: SimParticipant, at: number, how: DisconnectType): void {
    const last = s.segments[s.segments.length - 1];
    if (last) last.disconnectType = how;
    p.end = at;
  }

  /**
   * After-call work, then the agent's handle time from the session's own metrics (genesys-metrics.md §2:
   * tHandle = talk + hold + ACW + dialing + contacting; the alert does not count).
   */
  private wrapUp(
    a: AgentRuntime,
    p: SimParticipant,
    s: SimSession,
    workStart: number,
    talkEnd: number,
    queue: OrgQueue | undefined,
    status: WorkSpan['status'] = 'INTERACTING',
  ): void {
    const rng = this.rngFor(p);
    const acwMedian = s.mediaType === 'email' ? 60 * SEC : s.mediaType === 'voice' || s.mediaType === 'callback' ? 40 * SEC : 30 * SEC;
    const room = Math.max(5 * SEC, workStart + MAX_WORK_MS - talkEnd);
    const acw = Math.round(Math.min(room, rng.logNormal(acwMedian, 0.6, 5 * SEC, 5 * MIN)));
    const end = talkEnd + acw;
    const codes = queue?.wrapUpCodeIds ?? a.agent.queueIds.flatMap((q) => this.org.queueById.get(q)?.wrapUpCodeIds ?? []);
    const codeId = codes.length > 0 ? rng.pick(codes) : undefined;
    const code = codeId ? this.org.wrapUpCodeById.get(codeId) : undefined;
    const seg: SimSegment = { type: 'wrapup', start: talkEnd, end };
    if (queue) seg.queueId = queue.id;
    if (code) seg.wrapUpCode = code.id;
    if (code && rng.chance(0.2)) seg.wrapUpNote = rng.pick(WRAP_UP_NOTES);
    s.segments.push(seg);
    const m = (name: DetailMetricName, value: number) => {
      const x: SimMetric = { name, value, emit: end };
      if (queue) x.queueId = queue.id;
      if (code) x.wrapUpCode = code.id;
      s.metrics.push(x);
    };
    m('tAcw', acw);
    const handled = s.metrics
      .filter((x) => HANDLE_PARTS.has(x.name))
      .reduce((sum, x) => sum + x.value, 0);
    m('tHandle', handled);
    if (code) {
      p.wrapup = { code: code.id, name: code.name, durationSeconds: Math.round(acw / SEC), endTime: end };
      if (seg.wrapUpNote) p.wrapup.notes = seg.wrapUpNote;
    }
    this.busy(a, workStart, end, status);
  }

  private consult(plan: ConsultPlan): void {
    const { offer, agent: a, session: s, participant: p, target, at } = plan;
    const { draft } = offer;
    const rng = draft.rng;
    const queue = offer.queue;
    // Replace the open-ended busy span: the agent's work is decided now.
    a.work.pop();
    a.busyUntil = 0;
    const workStart = p.start;
    let partner: AgentRuntime | undefined;
    for (const b of this.agents) {
      if (b === a || !this.available(b, at, target.id)) continue;
      if (!partner || b.lastFreeAt < partner.lastFreeAt) partner = b;
    }
    if (!partner) {
      // Nobody to consult: a blind transfer to the target queue instead.
      this.closeAgentTalk(s, p, at, 'transfer');
      metric(s, 'nTransferred', 1, at, queue.id);
      metric(s, 'nBlindTransferred', 1, at, queue.id);
      this.wrapUp(a, p, s, workStart, at, queue);
      this.offer(draft, target, at, false);
      return;
    }
    // The customer waits on hold while the agent talks to the partner, then the partner takes over.
    const ring = rng.int(2, 6) * SEC;
    const consultTalk = rng.int(30, 120) * SEC;
    const handover = at + ring + consultTalk;
    s.segments.push({ type: 'hold', start: at, end: handover, queueId: queue.id, disconnectType: 'consultTransfer' });
    metric(s, 'nConsult', 1, at, queue.id);
    metric(s, 'tHeld', handover - at, handover, queue.id);
    const priorHeld = s.metrics.filter((m) => m.name === 'tHeldComplete');
    for (const m of priorHeld) s.metrics.splice(s.metrics.indexOf(m), 1);
    metric(s, 'tHeldComplete', s.metrics.filter((m) => m.name === 'tHeld').reduce((x, m) => x + m.value, 0), handover, queue.id);
    metric(s, 'nTransferred', 1, handover, queue.id);
    metric(s, 'nConsultTransferred', 1, handover, queue.id);
    p.end = handover;
    this.wrapUp(a, p, s, workStart, handover, queue);

    const b = this.participant(draft, 'agent', partner.agent.name, at);
    b.userId = partner.agent.id;
    b.queueId = target.id;
    const bs = this.session(draft, b);
    bs.transferredFromUserId = a.agent.id;
    bs.segments.push({ type: 'alert', start: at, end: at + ring, queueId: target.id });
    metric(bs, 'tAlert', ring, at + ring, target.id);
    b.connected = at + ring;
    bs.segments.push({ type: 'interact', start: at + ring, end: handover, queueId: target.id, conference: true });
    metric(bs, 'tTalk', consultTalk, handover, target.id);
    const talk = talkPlan(rng, draft.media, MAX_WORK_MS - (handover - at) - 6 * MIN);
    const { end } = this.talk(bs, handover, talk, target.id);
    // talk() emitted tTalkComplete for the customer part only: fold the consult talk into it.
    const complete = bs.metrics.find((m) => m.name === 'tTalkComplete');
    if (complete) complete.value += consultTalk;
    const agentHangsUp = rng.chance(0.3);
    this.closeAgentTalk(bs, b, end, agentHangsUp ? 'client' : 'peer');
    draft.customerEnd = end;
    draft.customerDisconnect = agentHangsUp ? 'peer' : 'endpoint';
    this.wrapUp(partner, b, bs, at, end, target);
  }

  // ------------------------------------------------------------------------------------------- outbound

  private scheduleOutbound(): void {
    const count = Math.round(arrivalsOn(this.day, this.options) * OUTBOUND_SHARE);
    const times = spreadOverDay(Rng.of(this.options.seed, this.day, 0x404), count, this.d0, [7, 19]);
    times.forEach((t, i) => this.push({ t, kind: 'outbound', rng: Rng.of(this.options.seed, this.day, 0x405, i) }));
  }

  private outbound(t: number, rng: Rng): void {
    const idle = this.agents.filter((a) => a.agent.nightCrew === undefined && this.available(a, t));
    if (idle.length === 0) return;
    const a = rng.pick(idle);
    const voiceQueues = a.agent.queueIds.filter((q) => this.org.queueById.get(q)?.mediaTypes.includes('voice'));
    // Outbound calls are placed on behalf of one of the agent's voice queues, when they have one.
    const queue = voiceQueues.length > 0 ? this.org.queueById.get(rng.pick(voiceQueues)) : undefined;
    const customer = makeCustomer(rng, 'voice', queue ?? this.org.queues[0]!);
    const draft = this.newDraft(t, rng, 'voice', 'outbound', customer);
    draft.customerParticipant.purpose = 'external';
    const user = this.participant(draft, 'user', a.agent.name, t);
    user.userId = a.agent.id;
    if (queue) user.queueId = queue.id;
    const s = this.session(draft, user);
    const dial = rng.int(5, 25) * SEC;
    const seg: SimSegment = { type: 'dialing', start: t, end: t + dial };
    if (queue) seg.queueId = queue.id;
    s.segments.push(seg);
    metric(s, 'nOutbound', 1, t, queue?.id);
    metric(s, 'tDialing', dial, t + dial, queue?.id);
    user.connected = t + dial;
    // The called party joins when they answer.
    draft.customerParticipant.start = t + dial;
    draft.customerParticipant.connected = t + dial;
    const { end } = this.talk(s, t + dial, talkPlan(rng, 'voice', MAX_WORK_MS - dial - 6 * MIN), queue?.id);
    const agentHangsUp = rng.chance(0.6);
    this.closeAgentTalk(s, user, end, agentHangsUp ? 'client' : 'peer');
    draft.customerEnd = end;
    draft.customerDisconnect = agentHangsUp ? 'peer' : 'endpoint';
    this.wrapUp(a, user, s, t, end, queue, 'COMMUNICATING');
  }

  // ------------------------------------------------------------------------------------------- building

  private newDraft(t: number, rng: Rng, media: MediaType, direction: Direction, customer: Customer): Draft {
    const customerParticipant: SimParticipant = { id: rng.uuid(), purpose: 'customer', name: customer.name, start: t, sessions: [] };
    const draft: Draft = { seq: this.drafts.length, rng, start: t, media, direction, customer, participants: [customerParticipant], customerParticipant };
    this.drafts.push(draft);
    return draft;
  }

  private participant(draft: Draft, purpose: Purpose, name: string, start: number): SimParticipant {
    const p: SimParticipant = { id: draft.rng.uuid(), purpose, name, start, sessions: [] };
    draft.participants.push(p);
    return p;
  }

  private session(draft: Draft, p: SimParticipant): SimSession {
    const { customer, direction, media } = draft;
    const inbound = direction === 'inbound';
    const s: SimSession = {
      id: draft.rng.uuid(),
      mediaType: media,
      direction,
      ani: inbound ? customer.address : customer.companyAddress,
      dnis: inbound ? customer.companyAddress : customer.address,
      addressFrom: inbound ? customer.address : customer.companyAddress,
      addressTo: inbound ? customer.companyAddress : customer.address,
      segments: [],
      metrics: [],
    };
    if (media === 'voice' || media === 'callback') s.recording = p.purpose !== 'ivr';
    if (draft.subject) s.subject = draft.subject;
    if (media === 'callback') {
      s.callbackNumbers = [customer.address];
      s.callbackScheduledTime = draft.start;
    }
    p.sessions.push(s);
    return s;
  }

  private rngFor(p: SimParticipant): Rng {
    return Rng.of(this.options.seed, this.day, parseInt(p.id.slice(0, 8), 16));
  }

  private busy(a: AgentRuntime, start: number, end: number, status: WorkSpan['status']): void {
    a.work.push({ start, end, status });
    a.busyUntil = Math.max(a.busyUntil, end);
    if (Number.isFinite(end)) {
      a.lastFreeAt = Math.max(a.lastFreeAt, end);
      this.push({ t: end, kind: 'dispatch' });
    }
  }

  private finish(): SimulatedDay {
    const conversations: SimConversation[] = [];
    const sorted = [...this.drafts].sort((a, b) => a.start - b.start || a.seq - b.seq);
    sorted.forEach((draft, index) => conversations.push(this.build(draft, index)));
    const work = new Map<string, WorkSpan[]>();
    for (const a of this.agents) {
      a.work.sort((x, y) => x.start - y.start);
      work.set(a.agent.id, a.work);
    }
    return { day: this.day, conversations, work };
  }

  private build(draft: Draft, index: number): SimConversation {
    const { customerParticipant: c, rng } = draft;
    const end = draft.customerEnd ?? draft.start;
    c.end = end;
    c.connected ??= c.start;
    const s = this.session(draft, c);
    s.segments.push({ type: 'interact', start: c.start, end, disconnectType: draft.customerDisconnect ?? 'endpoint' });
    metric(s, 'nConnected', 1, c.start);
    metric(s, 'tConnected', end - c.start, end);
    let last = end;
    for (const p of draft.participants) for (const x of p.sessions) for (const seg of x.segments) last = Math.max(last, seg.end ?? last);
    for (const p of draft.participants) for (const x of p.sessions) x.metrics.sort((a, b) => a.emit - b.emit);
    draft.participants.sort((a, b) => a.start - b.start || purposeOrder(a.purpose) - purposeOrder(b.purpose));
    const conversation: SimConversation = {
      id: conversationId(this.options.seed, this.day, index),
      day: this.day,
      index,
      start: draft.start,
      end: last,
      mediaType: draft.media,
      originatingDirection: draft.direction,
      divisionId: this.org.divisionId,
      participants: draft.participants,
    };
    if (draft.firstQueueId) conversation.queueId = draft.firstQueueId;
    if (draft.media === 'voice') conversation.mos = Math.round((3.6 + rng.next() * 0.9) * 100) / 100;
    return conversation;
  }
}

// ---------------------------------------------------------------------------------------------------------

function metric(s: SimSession, name: DetailMetricName, value: number, emit: number, queueId?: string): void {
  const m: SimMetric = { name, value: Math.round(value), emit };
  if (queueId) m.queueId = queueId;
  s.metrics.push(m);
}

function lastHoldEnd(s: SimSession): number | undefined {
  for (let i = s.segments.length - 1; i >= 0; i--) if (s.segments[i]!.type === 'hold') return s.segments[i]!.end;
  return undefined;
}

const HANDLE_PARTS = new Set<DetailMetricName>(['tTalk', 'tHeld', 'tAcw', 'tDialing', 'tContacting']);

const purposeOrder = (p: Purpose): number => ['customer', 'external', 'ivr', 'acd', 'agent', 'user'].indexOf(p);
