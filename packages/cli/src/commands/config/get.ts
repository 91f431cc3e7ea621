import type { CommandDeps } from '../../deps.js';
import { getProfile, readProfiles } from '../../profiles.js';
import { PROFILE_COLUMNS, toRow, type ProfileRow } from './rows.js';

export interface ConfigGetOptions {
  name: string;
  /** One JSON object instead of `key  value` lines. */
  json?: boolean;
}

/** `cxgraph config get <profile>`: one profile's fields (secrets shown as [redacted]); unknown is a ConfigError. */
export async function run(opts: ConfigGetOptions, deps: CommandDeps): Promise<ProfileRow> {
  const { io } = deps;
  const file = readProfiles(io);
  const row = toRow(opts.name, getProfile(opts.name, io, file), opts.name === file.default);
  if (opts.json) {
    const o: Record<string, unknown> = {};
    for (const c of PROFILE_COLUMNS) o[c.key] = c.get(row) ?? null;
    io.out(`${JSON.stringify(o, null, 2)}\n`);
  } else {
    const width = Math.max(...PROFILE_COLUMNS.map((c) => c.key.length));
    io.out(PROFILE_COLUMNS.map((c) => `${c.key.padEnd(width)}  ${String(c.get(row) ?? '')}`.trimEnd()).join('\n') + '\n');
  }
  return row;
}
