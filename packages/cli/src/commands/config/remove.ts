import type { CommandDeps } from '../../deps.js';
import { getProfile, readProfiles, writeProfiles } from '../../profiles.js';

export interface ConfigRemoveOptions {
  name: string;
}

/** `cxgraph config remove <profile>`: deletes it, and the default if it was. */
export async function run(opts: ConfigRemoveOptions, deps: CommandDeps): Promise<{ wasDefault: boolean }> {
  const { io } = deps;
  const file = readProfiles(io);
  getProfile(opts.name, io, file);
  delete file.profiles[opts.name];
  const wasDefault = file.default === opts.name;
  if (wasDefault) delete file.default;
  writeProfiles(io, file);
  if (!deps.quiet) io.err(`Removed profile "${opts.name}".${wasDefault ? ' There is no default profile now (`cxgraph config use <name>` sets one).' : ''}\n`);
  return { wasDefault };
}
