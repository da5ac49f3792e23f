/** The option spec as commander options, and commander's parsed strings back as typed, checked values.
 * Every command (the default one and the subcommands) declares its options through here. */
import { Option, type Command } from 'commander';
import { OPTIONS, expectedFor, helpSuffix, isNegatable, type OptionKey, type OptionSpec } from '../options/spec.js';
import { UsageError } from './errors.js';

/** Option values by key, as given (command line or config file); absent keys were not given. */
export type OptionValues = Partial<Record<OptionKey, unknown>>;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function flagOf(spec: OptionSpec): string {
  return `--${spec.flag}`;
}

function commanderOptions(spec: OptionSpec): Option[] {
  const flags = `${spec.short ? `-${spec.short}, ` : ''}--${spec.flag}${spec.arg ? ` ${spec.arg}` : ''}`;
  // No commander defaults: a value that is absent must stay absent so a config file can supply it.
  const option = new Option(flags, `${spec.help}${helpSuffix(spec)}`);
  if (spec.type === 'choice') option.choices(spec.choices);
  if (spec.type === 'list') option.argParser(collect);
  if (isNegatable(spec)) return [option, new Option(`--no-${spec.flag}`, `no ${spec.flag}`).hideHelp()];
  return [option];
}

/** Adds the options named by `keys` (all by default) to a command. */
export function addSpecOptions(command: Command, keys: readonly OptionKey[] = OPTIONS.map((o) => o.key)): Command {
  for (const key of keys) {
    const spec = OPTIONS.find((o) => o.key === key) as OptionSpec;
    for (const option of commanderOptions(spec)) command.addOption(option);
  }
  return command;
}

/** A command-line string as the spec's type, or a UsageError naming the flag and the range. */
function convertFlag(spec: OptionSpec, raw: unknown): unknown {
  let value = raw;
  if ((spec.type === 'number' || spec.type === 'integer') && typeof raw === 'string') {
    value = raw.trim() === '' ? Number.NaN : Number(raw);
  }
  const expected = expectedFor(spec, value);
  if (expected !== undefined) throw new UsageError(`${flagOf(spec)} must be ${expected}, got "${String(raw)}"`);
  return value;
}

/** The options given on the command line, converted and checked; options left out are absent. */
export function readSpecOptions(command: Command, keys: readonly OptionKey[] = OPTIONS.map((o) => o.key)): OptionValues {
  const raw = command.opts<Record<string, unknown>>();
  const values: OptionValues = {};
  for (const key of keys) {
    if (raw[key] === undefined) continue;
    values[key] = convertFlag(OPTIONS.find((o) => o.key === key) as OptionSpec, raw[key]);
  }
  return values;
}
