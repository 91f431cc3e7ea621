import { Command, InvalidArgumentError, Option } from 'commander';
import { registerServe } from './commands/serve.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerConfig } from './commands/config.js';
import { registerCompletion } from './commands/completion.js';
import { registerLive } from './commands/live.js';
import { registerConversation } from './commands/conversation.js';
import { registerAgents } from './commands/agents.js';
import { registerQueues } from './commands/queues.js';
import { registerQueueStats } from './commands/queue-stats.js';
import { registerMetrics } from './commands/metrics.js';
import { registerHistory } from './commands/history.js';
import { registerExport } from './commands/export.js';
import { EXIT_HELP } from './exit-codes.js';
import type { Io } from './io.js';

/** Every command registers itself here; keep the list in the order `--help` shows. */
const REGISTRARS: Array<(program: Command, io: Io) => void> = [
  registerServe,
  registerSandbox,
  registerLive,
  registerConversation,
  registerAgents,
  registerQueues,
  registerQueueStats,
  registerMetrics,
  registerHistory,
  registerExport,
  registerConfig,
  registerCompletion,
];

export function buildProgram(io: Io, registrars = REGISTRARS): Command {
  const program = new Command('cxgraph')
    .description('One GraphQL schema and one CLI over Genesys Cloud live conversations and analytics.')
    .option('--profile <name>', 'use a named profile (see `cxgraph config`)')
    .option('--sandbox', 'run against an in-process sandbox (a simulated Genesys Cloud org)')
    .addOption(
      new Option('--sandbox-now <instant>', "freeze the sandbox's clock at this ISO-8601 instant").argParser((v: string) => {
        if (Number.isNaN(Date.parse(v))) throw new InvalidArgumentError(`--sandbox-now must be an ISO-8601 instant such as 2026-03-10T14:30:00Z, got "${v}".`);
        return v;
      }),
    )
    .option('-q, --quiet', 'no progress or notices on stderr')
    .option('--debug', 'more detail in error messages (never secrets)')
    .addHelpText('after', `\n${EXIT_HELP}\n`)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showSuggestionAfterError();
  for (const register of registrars) register(program, io);
  return program;
}
