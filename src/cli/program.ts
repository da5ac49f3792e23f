/** The commander program: flags, help text and the conversion of parsed flags into a typed config. */
import { Command, Option } from 'commander';
import { createRequire } from 'node:module';
import { MODE_NAMES, isMode } from '../cluster/modes.js';
import { FORMATS, isFormat, type Format } from '../report/index.js';
import type { ClusterOptions } from '../types.js';
import { UsageError } from './errors.js';
import { runExtract } from './extract.js';
import type { CliIo } from './main.js';

const require = createRequire(import.meta.url);
export const VERSION = (require('../../package.json') as { version: string }).version;

export const EXAMPLES = `
Examples:
  $ cluster ./articles                         clusters of rewrites, as a table
  $ cluster ./articles --json | jq '.clusters[] | {representative, size}'
  $ cluster corpus.jsonl --text-field body --format ndjson > clusters.ndjson
  $ cat articles.jsonl | cluster - --mode duplicate --json
  $ cluster ./articles --mode story --threshold 0.25 --all
  $ cluster ./dataset --fail-on-duplicates --quiet    exit 1 when any cluster is found (CI)
  $ cluster extract ./pages                    each document as the clustering reads it (JSON lines)

Exit codes: 0 ran (no findings, or findings without a --fail-on/--max rule), 1 findings with such a rule,
2 usage error or an input that could not be used (a missing path; any skipped input with --strict),
130 interrupted (Ctrl-C). Unreadable files are skipped with a reason on stderr and in the JSON "skipped".
`;

export interface CliConfig {
  paths: string[];
  format: Format;
  output?: string;
  cluster: ClusterOptions;
  fields: { idField: string; textField: string; titleField: string };
  include: string[];
  exclude: string[];
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
}

/** `cluster <name> …` runs the subcommand instead of clustering; each lives in its own module. */
export const SUBCOMMANDS: Readonly<Record<string, (argv: readonly string[], io: CliIo) => Promise<number>>> = { extract: runExtract };

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function createProgram(): Command {
  return new Command()
    .name('cluster')
    .description('Find rewrites of the same news story among articles and group them into clusters with scores.')
    .argument('[paths...]', 'files, folders (recursive) or - for standard input; .txt .md .html .jsonl .ndjson .csv')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--json', 'short for --format json')
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output')
    .addOption(new Option('-m, --mode <mode>', 'level of "same story": duplicate, rewrite or story').choices(MODE_NAMES).default('rewrite'))
    .option('-t, --threshold <score>', 'score (0-1] at which two articles are the same story (default: per mode)')
    .option('--shingle-size <k>', 'content words per shingle (default: per mode)')
    .option('--num-perm <n>', 'MinHash permutations, 16-1024', '128')
    .option('--bands <b>', 'LSH bands (default: derived from the mode)')
    .option('--seed <n>', 'seed for the MinHash permutations', '1')
    .option('--min-size <n>', 'smallest cluster to report', '2')
    .option('--all', 'report singletons too')
    .option('--explain', 'quote the passages each member shares with its cluster\'s representative')
    .option('--lang <code>', 'language of the texts (ISO 639-1, e.g. en, ur, ru) or auto', 'auto')
    .option('--id-field <name>', 'id field of JSONL/CSV records', 'id')
    .option('--text-field <name>', 'text field of JSONL/CSV records', 'text')
    .option('--title-field <name>', 'title field of JSONL/CSV records', 'title')
    .option('--include <glob>', 'only read files matching the glob (repeatable)', collect)
    .option('--exclude <glob>', 'skip files matching the glob (repeatable)', collect)
    .option('--fail-on-duplicates', 'exit 1 when any cluster is found')
    .option('--max-clusters <n>', 'exit 1 when more than n clusters are found')
    .option('--max-duplicate-ratio <r>', 'exit 1 when the share of documents in clusters exceeds r (0-1)')
    .option('--strict', 'exit 2 when any input is skipped')
    .option('--max-file-size <MB>', 'skip article files larger than this many megabytes (and longer dataset lines)', '10')
    .option('--force', 'let --output write inside an input folder')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also NO_COLOR=1)')
    .option('--workers <n>', 'worker threads for reading and sketching (default: the number of cores)')
    .option('-q, --quiet', 'no progress and no warnings on standard error')
    .version(VERSION, '-V, --version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError(true);
}

/** The full --help text, as the binary prints it. */
export function helpText(): string {
  const program = createProgram();
  let out = '';
  program.configureOutput({ writeOut: (text) => (out += text) });
  program.outputHelp();
  return out;
}

