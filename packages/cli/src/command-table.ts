/**
 * Every command of `cxgraph`, in the order `--help` lists them: its arguments, its flags, its help text, and
 * how the parsed flags become the command's options. This is the one place flags are declared: program.ts
 * builds the commander tree from it, and `cxgraph completion` generates its scripts from that tree.
 *
 * `options` checks what argv alone can tell (two output formats, an unknown field, `--buckets` without
 * `--granularity`…) and throws UsageError; value parsers (src/options/) have checked each value already.
 */
import { PRECEDENCE } from './profiles.js';
import type { CommandDeps, GlobalOptions } from './deps.js';
import { UsageError } from './errors.js';
import { EXIT_HELP } from './exit-codes.js';
import { columnsHelp } from './output/format.js';
import type { Flag } from './options/flag.js';
import { directionFlag, FILTER_FLAGS, filterOptions, MEDIA_FLAG, QUEUE_FLAG, AGENT_FLAG, type FilterOptions } from './options/filters.js';
import { outputFlags, outputOptions, type OutputFlags } from './options/output.js';
import { RANGE_FLAGS, rangeOptions, type RangeOptions } from './options/range.js';
import { integer, isoInstant } from './options/values.js';
import { watchFlag, watchSeconds } from './options/watch.js';
import * as agents from './commands/agents.js';
import * as completion from './commands/completion.js';
import * as configGet from './commands/config/get.js';
import * as configList from './commands/config/list.js';
import * as configPath from './commands/config/path.js';
import * as configRemove from './commands/config/remove.js';
import * as configSet from './commands/config/set.js';
import * as configUse from './commands/config/use.js';
import { PROFILE_COLUMNS } from './commands/config/rows.js';
import * as conversation from './commands/conversation.js';
import * as exportCommand from './commands/export.js';
import * as history from './commands/history.js';
import { HISTORY_FIELDS, historyColumnKeys } from './commands/history-rows.js';
import * as live from './commands/live.js';
import * as metrics from './commands/metrics.js';
import { AGGREGATE_METRICS, FIELDS_HELP, GROUP_BY, type GroupBy } from './commands/metrics-columns.js';
import { GRANULARITY_EXAMPLES, type Granularity } from '@cxgraph/core';
import * as queueStats from './commands/queue-stats.js';
import * as queues from './commands/queues.js';
import * as sandbox from './commands/sandbox.js';
import * as serve from './commands/serve.js';
import * as watchCommand from './commands/watch.js';

/** What an action is given: the positional arguments, the command's own flags, and the global ones. */
export interface Parsed<F> {
  args: string[];
  flags: F;
  globals: GlobalOptions;
}

export interface Action {
  options: (parsed: Parsed<never>) => unknown;
  run: (options: never, deps: CommandDeps) => Promise<unknown>;
}

export interface Argument {
  /** `<id>` (required) or `[profile]` (optional). */
  name: string;
  description: string;
  choices?: readonly string[];
}

export interface CommandSpec {
  name: string;
  aliases?: readonly string[];
  description: string;
  args?: readonly Argument[];
  flags?: readonly Flag[];
  /** Shown after the options in `--help`. */
  help?: string;
  action?: Action;
  subcommands?: readonly CommandSpec[];
}

/** Pairs a command's `options` with its `run`, checking that one gives what the other takes. */
const action = <F, O>(options: (parsed: Parsed<F>) => O, run: (options: O, deps: CommandDeps) => Promise<unknown>): Action => ({
  options: options as Action['options'],
  run: run as Action['run'],
});

