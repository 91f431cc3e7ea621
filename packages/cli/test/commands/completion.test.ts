import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionScript, describeProgram, run, SHELLS } from '../../src/commands/completion.js';
import * as set from '../../src/commands/config/set.js';
import { buildProgram } from '../../src/program.js';
import { BIN, cleanEnv } from '../support/binary.js';
import { fakeIo } from '../support/io.js';
import { offlineDeps } from '../support/sandbox.js';

/**
 * The scripts are generated in-process; bash and fish then run them, and for profile names they call
 * `cxgraph config list` — the built binary, through a wrapper named `cxgraph`.
 */
const has = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const HAS_ZSH = has('zsh');
const HAS_FISH = has('fish');

const silentIo = fakeIo();
/** The commands the CLI registers, read from the same program the binary builds. */
const program = buildProgram(silentIo);
const COMMANDS = program.commands.map((c) => c.name());
const CONFIG_COMMANDS = program.commands.find((c) => c.name() === 'config')!.commands.map((c) => c.name());

let dir: string;
let wrapper: string;
const scripts: Record<string, string> = {};
/** A flag or name as a whole word of a script (quoted, or in a space-separated list). */
const word = (w: string): RegExp => new RegExp(`[\\s'(|]${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s':)]`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cxgraph-completion-'));
  // `cxgraph` on the completion's command line: the built binary, with its own config dir holding two profiles.
  wrapper = join(dir, 'cxgraph');
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  const io = fakeIo({ env: { XDG_CONFIG_HOME: join(dir, 'config') } });
  for (const name of ['prod', 'staging']) await set.run({ name, region: 'eu-west-1', clientId: `id-${name}`, clientSecret: 'x' }, offlineDeps(io, { quiet: true }));
  for (const shell of SHELLS) {
    const out = fakeIo();
    const script = await run({ shell }, offlineDeps(out));
    expect(out.stdout()).toBe(script);
    expect(out.stderrText()).toBe('');
    scripts[shell] = script;
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cxgraph completion', () => {
  it('knows at least the commands of this brief and the others', () => {
    for (const name of ['serve', 'sandbox', 'config', 'completion']) expect(COMMANDS).toContain(name);
    expect(CONFIG_COMMANDS).toEqual(expect.arrayContaining(['set', 'list', 'get', 'remove', 'use', 'path']));
  });

  it.each(['bash', 'zsh', 'fish'])('the %s script names every registered command and subcommand, and their flags', (shell) => {
    const script = scripts[shell]!;
    for (const name of [...COMMANDS, ...CONFIG_COMMANDS]) expect(script, name).toMatch(word(name));
    for (const flag of ['--profile', '--sandbox-now', '--quiet', '--port', '--sandbox-port', '--client-secret', '--rate-limit', '--help']) expect(script, flag).toMatch(word(flag));
    // Every option of every command is there, read from the program.
    for (const cmd of program.commands) for (const o of cmd.options) if (!o.hidden && o.long) expect(script, `${cmd.name()} ${o.long}`).toMatch(word(o.long));
  });

  it('bash: the script parses (bash -n) and completes commands, subcommands, flags, choices and profile names', () => {
    const file = join(dir, 'cxgraph.bash');
    writeFileSync(file, scripts.bash!);
    execFileSync('bash', ['-n', file]);
    const complete = (...words: string[]): string[] => {
      const line = words.map((w) => `'${w}'`).join(' ');
      const out = execFileSync('bash', ['-c', `source '${file}'; COMP_WORDS=('${wrapper}' ${line}); COMP_CWORD=${words.length}; _cxgraph; printf '%s\\n' "\${COMPREPLY[@]}"`], {
        env: cleanEnv({ XDG_CONFIG_HOME: join(dir, 'config') }),
      }).toString();
      return out.split('\n').filter(Boolean);
    };
    expect(complete('')).toEqual(expect.arrayContaining(COMMANDS));
    expect(complete('con')).toEqual(['conversation', 'config']);
    expect(complete('config', '')).toEqual(expect.arrayContaining(['set', 'list', 'get', 'remove', 'use', 'path']));
    expect(complete('serve', '--sand')).toEqual(['--sandbox-port', '--sandbox', '--sandbox-now']);
    expect(complete('serve', '--sandbox-')).toEqual(['--sandbox-port', '--sandbox-now']);
    expect(complete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(complete('--profile', '')).toEqual(['prod', 'staging']);
    expect(complete('config', 'rm', 'st')).toEqual(['staging']);
    expect(complete('config', 'set', 'x', '--region', 'eu-west-')).toEqual(['eu-west-1', 'eu-west-2']);
    // A global option's value is skipped on the way to the subcommand.
    expect(complete('--sandbox-now', '2026-03-10T14:30:00Z', 'config', 'g')).toEqual(['get']);
    expect(complete('help', 'sa')).toEqual(['sandbox']);
  });

  it.skipIf(!HAS_ZSH)('zsh: the script parses (zsh -n)', () => {
    const file = join(dir, '_cxgraph');
    writeFileSync(file, scripts.zsh!);
    execFileSync('zsh', ['-n', file]);
    expect(scripts.zsh!.startsWith('#compdef cxgraph\n')).toBe(true);
  });

  it.skipIf(!HAS_FISH)('fish: the script parses (fish -n) and completes through `complete -C`', () => {
    const file = join(dir, 'cxgraph.fish');
    writeFileSync(file, scripts.fish!);
    execFileSync('fish', ['-n', file]);
    const complete = (line: string): string[] =>
      execFileSync('fish', ['--no-config', '-c', `source '${file}'; function cxgraph; '${wrapper}' $argv; end; complete -C '${line}'`], { env: cleanEnv({ XDG_CONFIG_HOME: join(dir, 'config') }) })
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]!);
    expect(complete('cxgraph con')).toEqual(['config', 'conversation']);
    expect(complete('cxgraph completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(complete('cxgraph config use ')).toEqual(['prod', 'staging']);
  });
});

describe('completion scripts are generated from the program', () => {
  it('a command added later, with its flags, choices and alias, is covered without touching completion.ts', () => {
    const root = new Command('cxgraph').option('--profile <name>', 'profile');
    root
      .command('widgets')
      .alias('w')
      .description('List widgets')
      .option('--colour <colour>', 'colour')
      .addOption(new Option('--size <size>', 'size').choices(['s', 'm', 'l']))
      .option('-o, --output <file>', 'write here');
    const nodes = describeProgram(root);
    const widgets = nodes.find((n) => n.path === 'widgets')!;
    expect(widgets.flags.map((f) => f.names.join(' '))).toEqual(['--colour', '--size', '-o --output', '-h --help', '--profile']);
    expect(widgets.flags.find((f) => f.names.includes('--size'))!.values).toEqual({ kind: 'words', words: ['s', 'm', 'l'] });
    expect(widgets.flags.find((f) => f.names.includes('--output'))!.values).toEqual({ kind: 'files' });
    expect(widgets.flags.find((f) => f.names.includes('--profile'))!.values).toEqual({ kind: 'profiles' });
    for (const shell of ['bash', 'zsh', 'fish'] as const) {
      const script = completionScript(shell, root);
      expect(script).toMatch(word('widgets'));
      expect(script).toMatch(/\|w'/); // the alias, as a case pattern
      expect(script).toMatch(word('--colour'));
    }
  });
});
