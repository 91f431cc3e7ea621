import type { CommandDeps } from '../../deps.js';
import { getProfile, readProfiles, writeProfiles } from '../../profiles.js';

export interface ConfigUseOptions {
  /** The profile to make the default; none: print the default. */
  name?: string;
  /** Clear the default. */
  none?: boolean;
}

/** `cxgraph config use [<profile>] [--none]`: sets, prints or clears the default profile; returns it after. */
export async function run(opts: ConfigUseOptions, deps: CommandDeps): Promise<{ default: string | undefined }> {
  const { io } = deps;
  const file = readProfiles(io);
  if (opts.none) {
    delete file.default;
    writeProfiles(io, file);
    if (!deps.quiet) io.err('There is no default profile now.\n');
    return { default: undefined };
  }
  if (opts.name === undefined) {
    if (file.default !== undefined) io.out(`${file.default}\n`);
    else if (!deps.quiet) io.err('No default profile (`cxgraph config use <name>` sets one).\n');
    return { default: file.default };
  }
  getProfile(opts.name, io, file);
  file.default = opts.name;
  writeProfiles(io, file);
  if (!deps.quiet) io.err(`Default profile: "${opts.name}".\n`);
  return { default: opts.name };
}
