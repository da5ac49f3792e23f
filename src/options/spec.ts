/**
 * One declaration per option (name, flag, type, default, range, help) that the library's parameter
 * checks, the commander program, the config file and its JSON Schema all read. The library names an
 * option by `key` (`numPerm`); the CLI by its flag (`--num-perm`).
 */
import { MODES, MODE_NAMES } from '../cluster/modes.js';
import { FORMATS } from '../report/index.js';

interface BaseSpec {
  /** The name in ClusterOptions and in the config file. */
  readonly key: string;
  /** The long flag without its dashes. */
  readonly flag: string;
  readonly short?: string;
  /** The placeholder shown in --help (`<n>`); none for a boolean. */
  readonly arg?: string;
  readonly help: string;
  /** `library`: part of ClusterOptions; `cli`: only the command line and the config file read it. */
  readonly scope: 'library' | 'cli';
  /** Not accepted in a config file (it only makes sense for one run). */
  readonly cliOnly?: boolean;
  /** How --help shows a default that is not a constant (`per mode`). */
  readonly defaultText?: string;
}

export interface NumberSpec extends BaseSpec {
  readonly type: 'number' | 'integer';
  readonly min: number;
  readonly max?: number;
  /** The minimum itself is not accepted. */
  readonly minExclusive?: boolean;
  readonly unit?: string;
  readonly default?: number;
}

interface BooleanSpec extends BaseSpec {
  readonly type: 'boolean';
}

interface ChoiceSpec extends BaseSpec {
  readonly type: 'choice';
  readonly choices: readonly string[];
  readonly default?: string;
}

interface StringSpec extends BaseSpec {
  readonly type: 'string';
  readonly default?: string;
}

interface ListSpec extends BaseSpec {
  readonly type: 'list';
}

export type OptionSpec = NumberSpec | BooleanSpec | ChoiceSpec | StringSpec | ListSpec;

const MAX_SEED = 0xffffffff;
const MAX_NUM_PERM = 1024;
const MAX_SHINGLE_SIZE = 10;
// V8 cannot hold a string much longer than 512 MB.
const MAX_FILE_SIZE_MB = 512;
/** More threads than this only adds memory: batches are 256 documents and the machine has the cores it has. */
const MAX_WORKERS = 64;