const keysOf = (columns: readonly { key: string }[]): string[] => columns.map((c) => c.key);
/** `o` without its undefined members, typed so (exactOptionalPropertyTypes): `{ a: T | undefined }` becomes `{ a?: T }`. */
type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & { [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined> };
const defined = <T extends object>(o: T): Defined<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Defined<T>;

export const GLOBAL_FLAGS: readonly Flag[] = [
  { flags: '--profile <name>', description: 'use a named profile (see `cxgraph config`)' },
  { flags: '--sandbox', description: 'run against an in-process sandbox (a simulated Genesys Cloud org)' },
  { flags: '--sandbox-now <instant>', description: "freeze the sandbox's clock at this ISO-8601 instant", parse: isoInstant('--sandbox-now') },
  { flags: '-q, --quiet', description: 'no progress or notices on stderr' },
  { flags: '--debug', description: 'more detail in error messages (never secrets)' },
];

export const PROGRAM = {
  name: 'cxgraph',
  description: 'One GraphQL schema and one CLI over Genesys Cloud live conversations and analytics.',
  help: `\n${EXIT_HELP}\n`,
};

const WATCH_HELP = `Piped, or with --json/--ndjson/--csv,
  one whole snapshot per interval: TSV/CSV with their header line, NDJSON its
  rows, JSON one array a line; each is announced on stderr (unless --quiet).`;

/** A repeatable flag's values (commas split too). */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter(Boolean)];

interface PortFlags {
  port: number;
  host: string;
  seed: number;
}

const SERVE: CommandSpec = {
  name: 'serve',
  description: 'Serve the GraphQL gateway and GraphiQL. With no credentials set, it serves a simulated org (the sandbox).',
  flags: [
    { flags: '-p, --port <port>', description: 'port of the gateway', default: 4000, parse: integer('--port', 0, 65535), env: 'PORT' },
    { flags: '--host <host>', description: 'address to bind', default: '127.0.0.1' },
    { flags: '--sandbox-port <port>', description: 'port of the sandbox', default: 4010, parse: integer('--sandbox-port', 0, 65535) },
    { flags: '--seed <seed>', description: "the sandbox's seed", default: 1, parse: integer('--seed', 0, 2 ** 31 - 1) },
    { flags: '--no-graphiql', description: 'do not serve GraphiQL to browsers' },
    { flags: '--auth <mode>', description: 'who may call: open (anyone; loopback only), bearer (their own Genesys token), api-keys, jwt', choices: ['open', 'bearer', 'api-keys', 'jwt'], env: 'CXGRAPH_AUTH' },
    { flags: '--api-keys-file <path>', description: 'the API keys file (hashes only; default <config dir>/cxgraph/api-keys.json)', env: 'CXGRAPH_API_KEYS_FILE' },
    { flags: '--jwt-jwks-url <url>', description: "the JWT issuer's JWKS (or set CXGRAPH_JWT_SECRET for a shared HS256 secret)", env: 'CXGRAPH_JWT_JWKS_URL' },
    { flags: '--jwt-issuer <iss>', description: 'the issuer JWTs must name', env: 'CXGRAPH_JWT_ISSUER' },
    { flags: '--jwt-audience <aud>', description: 'the audience JWTs must carry', env: 'CXGRAPH_JWT_AUDIENCE' },
    { flags: '--jwt-scopes-claim <claim>', description: 'the claim with the scopes (read, pii); default scope' },
    { flags: '--cors-origin <origin>', description: 'let browser pages of this origin call (repeatable; CXGRAPH_CORS_ORIGINS, comma-separated)', parse: collect },
    { flags: '--public-host <name>', description: 'another name the gateway is reached under, for the Host check (repeatable; CXGRAPH_PUBLIC_HOSTS)', parse: collect },
    { flags: '--add-api-key <name>', description: 'make an API key, store its hash, print the key once, and exit' },
    { flags: '--key-scopes <scopes>', description: 'with --add-api-key: its scopes, comma-separated (read, pii); default read', parse: (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean) },
    { flags: '--key-rate-limit <n>', description: 'with --add-api-key: its requests per minute', parse: integer('--key-rate-limit', 1, 1_000_000) },
  ],
  help:
    '\nExamples:\n  cxgraph serve                 # no credentials: gateway on http://localhost:4000/graphql over the sandbox\n' +
    '  cxgraph serve --add-api-key dash --key-scopes read,pii\n' +
    '  cxgraph serve --host 0.0.0.0 --auth api-keys --cors-origin https://dash.example.com\n' +
    'Any address but loopback needs --auth (not open). Scopes: read (any query), pii (agents\' emails, participants\' names).\n',
  action: action(
    // --sandbox, --sandbox-now and --profile are global options (every command takes them).
    ({ flags, globals }: Parsed<PortFlags & { sandboxPort: number; graphiql: boolean } & Omit<serve.ServeOptions, 'port' | 'host' | 'seed' | 'sandboxPort' | 'graphiql' | 'sandbox'>>): serve.ServeOptions =>
      defined({ ...flags, sandbox: Boolean(globals.sandbox), sandboxNow: globals.sandboxNow, profile: globals.profile }),
    serve.run,
  ),
};

