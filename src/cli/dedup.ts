/**
 * `cluster dedup <paths...> [-o FILE]`: writes the dataset without its duplicates. A first pass clusters
 * the records, remembering of each only its place, length and date (dedup/records.ts); a second pass
 * reads the inputs again and copies what is kept (cli/dedup-copy.ts), so kept records are never held in
 * memory. Article files are never deleted: their removal list goes to standard output.
 */
import { Command, CommanderError, Option } from 'commander';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { clusterStream } from '../pipeline.js';
import { readInputs, type OpenedFile } from '../input/read.js';
import type { DatasetFields } from '../input/types.js';
import { KEEP_RULES, isKeepRule, type KeepRule, type Removal } from '../dedup/keep.js';
import { outputFormatFor, parseDate, planDrops, type OutputFormat } from '../dedup/plan.js';
import { RecordTable } from '../dedup/records.js';
import type { ClusterResult, Document, ProgressEvent, SkippedInput } from '../types.js';
import { copyParquetAsJsonl, copyTextDataset, ParquetOutput, type CopyContext } from './dedup-copy.js';
import { openFileSink, streamSink, textSink, type ByteSink } from './dedup-sink.js';
import { UsageError } from './errors.js';
import { EXIT, exitCodeFor } from './exit-code.js';
import type { CliIo } from './io.js';
import { createMessages, type Messages } from './messages.js';
import { checkOutput, sameOutput, type OutputRole } from './output-target.js';
import { createProgram, toConfig, type CliConfig } from './program.js';
import { createProgressLine, type ProgressLine } from './progress.js';
import { openReference, referenceWarnings } from './reference.js';

const NAME = 'cluster dedup';

const DEDUP_EXAMPLES = `
Examples:
  $ cluster dedup crawl.jsonl.zst -o clean.jsonl --removed removed.ndjson
  $ cluster dedup news.csv -o news-unique.csv --keep longest
  $ cluster dedup shard-*.parquet -o clean.parquet --keep earliest --date-field published
  $ cluster dedup ./articles > removals.tsv          article files are listed, never deleted

Kept JSONL and CSV records are copied byte for byte, in input order; a record is dropped when it is in a
cluster and is not the one kept there. Exit codes as for cluster (2: usage or input error; any skipped
input with --strict).
`;

/** Options shared with `cluster`, taken from its program so both stay one declaration. */
const SHARED = new Set([
  '--threshold',
  '--shingle-size',
  '--num-perm',
  '--bands',
  '--seed',
  '--lang',
  '--idf-from',
  '--id-field',
  '--text-field',
  '--title-field',
  '--delimiter',
  '--include',
  '--exclude',
  '--strict',
  '--max-file-size',
  '--force',
  '--workers',
  '--quiet',
]);

function createDedupProgram(): Command {
  const program = new Command()
    .name('cluster dedup')
    .description('Write the records to keep: one per cluster of duplicates (JSONL, CSV, Parquet; .gz .zst .bz2).')
    .argument('[paths...]', 'datasets (.jsonl .ndjson .csv .parquet, compressed or not), article files or folders, or - for standard input')
    .option('-o, --output <file>', 'write the kept records here, atomically (.parquet: Parquet; .gz: gzip); default: standard output')
    .addOption(new Option('--keep <rule>', 'which record of a cluster to keep').choices(KEEP_RULES).default('representative'))
    .option('--date-field <name>', 'date field of the records, for --keep earliest', 'date')
    .option('--removed <file>', 'write {id, duplicateOf, score} for each dropped record here (NDJSON)')
    .addOption(new Option('-m, --mode <mode>', 'level of "same story"').choices(['duplicate', 'rewrite']).default('duplicate'));
  for (const option of createProgram().options) if (option.long !== undefined && SHARED.has(option.long)) program.addOption(option);
  return program.helpOption('-h, --help', 'show this help').addHelpText('after', DEDUP_EXAMPLES).showSuggestionAfterError(true);
}

interface DedupConfig {
  base: CliConfig;
  keep: KeepRule;
  removed?: string;
  fields: DatasetFields;
}

type SharedFlags = Omit<Parameters<typeof toConfig>[1], 'format' | 'minSize'>;

