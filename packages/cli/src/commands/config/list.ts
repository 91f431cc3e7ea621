import type { CommandDeps } from '../../deps.js';
import { pickColumns, writeRows } from '../../output/format.js';
import { formatFor, type OutputOptions } from '../../options/output.js';
import { profilesPath, readProfiles } from '../../profiles.js';
import { PROFILE_COLUMNS, toRow, type ProfileRow } from './rows.js';

export type ConfigListOptions = OutputOptions;

/** `cxgraph config list`: every profile, by name (secrets shown as [redacted]). */
export async function run(opts: ConfigListOptions, deps: CommandDeps): Promise<ProfileRow[]> {
  const { io } = deps;
  const file = readProfiles(io);
  const rows = Object.keys(file.profiles)
    .sort()
    .map((name) => toRow(name, file.profiles[name] ?? {}, name === file.default));
  if (rows.length === 0 && !deps.quiet) io.err(`No profiles yet (${profilesPath(io)}). Create one with \`cxgraph config set <name> …\`.\n`);
  await writeRows(io, rows, pickColumns(PROFILE_COLUMNS, opts.fields), formatFor(opts.format, io.isTTY));
  return rows;
}