const SANDBOX: CommandSpec = {
  name: 'sandbox',
  description: 'Run the sandbox, a simulated Genesys Cloud org, in the foreground (the same as `pnpm sandbox`).',
  flags: [
    { flags: '-p, --port <port>', description: 'port to listen on (0: any free port)', default: 4010, parse: integer('--port', 0, 65535) },
    { flags: '--host <host>', description: 'address to bind', default: '127.0.0.1' },
    { flags: '--seed <seed>', description: 'the org and its whole history follow from this integer', default: 1, parse: integer('--seed', 0, 2 ** 31 - 1) },
    { flags: '--now <instant>', description: "freeze the sandbox's clock at this ISO-8601 instant (default: real time)", parse: isoInstant('--now') },
    { flags: '--rate-limit <n>', description: 'requests per token per minute (default 300, as Genesys)', parse: integer('--rate-limit', 1, 1_000_000) },
  ],
  help: `
Demo credentials: ${sandbox.DEMO_CLIENT_ID} / ${sandbox.DEMO_CLIENT_SECRET}. To run one command against a private sandbox
instead, use the global --sandbox flag (cxgraph --sandbox agents).

Example:
  cxgraph sandbox --port 4010 --now 2026-03-10T14:30:00Z
  GENESYS_API_URL=http://127.0.0.1:4010 GENESYS_CLIENT_ID=${sandbox.DEMO_CLIENT_ID} GENESYS_CLIENT_SECRET=${sandbox.DEMO_CLIENT_SECRET} cxgraph live
`,
  action: action(
    // The global --sandbox-now means the same here when --now is not given.
    ({ flags, globals }: Parsed<PortFlags & { now?: string; rateLimit?: number }>): sandbox.SandboxCommandOptions => defined({ ...flags, now: flags.now ?? globals.sandboxNow }),
    sandbox.run,
  ),
};

const LIVE: CommandSpec = {
  name: 'live',
  description: 'List the conversations in progress across the org (voice, callbacks, chats, emails, messages).',
  flags: [QUEUE_FLAG, MEDIA_FLAG, AGENT_FLAG, watchFlag('the list'), ...outputFlags()],
  help: `
${columnsHelp(live.LIVE_COLUMNS)}
  queue: the name of the first queue the conversation entered (queueId: its id,
  null when none; not in the table); agents: JSON/NDJSON [{"id","name"}] in
  order of arrival (name null when unknown), TSV/CSV/table their names,
  comma-separated; state: the customer's (connected, alerting…). The table
  shows times and durations for people; TSV, CSV and JSON carry startTime in
  ISO-8601 and durationMs in milliseconds.

--watch: on a terminal, the table is redrawn in place every N seconds until
  Ctrl-C (exit 0). ${WATCH_HELP}

Example:
  cxgraph live --sandbox
  cxgraph live --media voice,callback --json
  cxgraph live --queue Billing --watch 2   # a live board, redrawn every 2 seconds
  cxgraph live --ndjson --watch 10 >> live.ndjson
`,
  action: action(
    ({ flags }: Parsed<OutputFlags & FilterOptions & { watch?: number | true }>): live.LiveOptions =>
      defined({ ...outputOptions(flags, keysOf(live.LIVE_COLUMNS)), ...filterOptions(flags), watch: watchSeconds(flags.watch) }),
    live.run,
  ),
};

