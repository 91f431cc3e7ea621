import { REGIONS } from '@cxgraph/core';
import type { Argument, Command, Option } from 'commander';
import type { CommandDeps } from '../deps.js';

/**
 * `cxgraph completion bash|zsh|fish`: a completion script generated from the commander program itself
 * (every visible command, alias, option, choice and argument), so a new command is covered without
 * touching this file. A value completes to its choices, to file names when its placeholder says so
 * (`<file>`, `<path>`, `<dir>`), to region names for `--region`, and to nothing otherwise. Profile names
 * (`--profile`, and arguments named `profile`) are listed at completion time by `cxgraph config list`.
 */

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** What a value or argument completes to: words, profile names, file names or nothing. */
export type Values = { kind: 'words'; words: string[] } | { kind: 'profiles' } | { kind: 'files' } | { kind: 'none' };

export interface FlagSpec {
  /** `-p`, `--port`. */
  names: string[];
  description: string;
  takesValue: boolean;
  values: Values;
}

export interface CommandNode {
  /** Space-separated canonical names under the root; `''` is the root. */
  path: string;
  /** The children: canonical name, aliases and a one-line description. */
  commands: Array<{ name: string; aliases: string[]; description: string }>;
  flags: FlagSpec[];
  /** Positional arguments in order. */
  args: Values[];
}

const oneLine = (s: string): string => s.split('\n')[0]!.replace(/\s+/g, ' ').trim();

function flagOf(o: Option): FlagSpec {
  const names = [o.short, o.long].filter((n): n is string => Boolean(n));
  const takesValue = Boolean(o.required || o.optional);
  let values: Values = { kind: 'none' };
  if (takesValue) {
    if (o.argChoices) values = { kind: 'words', words: [...o.argChoices] };
    else if (o.long === '--profile') values = { kind: 'profiles' };
    else if (o.long === '--region') values = { kind: 'words', words: REGIONS.map((r) => r.aws) };
    else if (/<[^>]*(file|path|dir)[^>]*>|\[[^\]]*(file|path|dir)[^\]]*\]/i.test(o.flags)) values = { kind: 'files' };
  }
  return { names, description: oneLine(o.description), takesValue, values };
}

function argOf(a: Argument, siblings: string[] | undefined): Values {
  if (a.argChoices) return { kind: 'words', words: [...a.argChoices] };
  if (a.name() === 'profile') return { kind: 'profiles' };
  if (siblings) return { kind: 'words', words: siblings };
  return { kind: 'none' };
}

/** Every command of the program, depth first, with its flags (its own, then the root's global ones). */
export function describeProgram(root: Command): CommandNode[] {
  const help = root.createHelp();
  const globals = help.visibleOptions(root).map(flagOf);
  const nodes: CommandNode[] = [];
  const visit = (cmd: Command, path: string, parent: Command | undefined) => {
    const children = help.visibleCommands(cmd);
    const own = cmd === root ? globals : help.visibleOptions(cmd).map(flagOf);
    // The root's options are accepted after a subcommand too (commander's default).
    const flags = cmd === root ? own : [...own, ...globals.filter((g) => !g.names.some((n) => own.some((f) => f.names.includes(n))))];
    // The implicit `help [command]` completes its siblings.
    const isImplicitHelp = parent !== undefined && cmd.name() === 'help' && !parent.commands.includes(cmd);
    const siblings = isImplicitHelp && parent ? help.visibleCommands(parent).map((c) => c.name()).filter((n) => n !== 'help') : undefined;
    nodes.push({
      path,
      commands: children.map((c) => ({ name: c.name(), aliases: c.aliases(), description: oneLine(c.description()) })),
      flags,
      args: cmd.registeredArguments.map((a) => argOf(a, siblings)),
    });
    for (const child of children) visit(child, path ? `${path} ${child.name()}` : child.name(), cmd);
  };
  visit(root, '', undefined);
  return nodes;
}

// ---------------------------------------------------------------------------------------------------------
// Quoting

/** A single-quoted word for bash and zsh. */
const sq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
/** A single-quoted word for fish. */
const fq = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** Words safe to offer (no whitespace: shells split on it). */
const words = (ws: readonly string[]): string[] => ws.filter((w) => w !== '' && !/\s/.test(w));
/** A `name:description` item for zsh's _describe. */
const zItem = (name: string, description: string): string => sq(`${name.replace(/:/g, '\\:')}:${description}`);

function special(v: Values): string[] {
  switch (v.kind) {
    case 'words':
      return words(v.words);
    case 'profiles':
      return ['@profiles'];
    case 'files':
      return ['@files'];
    case 'none':
      return [];
  }
}

