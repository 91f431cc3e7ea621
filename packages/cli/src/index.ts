export { main } from './main.js';
export { EXIT, exitCodeFor } from './exit-codes.js';
export { CliError, OutputError, UsageError } from './errors.js';
export { serve, type ServeOptions, type Serving } from './commands/serve.js';
export { buildProgram } from './program.js';
export { COMMANDS, GLOBAL_FLAGS, type CommandSpec } from './command-table.js';
export { createDeps, type CommandDeps, type GlobalOptions } from './deps.js';
export type { Io } from './io.js';
