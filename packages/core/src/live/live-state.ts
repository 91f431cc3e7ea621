/**
 * The live half of the org as a state in memory, fed by Genesys notifications: conversations per queue (and per
 * agent, for the ones no queue sees), agents' presence and routing status, queue observations. It reconciles
 * with ONE snapshot on start and after every gap (the details query on conversations that have not ended, then
 * `GET /conversations/{id}` only for conversations it has not seen or that the details show elsewhere), so
 * anything missed is corrected. Readers never call Genesys. When notifications are unavailable (turned off, or
 * the channel or a topic is refused) it falls back to polling through {@link LiveService} and says so in `mode`.
 */
import pMap from 'p-map';
import type platformClient from 'purecloud-platform-client-v2';
import { CxGraphError, NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { DirectoryService } from '../services/directory.js';
import { findUnended, observeQueues, toLive, type LiveConversation, type LiveFilter, type LiveService, type QueueLiveStats } from '../services/live.js';
import type { Transport } from '../transport-types.js';
import { ChangeFeed } from './change-feed.js';
import { ChannelManager, checkChannelOptions, type ChannelManagerOptions, type ChannelManagerStats } from './channel-manager.js';
import { conversationFromEvent, differsFromDetails, versionOf } from './conversation-event.js';
import { contentHash, EchoFilter } from './echo-filter.js';
import { applyAgentEvent, agentStatusFromUser, mergeAgentSnapshot, type AgentStatus } from './agent-status.js';
import { matchesFilter } from './filter.js';
import { PollingChanges } from './polling-changes.js';
import { QueueObservations } from './queue-observations.js';

type Conversation = platformClient.Models.Conversation;
type AnalyticsConversation = platformClient.Models.AnalyticsConversationWithoutAttributes;

export type { AgentStatus } from './agent-status.js';

export type LiveChange =
  | { kind: 'conversation.added' | 'conversation.updated' | 'conversation.ended'; at: number; conversation: LiveConversation }
  | { kind: 'agent.status'; at: number; agent: AgentStatus }
  | { kind: 'queue.stats'; at: number; queue: QueueLiveStats };

export type LiveChangeKind = LiveChange['kind'];

export interface LiveStateOptions extends Omit<ChannelManagerOptions, 'logger'> {
  /** Use Genesys notifications (default true); false → the polling path. */
  notifications?: boolean;
  /** Queues to follow (default: every queue of the directory). */
  queueIds?: string[];
  /** Agents to follow (default: every user of the directory). */
  agentIds?: string[];
  /** Also subscribe `v2.users.{id}.conversations`, for conversations no queue sees (direct outbound). @default true */
  agentConversationTopics?: boolean;
  /** Changes one reader of `changes()` may fall behind before it is dropped. @default 1000 */
  changeBufferSize?: number;
  /** Polling mode: how often `changes()` polls while someone reads. @default 5000 */
  pollIntervalMs?: number;
  /** Conversations read at once during a snapshot. @default 8 */
  hydrateConcurrency?: number;
}

export interface LiveStateDeps {
  transport: Transport;
  live: LiveService;
  directory: DirectoryService;
  now: () => number;
  logger?: Logger | undefined;
}

export interface LiveStateStats extends ChannelManagerStats {
  mode: 'streaming' | 'polling' | 'idle';
  conversations: number;
  snapshots: number;
  /** Conversation events that changed nothing (echoes from a second stream, repeats) or came too late. */
  ignoredEvents: number;
  /** Events whose body we could not read (no conversation id, …). */
  unreadableEvents: number;
}

interface Entry {
  raw: Conversation;
  details: AnalyticsConversation | undefined;
  /** The instant of the latest change applied (see versionOf). */
  version: number;
  /** Local order of the last event applied, to tell a snapshot that started before it. */
  seq: number;
}

const QUEUE_CONVERSATIONS = /^v2\.routing\.queues\.([^.]+)\.conversations$/;
const USER_CONVERSATIONS = /^v2\.users\.([^.]+)\.conversations$/;
const USER_PRESENCE = /^v2\.users\.([^.]+)\.presence$/;
const USER_ROUTING = /^v2\.users\.([^.]+)\.routingStatus$/;
const QUEUE_OBSERVATIONS = /^v2\.analytics\.queues\.([^.]+)\.observations$/;
/** Ended conversations remembered so that late copies of their last event are ignored. */
const TOMBSTONES = 10_000;

export class LiveState {
  private modeNow: 'streaming' | 'polling' | 'idle' = 'idle';
  private manager: ChannelManager | undefined;
  private readonly conversations = new Map<string, Entry>();
  private readonly ended = new Map<string, number>();
  private readonly agents = new Map<string, AgentStatus>();
  /** Local order of the last event applied per agent (see Entry.seq). */
  private readonly agentSeq = new Map<string, number>();
  private readonly queues: QueueObservations;
  private readonly echoes = new EchoFilter();
  private readonly feed: ChangeFeed<LiveChange>;
  private seq = 0;
  private queueIds: string[] = [];
  private queueSet: Set<string> | undefined;
  private agentSet: Set<string> | undefined;
  private agentIds: string[] = [];
  private starting: Promise<void> | undefined;
  private reconciling: Promise<void> | undefined;
  private reconcileAgain = false;
  private polling: PollingChanges | undefined;
  private closed = false;
  private readonly counts = { snapshots: 0, ignoredEvents: 0, unreadableEvents: 0 };

  constructor(
    private readonly deps: LiveStateDeps,
    private readonly options: LiveStateOptions = {},
  ) {
    checkChannelOptions(options);
    this.feed = new ChangeFeed(options.changeBufferSize ?? 1000);
    this.queues = new QueueObservations(deps.now);
  }

  /** `streaming` when fed by notifications, `polling` on the fallback path, `idle` before `start()`. */
  get mode(): 'streaming' | 'polling' | 'idle' {
    return this.modeNow;
  }

  /** Subscribes and takes the first snapshot; resolves once the state is complete. Calling it again waits for the same start. */
  start(): Promise<void> {
    this.starting ??= this.doStart().catch((e: unknown) => {
      // A failed start (the directory could not be read) is tried again by the next caller.
      this.starting = undefined;
      throw e;
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const log = this.deps.logger;
    this.queueIds = this.options.queueIds ?? (await collectIds(this.deps.directory.listQueues()));
    // Ids only: statuses are read by the first snapshot, after subscribing, so no change falls between the two.
    this.agentIds = this.options.agentIds ?? (await collectIds(this.deps.directory.listUsers()));
    if (this.options.notifications === false) {
      this.toPolling('notifications are turned off');
      return;
    }
    const manager = new ChannelManager(
      this.deps.transport,
      {
        onEvent: (stream, topic, body, bornAt) => this.onEvent(stream, topic, body, bornAt),
        onGap: (reason) => {
          log?.warn({ reason }, 'live state: notification gap; will reconcile when the stream resumes');
        },
        onResumed: () => this.reconcileAfterGap(),
      },
      { ...this.options, logger: log },
    );
    try {
      await manager.start(this.topics());
    } catch (e) {
      this.toPolling(`notifications unavailable: ${e instanceof Error ? e.message : String(e)}`, e);
      return;
    }
    if (this.closed) {
      manager.close();
      return;
    }
    this.manager = manager;
    this.modeNow = 'streaming';
    log?.info({ topics: manager.stats().topics, channels: manager.stats().channels }, 'live state: streaming from notifications');
    try {
      await this.reconcile();
    } catch (e) {
      // Without its first snapshot the state is not complete: undo, so the next start begins afresh.
      manager.close();
      this.manager = undefined;
      this.modeNow = 'idle';
      throw e;
    }
  }

  private toPolling(why: string, error?: unknown): void {
    this.modeNow = 'polling';
    this.deps.logger?.warn({ why, ...(error instanceof CxGraphError ? { err: error.toJSON() } : {}) }, 'live state: falling back to polling');
  }

  private topics(): string[] {
    const t: string[] = [];
    for (const q of this.queueIds) t.push(`v2.routing.queues.${q}.conversations`, `v2.analytics.queues.${q}.observations`);
    for (const a of this.agentIds) {
      if (this.options.agentConversationTopics !== false) t.push(`v2.users.${a}.conversations`);
      t.push(`v2.users.${a}.presence`, `v2.users.${a}.routingStatus`);
    }
    return t;
  }

  close(): void {
    this.closed = true;
    this.manager?.close();
    this.polling?.stop();
    this.feed.close();
  }

  // --- readers -------------------------------------------------------------------------------------------

  /** Every live conversation that matches, newest first. From memory when streaming. */
  async list(filter: LiveFilter = {}): Promise<LiveConversation[]> {
    await this.start();
    if (this.modeNow !== 'streaming') return this.deps.live.list(filter);
    const now = this.deps.now();
    const out: LiveConversation[] = [];
    for (const e of this.conversations.values()) {
      const c = toLive(e.raw, e.details, now);
      if (matchesFilter(c, filter)) out.push(c);
    }
    return out.sort((a, b) => Date.parse(b.startTime) - Date.parse(a.startTime) || (a.id < b.id ? -1 : 1));
  }

  /** A live conversation by id (undefined when it is not live). From memory when streaming. */
  async get(id: string): Promise<LiveConversation | undefined> {
    await this.start();
    if (this.modeNow !== 'streaming') {
      try {
        const c = await this.deps.live.get(id);
        return c.isLive ? c : undefined;
      } catch (e) {
        if (e instanceof NotFoundError) return undefined;
        throw e;
      }
    }
    const e = this.conversations.get(id);
    return e ? toLive(e.raw, e.details, this.deps.now()) : undefined;
  }

  async agentStatus(id: string): Promise<AgentStatus | undefined> {
    await this.start();
    if (this.modeNow !== 'streaming') {
      const [u] = await this.deps.directory.getUsers([id], { expand: ['routingStatus', 'presence'] });
      return u ? agentStatusFromUser(u) : undefined;
    }
    return this.agents.get(id);
  }

  async queueStats(id: string): Promise<QueueLiveStats | undefined> {
    await this.start();
    if (this.modeNow !== 'streaming') return (await this.deps.live.queueStats([id]))[0];
    return this.queues.has(id) ? this.queues.stats(id) : undefined;
  }

  /**
   * Every change from now on, in order per conversation. Each reader has its own bounded buffer: one that falls
   * `changeBufferSize` behind gets a LiveOverflowError and is dropped. On the polling path, changes come from
   * comparing polls (every `pollIntervalMs` while someone reads).
   */
  changes(): AsyncIterable<LiveChange> {
    return { [Symbol.asyncIterator]: () => this.feed.subscribe(() => this.startPollingIfNeeded(), () => this.stopPolling()) };
  }

  stats(): LiveStateStats {
    const m = this.manager?.stats() ?? { channels: 0, topics: 0, reconnects: 0, rotations: 0, gaps: 0, malformedFrames: 0, events: 0 };
    return { ...m, mode: this.modeNow, conversations: this.conversations.size, snapshots: this.counts.snapshots, ignoredEvents: this.counts.ignoredEvents, unreadableEvents: this.counts.unreadableEvents };
  }

  /** Resolves when no snapshot is in flight (after a gap, the state is complete again once this resolves). */
  async settled(): Promise<void> {
    await this.start();
    while (this.reconciling) await this.reconciling;
  }

  /** The channel manager (diagnostics and tests). */
  get channels(): ChannelManager | undefined {
    return this.manager;
  }

  // --- events --------------------------------------------------------------------------------------------

  private onEvent(stream: string, topic: string, body: unknown, bornAt: number): void {
    let m: RegExpExecArray | null;
    try {
      if (QUEUE_CONVERSATIONS.test(topic) || USER_CONVERSATIONS.test(topic)) this.onConversationEvent(stream, body, bornAt);
      else if ((m = USER_PRESENCE.exec(topic)) || (m = USER_ROUTING.exec(topic))) {
        const next = applyAgentEvent(this.agents.get(m[1]!) ?? { userId: m[1]! }, topic.endsWith('.presence') ? 'presence' : 'routingStatus', body);
        if (next) {
          this.agentSeq.set(m[1]!, ++this.seq);
          this.setAgent(next, true);
        } else this.counts.ignoredEvents++;
      } else if ((m = QUEUE_OBSERVATIONS.exec(topic))) {
        const changed = this.queues.applyEvent(m[1]!, body, ++this.seq);
        if (changed) this.feed.publish({ kind: 'queue.stats', at: this.deps.now(), queue: this.queues.stats(m[1]!) });
        else if (changed === false) this.counts.ignoredEvents++;
        else this.counts.unreadableEvents++;
      } else this.counts.ignoredEvents++;
    } catch (e) {
      // A body we cannot read must never stop the stream.
      this.counts.unreadableEvents++;
      this.deps.logger?.warn({ topic, err: e }, 'live state: unreadable event dropped');
    }
  }

  private onConversationEvent(stream: string, body: unknown, bornAt: number): void {
    const id = (body as { id?: unknown }).id;
    if (typeof id !== 'string' || id === '') {
      this.counts.unreadableEvents++;
      return;
    }
    if (this.ended.has(id) || !this.echoes.accept(id, stream, contentHash(body), bornAt)) {
      this.counts.ignoredEvents++;
      return;
    }
    const entry = this.conversations.get(id);
    const raw = conversationFromEvent(body, entry?.raw);
    const version = versionOf(raw);
    // Older than what we hold (a snapshot read after this event happened): too late to apply.
    if (entry && version < entry.version) {
      this.counts.ignoredEvents++;
      return;
    }
    this.apply(id, raw, entry?.details, version, ++this.seq);
  }

  /** Puts a conversation's new state in place and tells readers what changed. */
  private apply(id: string, raw: Conversation, details: AnalyticsConversation | undefined, version: number, seq: number): void {
    const entry = this.conversations.get(id);
    const at = this.deps.now();
    if (raw.endTime) {
      this.conversations.delete(id);
      this.echoes.forget(id);
      this.ended.set(id, seq);
      if (this.ended.size > TOMBSTONES) this.ended.delete(this.ended.keys().next().value!);
      if (entry) this.feed.publish({ kind: 'conversation.ended', at, conversation: toLive(raw, details ?? entry.details, at) });
      return;
    }
    const next: Entry = { raw, details: details ?? entry?.details, version: Math.max(version, entry?.version ?? 0), seq };
    this.conversations.set(id, next);
    if (!entry) this.feed.publish({ kind: 'conversation.added', at, conversation: toLive(raw, next.details, at) });
    else if (!sameState(entry.raw, raw)) this.feed.publish({ kind: 'conversation.updated', at, conversation: toLive(raw, next.details, at) });
  }

  private setAgent(next: AgentStatus, publish: boolean): void {
    const prev = this.agents.get(next.userId);
    this.agents.set(next.userId, next);
    if (publish && JSON.stringify(prev) !== JSON.stringify(next)) this.feed.publish({ kind: 'agent.status', at: this.deps.now(), agent: next });
  }

  // --- snapshots -----------------------------------------------------------------------------------------

  /** After a gap the state is incomplete until a snapshot succeeds: keep trying, with a pause between. */
  private reconcileAfterGap(): void {
    void this.reconcile().catch((e: unknown) => {
      this.deps.logger?.error({ err: e }, 'live state: reconcile after a gap failed; trying again');
      if (this.closed) return;
      setTimeout(() => this.reconcileAfterGap(), this.options.reconnectMaxDelayMs ?? 5_000).unref();
    });
  }

  /** One snapshot, serialised: a reconcile asked for while one runs runs once more after it. */
  private reconcile(): Promise<void> {
    if (this.reconciling) {
      this.reconcileAgain = true;
      return this.reconciling;
    }
    const run = async () => {
      do {
        this.reconcileAgain = false;
        await this.snapshot();
      } while (this.reconcileAgain && !this.closed);
    };
    this.reconciling = run().finally(() => {
      this.reconciling = undefined;
    });
    return this.reconciling;
  }

  private async snapshot(): Promise<void> {
    this.counts.snapshots++;
    const startSeq = this.seq;
    const t = this.deps.transport;
    const [details, observations, users] = await Promise.all([
      findUnended(t, {}, this.deps.now()),
      this.queueIds.length > 0 ? observeQueues(t, this.queueIds) : Promise.resolve([]),
      this.agentIds.length > 0 ? this.deps.directory.getUsers(this.agentIds, { expand: ['routingStatus', 'presence'] }) : Promise.resolve([]),
    ]);
    if (this.closed) return;
    // Conversations: read only those we have not seen, or that the details show elsewhere than we do.
    const byId = new Map(details.flatMap((d) => (d.conversationId && this.inScope(d) ? [[d.conversationId, d] as const] : [])));
    const toRead: string[] = [];
    for (const [id, d] of byId) {
      const e = this.conversations.get(id);
      if (this.ended.has(id)) continue;
      if (!e || differsFromDetails(d, e.raw)) toRead.push(id);
      else e.details = d;
    }
    // Ones we hold that the details no longer list have ended (or were never live): read them to be sure.
    for (const id of this.conversations.keys()) if (!byId.has(id)) toRead.push(id);
    const read = await pMap(
      toRead,
      async (id) => {
        try {
          return { id, raw: await t.call('GET /api/v2/conversations/{conversationId}', (api) => api.conversations.getConversation(id)) };
        } catch (e) {
          if (e instanceof NotFoundError) return { id, raw: undefined };
          throw e;
        }
      },
      { concurrency: this.options.hydrateConcurrency ?? 8 },
    );
    if (this.closed) return;
    for (const { id, raw } of read) this.applySnapshot(id, raw, byId.get(id), startSeq);
    for (const r of observations) {
      if (this.queues.applySnapshot(r, startSeq)) this.feed.publish({ kind: 'queue.stats', at: this.deps.now(), queue: this.queues.stats(r.group!.queueId!) });
    }
    for (const u of users) {
      if (!u?.id || (this.agentSeq.get(u.id) ?? -1) > startSeq) continue;
      const prev = this.agents.get(u.id);
      this.setAgent(prev ? mergeAgentSnapshot(prev, agentStatusFromUser(u)) : agentStatusFromUser(u), prev !== undefined);
    }
  }

  /**
   * Whether a conversation is one the stream can follow: it has reached a followed queue (an acd participant) or a
   * followed agent has joined it. Genesys sends nothing for a conversation before that (in IVR or a flow), so the
   * state leaves those out rather than hold what it could not keep true.
   */
  private inScope(d: AnalyticsConversation): boolean {
    this.queueSet ??= new Set(this.queueIds);
    this.agentSet ??= new Set(this.options.agentConversationTopics === false ? [] : this.agentIds);
    return (d.participants ?? []).some((p) =>
      p.purpose === 'acd'
        ? (p.sessions ?? []).some((s) => (s.segments ?? []).some((seg) => seg.queueId !== undefined && this.queueSet!.has(seg.queueId)))
        : p.userId !== undefined && this.agentSet!.has(p.userId),
    );
  }

  /** A conversation read by the snapshot; never over an event applied after the snapshot began, nor an older one. */
  private applySnapshot(id: string, raw: Conversation | undefined, details: AnalyticsConversation | undefined, startSeq: number): void {
    const entry = this.conversations.get(id);
    if (entry && entry.seq > startSeq) return;
    if ((this.ended.get(id) ?? -1) > startSeq) return;
    if (!raw) {
      // Gone (404): ended while we were not listening.
      if (entry) this.apply(id, { ...entry.raw, endTime: entry.raw.endTime ?? new Date(this.deps.now()).toISOString() }, details, entry.version, this.seq);
      return;
    }
    const version = versionOf(raw);
    if (entry && version < entry.version) return;
    if (!entry && raw.endTime) return;
    this.apply(id, raw, details, version, entry?.seq ?? startSeq);
  }

  // --- polling fallback ----------------------------------------------------------------------------------

  private startPollingIfNeeded(): void {
    void this.start().then(() => {
      if (this.modeNow !== 'polling' || this.closed || this.feed.readerCount === 0) return;
      this.polling ??= new PollingChanges(this.deps.live, this.feed, this.deps.now, this.options.pollIntervalMs ?? 5000, this.deps.logger);
      this.polling.start();
    });
  }

  private stopPolling(): void {
    this.polling?.stop();
  }
}

function sameState(a: Conversation, b: Conversation): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function collectIds(it: AsyncIterable<{ id?: string }>): Promise<string[]> {
  return (await collect(it)).flatMap((x) => (x.id ? [x.id] : []));
}