interface DedupFlags extends SharedFlags {
  output?: string;
  keep: string;
  dateField: string;
  removed?: string;
  mode: string;
}

function toDedupConfig(paths: string[], raw: DedupFlags): DedupConfig {
  const base = toConfig(paths, { ...raw, format: 'table', minSize: 2 });
  if (!isKeepRule(raw.keep)) throw new UsageError(`--keep must be one of ${KEEP_RULES.join(', ')}, got "${raw.keep}"`);
  // The copy pass finds records by their bytes, which a delimiter outside ASCII is not one of.
  if (base.delimiter !== undefined && base.delimiter.charCodeAt(0) > 0x7f) {
    throw new UsageError(`--delimiter must be an ASCII character for cluster dedup, got "${base.delimiter}"`);
  }
  const config: DedupConfig = { base, keep: raw.keep, fields: { ...base.fields, dateField: raw.dateField } };
  if (raw.removed !== undefined) config.removed = raw.removed;
  return config;
}

/** Runs `cluster dedup` (argv after the word "dedup"); returns the exit code. */
export async function dedupMain(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createDedupProgram();
  program.configureOutput({
    writeOut: (text) => io.stdout(text),
    writeErr: (text) => io.stderr(text),
    outputError: (text, write) => write(text.startsWith('error: ') ? `${NAME}: ${text.slice(7)}` : text),
  });
  program.exitOverride();
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' ? EXIT.ok : EXIT.error;
  }
  const config = toDedupConfig(program.args, program.opts<DedupFlags>());
  if (config.base.paths.length === 0) {
    if (io.stdinIsTTY) throw new UsageError(`no paths given; try '${NAME} crawl.jsonl -o clean.jsonl' or '${NAME} --help'`);
    config.base.paths = ['-'];
  }
  await checkOutputs(config);
  const stdinDir = config.base.paths.includes('-') ? await mkdtemp(join(tmpdir(), 'wirecluster-dedup-')) : undefined;
  try {
    const stdinPath = stdinDir === undefined ? undefined : await bufferStdin(io.stdin, stdinDir, io.signal);
    return await runDedup(config, io, stdinPath);
  } finally {
    if (stdinDir !== undefined) await rm(stdinDir, { recursive: true, force: true });
  }
}

const KEPT: OutputRole = { flag: '--output', what: 'the kept records' };
const REMOVED: OutputRole = { flag: '--removed', what: 'the removal list' };

/** Before any work: an output that cannot be written, or would write into the input (without --force),
 * is a usage error, so no run is lost to it and no input is overwritten. */
async function checkOutputs(config: DedupConfig): Promise<void> {
  const { output, paths, force } = config.base;
  const outputs: Array<[string | undefined, OutputRole]> = [
    [output, KEPT],
    [config.removed, REMOVED],
  ];
  for (const [path, role] of outputs) {
    if (path === undefined) continue;
    await checkOutput(path, paths, force, role);
  }
  if (output !== undefined && config.removed !== undefined && (await sameOutput(output, config.removed))) {
    throw new UsageError('--output and --removed name the same file');
  }
}

/** Standard input is read twice, so it goes to a temporary file first; Ctrl-C while it is read is an
 * interruption (the stream is destroyed under the copy), not a read error. */
async function bufferStdin(stdin: AsyncIterable<Uint8Array | string>, dir: string, signal: AbortSignal | undefined): Promise<string> {
  const path = join(dir, 'stdin');
  try {
    await pipeline(Readable.from(stdin), createWriteStream(path));
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  }
  return path;
}

interface FirstPass {
  files: OpenedFile[];
  table: RecordTable;
  skipped: SkippedInput[];
  errors: number;
  datesSeen: number;
}