const WATCH: CommandSpec = {
  name: 'watch',
  description: 'Print each change of the live state as it happens (conversations, agents, queues), pushed by Genesys notifications.',
  flags: [
    QUEUE_FLAG,
    MEDIA_FLAG,
    AGENT_FLAG,
    {
      flags: '--kinds <kinds>',
      description: `only these kinds of change, comma-separated: ${watchCommand.WATCH_KINDS.join(', ')} (default: all)`,
      parse: kindsList,
    },
    { flags: '--max-events <n>', description: 'stop after N lines (default: until Ctrl-C)', parse: integer('--max-events', 1, 1_000_000_000) },
  ],
  help: `
Output: one JSON object per line when stdout is not a terminal (stable keys, absent values null):
  {"at","kind":"conversation.added|conversation.updated|conversation.ended","conversationId",
   "mediaType","direction","queueId","state","agentIds"}
  {"at","kind":"agent.status","agentId","routingStatus","presence"}
  {"at","kind":"queue.stats","queueId","waiting","interacting","alerting","agentsOnQueue","longestWaitMs"}
  at: when the change happened (ISO-8601, UTC); state: the customer's. On a terminal, one readable line
  per change with queue and agent names.

Nothing is polled while notifications stream; when they are unavailable the changes come from polling and
a note on stderr says so. --queue, --media and --agent filter conversations (any participant in one of the
queues, any of the media, any of the agents); --queue also filters queue figures, --agent agent changes.

Example:
  cxgraph watch --sandbox
  cxgraph watch --queue Billing --kinds conversation >> billing-changes.ndjson
  cxgraph watch --kinds agent --max-events 100 | jq -r .routingStatus
`,
  action: action(
    ({ flags }: Parsed<FilterOptions & { kinds?: watchCommand.WatchKind[]; maxEvents?: number }>): watchCommand.WatchOptions =>
      defined({ ...filterOptions(flags), kinds: flags.kinds, maxEvents: flags.maxEvents }),
    watchCommand.run,
  ),
};

function kindsList(value: string, previous: watchCommand.WatchKind[] | undefined): watchCommand.WatchKind[] {
  const given = value.split(',').map((k) => k.trim().toLowerCase()).filter((k) => k !== '');
  const bad = given.filter((k) => !(watchCommand.WATCH_KINDS as readonly string[]).includes(k));
  if (given.length === 0 || bad.length > 0) {
    throw new UsageError(`${bad.length ? `Unknown kind${bad.length > 1 ? 's' : ''} ${bad.map((b) => `"${b}"`).join(', ')}` : '--kinds is empty'}. Kinds: ${watchCommand.WATCH_KINDS.join(', ')}.`);
  }
  return [...new Set([...(previous ?? []), ...(given as watchCommand.WatchKind[])])];
}

const CONVERSATION: CommandSpec = {
  name: 'conversation',
  description: 'Show one conversation, live or ended: when, what, which queue, and each participant with their state.',
  args: [{ name: '<id>', description: 'the conversation id' }],
  flags: [{ flags: '--raw', description: "with --json, include Genesys's own conversation object (raw)" }, ...outputFlags('the participant columns')],
  help: `
On a terminal: a header block (id, start, end, duration, media, direction,
queue), then the participants. Piped, or with --csv/--ndjson: the participants
only, one a row (--fields picks the columns).
${columnsHelp(conversation.PARTICIPANT_COLUMNS, 'Participant columns')}
  agent and queue are names; startTime and endTime ISO-8601.
--json: the whole conversation, @cxgraph/core's LiveConversation (participants
  with their media sessions); Genesys's own object (raw) only with --raw.

Exit code 1 with "not found" when there is no such conversation.

Example:
  cxgraph conversation 3f6c2a9e-…
  cxgraph conversation 3f6c2a9e-… --json --raw | jq .raw.participants
`,
  action: action(({ args, flags }: Parsed<OutputFlags & { raw?: boolean }>): conversation.ConversationOptions => {
    const output = outputOptions(flags, keysOf(conversation.PARTICIPANT_COLUMNS));
    if (output.format === 'json' && output.fields) throw new UsageError('--fields picks participant columns; --json prints the whole conversation (leave out --fields, or use --ndjson or --csv).');
    if (flags.raw && output.format !== 'json') throw new UsageError("--raw goes with --json (it adds Genesys's own conversation object).");
    return defined({ id: args[0]!, ...output, raw: flags.raw });
  }, conversation.run),
};

