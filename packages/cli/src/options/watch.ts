import type { Flag } from './flag.js';
import { integer } from './values.js';

/** Seconds between refreshes when `--watch` is given bare. */
export const DEFAULT_WATCH_SECONDS = 5;

/** `--watch [seconds]`: whole seconds from 1 to a day; bare, `true` (read it with `watchSeconds`). */
export const watchFlag = (what: string): Flag => ({
  flags: '--watch [seconds]',
  description: `refresh ${what} every N seconds (default ${DEFAULT_WATCH_SECONDS}) until Ctrl-C`,
  parse: integer('--watch', 1, 86_400),
});

/** `--watch`'s value as seconds: undefined when not watching. */
export const watchSeconds = (value: number | boolean | undefined): number | undefined => (value === undefined || value === false ? undefined : value === true ? DEFAULT_WATCH_SECONDS : value);
