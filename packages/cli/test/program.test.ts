import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import * as agents from '../src/commands/agents.js';
import * as completion from '../src/commands/completion.js';
import * as configGet from '../src/commands/config/get.js';
import * as configList from '../src/commands/config/list.js';
import * as configPath from '../src/commands/config/path.js';
import * as configRemove from '../src/commands/config/remove.js';
import * as configSet from '../src/commands/config/set.js';
import * as configUse from '../src/commands/config/use.js';
import * as conversation from '../src/commands/conversation.js';
import * as exportCommand from '../src/commands/export.js';
import * as history from '../src/commands/history.js';
import * as live from '../src/commands/live.js';
import * as metrics from '../src/commands/metrics.js';
import * as queueStats from '../src/commands/queue-stats.js';
import * as queues from '../src/commands/queues.js';
import * as sandbox from '../src/commands/sandbox.js';
import * as serve from '../src/commands/serve.js';
import * as watchCommand from '../src/commands/watch.js';
import { main } from '../src/main.js';
import { fakeIo } from './support/io.js';

/**
 * argv → options: the program parses each command line into the options its command's `run` receives. The
 * commands' `run` are mocked here (and only here): the parser is the module under test, not the commands.
 * Bad command lines are rejected while parsing: exit 2, a specific message, no run at all.
 */