export const OPTIONS = [
  // The library's parameters (ClusterOptions).
  {
    key: 'mode',
    flag: 'mode',
    short: 'm',
    arg: '<mode>',
    type: 'choice',
    choices: MODE_NAMES,
    default: 'rewrite',
    scope: 'library',
    help: `level of "same story"; thresholds: ${MODE_NAMES.map((m) => `${m} ${MODES[m].threshold} (${MODES[m].decidesOn})`).join(', ')}`,
  },
  {
    key: 'threshold',
    flag: 'threshold',
    short: 't',
    arg: '<score>',
    type: 'number',
    min: 0,
    minExclusive: true,
    max: 1,
    scope: 'library',
    defaultText: 'per mode',
    help: 'score at which two articles are the same story',
  },
  {
    key: 'shingleSize',
    flag: 'shingle-size',
    arg: '<k>',
    type: 'integer',
    min: 1,
    max: MAX_SHINGLE_SIZE,
    scope: 'library',
    defaultText: 'per mode',
    help: 'content words per shingle',
  },
  {
    key: 'numPerm',
    flag: 'num-perm',
    arg: '<n>',
    type: 'integer',
    min: 16,
    max: MAX_NUM_PERM,
    default: 128,
    scope: 'library',
    help: 'MinHash permutations',
  },
  {
    key: 'bands',
    flag: 'bands',
    arg: '<b>',
    type: 'integer',
    min: 1,
    max: MAX_NUM_PERM,
    scope: 'library',
    defaultText: 'derived from the mode',
    help: 'LSH bands, at most --num-perm',
  },
  {
    key: 'seed',
    flag: 'seed',
    arg: '<n>',
    type: 'integer',
    min: 0,
    max: MAX_SEED,
    default: 1,
    scope: 'library',
    help: 'seed for the MinHash permutations',
  },
  {
    key: 'minSize',
    flag: 'min-size',
    arg: '<n>',
    type: 'integer',
    min: 1,
    default: 2,
    scope: 'library',
    help: 'smallest cluster to report',
  },
  {
    key: 'all',
    flag: 'all',
    type: 'boolean',
    scope: 'library',
    help: 'report singletons too (cannot be combined with --min-size above 1)',
  },
  {
    key: 'explain',
    flag: 'explain',
    type: 'boolean',
    scope: 'library',
    help: "quote the passages each member shares with its cluster's representative",
  },
  {
    key: 'pairs',
    flag: 'pairs',
    type: 'boolean',
    scope: 'library',
    help: 'print the verified pairs inside clusters instead of the report, one JSON line each',
  },
  {
    key: 'lang',
    flag: 'lang',
    arg: '<code>',
    type: 'string',
    default: 'auto',
    scope: 'library',
    help: "language of the texts: auto or an ISO 639-1 code such as en, ur, ru ('--lang help' lists them)",
  },
  {
    key: 'idfFrom',
    flag: 'idf-from',
    arg: '<index>',
    type: 'string',
    scope: 'cli',
    help: "weigh words with this index's story frequencies added to the run's own (a file or postgres:// URL), so that scores hardly depend on what else the run holds",
  },
  // How the CLI reads its inputs.
  { key: 'idField', flag: 'id-field', arg: '<name>', type: 'string', default: 'id', scope: 'cli', help: 'id field of JSONL/CSV records' },
  {
    key: 'textField',
    flag: 'text-field',
    arg: '<name>',
    type: 'string',
    default: 'text',
    scope: 'cli',
    help: 'text field of JSONL/CSV records',
  },
  {
    key: 'titleField',
    flag: 'title-field',
    arg: '<name>',
    type: 'string',
    default: 'title',
    scope: 'cli',
    help: 'title field of JSONL/CSV records',
  },
  {
    key: 'delimiter',
    flag: 'delimiter',
    arg: '<char>',
    type: 'string',
    scope: 'cli',
    defaultText: 'detected: , ; or tab',
    help: 'CSV field separator (tab: "\\t" or tab)',
  },
  { key: 'include', flag: 'include', arg: '<glob>', type: 'list', scope: 'cli', help: 'only read files matching the glob (repeatable)' },
  {
    key: 'exclude',
    flag: 'exclude',
    arg: '<glob>',
    type: 'list',
    scope: 'cli',
    help: 'skip files and folders matching the glob (repeatable)',
  },
  { key: 'follow', flag: 'follow', type: 'boolean', scope: 'cli', help: 'follow symbolic links that lead out of an input folder' },
  {
    key: 'filesFrom',
    flag: 'files-from',
    arg: '<file>',
    type: 'string',
    scope: 'cli',
    cliOnly: true,
    help: 'read the paths to cluster from a file, one a line (- for standard input)',
  },
  {
    key: 'null',
    flag: 'null',
    short: '0',
    type: 'boolean',
    scope: 'cli',
    cliOnly: true,
    help: '--files-from paths are separated by NUL characters',
  },
  {
    key: 'maxFileSize',
    flag: 'max-file-size',
    arg: '<MB>',
    type: 'number',
    min: 0,
    minExclusive: true,
    max: MAX_FILE_SIZE_MB,
    unit: 'megabytes',
    default: 10,
    scope: 'cli',
    help: 'skip article files larger than this (and longer dataset lines)',
  },
  // What the CLI writes.
  {
    key: 'format',
    flag: 'format',
    short: 'f',
    arg: '<format>',
    type: 'choice',
    choices: FORMATS,
    default: 'table',
    scope: 'cli',
    help: 'output format',
  },
  { key: 'json', flag: 'json', type: 'boolean', scope: 'cli', help: 'short for --format json' },
  {
    key: 'output',
    flag: 'output',
    short: 'o',
    arg: '<file>',
    type: 'string',
    scope: 'cli',
    cliOnly: true,
    help: 'write the report to a file (atomically); - is standard output',
  },
  {
    key: 'sort',
    flag: 'sort',
    arg: '<key>',
    type: 'choice',
    choices: ['size', 'score', 'id'],
    default: 'size',
    scope: 'cli',
    help: 'order of the clusters: size (largest first), score (highest mean first, singletons last) or id',
  },
  { key: 'top', flag: 'top', arg: '<n>', type: 'integer', min: 1, scope: 'cli', help: 'report only the first n clusters' },
  {
    key: 'width',
    flag: 'width',
    arg: '<n>',
    type: 'integer',
    min: 40,
    max: 1000,
    scope: 'cli',
    defaultText: 'COLUMNS, else the terminal width (80 if it reports none); unlimited when not a terminal',
    help: 'width of the table in columns',
  },
  { key: 'color', flag: 'color', type: 'boolean', scope: 'cli', help: 'force colour (--no-color or NO_COLOR=1: none)' },
  { key: 'quiet', flag: 'quiet', short: 'q', type: 'boolean', scope: 'cli', help: 'no progress and no warnings on standard error' },
  // Exit codes for CI.
  { key: 'failOnDuplicates', flag: 'fail-on-duplicates', type: 'boolean', scope: 'cli', help: 'exit 1 when any cluster is found' },
  {
    key: 'maxClusters',
    flag: 'max-clusters',
    arg: '<n>',
    type: 'integer',
    min: 0,
    scope: 'cli',
    help: 'exit 1 when more than n clusters are found',
  },
  {
    key: 'maxDuplicateRatio',
    flag: 'max-duplicate-ratio',
    arg: '<r>',
    type: 'number',
    min: 0,
    max: 1,
    scope: 'cli',
    help: 'exit 1 when the share of documents in clusters exceeds r',
  },
  { key: 'strict', flag: 'strict', type: 'boolean', scope: 'cli', help: 'exit 2 when any input is skipped' },
  // Running.
  { key: 'force', flag: 'force', type: 'boolean', scope: 'cli', help: 'let --output write inside an input folder' },
  {
    key: 'workers',
    flag: 'workers',
    arg: '<n>',
    type: 'integer',
    min: 1,
    max: MAX_WORKERS,
    scope: 'cli',
    defaultText: 'the number of cores',
    help: 'worker threads for reading and sketching',
  },
] as const satisfies readonly OptionSpec[];