const AGENTS: CommandSpec = {
  name: 'agents',
  description: "List the org's users with their routing status and presence, as of now.",
  flags: outputFlags(),
  help: `
${columnsHelp(agents.AGENT_COLUMNS)}
  routingStatus: OFF_QUEUE, IDLE, INTERACTING, COMMUNICATING, NOT_RESPONDING;
  presence: the system presence (Available, On Queue, Away, Busy, Break, Meal,
  Meeting, Training, Idle, Offline).

Example:
  cxgraph agents --sandbox
  cxgraph agents --fields name,routingStatus --csv > agents.csv
`,
  action: action(({ flags }: Parsed<OutputFlags>): agents.AgentsOptions => outputOptions(flags, keysOf(agents.AGENT_COLUMNS)), agents.run),
};

const QUEUES: CommandSpec = {
  name: 'queues',
  description: "List the org's queues: the media types they take and how many members they have.",
  flags: outputFlags(),
  help: `
${columnsHelp(queues.QUEUE_COLUMNS)}
  mediaTypes: voice, callback, chat, email, message (JSON/NDJSON an array,
  TSV/CSV/table comma-separated); members: the member count.

Example:
  cxgraph queues --sandbox
  cxgraph queues --fields id,name --json
`,
  action: action(({ flags }: Parsed<OutputFlags>): queues.QueuesOptions => outputOptions(flags, keysOf(queues.QUEUE_COLUMNS)), queues.run),
};

const QUEUE_STATS: CommandSpec = {
  name: 'queue-stats',
  description: 'Show what is happening in queues right now: waiting, interacting, alerting, agents on queue, longest wait.',
  flags: [{ ...QUEUE_FLAG, description: 'only these queues, by id or name (comma-separated; default: every queue)' }, watchFlag('the figures'), ...outputFlags()],
  help: `
${columnsHelp(queueStats.QUEUE_STATS_COLUMNS)}
  queue: the name (queueId: its id); alerting: offered to an agent, not yet
  answered; longestWaitMs: the longest wait of those waiting now (null/empty
  when nobody waits); at: when the figures were taken (ISO-8601, one per
  snapshot; the table shows it in its title, not as a column). The table
  shows durations for people; other formats carry ms.

--watch: on a terminal, a wallboard redrawn in place every N seconds until
  Ctrl-C (exit 0), with a trend column (waiting, over the last ${queueStats.TREND_FRAMES}
  refreshes) unless --fields is given. ${WATCH_HELP}

Example:
  cxgraph queue-stats --sandbox
  cxgraph queue-stats --queue Billing,Sales --watch 5
  cxgraph queue-stats --ndjson --watch 60 >> queues.ndjson
`,
  action: action(
    ({ flags }: Parsed<OutputFlags & Pick<FilterOptions, 'queue'> & { watch?: number | true }>): queueStats.QueueStatsOptions =>
      defined({ ...outputOptions(flags, keysOf(queueStats.QUEUE_STATS_COLUMNS)), ...filterOptions(flags), watch: watchSeconds(flags.watch) }),
    queueStats.run,
  ),
};

type MetricsFlags = RangeOptions & FilterOptions & OutputFlags & { by: GroupBy; granularity?: Granularity; metrics?: string[]; buckets?: boolean };