vi.mock('../src/commands/agents.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/queues.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/live.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/queue-stats.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/conversation.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/metrics.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/history.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/export.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/watch.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/serve.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/sandbox.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/completion.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/config/set.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/config/list.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/config/get.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/config/remove.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/config/use.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));
vi.mock('../src/commands/config/path.js', async (original) => ({ ...(await original<object>()), run: vi.fn(async () => undefined) }));

const RUNS: Record<string, Mock> = {
  agents: agents.run as Mock,
  queues: queues.run as Mock,
  live: live.run as Mock,
  'queue-stats': queueStats.run as Mock,
  conversation: conversation.run as Mock,
  metrics: metrics.run as Mock,
  history: history.run as Mock,
  export: exportCommand.run as Mock,
  serve: serve.run as Mock,
  watch: watchCommand.run as Mock,
  sandbox: sandbox.run as Mock,
  completion: completion.run as Mock,
  'config set': configSet.run as Mock,
  'config list': configList.run as Mock,
  'config get': configGet.run as Mock,
  'config remove': configRemove.run as Mock,
  'config use': configUse.run as Mock,
  'config path': configPath.run as Mock,
};

afterEach(() => {
  vi.clearAllMocks();
  vi.unstubAllEnvs();
});

const NOW = '2026-03-10T14:30:00Z';
const ID = '24d265f7-9baa-4a7f-9464-4b135a13d1ad';
const AGENT = 'F3B0C1D2-1111-4222-8333-944455556666';
const INTERVAL = '2026-03-01T00:00:00Z/2026-03-08T00:00:00Z';

interface Case {
  argv: string[];
  command: keyof typeof RUNS;
  options: unknown;
  /** The deps' quiet flag (default false). */
  quiet?: boolean;
  env?: Record<string, string>;
}

const CASES: Case[] = [
  { argv: ['agents'], command: 'agents', options: {} },
  { argv: ['agents', '--json', '--fields', 'name,presence', '--fields', 'id'], command: 'agents', options: { format: 'json', fields: ['name', 'presence', 'id'] } },
  { argv: ['-q', 'agents', '--ndjson'], command: 'agents', options: { format: 'ndjson' }, quiet: true },
  { argv: ['agents', '--quiet', '--sandbox'], command: 'agents', options: {}, quiet: true },
  { argv: ['queues', '--csv'], command: 'queues', options: { format: 'csv' } },

  // --queue: ids or names everywhere, as given; --media lower-cased; --agent ids lower-cased; each once.
  {
    argv: ['live', '--queue', 'Billing,Sales', '--queue', ID, '--queue', 'Sales', '--media', 'Voice,chat', '--agent', AGENT, '--watch'],
    command: 'live',
    options: { queue: ['Billing', 'Sales', ID], media: ['voice', 'chat'], agent: [AGENT.toLowerCase()], watch: 5 },
  },
  { argv: ['live', '--watch', '2', '--ndjson'], command: 'live', options: { format: 'ndjson', watch: 2 } },
  { argv: ['watch'], command: 'watch', options: {} },
  { argv: ['watch', '--queue', 'Billing', '--kinds', 'Conversation,queue', '--kinds', 'queue', '--max-events', '20'], command: 'watch', options: { queue: ['Billing'], kinds: ['conversation', 'queue'], maxEvents: 20 } },
  { argv: ['queue-stats', '--queue', 'billing', '--watch', '10'], command: 'queue-stats', options: { queue: ['billing'], watch: 10 } },
  { argv: ['queue-stats', '--fields', 'queue,waiting', '--csv'], command: 'queue-stats', options: { format: 'csv', fields: ['queue', 'waiting'] } },

  { argv: ['conversation', ID], command: 'conversation', options: { id: ID } },
  { argv: ['conversation', ID, '--json', '--raw'], command: 'conversation', options: { id: ID, format: 'json', raw: true } },
  { argv: ['conversation', ID, '--ndjson', '--fields', 'agent,purpose'], command: 'conversation', options: { id: ID, format: 'ndjson', fields: ['agent', 'purpose'] } },

  { argv: ['metrics'], command: 'metrics', options: { by: 'agent' } },
  {
    argv: [
      'metrics', '--by', 'queue', '--range', 'last 7 days', '--time-zone', 'Europe/Dublin', '--granularity', 'pt1h', '--buckets',
      '--metrics', 'thandle,nOffered', '--queue', 'Billing', '--direction', 'inbound', '--csv', '--fields', 'queue,interval,handled',
    ],
    command: 'metrics',
    options: {
      by: 'queue',
      range: 'last 7 days',
      timeZone: 'Europe/Dublin',
      granularity: { text: 'PT1H', months: 0, days: 0, ms: 3_600_000 },
      buckets: true,
      metrics: ['tHandle', 'nOffered'],
      queue: ['Billing'],
      direction: 'inbound',
      format: 'csv',
      fields: ['queue', 'interval', 'handled'],
    },
  },
  { argv: ['metrics', '--by', 'media', '--interval', INTERVAL, '--media', 'email', '--granularity', 'P1M'], command: 'metrics', options: { by: 'media', interval: INTERVAL, media: ['email'], granularity: { text: 'P1M', months: 1, days: 0, ms: 0 } } },
  { argv: ['metrics', '--granularity', 'P1D', '--fields', 'agent,handledTrend'], command: 'metrics', options: { by: 'agent', granularity: { text: 'P1D', months: 0, days: 1, ms: 0 }, fields: ['agent', 'handledTrend'] } },

  { argv: ['history'], command: 'history', options: { limit: 100 } },
  { argv: ['history', '--interval', INTERVAL, '--agent', AGENT, '-L', '20', '--json'], command: 'history', options: { interval: INTERVAL, agent: [AGENT.toLowerCase()], limit: 20, format: 'json' } },
  { argv: ['history', '--range', 'yesterday', '--queue', 'Support', '--limit', '100000', '--direction', 'outbound'], command: 'history', options: { range: 'yesterday', queue: ['Support'], direction: 'outbound', limit: 100_000 } },

  { argv: ['export'], command: 'export', options: {} },
  { argv: ['export', '--range', 'yesterday', '--format', 'csv', '-o', 'out.csv', '--media', 'email'], command: 'export', options: { range: 'yesterday', format: 'csv', output: 'out.csv', media: ['email'] } },

  { argv: ['serve'], command: 'serve', options: { port: 4000, host: '127.0.0.1', sandboxPort: 4010, seed: 1, graphiql: true, sandbox: false } },
  { argv: ['serve'], command: 'serve', env: { PORT: '8080' }, options: { port: 8080, host: '127.0.0.1', sandboxPort: 4010, seed: 1, graphiql: true, sandbox: false } },
  {
    argv: ['--sandbox', '--sandbox-now', NOW, 'serve', '-p', '0', '--sandbox-port', '0', '--seed', '7', '--no-graphiql', '--host', '0.0.0.0'],
    command: 'serve',
    options: { port: 0, host: '0.0.0.0', sandboxPort: 0, seed: 7, graphiql: false, sandbox: true, sandboxNow: NOW },
  },
  // A global option after the command.
  { argv: ['serve', '--profile', 'prod'], command: 'serve', options: { port: 4000, host: '127.0.0.1', sandboxPort: 4010, seed: 1, graphiql: true, sandbox: false, profile: 'prod' } },

  { argv: ['sandbox'], command: 'sandbox', options: { port: 4010, host: '127.0.0.1', seed: 1 } },
  { argv: ['--sandbox-now', NOW, 'sandbox', '--port', '0', '--rate-limit', '600'], command: 'sandbox', options: { port: 0, host: '127.0.0.1', seed: 1, now: NOW, rateLimit: 600 } },
  { argv: ['--sandbox-now', NOW, 'sandbox', '--now', '2026-01-01T00:00:00Z'], command: 'sandbox', options: { port: 4010, host: '127.0.0.1', seed: 1, now: '2026-01-01T00:00:00Z' } },

  {
    argv: ['config', 'set', 'prod', '--region', 'eu-west-1', '--client-id', 'id', '--client-secret', '-'],
    command: 'config set',
    options: { name: 'prod', region: 'eu-west-1', clientId: 'id', clientSecret: '-' },
  },
  { argv: ['config', 'set', 'me', '--access-token', '-', '--api-url', 'http://127.0.0.1:4010'], command: 'config set', options: { name: 'me', accessToken: '-', apiUrl: 'http://127.0.0.1:4010' } },
  { argv: ['config', 'list', '--fields', 'name'], command: 'config list', options: { fields: ['name'] } },
  { argv: ['config', 'get', 'prod', '--json'], command: 'config get', options: { name: 'prod', json: true } },
  { argv: ['config', 'rm', 'prod'], command: 'config remove', options: { name: 'prod' } },
  { argv: ['config', 'use'], command: 'config use', options: {} },
  { argv: ['config', 'use', 'prod'], command: 'config use', options: { name: 'prod' } },
  { argv: ['config', 'use', '--none'], command: 'config use', options: { none: true } },
  { argv: ['config', 'path'], command: 'config path', options: {} },
  { argv: ['completion', 'fish'], command: 'completion', options: { shell: 'fish' } },
];

describe('argv → the options of the command', () => {
  it('every command is covered', () => {
    expect(new Set(CASES.map((c) => c.command))).toEqual(new Set(Object.keys(RUNS)));
  });

  it.each(CASES)('$argv → $command', async ({ argv, command, options, quiet = false, env = {} }) => {
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    const io = fakeIo();
    const code = await main(argv, io);
    expect(io.stderrText()).toBe('');
    expect(code).toBe(0);
    expect(RUNS[command]).toHaveBeenCalledTimes(1);
    const [got, deps] = RUNS[command]!.mock.calls[0]!;
    expect(got).toEqual(options);
    expect(deps).toMatchObject({ io, quiet });
    for (const [other, run] of Object.entries(RUNS)) if (other !== command) expect(run, other).not.toHaveBeenCalled();
  });
});

/** Rejected while parsing: exit 2 and the message on stderr; nothing runs, nothing on stdout, no stack trace. */
const USAGE: Array<[string[], RegExp]> = [
  [['agentz'], /unknown command 'agentz'[\s\S]*Did you mean agents\?/],
  [['servee'], /unknown command 'servee'[\s\S]*serve/],
  [['agents', '--bogus'], /unknown option '--bogus'/],
  [['serve', '--bogus'], /unknown option '--bogus'/],
  [['export', '--json'], /unknown option '--json'/],
  [['conversation'], /missing required argument 'id'/],
  [['completion'], /missing required argument 'shell'/],
  [['completion', 'tcsh'], /'tcsh' is invalid[\s\S]*bash, zsh, fish/],
  [['config', 'frob'], /unknown command 'frob'/],
  [['--sandbox-now', 'yesterday', 'agents'], /--sandbox-now must be an ISO-8601 instant .*got "yesterday"/],

  [['serve', '--port', '99999'], /--port must be an integer from 0 to 65535, got "99999"/],
  [['serve', '--port', 'abc'], /--port must be an integer from 0 to 65535/],
  [['serve', '--seed', '-1'], /--seed must be an integer from 0/],
  [['sandbox', '--port', 'abc'], /--port must be an integer from 0 to 65535, got "abc"/],
  [['sandbox', '--port', '70000'], /--port must be an integer from 0 to 65535, got "70000"/],
  [['sandbox', '--seed', 'x'], /--seed must be an integer/],
  [['sandbox', '--now', 'tomorrow'], /--now must be an ISO-8601 instant/],
  [['sandbox', '--rate-limit', '0'], /--rate-limit must be an integer from 1/],

  [['agents', '--json', '--csv'], /Choose one output format: --json, --csv were given\./],
  [['agents', '--json', '--ndjson', '--csv'], /Choose one output format: --json, --ndjson, --csv/],
  [['agents', '--fields', 'name,status'], /Unknown field "status"\. Available fields: id, name, email, routingStatus, presence\./],
  [['queues', '--fields', 'size'], /Unknown field "size"\. Available fields: id, name, mediaTypes, members\./],
  [['queues', '--json', '--csv'], /Choose one output format/],
  [['queue-stats', '--fields', 'queue,abandoned'], /Unknown field "abandoned"\. Available fields: queue, queueId, waiting, interacting, alerting, agentsOnQueue, longestWaitMs, members, at\./],
  [['queue-stats', '--csv', '--json'], /Choose one output format/],
  [['queue-stats', '--queue', ','], /--queue expects one or more queue ids or names, comma-separated/],

  [['watch', '--kinds', 'calls'], /Unknown kind "calls"\. Kinds: conversation, agent, queue\./],
  [['watch', '--kinds', ','], /--kinds is empty\. Kinds: conversation, agent, queue\./],
  [['watch', '--max-events', '0'], /--max-events/],
  [['live', '--media', 'fax'], /Unknown media type "fax"\. Media types: voice, callback, chat, email, message, cobrowse, video, screenshare\./],
  [['live', '--fields', 'id,nope'], /Unknown field "nope"\. Available fields: id, startTime, durationMs, mediaType, direction, queue, queueId, agents, state\./],
  [['live', '--json', '--csv'], /Choose one output format: --json, --csv/],
  [['live', '--ndjson', '--json'], /Choose one output format/],
  [['live', '--watch', '0'], /--watch must be an integer from 1/],
  [['live', '--agent', ' , '], /--agent expects one or more agent ids or names, comma-separated/],
  [['agents', '--fields', ''], /--fields expects one or more column names, comma-separated/],

  [['conversation', ID, '--fields', 'purpose,bogus'], /Unknown field "bogus"\. Available fields: purpose, name, state, agent, queue, startTime, endTime\./],
  [['conversation', ID, '--csv', '--ndjson'], /Choose one output format/],
  [['conversation', ID, '--raw'], /--raw goes with --json/],
  [['conversation', ID, '--fields', 'agent', '--json'], /--json prints the whole conversation/],

  [['metrics', '--by', 'team'], /argument 'team' is invalid\. Allowed choices are agent, queue, media/],
  [['metrics', '--range', 'fortnight'], /Unknown time range "fortnight"\. Accepted ranges: today, yesterday, .*"last N days", "last N hours"/],
  [['metrics', '--range', 'last fortnight'], /Unknown time range "last fortnight"[\s\S]*last N days/],
  [['metrics', '--range', 'last 0 days'], /N must be a whole number of at least 1/],
  [['metrics', '--interval', '2026-03-01/2026-03-02'], /Invalid interval "2026-03-01\/2026-03-02": "2026-03-01" is not an ISO-8601 instant/],
  [['metrics', '--interval', '2026-03-02T00:00:00Z/2026-03-01T00:00:00Z'], /the end is not after the start/],
  [['metrics', '--range', 'yesterday', '--interval', INTERVAL], /'--range <range>' cannot be used with option '--interval/],
  [['metrics', '--granularity', 'P1X'], /Invalid granularity "P1X": it is not an ISO-8601 duration\. Use an ISO-8601 duration of months/],
  [['metrics', '--granularity', '1H'], /Invalid granularity "1H": it is not an ISO-8601 duration\..*PT1H/],
  [['metrics', '--granularity', 'P1Y'], /years are not supported \(use P12M\)/],
  [['metrics', '--granularity', 'PT30S'], /seconds are not supported/],
  [['metrics', '--granularity', 'PT1M'], /Invalid granularity "PT1M": its hours and minutes must be a whole multiple of 15 minutes/],
  [['metrics', '--granularity', 'PT0M'], /"PT0M": it must be longer than zero/],
  [['metrics', '--metrics', 'tHandel'], /unknown metric "tHandel" \(did you mean tHandle\?\)\. Valid metrics include nOffered/],
  [['metrics', '--metrics', 'nBogus'], /unknown metric "nBogus"/],
  [['metrics', '--time-zone', 'Mars/Base'], /Unknown time zone "Mars\/Base"/],
  [['metrics', '--agent', ''], /--agent expects one or more agent ids or names/],
  [['export', '--ndjson', '--csv'], /Choose one output format: --ndjson, --csv were given/],
  [['export', '--format', 'csv', '--ndjson'], /Choose one output format: --csv, --ndjson were given/],
  [['metrics', '--media', 'fax'], /Unknown media type "fax"\. Media types: voice, callback/],
  [['metrics', '--buckets'], /--buckets needs --granularity/],
  [['metrics', '--json', '--csv'], /Choose one output format: --json, --csv/],
  [['metrics', '--by', 'queue', '--fields', 'agent'], /Unknown field "agent"\. Available fields: queueId, queue, offered/],
  [['metrics', '--granularity', 'P1D', '--buckets', '--fields', 'handledTrend'], /Unknown field "handledTrend"\. Available fields: agentId, agent, interval, offered/],

  [['history', '--limit', '0'], /--limit must be an integer from 1 to 100000, got "0"/],
  [['history', '--limit', 'lots'], /--limit must be an integer/],
  [['history', '--direction', 'sideways'], /argument 'sideways' is invalid\. Allowed choices are inbound, outbound/],
  [['history', '--fields', 'conversationId,foo'], /Unknown field "foo"\. Available fields: conversationId, start, end/],
  [['history', '--range', 'last week-ish'], /Unknown time range "last week-ish"/],
  [['history', '--interval', '2026-01-01'], /Invalid interval "2026-01-01"/],
  [['history', '--ndjson', '--json'], /Choose one output format/],

  [['export', '--format', 'xml'], /argument 'xml' is invalid\. Allowed choices are ndjson, csv/],
  [['export', '--interval', 'last week'], /Invalid interval "last week"/],
  [['export', '--media', 'voice,carrier-pigeon'], /Unknown media type "carrier-pigeon"/],
  [['export', '--range', 'today', '--interval', INTERVAL], /cannot be used with option '--interval/],

  [['config', 'list', '--json', '--csv'], /Choose one output format: --json, --csv/],
  [['config', 'set', 'x'], /nothing to set: give at least one of --client-id/],
  [['config', 'set', 'x', '--region', 'eu-west-1', '--api-url', 'http://127.0.0.1:4010'], /--region or --api-url, not both/],
  [['config', 'set', 'x', '--access-token', 'a', '--client-id', 'b'], /either an access token or client credentials/],
  [['config', 'set', 'x', '--access-token', '-', '--client-secret', '-'], /either an access token or client credentials/],
  [['config', 'use', 'a', '--none'], /a profile name or --none, not both/],
];

describe('bad command lines are usage errors while parsing (exit 2, nothing runs)', () => {
  it.each(USAGE)('%j', async (argv, message) => {
    const io = fakeIo();
    const code = await main(argv, io);
    expect(io.stderrText()).toMatch(message);
    expect(code).toBe(2);
    expect(io.stdout()).toBe('');
    expect(io.stderrText()).not.toMatch(/\n\s+at /);
    for (const run of Object.values(RUNS)) expect(run).not.toHaveBeenCalled();
  });
});

describe('help', () => {
  it('--help lists every command and the exit codes, exit 0, nothing runs', async () => {
    const io = fakeIo();
    expect(await main(['--help'], io)).toBe(0);
    for (const name of ['serve', 'sandbox', 'live', 'conversation', 'agents', 'queues', 'queue-stats', 'metrics', 'history', 'export', 'config', 'completion']) expect(io.stdout()).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(io.stdout()).toContain('Exit codes:');
    for (const run of Object.values(RUNS)) expect(run).not.toHaveBeenCalled();
  });

  it.each([
    [['live', '--help'], ['Columns: id, startTime, durationMs, mediaType, direction, queue, queueId,\n  agents, state', '--watch [seconds]', '--queue <queues>', 'Example:']],
    [['queue-stats', '--help'], ['--queue <queues>', 'by id or name', 'trend column']],
    [['metrics', '--help'], ['--by agent:  agentId, agent, offered', 'Valid --metrics: nBlindTransferred', '--granularity <duration>']],
    [['history', '--help'], ['Columns: conversationId, start, end, durationMs, mediaType, direction, queues, agents, wrapUpCodes.']],
    [['sandbox', '--help'], ['--port', '--seed', '--now', '--rate-limit', '--host', 'cxgraph-demo / cxgraph-demo-secret']],
    [['config', '--help'], ['1. --sandbox', '2. --profile <name>', '3. environment, .env', '4. the default profile']],
    [['completion', '--help'], ['source <(cxgraph completion bash)', '_cxgraph', '~/.config/fish/completions/cxgraph.fish']],
  ])('%j documents its flags and columns', async (argv, texts) => {
    const io = fakeIo();
    expect(await main(argv, io)).toBe(0);
    for (const t of texts) expect(io.stdout()).toContain(t);
  });
});
