export { main } from './main.js';
export { EXIT, exitCodeFor } from './exit-codes.js';
export { serve, registerServe, type ServeOptions, type Serving } from './commands/serve.js';
export { buildProgram } from './program.js';
export { CommandContext, type GlobalOptions } from './context.js';