const METRICS: CommandSpec = {
  name: 'metrics',
  description: 'Contact-centre figures (offered, handled, handle time, service level…) per agent, queue or media type over a time range.',
  flags: [
    { flags: '--by <group>', description: 'one row per agent, queue or media type', choices: GROUP_BY, default: 'agent' },
    ...RANGE_FLAGS,
    { flags: '--granularity <duration>', description: `buckets inside the range (ISO-8601: ${GRANULARITY_EXAMPLES})`, parse: metrics.parseGranularityFlag },
    { flags: '--buckets', description: 'with --granularity: one row per group and bucket (an interval column) instead of totals' },
    { flags: '--metrics <names>', description: 'Genesys metrics to query (default: what the columns need), comma-separated', parse: metrics.parseMetricsFlag },
    ...FILTER_FLAGS,
    directionFlag('only this direction (the direction dimension of each metric)'),
    ...outputFlags('the columns (see below)'),
  ],
  help: `
Columns (stable; --fields picks and orders them):
  --by agent:  ${FIELDS_HELP.agent}
  --by queue:  ${FIELDS_HELP.queue}
  --by media:  mediaType, offered … abandonRate (the queue figures)
  counts: offered (per agent: alerts, as Genesys attributes offers to queues only), answered, abandoned, handled,
  transferred, outbound; *AvgMs: unrounded averages in ms (sum / count; empty when nothing was counted;
  talk and hold per interaction: tTalkComplete, tHeldComplete); averageSpeedOfAnswerMs = tAnswered average;
  serviceLevel and abandonRate are fractions 0..1. A table shows durations as m:ss and rates as percentages.
  With --metrics, columns whose metrics were not asked for are empty, and each other metric gets columns
  (nX; tXCount, tXAvgMs; oX).
  With --granularity: JSON/NDJSON rows carry "buckets" (every bucket, in order); a table adds the sparklines
  handledTrend and handleTimeTrend; --buckets prints one row per group and bucket (column "interval").

Valid --metrics: ${AGGREGATE_METRICS.join(', ')}.

Examples:
  cxgraph metrics --agent <userId> --range "last 7 days"        # an agent's handled count and AHT
  cxgraph metrics --by queue --range yesterday --time-zone Europe/Dublin --csv
  cxgraph metrics --by queue --queue Billing,Sales --range "last 7 days"
  cxgraph metrics --by media --range "last 7 days" --granularity P1D --json
  cxgraph metrics --by queue --granularity PT1H --buckets --csv > hourly.csv
`,
  action: action(({ flags }: Parsed<MetricsFlags>): metrics.MetricsOptions => {
    if (flags.buckets && !flags.granularity) throw new UsageError('--buckets needs --granularity, e.g. --granularity P1D --buckets.');
    const shape = defined({ by: flags.by, granularity: flags.granularity, metrics: flags.metrics, buckets: flags.buckets });
    return defined({ ...shape, ...rangeOptions(flags), ...filterOptions(flags), ...outputOptions(flags, keysOf(metrics.metricsColumns(shape, true))) });
  }, metrics.run),
};

const HISTORY: CommandSpec = {
  name: 'history',
  description: 'Conversations that started in a time range (analytics details), one row each, oldest first.',
  flags: [
    ...RANGE_FLAGS,
    ...FILTER_FLAGS,
    directionFlag(),
    { flags: '-L, --limit <n>', description: 'at most this many conversations', default: history.DEFAULT_HISTORY_LIMIT, parse: integer('--limit', 1, history.MAX_HISTORY_LIMIT) },
    ...outputFlags(`the columns: ${HISTORY_FIELDS}`),
  ],
  help: `
Columns: ${HISTORY_FIELDS}.
  durationMs is end − start (empty while in progress); direction is the conversation's originating direction;
  queues and agents are names (", "-separated), wrapUpCodes are ids.

Examples:
  cxgraph history --range yesterday --queue Support --media voice
  cxgraph history --range "last 7 days" --agent <userId> --limit 20 --csv
  cxgraph export --range "last 30 days" -o conversations.ndjson   # every conversation, streamed
`,
  action: action(
    ({ flags }: Parsed<RangeOptions & FilterOptions & OutputFlags & { limit: number }>): history.HistoryOptions => ({
      ...rangeOptions(flags),
      ...filterOptions(flags),
      ...outputOptions(flags, historyColumnKeys()),
      limit: flags.limit,
    }),
    history.run,
  ),
};

