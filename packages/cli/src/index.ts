export { main } from './main.js';
export { EXIT, exitCodeFor } from './exit-codes.js';
export { serve, type ServeOptions, type Serving } from './commands/serve.js';
