import { NotFoundError, type LiveConversation, type LiveParticipant } from '@cxgraph/core';
import type { CommandDeps } from '../deps.js';
import { colorEnabled, humanDuration, humanTime, pickColumns, writeRows, type Column } from '../output/format.js';
import { formatFor, type OutputOptions } from '../options/output.js';
import { resolveNames, type Names } from './live.js';

/** A participant with its agent and queue named: one row of the participants table. */
export interface ParticipantRow {
  participant: LiveParticipant;
  /** The agent's name (from the directory), for a participant that is a user. */
  agent: string | undefined;
  queue: string | undefined;
}

/**
 * The participants table of `cxgraph conversation`, stable: purpose (customer, ivr, acd, agent…), name (as
 * the conversation shows it), state (of its latest media session), agent (the user's name), queue (name),
 * startTime and endTime (ISO-8601).
 */
export const PARTICIPANT_COLUMNS: readonly Column<ParticipantRow>[] = [
  { key: 'purpose', get: (r) => r.participant.purpose },
  { key: 'name', get: (r) => r.participant.name },
  { key: 'state', get: (r) => r.participant.state },
  { key: 'agent', get: (r) => r.agent },
  { key: 'queue', get: (r) => r.queue },
  { key: 'startTime', header: 'start', get: (r) => r.participant.startTime, display: (r) => humanTime(r.participant.startTime) },
  { key: 'endTime', header: 'end', get: (r) => r.participant.endTime, display: (r) => humanTime(r.participant.endTime) },
];

export const participantRows = (c: LiveConversation, names: Names): ParticipantRow[] =>
  c.participants.map((p) => ({ participant: p, agent: p.userId ? names.user(p.userId) : undefined, queue: names.queue(p.queueId) }));

/** The header block shown above the participants on a terminal. */
export function headerBlock(c: LiveConversation, names: Names, color = false): string {
  const rows: Array<[string, string]> = [
    ['id', c.id],
    ['start', humanTime(c.startTime)],
    ['end', c.endTime ? humanTime(c.endTime) : '(in progress)'],
    ['duration', `${humanDuration(c.durationMs)}${c.isLive ? ' so far' : ''}`],
    ['media', c.mediaType ?? ''],
    ['direction', c.direction ?? ''],
    ['queue', names.queue(c.queueId) ?? ''],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${color ? `\x1b[1m${k.padEnd(w)}\x1b[22m` : k.padEnd(w)}  ${v}`.trimEnd()).join('\n')}\n`;
}

export interface ConversationOptions extends OutputOptions {
  id: string;
  /** With `--json`: include Genesys's own conversation object. */
  raw?: boolean;
}

/**
 * `cxgraph conversation <id>`: one conversation, live or ended. A table on a terminal is a header block and
 * the participants; `--json` is the whole conversation; other formats the participants. Returns it.
 */
export async function run(opts: ConversationOptions, deps: CommandDeps): Promise<LiveConversation> {
  const { io } = deps;
  const format = formatFor(opts.format, io.isTTY);
  const client = await deps.client();
  let conversation: LiveConversation;
  try {
    conversation = await client.live.get(opts.id);
  } catch (e) {
    if (e instanceof NotFoundError) {
      throw new NotFoundError(`Conversation "${opts.id}" not found.`, {
        hint: 'Check the id: `cxgraph live` lists the conversations in progress.',
        ...(e.status !== undefined ? { status: e.status } : {}),
        ...(e.correlationId ? { correlationId: e.correlationId } : {}),
        ...(e.endpoint ? { endpoint: e.endpoint } : {}),
      });
    }
    throw e;
  }
  if (format === 'json') {
    const { raw, ...rest } = conversation;
    io.out(`${JSON.stringify(opts.raw ? { ...rest, raw } : rest, null, 2)}\n`);
    return conversation;
  }
  const names = await resolveNames(
    client,
    [conversation.queueId, ...conversation.participants.map((p) => p.queueId)],
    conversation.participants.map((p) => p.userId),
  );
  const rows = participantRows(conversation, names);
  const columns = pickColumns(PARTICIPANT_COLUMNS, opts.fields);
  if (format === 'table') {
    const color = colorEnabled(io);
    io.out(`${headerBlock(conversation, names, color)}\n`);
    if (rows.length === 0) io.out('(no participants)\n');
    else await writeRows(io, rows, columns, 'table', { color });
  } else {
    await writeRows(io, rows, columns, format);
  }
  return conversation;
}
