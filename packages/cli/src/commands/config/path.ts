import type { CommandDeps } from '../../deps.js';
import { profilesPath } from '../../profiles.js';

export type ConfigPathOptions = Record<string, never>;

/** `cxgraph config path`: the profiles file's path. */
export async function run(_opts: ConfigPathOptions, deps: CommandDeps): Promise<string> {
  const path = profilesPath(deps.io);
  deps.io.out(`${path}\n`);
  return path;
}