/** The `(path|flag)` pairs of flags that take a value: the root's as `*|flag` (they apply everywhere). */
function valueFlags(nodes: CommandNode[]): Array<{ pattern: { path: string | '*'; flag: string }; values: string[] }> {
  const out: Array<{ pattern: { path: string | '*'; flag: string }; values: string[] }> = [];
  const root = nodes.find((n) => n.path === '');
  const rootFlags = new Set(root?.flags ?? []);
  for (const node of nodes) {
    for (const f of node.flags) {
      if (!f.takesValue || rootFlags.has(f)) continue;
      for (const name of f.names) out.push({ pattern: { path: node.path, flag: name }, values: special(f.values) });
    }
  }
  // Globals last, so a command's own flag of the same name wins.
  for (const f of root?.flags ?? []) {
    if (!f.takesValue) continue;
    for (const name of f.names) out.push({ pattern: { path: '*', flag: name }, values: special(f.values) });
  }
  return out;
}

const children = (nodes: CommandNode[]) =>
  nodes.flatMap((n) => n.commands.flatMap((c) => [c.name, ...c.aliases].map((word) => ({ path: n.path, word, name: c.name }))));

const argCases = (nodes: CommandNode[]) => nodes.flatMap((n) => n.args.map((a, i) => ({ path: n.path, index: i, values: special(a) })).filter((x) => x.values.length > 0));

/** `'path|word'` as a shell pattern; `*` unquoted. */
const pat = (path: string | '*', rest: string, q: (s: string) => string): string => (path === '*' ? `*${q(`|${rest}`)}` : q(`${path}|${rest}`));

// ---------------------------------------------------------------------------------------------------------

export function bashScript(nodes: CommandNode[]): string {
  const L: string[] = [];
  L.push(
    '# bash completion for cxgraph, generated by `cxgraph completion bash` from this version\'s commands.',
    "# Install: echo 'source <(cxgraph completion bash)' >> ~/.bashrc",
    '#      or: cxgraph completion bash > ~/.local/share/bash-completion/completions/cxgraph',
    '',
    '_cxgraph_child() {',
    '  case "$1|$2" in',
  );
  for (const c of children(nodes)) L.push(`    ${pat(c.path, c.word, sq)}) echo ${sq(c.name)} ;;`);
  L.push('  esac', '}', '', '_cxgraph_commands() {', '  case "$1" in');
  for (const n of nodes) if (n.commands.length > 0) L.push(`    ${sq(n.path)}) echo ${sq(n.commands.map((c) => c.name).join(' '))} ;;`);
  L.push('  esac', '}', '', '_cxgraph_flags() {', '  case "$1" in');
  for (const n of nodes) L.push(`    ${sq(n.path)}) echo ${sq(n.flags.flatMap((f) => f.names).join(' '))} ;;`);
  L.push('  esac', '}', '', '# A flag that takes a value: prints what the value completes to (words, @files, @profiles).', '_cxgraph_values() {', '  case "$1|$2" in');
  for (const v of valueFlags(nodes)) L.push(`    ${pat(v.pattern.path, v.pattern.flag, sq)}) echo ${sq(v.values.join(' ') || '@none')} ;;`);
  L.push('    *) return 1 ;;', '  esac', '}', '', '_cxgraph_args() {', '  case "$1|$2" in');
  for (const a of argCases(nodes)) L.push(`    ${sq(`${a.path}|${a.index}`)}) echo ${sq(a.values.join(' '))} ;;`);
  L.push(
    '  esac',
    '}',
    '',
    '_cxgraph_reply() {',
    '  local IFS=$\' \\t\\n\'',
    '  case "$1" in',
    '    @profiles) COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config list --fields name 2>/dev/null | tail -n +2)" -- "$2")) ;;',
    '    @files) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$2")) ;;',
    '    @none) COMPREPLY=() ;;',
    '    *) COMPREPLY=($(compgen -W "$1" -- "$2")) ;;',
    '  esac',
    '}',
    '',
    '_cxgraph() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" cmdpath=\'\' expect=\'\' w child',
    '  local -i i nargs=0',
    '  [[ $cur == = ]] && cur=\'\'',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    w="${COMP_WORDS[i]}"',
    '    [[ $w == = ]] && continue',
    '    if [[ -n $expect ]]; then expect=\'\'; continue; fi',
    '    case "$w" in',
    '      -*) if [[ $w != *=* ]] && _cxgraph_values "$cmdpath" "$w" >/dev/null; then expect="$w"; fi ;;',
    '      *)',
    '        child="$(_cxgraph_child "$cmdpath" "$w")"',
    '        if [[ -n $child ]]; then cmdpath="${cmdpath:+$cmdpath }$child"; nargs=0; else nargs+=1; fi',
    '        ;;',
    '    esac',
    '  done',
    '  if [[ -n $expect ]]; then _cxgraph_reply "$(_cxgraph_values "$cmdpath" "$expect")" "$cur"; return 0; fi',
    '  if [[ $cur == -* ]]; then _cxgraph_reply "$(_cxgraph_flags "$cmdpath")" "$cur"; return 0; fi',
    '  local commands',
    '  commands="$(_cxgraph_commands "$cmdpath")"',
    '  if [[ -n $commands ]]; then _cxgraph_reply "$commands" "$cur"; else _cxgraph_reply "$(_cxgraph_args "$cmdpath" "$nargs")" "$cur"; fi',
    '  return 0',
    '}',
    '',
    'complete -F _cxgraph cxgraph',
    '',
  );
  return L.join('\n');
}

