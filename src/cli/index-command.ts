/**
 * `cluster index add|query|clusters|stats|remove`: the persistent index (README "Persistent index").
 * Options → store and settings → src/index/ → a report on stdout, one-line errors on stderr, an exit code.
 */
import { Command, CommanderError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { availableParallelism, constants } from 'node:os';
import { readInputs } from '../input/read.js';
import { ParameterError } from '../params.js';
import { FORMATS, type Format, reporterFor } from '../report/index.js';
import { addBatch, type AddOutcome } from '../index/add.js';
import { indexClusters } from '../index/clusters.js';
import { sketchDocuments } from '../index/engine.js';
import { SketchPool, type Sketched } from '../index/sketch-pool.js';
import { queryIndex } from '../index/query.js';
import { LINE_FORMATS, renderAnswer, renderOutcome, renderStats, type LineFormat } from '../index/report.js';
import { cutoffOf, removeDocuments } from '../index/retention.js';
import { SettingConflict, checkSettings, optionsOf, settingsOf } from '../index/settings.js';
import { DEFAULT_INDEX, isPostgresUrl, openStore } from '../store/open.js';
import { DamagedSketch, SCHEMA_VERSION, StoreError, type IndexSettings, type IndexStore } from '../store/store.js';
import type { ClusterOptions, Document, Mode } from '../types.js';
import { shouldColor } from './color.js';
import { addInputFlags, readOptionsOf, type InputFlags } from './input-flags.js';
import { Interrupted, UsageError } from './errors.js';
import { EXIT, settleExit, type ExitPolicy } from './exit-code.js';
import type { CliIo } from './main.js';
import { createMessages, type Messages } from './messages.js';
import { asUsageError } from './program.js';
import { addSpecOptions, readSpecOptions, type OptionValues } from './spec-options.js';

const NAME = 'cluster index';
// Each batch's band keys fall all over the band table, so a commit writes about as many pages for 500
// documents as for 2,000: at 100k documents indexed, 2,000 a batch cost a fifth less CPU a document
// (and boilerplate is found among more documents). Peak RSS rose from 0.5 to 0.7 GB.
const DEFAULT_BATCH = 2000;

interface CommonFlags {
  index?: string;
  lockTimeout: string;
  quiet?: boolean;
}

interface SettingFlags {
  mode?: string;
  shingleSize?: string;
  numPerm?: string;
  bands?: string;
  seed?: string;
  lang?: string;
  threshold?: string;
}

interface InputCommandFlags extends InputFlags {
  format: string;
}

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

function numberOf(flag: string, raw: string, valid: (n: number) => boolean, range: string): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value) || !valid(value)) throw new UsageError(`${flag} must be ${range}, got "${raw}"`);
  return value;
}

const whole = (min: number) => (n: number) => Number.isInteger(n) && n >= min;

function common(command: Command): Command {
  return command
    .option('--index <path|url>', `the index: an SQLite file or a postgres:// URL (default: $WIRECLUSTER_INDEX or ${DEFAULT_INDEX})`)
    .option('--lock-timeout <seconds>', 'wait this long for a locked index or a PostgreSQL connection', '30')
    .option('-q, --quiet', 'no progress and no warnings on standard error');
}

function settingOptions(command: Command): Command {
  return command
    .option('-m, --mode <mode>', 'duplicate, rewrite or story (fixed when the index is created; default rewrite)')
    .option('--shingle-size <k>', 'content words per shingle (fixed at creation)')
    .option('--num-perm <n>', 'MinHash permutations (fixed at creation; default 128)')
    .option('--bands <b>', 'LSH bands (fixed at creation)')
    .option('--seed <n>', 'MinHash seed (fixed at creation; default 1)')
    .option('--lang <code>', 'language (fixed at creation; default auto)')
    .option('-t, --threshold <score>', 'score at which two articles are the same story (default: per mode)');
}

function inputOptions(command: Command, formats: readonly string[]): Command {
  return addInputFlags(command.addOption(new Option('-f, --format <format>', 'output format').choices(formats).default('table')));
}

