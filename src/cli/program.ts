/** The commander program: the default command `cluster [paths...]`, its help text, and the conversion of
 * option values (flags over the config file over the spec's defaults) into a typed config. */
import { Command } from 'commander';
import { createRequire } from 'node:module';
import { ParameterError, resolveParams } from '../params.js';
import { OPTIONS, specOf, type OptionKey } from '../options/spec.js';
import type { InputPath } from '../input/discover.js';
import type { Format } from '../report/index.js';
import type { ClusterOptions } from '../types.js';
import { SUBCOMMANDS, type CommandContext } from './commands.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';
import { addSpecOptions, flagOf, readSpecOptions, type OptionValues } from './spec-options.js';

const require = createRequire(import.meta.url);
export const VERSION = (require('../../package.json') as { version: string }).version;

const EXAMPLES = `
Examples:
  $ cluster ./articles                         clusters of rewrites, as a table
  $ cluster ./articles --json | jq '.clusters[] | {representative, size}'
  $ cluster corpus.jsonl --text-field body --format ndjson > clusters.ndjson
  $ cat articles.jsonl | cluster - --mode duplicate --json
  $ cluster ./articles --mode story --threshold 0.25 --all
  $ git ls-files -z '*.md' | cluster --files-from - -0
  $ cluster ./dataset --fail-on-duplicates --quiet    exit 1 when any cluster is found (CI)
  $ cluster dedup crawl.jsonl.zst -o clean.jsonl       write the dataset without its duplicates (see cluster dedup --help)
  $ cluster extract ./pages                            each document as the clustering reads it (JSON lines)
  $ cluster index add ./today                          match today's articles against everything indexed (see cluster index --help)

The table:
  score        the member's similarity to the cluster's representative (★), on the mode's scale:
               Jaccard of shingles for duplicate, TF-IDF cosine for rewrite and story
  containment  the share of the member's shingles found in the representative (0-1)
  +            the member joined by attachment: its best match is below the threshold (story mode)

Options can also come from wirecluster.config.json, .wireclusterrc or a "wirecluster" key in
package.json (found from the working folder upwards; flags win, and --no-<option> turns off one it
turned on, such as --no-fail-on-duplicates; see README "Config file").

Exit codes: 0 ran (no findings, or findings without a --fail-on/--max rule), 1 findings with such a rule,
2 usage error or an input that could not be used (a missing path; any skipped input with --strict; a
write error), 130 interrupted (Ctrl-C), 143 terminated (SIGTERM). Unreadable files are skipped with a
reason on stderr and in the JSON "skipped".
`;

type SortKey = 'size' | 'score' | 'id';

export interface CliConfig {
  /** Inputs: a path read from --files-from that is not UTF-8 is kept as its bytes. */
  paths: InputPath[];
  format: Format;
  /** Undefined: standard output (also for `-o -`). */
  output?: string;
  cluster: ClusterOptions;
  fields: { idField: string; textField: string; titleField: string };
  /** CSV field separator; undefined: detected from the header line. */
  delimiter?: string;
  include: string[];
  exclude: string[];
  /** Follow symbolic links that lead out of an input folder. */
  follow: boolean;
  /** Read more paths from this file (`-`: standard input), NUL-separated when `nul`. */
  filesFrom?: string;
  nul: boolean;
  sort: SortKey;
  top?: number;
  /** Table width; undefined: the terminal's, or unlimited when not a terminal. */
  width?: number;
  failOnDuplicates: boolean;
  maxClusters?: number;
  maxDuplicateRatio?: number;
  strict: boolean;
  color?: boolean;
  quiet: boolean;
  /** Largest article file read, in bytes. */
  maxFileSize: number;
  /** Allow --output inside an input folder. */
  force: boolean;
  /** Worker threads; undefined: one per core. */
  workers?: number;
  /** An index whose story frequencies are added to the run's own (`--idf-from`). */
  idfFrom?: string;
}

/** Adds the options every command that clusters shares, read from the spec. */
export function createProgram(): Command {
  const program = new Command()
    .name('cluster')
    .description('Find rewrites of the same news story among articles and group them into clusters with scores.')
    .argument(
      '[paths...]',
      'files, folders (recursive) or - for standard input; .txt .md .html .jsonl .ndjson .csv .tsv .parquet, also .gz .zst .bz2',
    );
  addSpecOptions(program);
  return program
    .option('--config <file>', 'read options from this config file instead of searching for one')
    .option('--no-config', 'ignore config files')
    .version(VERSION, '-V, --version')
    .helpOption('-h, --help', 'show this help')
    .helpCommand(false)
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError(true);
}

