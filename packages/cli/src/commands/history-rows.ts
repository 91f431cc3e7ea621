/**
 * Conversation detail records as flat rows (`cxgraph history`, `cxgraph export --format csv`), with agent
 * and queue names resolved through the directory in batches: rows are held at most `batch` at a time, and
 * each batch costs at most one getUsers and one getQueues call for the ids not seen before.
 */
import type { CxGraphClient } from '@cxgraph/core';
import type { Column } from '../output/format.js';

export type AnalyticsConversation = Awaited<ReturnType<CxGraphClient['history']['get']>>;

export interface HistoryRow {
  conversationId: string;
  start: string | undefined;
  end: string | undefined;
  durationMs: number | undefined;
  /** Distinct media types of the sessions, in order of appearance. */
  mediaTypes: string[];
  direction: string | undefined;
  /** Distinct queue ids of the segments, in order of appearance. */
  queueIds: string[];
  /** Distinct user ids of agent (and user) participants, in order of appearance. */
  agentIds: string[];
  /** Distinct wrap-up codes (ids) of the segments, in order of appearance. */
  wrapUpCodes: string[];
  participants: number;
  /** Names the record itself carries (participantName of acd and agent participants): the fallback. */
  recordNames: Map<string, string>;
}

const pushNew = (list: string[], v: string | undefined): void => {
  if (v && !list.includes(v)) list.push(v);
};

export function toHistoryRow(c: AnalyticsConversation): HistoryRow {
  const mediaTypes: string[] = [];
  const queueIds: string[] = [];
  const agentIds: string[] = [];
  const wrapUpCodes: string[] = [];
  const recordNames = new Map<string, string>();
  for (const p of c.participants ?? []) {
    if (p.userId && (p.purpose === 'agent' || p.purpose === 'user')) {
      pushNew(agentIds, p.userId);
      if (p.participantName) recordNames.set(p.userId, p.participantName);
    }
    for (const s of p.sessions ?? []) {
      pushNew(mediaTypes, s.mediaType);
      for (const seg of s.segments ?? []) {
        pushNew(queueIds, seg.queueId);
        if (p.purpose === 'acd' && seg.queueId && p.participantName) recordNames.set(seg.queueId, p.participantName);
        pushNew(wrapUpCodes, seg.wrapUpCode);
      }
    }
  }
  const start = c.conversationStart;
  const end = c.conversationEnd;
  const startMs = start ? Date.parse(start) : Number.NaN;
  const endMs = end ? Date.parse(end) : Number.NaN;
  return {
    conversationId: c.conversationId ?? '',
    start,
    end,
    durationMs: Number.isFinite(startMs) && Number.isFinite(endMs) ? endMs - startMs : undefined,
    mediaTypes,
    direction: c.originatingDirection,
    queueIds,
    agentIds,
    wrapUpCodes,
    participants: (c.participants ?? []).length,
    recordNames,
  };
}

/** Agent and queue names from the directory, cached for the run. */
export class DirectoryNames {
  private readonly users = new Map<string, string | undefined>();
  private readonly queues = new Map<string, string | undefined>();

  /** `client` is asked for only when there is something to look up. */
  constructor(private readonly client: () => Promise<CxGraphClient>) {}

  /** Looks up every id not yet known: one getUsers and one getQueues call (each batched ≤ 100 ids by core). */
  async load(userIds: Iterable<string>, queueIds: Iterable<string>): Promise<void> {
    const newUsers = [...new Set(userIds)].filter((id) => !this.users.has(id));
    const newQueues = [...new Set(queueIds)].filter((id) => !this.queues.has(id));
    if (newUsers.length === 0 && newQueues.length === 0) return;
    const directory = (await this.client()).directory;
    const [users, queues] = await Promise.all([
      newUsers.length > 0 ? directory.getUsers(newUsers) : Promise.resolve([]),
      newQueues.length > 0 ? directory.getQueues(newQueues) : Promise.resolve([]),
    ]);
    newUsers.forEach((id, i) => this.users.set(id, users[i]?.name));
    newQueues.forEach((id, i) => this.queues.set(id, queues[i]?.name));
  }

  user(id: string): string | undefined {
    return this.users.get(id);
  }

  queue(id: string): string | undefined {
    return this.queues.get(id);
  }
}

/** Yields the rows in order, after loading the names of each batch of `batch` rows. */
export async function* withNames(rows: AsyncIterable<HistoryRow>, names: DirectoryNames, batch = 100): AsyncGenerator<HistoryRow> {
  let pending: HistoryRow[] = [];
  const flush = async function* (): AsyncGenerator<HistoryRow> {
    await names.load(
      pending.flatMap((r) => r.agentIds),
      pending.flatMap((r) => r.queueIds),
    );
    const out = pending;
    pending = [];
    yield* out;
  };
  for await (const row of rows) {
    pending.push(row);
    if (pending.length >= batch) yield* flush();
  }
  if (pending.length > 0) yield* flush();
}

/** Separator of names inside one cell (CSV quotes the cell). */
export const LIST_SEPARATOR = ', ';

/** A list as one cell; an empty list is no value (null in JSON). */
const joined = (items: readonly string[]): string | undefined => (items.length > 0 ? items.join(LIST_SEPARATOR) : undefined);

/**
 * The history columns (stable; `--fields` picks and orders them):
 * conversationId, start, end, durationMs, mediaType, direction, queues, agents, wrapUpCodes.
 * Lists are joined with ", " (an empty list is no value); a name the directory does not know falls back to the record's participant name,
 * then to the id.
 */
export function historyColumns(names: Pick<DirectoryNames, 'user' | 'queue'>, options: { participants?: boolean } = {}): Column<HistoryRow>[] {
  const name = (lookup: (id: string) => string | undefined) => (r: HistoryRow, ids: string[]) => joined(ids.map((id) => lookup(id) ?? r.recordNames.get(id) ?? id));
  const queueName = name((id) => names.queue(id));
  const agentName = name((id) => names.user(id));
  const columns: Column<HistoryRow>[] = [
    { key: 'conversationId', header: 'conversation', get: (r) => r.conversationId },
    { key: 'start', get: (r) => r.start },
    { key: 'end', get: (r) => r.end },
    { key: 'durationMs', header: 'duration ms', get: (r) => r.durationMs, align: 'right' },
    { key: 'mediaType', header: 'media', get: (r) => joined(r.mediaTypes) },
    { key: 'direction', get: (r) => r.direction },
    { key: 'queues', get: (r) => queueName(r, r.queueIds) },
    { key: 'agents', get: (r) => agentName(r, r.agentIds) },
    { key: 'wrapUpCodes', header: 'wrap-up codes', get: (r) => joined(r.wrapUpCodes) },
  ];
  if (options.participants) columns.push({ key: 'participants', get: (r) => r.participants, align: 'right' });
  return columns;
}

/** The history columns' keys (what `--fields` may pick). */
export const historyColumnKeys = (): string[] => historyColumns({ user: () => undefined, queue: () => undefined }).map((c) => c.key);

export const HISTORY_FIELDS = historyColumnKeys().join(', ');