/** The settings given on this command line (absent flags stay absent: the index decides). */
function givenSettings(flags: SettingFlags): ClusterOptions {
  const out: ClusterOptions = {};
  if (flags.mode !== undefined) out.mode = flags.mode as Mode;
  if (flags.shingleSize !== undefined) out.shingleSize = numberOf('--shingle-size', flags.shingleSize, whole(1), 'a whole number');
  if (flags.numPerm !== undefined) out.numPerm = numberOf('--num-perm', flags.numPerm, whole(1), 'a whole number');
  if (flags.bands !== undefined) out.bands = numberOf('--bands', flags.bands, whole(1), 'a whole number');
  if (flags.seed !== undefined) out.seed = numberOf('--seed', flags.seed, whole(0), 'a whole number');
  if (flags.lang !== undefined) out.lang = flags.lang;
  return out;
}

function thresholdOf(flags: SettingFlags): Pick<ClusterOptions, 'threshold'> {
  return flags.threshold === undefined
    ? {}
    : { threshold: numberOf('--threshold', flags.threshold, (n) => n > 0 && n <= 1, 'a number above 0 and at most 1') };
}

/** An empty WIRECLUSTER_INDEX is unset, as shells treat empty variables; an empty --index is a mistake
 * (SQLite would open a temporary database that vanishes on close). */
function locationOf(flags: CommonFlags, io: CliIo): string {
  if (flags.index?.trim() === '') throw new UsageError('--index is empty: give an SQLite file path or a postgres:// URL');
  const fromEnv = io.env['WIRECLUSTER_INDEX'];
  return flags.index ?? (fromEnv === undefined || fromEnv.trim() === '' ? DEFAULT_INDEX : fromEnv);
}

/** Opens the index; only `add` may create one. */
async function open(flags: CommonFlags, io: CliIo, create: boolean): Promise<IndexStore> {
  const location = locationOf(flags, io);
  if (!create && !isPostgresUrl(location) && !existsSync(location)) {
    throw new StoreError(`${location}: no index here (create one with 'cluster index add <paths...>', or give --index)`);
  }
  const seconds = numberOf('--lock-timeout', flags.lockTimeout, (n) => n >= 0 && n <= 86400, 'a number of seconds from 0 to 86400');
  return openStore(location, Math.round(seconds * 1000), io.signal);
}

/** Runs `work` on the opened index and closes it. A stored sketch that does not decode is reported as a
 * fault of this index, naming it and the document. */
async function withStore(flags: CommonFlags, io: CliIo, create: boolean, work: (store: IndexStore) => Promise<number>): Promise<number> {
  const store = await open(flags, io, create);
  try {
    return await work(store);
  } catch (error) {
    throw error instanceof DamagedSketch ? new StoreError(`${store.location}: ${error.message}`) : error;
  } finally {
    await store.close();
  }
}

/** The index's settings: stored ones checked against the flags, or (add only) a new index's. */
async function settingsFor(store: IndexStore, given: ClusterOptions, create: boolean): Promise<IndexSettings> {
  const stored = await store.settings();
  if (stored !== undefined) {
    checkSettings(stored, given, store.location);
    return stored;
  }
  if (!create) throw new StoreError(`${store.location}: an empty index (add documents with 'cluster index add')`);
  const created = await store.create(settingsOf(given));
  checkSettings(created, given, store.location);
  return created;
}

interface ReadTally {
  skipped: number;
  errors: number;
}

async function* readDocuments(
  paths: string[],
  flags: InputFlags,
  io: CliIo,
  tally: ReadTally,
  messages: Messages,
): AsyncGenerator<Document> {
  for await (const event of readInputs(paths, readOptionsOf(flags, io.stdin))) {
    throwIfInterrupted(io.signal);
    if (event.kind === 'document') yield event.document;
    else if (event.kind === 'warning') messages.warning(event.id, event.message);
    else if (event.kind === 'error') {
      tally.errors += 1;
      messages.error(`${event.id}: ${event.reason}`);
    } else {
      tally.skipped += 1;
      messages.skipped(event.id, event.reason);
    }
  }
}

/** Ctrl-C and SIGTERM abort with an Interrupted that names the signal (exit 130 or 143). */
function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Interrupted ? signal.reason : new Interrupted();
}

/** Exit 2 for input errors, refused documents, or (--strict) skipped inputs; the rule that set it is said
 * in one line even with --quiet, as `cluster --strict` says it: a cron log must show why. */
function settleInputs(tally: ReadTally, refused: number, strict: boolean, messages: Messages): number {
  if (tally.errors > 0 || refused > 0) return EXIT.error;
  if (!strict || tally.skipped === 0) return EXIT.ok;
  messages.error(`--strict: ${tally.skipped} input${tally.skipped === 1 ? '' : 's'} skipped`);
  return EXIT.error;
}