/** The program with its subcommands, as the binary runs it. */
export function createCliProgram(ctx: CommandContext): Command {
  const program = createProgram();
  // Subcommands copy these settings when they are created, so they come first.
  program.exitOverride();
  program.configureOutput({
    writeOut: (text) => ctx.io.stdout(text),
    writeErr: (text) => ctx.io.stderr(text),
    outputError: (text, write) => write(text.startsWith('error: ') ? `cluster: ${text.slice(7)}` : text),
    ...(ctx.io.columns !== undefined ? {} : { getOutHelpWidth: () => 80 }),
  });
  for (const register of SUBCOMMANDS) register(program, ctx);
  return program;
}

/** The full --help text, as the binary prints it when standard output is not a terminal. */
export function helpText(): string {
  let out = '';
  const io: CliIo = {
    stdout: (text) => (out += text),
    stderr: () => undefined,
    stdin: (async function* () {})(),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    columns: undefined,
  };
  const program = createCliProgram({ io, setAction: () => undefined });
  program.outputHelp();
  return out;
}

const MB = 1024 * 1024;
const LIBRARY_KEYS = OPTIONS.filter((o) => o.scope === 'library').map((o) => o.key);

function defaultOf(key: OptionKey): unknown {
  const spec = specOf(key);
  return 'default' in spec ? spec.default : undefined;
}

/** Reads merged values with the spec's default as the fallback. */
function reader(values: OptionValues) {
  return {
    get<T>(key: OptionKey): T {
      return (values[key] ?? defaultOf(key)) as T;
    },
    maybe<T>(key: OptionKey): T | undefined {
      return values[key] as T | undefined;
    },
  };
}

/** Library errors name options by key; on the command line they are flags. */
export function asUsageError(error: ParameterError): UsageError {
  const flag = (key: OptionKey): string => flagOf(specOf(key));
  return new UsageError(`${flag(error.option)} must be ${error.expected(flag)}, got "${String(error.value)}"`);
}

function clusterOptions(values: OptionValues): ClusterOptions {
  const cluster: Record<string, unknown> = {};
  for (const key of LIBRARY_KEYS) if (values[key] !== undefined) cluster[key] = values[key];
  const options = cluster as ClusterOptions;
  try {
    resolveParams(options);
  } catch (error) {
    throw error instanceof ParameterError ? asUsageError(error) : error;
  }
  return options;
}

function formatOf(values: OptionValues): Format {
  const format = values.format as Format | undefined;
  if (values.json === true && format !== undefined && format !== 'json') {
    throw new UsageError(`--json and --format ${format} contradict each other; give one of them`);
  }
  return values.json === true ? 'json' : (format ?? (defaultOf('format') as Format));
}

/** `tab` and `\t` as typed in a shell stand for the tab character. */
function delimiterOf(given: string): string {
  const delimiter = given === 'tab' || given === '\\t' ? '\t' : given;
  if ([...delimiter].length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new UsageError(`--delimiter must be one character other than a quote or a line break (tab: "tab"), got "${given}"`);
  }
  return delimiter;
}

/** Typed config from option values (flags merged over a config file). */
export function toConfig(paths: string[], values: OptionValues): CliConfig {
  const v = reader(values);
  const config: CliConfig = {
    paths,
    format: formatOf(values),
    cluster: clusterOptions(values),
    fields: { idField: v.get('idField'), textField: v.get('textField'), titleField: v.get('titleField') },
    include: v.maybe<string[]>('include') ?? [],
    exclude: v.maybe<string[]>('exclude') ?? [],
    follow: v.maybe('follow') === true,
    nul: v.maybe('null') === true,
    sort: v.get('sort'),
    failOnDuplicates: v.maybe('failOnDuplicates') === true,
    strict: v.maybe('strict') === true,
    quiet: v.maybe('quiet') === true,
    maxFileSize: Math.round(v.get<number>('maxFileSize') * MB),
    force: v.maybe('force') === true,
  };
  const output = v.maybe<string>('output');
  if (output !== undefined && output !== '-') config.output = output;
  const optional = ['delimiter', 'filesFrom', 'top', 'width', 'maxClusters', 'maxDuplicateRatio', 'color', 'workers', 'idfFrom'] as const;
  for (const key of optional) {
    const value = v.maybe(key);
    if (value !== undefined) Object.assign(config, { [key]: value });
  }
  if (config.delimiter !== undefined) config.delimiter = delimiterOf(config.delimiter);
  if (config.nul && config.filesFrom === undefined) throw new UsageError('-0/--null applies to --files-from; give --files-from too');
  return config;
}

/** Parses argv (without node and script) with flags only, no config file. Throws UsageError for bad
 * values; commander's own errors surface as CommanderError because the caller sets exitOverride. */
export function parseArgs(program: Command, argv: readonly string[]): CliConfig {
  program.exitOverride();
  program.parse([...argv], { from: 'user' });
  return toConfig(program.args, readSpecOptions(program));
}