/** `--format`, `--ndjson` or `--csv`: at most one, or two that agree. */
function exportFormat(flags: { format?: exportCommand.ExportOptions['format']; ndjson?: boolean; csv?: boolean }): exportCommand.ExportOptions['format'] {
  const chosen = new Set([flags.format, flags.ndjson ? 'ndjson' : undefined, flags.csv ? 'csv' : undefined].filter((f) => f !== undefined));
  if (chosen.size > 1) throw new UsageError(`Choose one output format: ${[...chosen].map((c) => `--${c}`).join(', ')} were given.`);
  return [...chosen][0] as exportCommand.ExportOptions['format'];
}

const EXPORT: CommandSpec = {
  name: 'export',
  description: 'Stream every conversation that started in a time range (detail records) as NDJSON or CSV, to stdout or a file.',
  flags: [
    ...RANGE_FLAGS,
    ...FILTER_FLAGS,
    directionFlag(),
    {
      flags: '--format <format>',
      description: 'ndjson: full detail records, one per line; csv: one row per conversation (default: ndjson, or csv for a .csv file)',
      choices: exportCommand.EXPORT_FORMATS,
    },
    { flags: '--ndjson', description: 'the same as --format ndjson (as on every other command)' },
    { flags: '--csv', description: 'the same as --format csv' },
    { flags: '-o, --output <file>', description: 'write to this file instead of stdout ("-": stdout); replaced only when the export completes' },
  ],
  help: `
NDJSON lines are the analytics details records as Genesys returns them, keys sorted at every depth (the same
data gives the same bytes). CSV columns: ${HISTORY_FIELDS}, participants.
Memory stays constant however long the range; the range is cut into the day chunks Genesys allows.

Examples:
  cxgraph export --range "last 7 days" -o week.ndjson
  cxgraph export --interval 2026-01-01T00:00:00Z/2026-02-01T00:00:00Z --queue <queueId> --format csv -o january.csv
  cxgraph export --range yesterday | jq -c 'select(.originatingDirection == "outbound")'
`,
  action: action(
    ({ flags }: Parsed<RangeOptions & FilterOptions & Pick<exportCommand.ExportOptions, 'format' | 'output'> & { ndjson?: boolean; csv?: boolean }>): exportCommand.ExportOptions =>
      defined({ ...rangeOptions(flags), ...filterOptions(flags), format: exportFormat(flags), output: flags.output }),
    exportCommand.run,
  ),
};

const CONFIG_SET_FLAGS: readonly Flag[] = [
  { flags: '--client-id <id>', description: 'OAuth client id (client-credentials grant)' },
  { flags: '--client-secret <secret>', description: 'OAuth client secret; `-` reads it from stdin' },
  { flags: '--access-token <token>', description: "a user's bearer token instead of client credentials; `-` reads it from stdin" },
  { flags: '--region <region>', description: 'Genesys Cloud region, e.g. eu-west-1 (default us-east-1)' },
  { flags: '--api-url <url>', description: 'a custom origin instead of a region (the sandbox, a proxy)' },
];

/** `config set`'s combination rules, checked before stdin is read or the file touched. */
function configSetOptions({ args, flags }: Parsed<Omit<configSet.ConfigSetOptions, 'name'>>): configSet.ConfigSetOptions {
  if (!configSet.SETTINGS.some((k) => flags[k] !== undefined)) throw new UsageError('nothing to set: give at least one of --client-id, --client-secret, --access-token, --region, --api-url.');
  if (flags.accessToken !== undefined && (flags.clientId !== undefined || flags.clientSecret !== undefined)) {
    throw new UsageError('a profile holds either an access token or client credentials: give --access-token, or --client-id and --client-secret, not both.');
  }
  if (flags.region !== undefined && flags.apiUrl !== undefined) throw new UsageError('a profile has a region or an API URL: give --region or --api-url, not both.');
  if (flags.clientSecret === '-' && flags.accessToken === '-') throw new UsageError('only one secret can come from stdin.');
  return { name: args[0]!, ...flags };
}