/** The stderr lines of one index command: escaped, and a reason repeated on many records folded. */
function messagesOf(flags: CommonFlags, io: CliIo): Messages {
  return createMessages({ write: io.stderr, quiet: flags.quiet === true });
}

/** Groups a stream into arrays of `size`. */
async function* batchesOf<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

type AddFlags = CommonFlags & SettingFlags & InputCommandFlags & { replace?: boolean; batchSize: string; workers?: string };

async function runAdd(paths: string[], flags: AddFlags, io: CliIo): Promise<number> {
  const format = flags.format as LineFormat;
  const given = givenSettings(flags);
  const batchSize = numberOf(
    '--batch-size',
    flags.batchSize,
    (n) => Number.isInteger(n) && n >= 1 && n <= 100000,
    'a whole number from 1 to 100000',
  );
  const workers =
    flags.workers === undefined
      ? availableParallelism()
      : numberOf('--workers', flags.workers, (n) => Number.isInteger(n) && n >= 0 && n <= 256, 'a whole number from 0 to 256');
  const messages = messagesOf(flags, io);
  return withStore(flags, io, true, async (store) => {
    let pool: SketchPool | undefined;
    try {
      const options = optionsOf(await settingsFor(store, given, true), thresholdOf(flags));
      const sketcher = new SketchPool(workers, options);
      pool = sketcher;
      const tally: ReadTally = { skipped: 0, errors: 0 };
      const counts = new Map<AddOutcome['status'], number>();
      let problems = 0;
      const storeBatch = async (sketched: Sketched): Promise<void> => {
        for (const s of sketched.skipped) {
          tally.skipped += 1;
          messages.skipped(s.id, s.reason);
        }
        const done = await addBatch(store, sketched.sketches, { options, replace: flags.replace === true, now: Date.now() });
        for (const outcome of done.outcomes) {
          counts.set(outcome.status, (counts.get(outcome.status) ?? 0) + 1);
          io.stdout(renderOutcome(outcome, format));
        }
        for (const problem of done.problems) messages.error(`${problem.id}: ${problem.reason}`);
        problems += done.problems.length;
        // Between batches, so that every committed batch stays and none is cut in half.
        throwIfInterrupted(io.signal);
      };
      // Up to one batch per worker is sketched while the main thread stores the oldest: memory follows the batch.
      const inFlight: Array<Promise<Sketched>> = [];
      const send = async (docs: Document[]): Promise<void> => {
        inFlight.push(sketcher.sketch(docs));
        if (inFlight.length > sketcher.size) await storeBatch(await (inFlight.shift() as Promise<Sketched>));
      };
      // The first batch waits for the second: when it is the only one it is sketched on this thread, which
      // takes less time than starting the workers (~0.2 s), as one batch only ever keeps one worker busy.
      let first: Document[] | undefined;
      let batches = 0;
      for await (const docs of batchesOf(readDocuments(paths, flags, io, tally, messages), batchSize)) {
        batches += 1;
        if (batches === 1) {
          first = docs;
          continue;
        }
        if (first !== undefined) await send(first);
        first = undefined;
        await send(docs);
      }
      if (first !== undefined) await storeBatch(await sketcher.sketchHere(first));
      while (inFlight.length > 0) await storeBatch(await (inFlight.shift() as Promise<Sketched>));
      messages.flush();
      const parts = (['new', 'joined', 'copy', 'unchanged'] as const).map((s) => `${counts.get(s) ?? 0} ${s}`);
      messages.note(`${store.location}: ${parts.join(', ')}${problems > 0 ? `, ${problems} refused` : ''}`);
      return settleInputs(tally, problems, flags.strict === true, messages);
    } finally {
      await pool?.close();
    }
  });
}

type QueryFlags = CommonFlags & SettingFlags & InputCommandFlags;

async function runQuery(paths: string[], flags: QueryFlags, io: CliIo): Promise<number> {
  const format = flags.format as LineFormat;
  const messages = messagesOf(flags, io);
  return withStore(flags, io, false, async (store) => {
    const options = optionsOf(await settingsFor(store, givenSettings(flags), false), thresholdOf(flags));
    const tally: ReadTally = { skipped: 0, errors: 0 };
    for await (const docs of batchesOf(readDocuments(paths, flags, io, tally, messages), 256)) {
      const { sketches } = sketchDocuments(docs, options);
      for (const answer of await queryIndex(store, sketches, options)) io.stdout(renderAnswer(answer, format));
    }
    messages.flush();
    return settleInputs(tally, 0, flags.strict === true, messages);
  });
}

