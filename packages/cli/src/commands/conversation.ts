import { NotFoundError, type LiveConversation, type LiveParticipant } from '@cxgraph/core';
import type { Command } from 'commander';
import { CommandContext } from '../context.js';
import type { Io } from '../io.js';
import { addOutputOptions, colorEnabled, columnsHelp, humanDuration, humanTime, resolveOutput, usageError, writeRows, type Column, type OutputFlags } from '../output/format.js';
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

interface ConversationOptions extends OutputFlags {
  raw?: boolean;
}

export function registerConversation(program: Command, io: Io): void {
  const command = program
    .command('conversation')
    .description('Show one conversation, live or ended: when, what, which queue, and each participant with their state.')
    .argument('<id>', 'the conversation id')
    .option('--raw', "with --json, include Genesys's own conversation object (raw)");
  addOutputOptions(command, 'participant columns');
  command
    .addHelpText(
      'after',
      `
On a terminal: a header block (id, start, end, duration, media, direction,
queue), then the participants. Piped, or with --csv/--ndjson: the participants
only, one a row (--fields picks the columns).
${columnsHelp(PARTICIPANT_COLUMNS, 'Participant columns')}
  agent and queue are names; startTime and endTime ISO-8601.
--json: the whole conversation, @cxgraph/core's LiveConversation (participants
  with their media sessions); Genesys's own object (raw) only with --raw.

Exit code 1 with "not found" when there is no such conversation.

Example:
  cxgraph conversation 3f6c2a9e-…
  cxgraph conversation 3f6c2a9e-… --json --raw | jq .raw.participants
`,
    )
    .action(async (id: string, opts: ConversationOptions, cmd: Command) => {
      const { format, columns } = resolveOutput(cmd, opts, PARTICIPANT_COLUMNS, io.isTTY);
      if (format === 'json' && opts.fields?.length) usageError(cmd, '--fields picks participant columns; --json prints the whole conversation (leave out --fields, or use --ndjson or --csv).');
      if (opts.raw && format !== 'json') usageError(cmd, '--raw goes with --json (it adds Genesys\'s own conversation object).');
      const ctx = CommandContext.of(cmd, io);
      try {
        const client = await ctx.client();
        let conversation: LiveConversation;
        try {
          conversation = await client.live.get(id);
        } catch (e) {
          if (e instanceof NotFoundError) {
            throw new NotFoundError(`Conversation "${id}" not found.`, {
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
          return;
        }
        const names = await resolveNames(
          client,
          [conversation.queueId, ...conversation.participants.map((p) => p.queueId)],
          conversation.participants.map((p) => p.userId),
        );
        const rows = participantRows(conversation, names);
        if (format === 'table') {
          const color = colorEnabled(io);
          io.out(`${headerBlock(conversation, names, color)}\n`);
          if (rows.length === 0) io.out('(no participants)\n');
          else await writeRows(io, rows, columns, 'table', { color });
          return;
        }
        await writeRows(io, rows, columns, format);
      } finally {
        await ctx.close();
      }
    });
}