export function zshScript(nodes: CommandNode[]): string {
  const L: string[] = [];
  L.push(
    '#compdef cxgraph',
    '# zsh completion for cxgraph, generated by `cxgraph completion zsh` from this version\'s commands.',
    '# Install: cxgraph completion zsh > "${fpath[1]}/_cxgraph"   (then start a new shell)',
    '#      or, after compinit in ~/.zshrc: source <(cxgraph completion zsh)',
    '',
    '_cxgraph_child() {',
    '  case "$1|$2" in',
  );
  for (const c of children(nodes)) L.push(`    (${pat(c.path, c.word, sq)}) REPLY=${sq(c.name)} ;;`);
  L.push("    (*) REPLY='' ;;", '  esac', '}', '', '_cxgraph_commands() {', '  case "$1" in');
  for (const n of nodes) if (n.commands.length > 0) L.push(`    (${sq(n.path)}) reply=(${n.commands.map((c) => zItem(c.name, c.description)).join(' ')}) ;;`);
  L.push('    (*) reply=() ;;', '  esac', '}', '', '_cxgraph_flags() {', '  case "$1" in');
  for (const n of nodes) L.push(`    (${sq(n.path)}) reply=(${n.flags.flatMap((f) => f.names.map((name) => zItem(name, f.description))).join(' ')}) ;;`);
  L.push('    (*) reply=() ;;', '  esac', '}', '', '_cxgraph_values() {', '  case "$1|$2" in');
  for (const v of valueFlags(nodes)) L.push(`    (${pat(v.pattern.path, v.pattern.flag, sq)}) reply=(${(v.values.length ? v.values : ['@none']).map(sq).join(' ')}) ;;`);
  L.push('    (*) reply=(); return 1 ;;', '  esac', '}', '', '_cxgraph_args() {', '  case "$1|$2" in');
  for (const a of argCases(nodes)) L.push(`    (${sq(`${a.path}|${a.index}`)}) reply=(${a.values.map(sq).join(' ')}) ;;`);
  L.push(
    '    (*) reply=() ;;',
    '  esac',
    '}',
    '',
    '_cxgraph_add() {',
    '  case "${reply[1]-}" in',
    '    (@profiles) local -a names; names=(${(f)"$(${words[1]} config list --fields name 2>/dev/null | tail -n +2)"}); compadd -a names ;;',
    '    (@files) _files ;;',
    '    (@none) ;;',
    '    (*) (( $#reply )) && compadd -a reply ;;',
    '  esac',
    '}',
    '',
    '_cxgraph() {',
    "  local cmdpath='' expect='' w REPLY",
    '  local -a reply',
    '  local -i i nargs=0',
    '  for (( i = 2; i < CURRENT; i++ )); do',
    '    w=${words[i]}',
    "    if [[ -n $expect ]]; then expect=''; continue; fi",
    '    case $w in',
    '      (-*) if [[ $w != *=* ]] && _cxgraph_values "$cmdpath" "$w"; then expect=$w; fi ;;',
    '      (*)',
    '        _cxgraph_child "$cmdpath" "$w"',
    '        if [[ -n $REPLY ]]; then cmdpath=${cmdpath:+$cmdpath }$REPLY; nargs=0; else nargs+=1; fi',
    '        ;;',
    '    esac',
    '  done',
    '  if [[ -n $expect ]]; then _cxgraph_values "$cmdpath" "$expect"; _cxgraph_add; return; fi',
    '  if [[ ${words[CURRENT]} == -* ]]; then _cxgraph_flags "$cmdpath"; _describe -t options option reply; return; fi',
    '  _cxgraph_commands "$cmdpath"',
    '  if (( $#reply )); then _describe -t commands command reply; return; fi',
    '  _cxgraph_args "$cmdpath" "$nargs"',
    '  _cxgraph_add',
    '}',
    '',
    'if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then',
    '  _cxgraph "$@"',
    'else',
    '  compdef _cxgraph cxgraph',
    'fi',
    '',
  );
  return L.join('\n');
}