type ClustersFlags = CommonFlags &
  SettingFlags & {
    format: string;
    json?: boolean;
    since?: string;
    color?: boolean;
  };

/** The options `index clusters` shares with `cluster`, declared and checked by the same option spec. */
const REPORT_KEYS = ['minSize', 'all', 'failOnDuplicates', 'maxClusters', 'maxDuplicateRatio'] as const;

/** --min-size is left out when not given, as for `cluster`: the default of 2 would contradict --all. */
function reportOptions(values: OptionValues): Pick<ClusterOptions, 'minSize' | 'all'> {
  return { ...(values.minSize !== undefined ? { minSize: values.minSize as number } : {}), all: values.all === true };
}

function policyOf(values: OptionValues): ExitPolicy {
  return {
    failOnDuplicates: values.failOnDuplicates === true,
    ...(values.maxClusters !== undefined ? { maxClusters: values.maxClusters as number } : {}),
    ...(values.maxDuplicateRatio !== undefined ? { maxDuplicateRatio: values.maxDuplicateRatio as number } : {}),
    strict: false,
    inputErrors: 0,
  };
}

async function runClusters(flags: ClustersFlags, values: OptionValues, io: CliIo, colorFlagGiven: boolean): Promise<number> {
  const format = flags.json === true ? 'json' : flags.format;
  if (!isFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  const since = flags.since === undefined ? undefined : Date.parse(flags.since);
  if (since !== undefined && !Number.isFinite(since))
    throw new UsageError(`--since must be a date such as 2026-11-29 or 2026-11-29T08:00Z, got "${flags.since}"`);
  return withStore(flags, io, false, async (store) => {
    const options = optionsOf(await settingsFor(store, givenSettings(flags), false), { ...thresholdOf(flags), ...reportOptions(values) });
    const result = await indexClusters(store, options, since === undefined ? {} : { since });
    const color = shouldColor(colorFlagGiven ? flags.color : undefined, io.env, io.stdoutIsTTY);
    const report = await reporterFor(format);
    io.stdout(report(result, io.columns === undefined ? { color } : { color, width: io.columns }));
    return settleExit(result, policyOf(values), messagesOf(flags, io).error);
  });
}

async function runStats(flags: CommonFlags & { format: string }, io: CliIo): Promise<number> {
  return withStore(flags, io, false, async (store) => {
    const settings = await settingsFor(store, {}, false);
    const figures = await store.figures();
    io.stdout(
      renderStats({ location: store.location, schema: SCHEMA_VERSION, settings, figures }, flags.format === 'json' ? 'json' : 'table'),
    );
    return EXIT.ok;
  });
}

const REMOVE_CHUNK = 1000;

async function runRemove(ids: string[], flags: CommonFlags & { olderThan?: string }, io: CliIo): Promise<number> {
  if (ids.length === 0 && flags.olderThan === undefined) throw new UsageError('give the ids to remove, or --older-than <days>');
  const messages = messagesOf(flags, io);
  return withStore(flags, io, false, async (store) => {
    const options = optionsOf(await settingsFor(store, {}, false));
    const known = new Set((await store.documentsByIds(ids)).map((d) => d.id));
    for (const id of ids) if (!known.has(id)) messages.note(`${id}: not in the index`);
    const targets = ids.filter((id) => known.has(id));
    if (flags.olderThan !== undefined) {
      const days = numberOf('--older-than', flags.olderThan, (n) => n >= 0, 'a number of days');
      targets.push(...(await store.addedBefore(cutoffOf(days, Date.now()))));
    }
    let removed = 0;
    for (let at = 0; at < targets.length; at += REMOVE_CHUNK) {
      const chunk = targets.slice(at, at + REMOVE_CHUNK);
      removed += await store.transaction((tx) => removeDocuments(tx, chunk, options));
    }
    messages.note(`${store.location}: removed ${removed} document${removed === 1 ? '' : 's'}`);
    return EXIT.ok;
  });
}

const INDEX_EXAMPLES = `
Examples:
  $ cluster index add ./today                      store today's articles; print the cluster each joined
  $ cluster index query ./draft.txt                which stored articles and clusters a text matches
  $ cluster index clusters --since 2026-11-29 --json
  $ cluster index remove --older-than 30           keep a 30-day window
  $ WIRECLUSTER_INDEX=postgres://app@db:5432/news?schema=wire cluster index add ./feed.jsonl

Settings (mode, shingle size, permutations, bands, seed, language) are fixed when the index is created;
a conflicting flag later exits 2. Exit codes as for 'cluster': 0 ran, 1 findings with a --fail-on/--max
rule (index clusters), 2 usage, input or index error (corrupt, locked, unreachable), 130 interrupted.
`;

function createIndexProgram(io: CliIo, done: (code: number) => void, argv: readonly string[]): Command {
  const colorFlagGiven = argv.some((a) => a === '--color' || a === '--no-color');
  const program = new Command()
    .name(NAME)
    .description('A persistent index: match new articles against everything indexed before (SQLite file or PostgreSQL).')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', INDEX_EXAMPLES)
    .showSuggestionAfterError(true);
  const add = settingOptions(inputOptions(common(program.command('add')), LINE_FORMATS))
    .description('analyse, sketch and store documents; report the cluster each new one joined, or "new"')
    .argument('<paths...>', 'files, folders, datasets, or - for standard input')
    .option('--replace', 'replace a stored document whose id comes again with other content')
    .option('--batch-size <n>', 'documents per transaction', String(DEFAULT_BATCH))
    .option('--workers <n>', 'threads that analyse and sketch while batches are stored (default: the number of cores; 0: none)');
  add.action(async (paths: string[]) => done(await runAdd(paths, add.opts<AddFlags>(), io)));
  const query = settingOptions(inputOptions(common(program.command('query')), LINE_FORMATS))
    .description('the stored documents and clusters each given document matches, best first (stores nothing)')
    .argument('<paths...>', 'files, folders, datasets, or - for standard input');
  query.action(async (paths: string[]) => done(await runQuery(paths, query.opts<QueryFlags>(), io)));
  const clusters = addSpecOptions(settingOptions(common(program.command('clusters'))), REPORT_KEYS)
    .description('the clusters of everything indexed, as a batch run reports them')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--json', 'short for --format json')
    .option('--since <date>', 'only clusters with a document added at or after this date')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also NO_COLOR=1)');
  clusters.action(async () =>
    done(await runClusters(clusters.opts<ClustersFlags>(), readSpecOptions(clusters, REPORT_KEYS), io, colorFlagGiven)),
  );
  const stats = common(program.command('stats'))
    .description('documents, clusters, settings and size on disk')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'));
  stats.action(async () => done(await runStats(stats.opts<CommonFlags & { format: string }>(), io)));
  const remove = common(program.command('remove'))
    .description('remove documents by id, or those added more than --older-than days ago')
    .argument('[ids...]', 'ids of stored documents')
    .option('--older-than <days>', 'remove documents added more than this many days ago');
  remove.action(async (ids: string[]) => done(await runRemove(ids, remove.opts<CommonFlags & { olderThan?: string }>(), io)));
  return program;
}