/** The documents of every input, each recorded in the table (its place, length and date) on the way. */
async function* readRecords(
  config: DedupConfig,
  io: CliIo,
  pass: FirstPass,
  stdinPath: string | undefined,
  messages: Messages,
  progress: ProgressLine | undefined,
): AsyncGenerator<Document> {
  const { base } = config;
  const stdin = stdinPath === undefined ? io.stdin : createReadStream(stdinPath);
  for await (const event of readInputs(base.paths, {
    fields: config.fields,
    include: base.include,
    exclude: base.exclude,
    stdin,
    maxFileSize: base.maxFileSize,
    ...(base.delimiter !== undefined ? { delimiter: base.delimiter } : {}),
    onFile: (file) => pass.files.push(file),
  })) {
    io.signal?.throwIfAborted();
    if (event.kind === 'document') {
      recordDocument(pass, event.document, stdinPath);
      progress?.reading(pass.table.size);
      yield event.document;
    } else if (event.kind === 'skipped') {
      pass.skipped.push({ id: event.id, reason: event.reason });
      messages.skipped(event.id, event.reason);
    } else if (event.kind === 'warning') {
      messages.warning(event.id, event.message);
    } else {
      pass.errors += 1;
      pass.skipped.push({ id: event.id, reason: event.reason });
      messages.error(`${event.id}: ${event.reason}`);
    }
  }
}

/** Where a document came from: files are announced before their documents; standard input comes last. */
function recordDocument(pass: FirstPass, doc: Document, stdinPath: string | undefined): void {
  const last = pass.files[pass.files.length - 1];
  const fromStdin = doc.path === undefined || (doc.path.startsWith('-:') && last?.id !== '-');
  if (fromStdin && last?.id !== '-') pass.files.push({ id: '-', path: stdinPath ?? '-', kind: doc.path === undefined ? 'text' : 'jsonl' });
  const file = pass.files.length - 1;
  const current = pass.files[file];
  const isDataset = current !== undefined && current.kind !== 'text' && current.kind !== 'html';
  const record = isDataset && doc.path !== undefined ? Number(doc.path.slice(current.id.length + 1)) : 0;
  const date = parseDate(doc.date);
  if (!Number.isNaN(date)) pass.datesSeen += 1;
  pass.table.add({ id: doc.id, file, record, length: doc.text.length, date });
}

/** `path<TAB>kept-path<TAB>score` with the paths as their bytes, as `find` prints them: a name that is not
 * UTF-8 came out with U+FFFD in it, a path no script could act on. */
function removalLine(path: string | Buffer, kept: string | Buffer, score: number): Buffer {
  return Buffer.concat([Buffer.from(path), TAB, Buffer.from(kept), TAB, Buffer.from(`${score}\n`)]);
}

const TAB = Buffer.from('\t');

function isArticle(file: OpenedFile): boolean {
  return file.kind === 'text' || file.kind === 'html';
}

async function runDedup(config: DedupConfig, io: CliIo, stdinPath: string | undefined): Promise<number> {
  const started = Date.now();
  const { base } = config;
  const progress = io.stderrIsTTY && !base.quiet ? createProgressLine(io.stderr) : undefined;
  const messages = createMessages({
    write: io.stderr,
    quiet: base.quiet,
    name: NAME,
    ...(progress ? { beforeWrite: () => progress.clear() } : {}),
  });
  const pass: FirstPass = { files: [], table: new RecordTable(), skipped: [], errors: 0, datesSeen: 0 };
  const reference = base.idfFrom !== undefined ? await openReference(base.idfFrom) : undefined;
  let result: ClusterResult;
  try {
    result = await clusterStream(readRecords(config, io, pass, stdinPath, messages, progress), {
      ...base.cluster,
      minSize: 2,
      all: false,
      skipped: pass.skipped,
      ...(reference !== undefined ? { reference: reference.reference } : {}),
      ...(base.workers !== undefined ? { workers: base.workers } : {}),
      ...(io.signal !== undefined ? { signal: io.signal } : {}),
      ...(progress ? { onProgress: (event: ProgressEvent) => progress.stage(event) } : {}),
    });
  } finally {
    progress?.done();
    messages.flush();
    await reference?.close();
  }
  io.signal?.throwIfAborted();
  if (reference !== undefined && base.idfFrom !== undefined) {
    for (const warning of referenceWarnings(base.idfFrom, reference.settings, result)) messages.note(`warning: ${warning}`);
  }
  if (config.keep === 'earliest' && pass.datesSeen === 0 && pass.table.size > 0) {
    messages.note(`warning: no record has a readable date in field "${config.fields.dateField}"; --keep earliest keeps the first`);
  }
  if (pass.errors > 0) {
    messages.error('nothing was written: an input named on the command line cannot be read');
    return EXIT.error;
  }
  const plan = planDrops(result.clusters, config.keep, pass.table);
  const datasets = pass.files.filter((file) => !isArticle(file));
  const chosen = outputFormatFor(
    datasets.map((file) => file.kind),
    base.output,
  );
  if ('error' in chosen) throw new UsageError(chosen.error);
  const hasArticles = pass.files.some(isArticle);
  if (datasets.length > 0 && hasArticles && base.output === undefined) {
    throw new UsageError('the kept records and the article removal list would both go to standard output; give -o FILE for the records');
  }
  await writeOutputs(config, io, pass, plan.byFile, chosen.format, datasets.length > 0);
  const dropped = plan.dropped;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const skipped = pass.skipped.length > 0 ? `, ${pass.skipped.length} skipped` : '';
  messages.note(
    `${pass.table.size} records read, ${pass.table.size - dropped} kept, ${dropped} dropped in ${plan.clusters} clusters${skipped}, ${seconds} s`,
  );
  return exitCodeFor(result, { failOnDuplicates: false, strict: base.strict, inputErrors: pass.errors });
}

