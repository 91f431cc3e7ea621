import { createRequire } from 'node:module';
import { Argument, Command, Option } from 'commander';
import { COMMANDS, GLOBAL_FLAGS, PROGRAM, type Action, type CommandSpec } from './command-table.js';
import type { GlobalOptions } from './deps.js';
import type { Io } from './io.js';
import type { Flag } from './options/flag.js';

/** This package's version (package.json sits one level above both src/ and dist/). */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** What the program does with a parsed command line: run the action with its options (main creates the deps). */
export type Invoke = (action: Action, options: unknown, globals: GlobalOptions) => Promise<void>;

/** The commander program of the command table; `invoke` is called once argv is parsed and checked. */
export function buildProgram(io: Pick<Io, 'out' | 'err'>, invoke: Invoke = async () => {}): Command {
  const program = new Command(PROGRAM.name).description(PROGRAM.description);
  for (const flag of GLOBAL_FLAGS) program.addOption(toOption(flag));
  program
    .version(VERSION, '-V, --version', 'print the version of cxgraph and exit')
    .addHelpText('after', PROGRAM.help)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showSuggestionAfterError();
  // Subcommands inherit the output, exitOverride and suggestion settings.
  for (const spec of COMMANDS) addCommand(program, spec, invoke);
  return program;
}

export function toOption(flag: Flag): Option {
  const option = new Option(flag.flags, flag.description);
  if (flag.parse) option.argParser(flag.parse as (value: string, previous: unknown) => unknown);
  if (flag.choices) option.choices(flag.choices);
  if (flag.default !== undefined) option.default(flag.default);
  if (flag.env) option.env(flag.env);
  if (flag.conflicts) option.conflicts(flag.conflicts);
  return option;
}

function addCommand(parent: Command, spec: CommandSpec, invoke: Invoke): void {
  const command = parent.command(spec.name).description(spec.description);
  for (const alias of spec.aliases ?? []) command.alias(alias);
  for (const a of spec.args ?? []) {
    const argument = new Argument(a.name, a.description);
    if (a.choices) argument.choices(a.choices);
    command.addArgument(argument);
  }
  for (const flag of spec.flags ?? []) command.addOption(toOption(flag));
  if (spec.help) command.addHelpText('after', spec.help);
  for (const sub of spec.subcommands ?? []) addCommand(command, sub, invoke);
  const action = spec.action;
  if (!action) return;
  command.action(async (...params: unknown[]) => {
    const self = params[params.length - 1] as Command;
    let root = self;
    while (root.parent) root = root.parent;
    // Global options are accepted before or after the command (commander keeps them on the root).
    const globals = root.opts<GlobalOptions>();
    await invoke(action, action.options({ args: self.processedArgs as string[], flags: self.opts() as never, globals }), globals);
  });
}