/** Runs `cluster index …` (argv after "index") and returns the exit code. */
export async function runIndexCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = createIndexProgram(io, (c) => (code = c), argv);
  const output = {
    writeOut: (text: string) => io.stdout(text),
    writeErr: (text: string) => io.stderr(text),
    outputError: (text: string, write: (t: string) => void) => write(text.startsWith('error: ') ? `cluster: ${text.slice(7)}` : text),
  };
  program.configureOutput(output);
  program.exitOverride();
  for (const sub of program.commands) sub.configureOutput(output).exitOverride();
  if (argv.length === 0) {
    io.stderr(program.helpInformation());
    return EXIT.error;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    return indexErrorCode(error, io);
  }
}

function indexErrorCode(error: unknown, io: CliIo): number {
  const messages = createMessages({ write: io.stderr, quiet: false });
  if (error instanceof CommanderError) {
    const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version';
    return ok ? EXIT.ok : EXIT.error;
  }
  if (error instanceof Interrupted) {
    messages.error('interrupted; what was committed so far is kept');
    return 128 + (constants.signals[error.signal] ?? 2);
  }
  if (error instanceof StoreError || error instanceof SettingConflict || error instanceof UsageError) {
    messages.error(error.message);
    return EXIT.error;
  }
  if (error instanceof ParameterError) {
    messages.error(asUsageError(error).message);
    return EXIT.error;
  }
  throw error;
}
