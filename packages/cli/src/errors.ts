/**
 * The CLI's own errors (core's are about Genesys). Each has a message a person can act on and, where there
 * is one, a `hint` saying how to fix it; `main` prints both and picks the exit code (see exit-codes.ts).
 */
export class CliError extends Error {
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

/**
 * A bad invocation: a flag's value, a combination of flags, an unknown field or queue. Exit 2, like
 * commander's own parse errors. Thrown by value parsers while argv is parsed, by the command table when it
 * turns flags into options, and by a command that can only tell once it has asked (an unknown queue name).
 */
export class UsageError extends CliError {}

/** A local file or stream could not be written (`export -o`): exit 1, naming the path and why. */
export class OutputError extends CliError {
  constructor(
    readonly path: string,
    cause: NodeJS.ErrnoException,
  ) {
    super(`cannot write to ${path}: ${reason(cause)}${cause.code ? ` (${cause.code})` : ''}.`, {
      hint: 'Choose a path in a directory you can write to, or leave out -o to write to stdout.',
      cause,
    });
  }
}

/** The one-line message for a failed write to stdout (`cxgraph agents > /dev/full`). */
export const stdoutFailure = (e: NodeJS.ErrnoException): string => `cannot write to stdout: ${reason(e)}${e.code ? ` (${e.code})` : ''}.`;

function reason(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'its directory does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return e.message;
  }
}
