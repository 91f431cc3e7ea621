import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT_HELP } from './exit-codes.js';
import type { Io } from './io.js';

/** What a parsed command asks for; `main` runs it. Kept apart from running so parsing is testable. */
export type Invocation = { command: 'serve'; options: import('./commands/serve.js').ServeOptions };

const integer = (name: string, min: number, max: number) => (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
  return n;
};

export function buildProgram(io: Io, onInvoke: (i: Invocation) => void): Command {
  const program = new Command('cxgraph')
    .description('One GraphQL schema and one CLI over Genesys Cloud live conversations and analytics.')
    .addHelpText('after', `\n${EXIT_HELP}\n`)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showSuggestionAfterError();

  program
    .command('serve')
    .description('Serve the GraphQL gateway and GraphiQL. With no credentials set, it serves a simulated org (the sandbox).')
    .addOption(new Option('-p, --port <port>', 'port of the gateway').default(4000).argParser(integer('--port', 0, 65535)).env('PORT'))
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--sandbox', 'serve on the in-process sandbox even when credentials are set', false)
    .addOption(new Option('--sandbox-port <port>', 'port of the sandbox').default(4010).argParser(integer('--sandbox-port', 0, 65535)))
    .addOption(new Option('--seed <seed>', "the sandbox's seed").default(1).argParser(integer('--seed', 0, 2 ** 31 - 1)))
    .option('--sandbox-now <instant>', "freeze the sandbox's clock at this ISO-8601 instant (demos and tests)")
    .option('--no-graphiql', 'do not serve GraphiQL to browsers')
    .addHelpText('after', '\nExample:\n  cxgraph serve                 # no credentials: gateway on http://localhost:4000/graphql over the sandbox\n')
    .action((opts: { port: number; host: string; sandbox: boolean; sandboxPort: number; seed: number; graphiql: boolean; sandboxNow?: string }) => {
      if (opts.sandboxNow !== undefined && Number.isNaN(Date.parse(opts.sandboxNow))) {
        throw new InvalidArgumentError(`--sandbox-now must be an ISO-8601 instant such as 2026-03-10T14:30:00Z, got "${opts.sandboxNow}".`);
      }
      onInvoke({ command: 'serve', options: { ...opts } });
    });

  return program;
}