function number(flag: string, raw: string, valid: (n: number) => boolean, range: string): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value) || !valid(value)) throw new UsageError(`${flag} must be ${range}, got "${raw}"`);
  return value;
}

// V8 cannot hold a string much longer than 512 MB.
const MAX_FILE_SIZE_MB = 512;

const whole = (min: number, max = Number.MAX_SAFE_INTEGER) => (n: number) => Number.isInteger(n) && n >= min && n <= max;

interface RawOptions {
  format: string;
  json?: boolean;
  output?: string;
  mode: string;
  threshold?: string;
  shingleSize?: string;
  numPerm: string;
  bands?: string;
  seed: string;
  minSize: string;
  all?: boolean;
  explain?: boolean;
  lang: string;
  idField: string;
  textField: string;
  titleField: string;
  include?: string[];
  exclude?: string[];
  failOnDuplicates?: boolean;
  maxClusters?: string;
  maxDuplicateRatio?: string;
  strict?: boolean;
  color?: boolean;
  quiet?: boolean;
  maxFileSize: string;
  force?: boolean;
  workers?: string;
}

export function toConfig(paths: string[], raw: RawOptions, colorFlagGiven: boolean): CliConfig {
  const format = raw.json ? 'json' : raw.format;
  if (!isFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  if (!isMode(raw.mode)) throw new UsageError(`--mode must be one of ${MODE_NAMES.join(', ')}, got "${raw.mode}"`);
  const cluster: ClusterOptions = {
    mode: raw.mode,
    numPerm: number('--num-perm', raw.numPerm, whole(16, 1024), 'a whole number from 16 to 1024'),
    seed: number('--seed', raw.seed, whole(0, 0xffffffff), 'a whole number from 0 to 4294967295'),
    minSize: number('--min-size', raw.minSize, whole(1), 'a whole number of at least 1'),
    all: raw.all === true,
    lang: raw.lang,
    explain: raw.explain === true,
  };
  if (raw.threshold !== undefined) {
    cluster.threshold = number('--threshold', raw.threshold, (n) => n > 0 && n <= 1, 'a number above 0 and at most 1');
  }
  if (raw.shingleSize !== undefined) {
    cluster.shingleSize = number('--shingle-size', raw.shingleSize, whole(1, 10), 'a whole number from 1 to 10');
  }
  if (raw.bands !== undefined) {
    const numPerm = cluster.numPerm ?? 128;
    cluster.bands = number('--bands', raw.bands, whole(1, numPerm), `a whole number from 1 to --num-perm (${numPerm})`);
  }
  const config: CliConfig = {
    paths,
    format,
    cluster,
    fields: { idField: raw.idField, textField: raw.textField, titleField: raw.titleField },
    include: raw.include ?? [],
    exclude: raw.exclude ?? [],
    failOnDuplicates: raw.failOnDuplicates === true,
    strict: raw.strict === true,
    quiet: raw.quiet === true,
    maxFileSize: Math.round(
      number('--max-file-size', raw.maxFileSize, (n) => n > 0 && n <= MAX_FILE_SIZE_MB, `a number of megabytes above 0 and at most ${MAX_FILE_SIZE_MB}`) * 1024 * 1024,
    ),
    force: raw.force === true,
  };
  if (raw.output !== undefined) config.output = raw.output;
  if (colorFlagGiven && raw.color !== undefined) config.color = raw.color;
  if (raw.workers !== undefined) {
    config.workers = number('--workers', raw.workers, whole(1, 256), 'a whole number from 1 to 256');
  }
  if (raw.maxClusters !== undefined) {
    config.maxClusters = number('--max-clusters', raw.maxClusters, whole(0), 'a whole number of at least 0');
  }
  if (raw.maxDuplicateRatio !== undefined) {
    config.maxDuplicateRatio = number('--max-duplicate-ratio', raw.maxDuplicateRatio, (n) => n >= 0 && n <= 1, 'a number from 0 to 1');
  }
  return config;
}

/** Parses argv (without node and script). Throws UsageError for bad values; commander's own errors
 * surface as CommanderError because the caller sets exitOverride. */
export function parseArgs(program: Command, argv: readonly string[]): CliConfig {
  program.exitOverride();
  program.parse([...argv], { from: 'user' });
  const colorFlagGiven = argv.some((a) => a === '--color' || a === '--no-color');
  return toConfig(program.args, program.opts<RawOptions>(), colorFlagGiven);
}