/** The second pass: kept records to the output, the audit trail to --removed, article removals listed. */
async function writeOutputs(
  config: DedupConfig,
  io: CliIo,
  pass: FirstPass,
  drops: ReadonlyMap<number, ReadonlyMap<number, Removal>>,
  format: OutputFormat,
  hasDatasets: boolean,
): Promise<void> {
  const { output } = config.base;
  const stdout = io.stdoutStream ? streamSink(io.stdoutStream) : textSink(io.stdout);
  const { kept, removed } = await openOutputs(config);
  const parquet = format === 'parquet' && kept !== undefined && output !== undefined ? new ParquetOutput(kept, output) : undefined;
  const sink: ByteSink = kept === undefined || parquet ? stdout : kept;
  const listSink = hasDatasets ? stdout : sink;
  const articlePaths = new Map(pass.files.filter(isArticle).map((file) => [file.id, file.path]));
  // Files cut short in the first pass (a truncated .gz): the records before the fault are copied again.
  const cutShort = new Set(pass.skipped.map((entry) => entry.id));
  const ctx: CopyContext = {
    fields: config.fields,
    cutShort,
    sink,
    ...(config.base.delimiter !== undefined ? { delimiter: config.base.delimiter } : {}),
    onRemoved: async (removal) => removed?.write(`${JSON.stringify(removal)}\n`),
    ...(io.signal ? { signal: io.signal } : {}),
  };
  try {
    for (const [index, file] of pass.files.entries()) {
      const fileDrops = drops.get(index);
      if (isArticle(file)) {
        for (const removal of fileDrops?.values() ?? []) {
          await ctx.onRemoved(removal);
          await listSink.write(removalLine(file.path, articlePaths.get(removal.duplicateOf) ?? removal.duplicateOf, removal.score));
        }
      } else if (parquet) await parquet.copy(file, fileDrops, ctx);
      else if (file.kind === 'parquet') await copyParquetAsJsonl(file, fileDrops, ctx);
      else await copyTextDataset(file, fileDrops, ctx);
    }
    io.signal?.throwIfAborted();
    await parquet?.finish();
    await kept?.commit();
    await removed?.commit();
  } catch (error) {
    await Promise.all([kept?.abort(), removed?.abort()]);
    throw error;
  }
}

/** The files given by -o and --removed, opened (temporary files created) together or not at all. */
async function openOutputs(config: DedupConfig): Promise<{ kept: ByteSink | undefined; removed: ByteSink | undefined }> {
  const kept = config.base.output === undefined ? undefined : await openFileSink(config.base.output, KEPT.flag);
  try {
    const removed = config.removed === undefined ? undefined : await openFileSink(config.removed, REMOVED.flag);
    return { kept, removed };
  } catch (error) {
    await kept?.abort();
    throw error;
  }
}