export type OptionKey = (typeof OPTIONS)[number]['key'];

const BY_KEY = new Map<string, OptionSpec>(OPTIONS.map((o) => [o.key, o]));

export function specOf(key: OptionKey): OptionSpec {
  return BY_KEY.get(key) as OptionSpec;
}

/** A config file can switch it on, so the command line must be able to switch it off again (`--no-strict`). */
export function isNegatable(spec: OptionSpec): boolean {
  return spec.type === 'boolean' && spec.cliOnly !== true;
}

export function findSpec(key: string): OptionSpec | undefined {
  return BY_KEY.get(key);
}

/** `a whole number from 16 to 1024`: what an accepted value is, for errors and --help. */
export function describeRange(spec: NumberSpec, max: number | string | undefined = spec.max): string {
  const kind = `${spec.type === 'integer' ? 'a whole number' : 'a number'}${spec.unit ? ` of ${spec.unit}` : ''}`;
  if (max === undefined) return `${kind} ${spec.minExclusive ? 'above' : 'of at least'} ${spec.min}`;
  return spec.minExclusive ? `${kind} above ${spec.min} and at most ${max}` : `${kind} from ${spec.min} to ${max}`;
}

/** What a value must be, or undefined when it is accepted. */
export function expectedFor(spec: OptionSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'number':
    case 'integer': {
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (spec.type === 'number' || Number.isInteger(value)) &&
        (spec.minExclusive ? value > spec.min : value >= spec.min) &&
        (spec.max === undefined || value <= spec.max);
      return ok ? undefined : describeRange(spec);
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'choice':
      return typeof value === 'string' && spec.choices.includes(value) ? undefined : `one of ${spec.choices.join(', ')}`;
    case 'string':
      return typeof value === 'string' ? undefined : 'a string';
    case 'list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'a list of strings';
  }
}

/** The range and default as --help shows them: `16-1024, default 128`. */
export function helpSuffix(spec: OptionSpec): string {
  const parts: string[] = [];
  if (spec.type === 'number' || spec.type === 'integer') {
    const low = spec.minExclusive ? `(${spec.min}` : `${spec.min}`;
    if (spec.max !== undefined) parts.push(`${low}-${spec.max}${spec.minExclusive ? ']' : ''}${spec.unit ? ` ${spec.unit}` : ''}`);
    else parts.push(`${spec.minExclusive ? '>' : '>='} ${spec.min}`);
  }
  const fallback = 'default' in spec && spec.default !== undefined ? String(spec.default) : spec.defaultText;
  if (fallback !== undefined) parts.push(`default: ${fallback}`);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}
