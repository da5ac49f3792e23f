/** `cluster completion bash|zsh|fish`: a completion script built from the option spec, so a new option
 * completes without editing this file. Install: see README "Shell completion". */
import type { Command } from 'commander';
import { OPTIONS, isNegatable, type OptionSpec } from '../options/spec.js';
import type { CommandContext } from './commands.js';
import { EXIT } from './exit-code.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

/** The program's own options, outside the spec: [long flag, short flag, help, takes a file]. */
const EXTRA_OPTIONS: ReadonlyArray<readonly [string, string, string, boolean]> = [
  ['config', '', 'read options from this config file', true],
  ['no-config', '', 'ignore config files', false],
  ['help', 'h', 'show this help', false],
  ['version', 'V', 'print the version', false],
];

/** `--no-strict` and the like: switch off what a config file switched on. */
function negations(): OptionSpec[] {
  return (OPTIONS as readonly OptionSpec[])
    .filter(isNegatable)
    .map((o) => ({ key: o.key, flag: `no-${o.flag}`, help: `no --${o.flag}`, type: 'boolean', scope: o.scope }));
}

function extraSpecs(): OptionSpec[] {
  return EXTRA_OPTIONS.map(([flag, short, help, file]) => ({
    key: flag,
    flag,
    help,
    type: 'string',
    scope: 'cli',
    ...(short ? { short } : {}),
    ...(file ? { arg: '<file>' } : {}),
  }));
}

/** Every option the default command takes, as completion offers them. */
function completedOptions(): OptionSpec[] {
  return [...OPTIONS, ...negations(), ...extraSpecs()];
}

function flagsOf(spec: OptionSpec): string[] {
  return [`--${spec.flag}`, ...(spec.short ? [`-${spec.short}`] : [])];
}

function allFlags(): string[] {
  return completedOptions().flatMap(flagsOf);
}

/** `--mode`: duplicate rewrite story; the values a flag completes to. */
function choiceFlags(): Array<{ flag: string; choices: readonly string[] }> {
  return OPTIONS.flatMap((o: OptionSpec) => (o.type === 'choice' ? [{ flag: o.flag, choices: o.choices }] : []));
}

function bashScript(commands: readonly string[]): string {
  const cases = choiceFlags()
    .map(({ flag, choices }) => `    --${flag}) COMPREPLY=($(compgen -W "${choices.join(' ')}" -- "$cur")); return ;;`)
    .join('\n');
  return `# bash completion for cluster (wirecluster); source it or put it in bash-completion's folder
_cluster() {
  local cur prev
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
${cases}
    completion) COMPREPLY=($(compgen -W "${SHELLS.join(' ')}" -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "${allFlags().join(' ')}" -- "$cur"))
  elif [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${commands.join(' ')}" -- "$cur") $(compgen -f -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _cluster cluster
`;
}

function quoteZsh(text: string): string {
  return text.replace(/[[\]:'\\]/g, (c) => (c === "'" ? "'\\''" : `\\${c}`));
}

function zshSpec(o: OptionSpec): string {
  const values =
    o.type === 'choice' ? `:${o.flag}:(${o.choices.join(' ')})` : o.arg ? `:${o.flag}:${o.arg === '<file>' ? '_files' : ' '}` : '';
  const names = o.short ? `(-${o.short} --${o.flag})'{-${o.short},--${o.flag}}'` : `--${o.flag}`;
  return `    '${names}[${quoteZsh(o.help)}]${values}'`;
}

function zshScript(commands: readonly string[]): string {
  const specs = completedOptions().map(zshSpec);
  return `#compdef cluster
# zsh completion for cluster (wirecluster); put it on $fpath as _cluster
_cluster() {
  _arguments -s \\
${specs.join(' \\\n')} \\
    '1:command or path:(${commands.join(' ')})' \\
    '*:path:_files'
}
_cluster "$@"
`;
}

function fishScript(commands: readonly string[]): string {
  const lines = completedOptions().map((o) => {
    const short = o.short && /^[a-z]$/i.test(o.short) ? ` -s ${o.short}` : '';
    const values = o.type === 'choice' ? ` -x -a '${o.choices.join(' ')}'` : o.arg ? ' -r' : '';
    return `complete -c cluster -l ${o.flag}${short}${values} -d '${o.help.replaceAll("'", "\\'")}'`;
  });
  return `# fish completion for cluster (wirecluster); save as ~/.config/fish/completions/cluster.fish
${lines.join('\n')}
complete -c cluster -n '__fish_use_subcommand' -a '${commands.join(' ')}'
complete -c cluster -n '__fish_seen_subcommand_from completion' -x -a '${SHELLS.join(' ')}'
`;
}

function completionScript(shell: Shell, commands: readonly string[]): string {
  if (shell === 'bash') return bashScript(commands);
  if (shell === 'zsh') return zshScript(commands);
  return fishScript(commands);
}

export function registerCompletion(program: Command, ctx: CommandContext): void {
  program
    .command('completion')
    .description('print a shell completion script')
    .argument('<shell>', SHELLS.join(', '))
    .action((shell: string) => {
      ctx.setAction(async () => {
        if (!(SHELLS as readonly string[]).includes(shell)) {
          ctx.io.stderr(`cluster: completion: unknown shell "${shell}"; use one of ${SHELLS.join(', ')}\n`);
          return EXIT.error;
        }
        ctx.io.stdout(
          completionScript(
            shell as Shell,
            program.commands.map((c) => c.name()),
          ),
        );
        return EXIT.ok;
      });
    });
}