export function fishScript(nodes: CommandNode[]): string {
  const L: string[] = [];
  const fpat = (path: string | '*', rest: string): string => (path === '*' ? `'*|${rest.replace(/'/g, "\\'")}'` : fq(`${path}|${rest}`));
  L.push(
    '# fish completion for cxgraph, generated by `cxgraph completion fish` from this version\'s commands.',
    '# Install: cxgraph completion fish > ~/.config/fish/completions/cxgraph.fish',
    '',
    'function __cxgraph_child --argument-names cmdpath word',
    '    switch "$cmdpath|$word"',
  );
  for (const c of children(nodes)) L.push(`        case ${fpat(c.path, c.word)}`, `            echo ${fq(c.name)}`);
  L.push('    end', 'end', '', 'function __cxgraph_commands --argument-names cmdpath', '    switch "$cmdpath"');
  for (const n of nodes) {
    if (n.commands.length === 0) continue;
    L.push(`        case ${fq(n.path)}`);
    for (const c of n.commands) L.push(`            printf '%s\\t%s\\n' ${fq(c.name)} ${fq(c.description)}`);
  }
  L.push('    end', 'end', '', 'function __cxgraph_flags --argument-names cmdpath', '    switch "$cmdpath"');
  for (const n of nodes) {
    L.push(`        case ${fq(n.path)}`);
    for (const f of n.flags) for (const name of f.names) L.push(`            printf '%s\\t%s\\n' ${fq(name)} ${fq(f.description)}`);
  }
  L.push('    end', 'end', '', 'function __cxgraph_values --argument-names cmdpath flag', '    switch "$cmdpath|$flag"');
  for (const v of valueFlags(nodes)) L.push(`        case ${fpat(v.pattern.path, v.pattern.flag)}`, `            printf '%s\\n' ${(v.values.length ? v.values : ['@none']).map(fq).join(' ')}`);
  L.push('        case \'*\'', '            return 1', '    end', 'end', '', 'function __cxgraph_args --argument-names cmdpath n', '    switch "$cmdpath|$n"');
  for (const a of argCases(nodes)) L.push(`        case ${fq(`${a.path}|${a.index}`)}`, `            printf '%s\\n' ${a.values.map(fq).join(' ')}`);
  L.push(
    '    end',
    'end',
    '',
    'function __cxgraph_complete',
    '    set -l tokens (commandline -opc)',
    '    set -l bin $tokens[1]',
    '    set -e tokens[1]',
    '    set -l cur (commandline -ct)',
    "    set -l cmdpath ''",
    "    set -l expect ''",
    '    set -l nargs 0',
    '    for w in $tokens',
    '        if test -n "$expect"',
    "            set expect ''",
    '            continue',
    '        end',
    '        switch $w',
    "            case '-*'",
    "                if not string match -q -- '*=*' $w; and __cxgraph_values \"$cmdpath\" $w >/dev/null",
    '                    set expect $w',
    '                end',
    "            case '*'",
    '                set -l child (__cxgraph_child "$cmdpath" $w)',
    '                if test -n "$child"',
    '                    set cmdpath (string trim -- "$cmdpath $child")',
    '                    set nargs 0',
    '                else',
    '                    set nargs (math $nargs + 1)',
    '                end',
    '        end',
    '    end',
    '    set -l out',
    '    if test -n "$expect"',
    '        set out (__cxgraph_values "$cmdpath" $expect)',
    "    else if string match -q -- '-*' \"$cur\"",
    '        set out (__cxgraph_flags "$cmdpath")',
    '    else',
    '        set out (__cxgraph_commands "$cmdpath")',
    '        if test (count $out) -eq 0',
    '            set out (__cxgraph_args "$cmdpath" $nargs)',
    '        end',
    '    end',
    '    switch "$out[1]"',
    "        case '@profiles'",
    '            $bin config list --fields name 2>/dev/null | tail -n +2',
    "        case '@files'",
    '            __fish_complete_path "$cur"',
    "        case '@none'",
    '        case \'*\'',
    "            printf '%s\\n' $out",
    '    end',
    'end',
    '',
    "complete -c cxgraph -f -a '(__cxgraph_complete)'",
    '',
  );
  return L.join('\n');
}

export function completionScript(shell: Shell, root: Command): string {
  const nodes = describeProgram(root);
  return shell === 'bash' ? bashScript(nodes) : shell === 'zsh' ? zshScript(nodes) : fishScript(nodes);
}

export interface CompletionOptions {
  shell: Shell;
}

/** `cxgraph completion <shell>`: prints the script for this program's commands; returns it. */
export async function run(opts: CompletionOptions, deps: CommandDeps): Promise<string> {
  // Loaded here: the program's table imports this module.
  const { buildProgram } = await import('../program.js');
  const script = completionScript(opts.shell, buildProgram(deps.io));
  deps.io.out(script);
  return script;
}
