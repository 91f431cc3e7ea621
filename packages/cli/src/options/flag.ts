/**
 * One flag as the command table declares it; program.ts turns it into a commander Option. Parsers throw
 * UsageError for a bad value (see values.ts).
 */
export interface Flag {
  /** commander's flags string: `-p, --port <port>`, `--watch [seconds]`, `--no-graphiql`. */
  flags: string;
  description: string;
  parse?: (value: string, previous: never) => unknown;
  choices?: readonly string[];
  default?: unknown;
  /** An environment variable that gives the value when the flag is not (commander's `.env()`). */
  env?: string;
  /** The attribute name of a flag that cannot be given with this one. */
  conflicts?: string;
}
