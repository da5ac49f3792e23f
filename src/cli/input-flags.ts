/**
 * The flags that say how `cluster extract` and `cluster index` read their inputs: declared once, and turned
 * into reader options once, so the two commands accept and check them alike.
 */
import type { Command } from 'commander';
import { SUPPORTED_EXTENSIONS, showPath, type InputPath } from '../input/discover.js';
import type { ReadOptions } from '../input/read.js';
import { UsageError } from './errors.js';

export interface InputFlags {
  idField: string;
  textField: string;
  titleField: string;
  include?: string[];
  exclude?: string[];
  maxFileSize: string;
  strict?: boolean;
}

const MB = 1024 * 1024;
const MAX_FILE_SIZE_MB = 512;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function addInputFlags(command: Command): Command {
  return command
    .option('--id-field <name>', 'id field of JSONL/CSV records', 'id')
    .option('--text-field <name>', 'text field of JSONL/CSV records', 'text')
    .option('--title-field <name>', 'title field of JSONL/CSV records', 'title')
    .option('--include <glob>', 'only read files matching the glob (repeatable)', collect)
    .option('--exclude <glob>', 'skip files matching the glob (repeatable)', collect)
    .option('--max-file-size <MB>', 'skip article files larger than this many megabytes', '10')
    .option('--strict', 'exit 2 when any input is skipped');
}

/** The reader's options from the flags; a bad --max-file-size is a usage error. */
export function readOptionsOf(flags: InputFlags, stdin: NonNullable<ReadOptions['stdin']>): ReadOptions {
  const raw = flags.maxFileSize;
  const mb = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(mb) || mb <= 0 || mb > MAX_FILE_SIZE_MB)
    throw new UsageError(`--max-file-size must be a number of megabytes above 0 and at most ${MAX_FILE_SIZE_MB}, got "${raw}"`);
  return {
    fields: { idField: flags.idField, textField: flags.textField, titleField: flags.titleField },
    include: flags.include ?? [],
    exclude: flags.exclude ?? [],
    stdin,
    maxFileSize: Math.round(mb * MB),
  };
}

/** Why nothing was read, naming the filters when they are what left nothing. */
export function nothingFound(paths: readonly InputPath[], filters: Pick<InputFlags, 'include' | 'exclude'>, skipped: number): string {
  const named = [...(filters.include ?? []).map((g) => `--include ${g}`), ...(filters.exclude ?? []).map((g) => `--exclude ${g}`)];
  const why =
    skipped > 0
      ? `${skipped} skipped`
      : named.length > 0
        ? `no file matched ${named.join(' ')}`
        : `looked for ${SUPPORTED_EXTENSIONS.join(' ')}`;
  return `no documents found in ${paths.map(showPath).join(', ')} (${why})`;
}