const CONFIG: CommandSpec = {
  name: 'config',
  description: 'Named profiles: credentials and region kept in your config directory (`config path`).',
  help: `
${PRECEDENCE}

Examples:
  printf %s "$SECRET" | cxgraph config set prod --region eu-west-1 --client-id 7f3c… --client-secret -
  cxgraph config set sandbox --api-url http://127.0.0.1:4010 --client-id cxgraph-demo --client-secret cxgraph-demo-secret
  cxgraph config list
  cxgraph config use prod                # the default profile
  cxgraph --profile sandbox agents       # one command with another profile
`,
  subcommands: [
    {
      name: 'set',
      description: 'Create or update a profile (only the settings given change). Secrets: `-` reads them from stdin.',
      args: [{ name: '<profile>', description: 'profile name (letters, digits, ".", "_", "-")' }],
      flags: CONFIG_SET_FLAGS,
      action: action(configSetOptions, configSet.run),
    },
    {
      name: 'list',
      description: 'List the profiles: name, default, credential kind, client id, region or API URL (secrets shown as [redacted]).',
      flags: outputFlags(),
      help: `\n${columnsHelp(PROFILE_COLUMNS)}\n  credentials: client-credentials, access-token, incomplete or none; secret: [redacted] when one is stored.\n`,
      action: action(({ flags }: Parsed<OutputFlags>): configList.ConfigListOptions => outputOptions(flags, keysOf(PROFILE_COLUMNS)), configList.run),
    },
    {
      name: 'get',
      description: 'Show one profile (secrets shown as [redacted]).',
      args: [{ name: '<profile>', description: 'profile name' }],
      flags: [{ flags: '--json', description: 'print a JSON object' }],
      action: action(({ args, flags }: Parsed<{ json?: boolean }>): configGet.ConfigGetOptions => defined({ name: args[0]!, json: flags.json }), configGet.run),
    },
    {
      name: 'remove',
      aliases: ['rm'],
      description: 'Delete a profile.',
      args: [{ name: '<profile>', description: 'profile name' }],
      action: action(({ args }: Parsed<unknown>): configRemove.ConfigRemoveOptions => ({ name: args[0]! }), configRemove.run),
    },
    {
      name: 'use',
      description: 'Set the default profile (used when --profile is not given); with no name, print it.',
      args: [{ name: '[profile]', description: 'profile name' }],
      flags: [{ flags: '--none', description: 'clear the default profile' }],
      action: action(({ args, flags }: Parsed<{ none?: boolean }>): configUse.ConfigUseOptions => {
        if (flags.none && args[0] !== undefined) throw new UsageError('give a profile name or --none, not both.');
        return defined({ name: args[0], none: flags.none });
      }, configUse.run),
    },
    {
      name: 'path',
      description: 'Print the path of the profiles file.',
      action: action((): configPath.ConfigPathOptions => ({}), configPath.run),
    },
  ],
};

const COMPLETION: CommandSpec = {
  name: 'completion',
  description: 'Print a completion script for bash, zsh or fish (commands, flags, choices and profile names).',
  args: [{ name: '<shell>', description: 'the shell', choices: completion.SHELLS }],
  help: `
Install:
  bash  echo 'source <(cxgraph completion bash)' >> ~/.bashrc
  zsh   cxgraph completion zsh > "\${fpath[1]}/_cxgraph"     # or, after compinit: source <(cxgraph completion zsh)
  fish  cxgraph completion fish > ~/.config/fish/completions/cxgraph.fish
`,
  action: action(({ args }: Parsed<unknown>): completion.CompletionOptions => ({ shell: args[0] as completion.Shell }), completion.run),
};

export const COMMANDS: readonly CommandSpec[] = [SERVE, SANDBOX, LIVE, WATCH, CONVERSATION, AGENTS, QUEUES, QUEUE_STATS, METRICS, HISTORY, EXPORT, CONFIG, COMPLETION];
