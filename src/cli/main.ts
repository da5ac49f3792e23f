/**
 * The CLI: argv in, report on stdout, messages on stderr, an exit code out. The only module that
 * touches the process; everything below it is pure.
 */
import { type Command, CommanderError } from 'commander';
import { constants } from 'node:os';
import { gzipSync } from 'node:zlib';
import { ParameterError } from '../params.js';
import { clusterStream } from '../pipeline.js';
import { readInputs } from '../input/read.js';
import { reporterFor } from '../report/index.js';
import { selectClusters } from '../report/select.js';
import { loadIsoStopWords } from '../text/natural-modules.js';
import type { ClusterResult, Document, PairScore, ProgressEvent, SkippedInput } from '../types.js';
import { shouldColor } from './color.js';
import { optionValues } from './config-file.js';
import { Interrupted, systemErrorText, UsageError } from './errors.js';
import { openReference, referenceWarnings, type OpenReference } from './reference.js';
import { EXIT, settleExit, type ExitPolicy } from './exit-code.js';
import { readPathList } from './files-from.js';
import { nothingFound } from './input-flags.js';
import type { CliIo } from './io.js';
import { NAME, createMessages, type Messages } from './messages.js';
import { checkOutput, gzipsOutput } from './output-target.js';
import { createCliProgram, toConfig, type CliConfig } from './program.js';
import { isSeparateCommand, type SeparateCommand } from './commands.js';
import { createProgressLine, type ProgressLine } from './progress.js';
import { terminalColumns } from './terminal-width.js';
import { writeFileAtomic } from './write-atomic.js';

export type { CliIo } from './io.js';

interface Tally {
  documents: number;
  skipped: SkippedInput[];
  errors: number;
}

/** The documents of every input, as they are read; skipped inputs and errors are tallied and reported. */
async function* readDocuments(
  config: CliConfig,
  io: CliIo,
  tally: Tally,
  messages: Messages,
  progress: ProgressLine | undefined,
): AsyncGenerator<Document> {
  for await (const event of readInputs(config.paths, {
    fields: config.fields,
    include: config.include,
    exclude: config.exclude,
    follow: config.follow,
    stdin: io.stdin,
    maxFileSize: config.maxFileSize,
    ...(config.delimiter !== undefined ? { delimiter: config.delimiter } : {}),
    // clusterStream checks the ids as it numbers the documents (onSkipped reports the duplicates).
    claimIds: false,
  })) {
    throwIfInterrupted(io.signal);
    if (event.kind === 'document') {
      tally.documents += 1;
      progress?.reading(tally.documents);
      yield event.document;
    } else if (event.kind === 'skipped') {
      tally.skipped.push({ id: event.id, reason: event.reason });
      messages.skipped(event.id, event.reason);
    } else if (event.kind === 'warning') {
      messages.warning(event.id, event.message);
    } else {
      tally.errors += 1;
      tally.skipped.push({ id: event.id, reason: event.reason });
      messages.error(`${event.id}: ${event.reason}`);
    }
  }
}

function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Interrupted ? signal.reason : new Interrupted();
}

/** Warnings about a finished run that would otherwise look like "no duplicates". */
function runWarnings(result: ClusterResult, config: CliConfig, reference: OpenReference | undefined): string[] {
  const warnings: string[] = [];
  if (config.idfFrom !== undefined && reference !== undefined)
    warnings.push(...referenceWarnings(config.idfFrom, reference.settings, result));
  if (config.cluster.bands === 1 && result.stats.documents > 1 && result.stats.candidates === 0) {
    warnings.push(
      `--bands 1 found no candidate pairs: one band of ${result.params.rows} rows only catches near-identical texts; use more bands (or leave --bands out)`,
    );
  }
  return warnings;
}

async function render(result: ClusterResult, config: CliConfig, io: CliIo): Promise<string> {
  const color = config.output === undefined && shouldColor(config.color, io.env, io.stdoutIsTTY);
  const shown = selectClusters(result, config.sort, config.top);
  // Not a terminal (a file, a pipe): nothing is cut, whatever its length.
  const width = config.width ?? (config.output === undefined && io.stdoutIsTTY ? io.columns : undefined);
  const report = await reporterFor(config.format);
  return report(shown, { color, ...(width !== undefined ? { width } : {}) });
}

async function execute(config: CliConfig, io: CliIo): Promise<number> {
  if (config.output !== undefined) await checkOutput(config.output, config.paths, config.force);
  const showProgress = io.stderrIsTTY && !config.quiet;
  const progress = showProgress ? createProgressLine(io.stderr) : undefined;
  const messages = createMessages({ write: io.stderr, quiet: config.quiet, ...(progress ? { beforeWrite: () => progress.clear() } : {}) });
  const tally: Tally = { documents: 0, skipped: [], errors: 0 };
  // --pairs: the verified pairs, one JSON line each, instead of the report; streamed to stdout as the
  // clusters are assembled (a file gets them atomically at the end).
  const pairLines: string[] = [];
  const onPair = (pair: PairScore): void => {
    const line = `${JSON.stringify(pair)}\n`;
    if (config.output === undefined) io.stdout(line);
    else pairLines.push(line);
  };
  const reference: OpenReference | undefined = config.idfFrom !== undefined ? await openReference(config.idfFrom) : undefined;
  let result: ClusterResult;
  try {
    result = await clusterStream(readDocuments(config, io, tally, messages, progress), {
      ...config.cluster,
      ...(reference !== undefined ? { reference: reference.reference } : {}),
      skipped: tally.skipped,
      // Documents whose id was taken, reported as they are read, like the reader's own skips.
      onSkipped: ({ id, reason }: SkippedInput) => messages.skipped(id, reason),
      ...(config.workers !== undefined ? { workers: config.workers } : {}),
      // The first Ctrl-C stops the workers mid-stage too, not only the reading.
      ...(io.signal !== undefined ? { signal: io.signal } : {}),
      ...(progress ? { onProgress: (event: ProgressEvent) => progress.stage(event) } : {}),
      ...(config.cluster.pairs === true ? { onPair } : {}),
    });
  } finally {
    // Also when the run fails or is interrupted: the message that follows starts on a clean line.
    progress?.done();
    messages.flush();
    await reference?.close();
  }
  throwIfInterrupted(io.signal);
  if (tally.documents === 0 && tally.errors === 0) messages.note(nothingFound(config.paths, config, tally.skipped.length));
  for (const warning of runWarnings(result, config, reference)) messages.note(`warning: ${warning}`);
  if (config.cluster.pairs !== true) await writeReport(await render(result, config, io), config, io);
  else if (config.output !== undefined) await writeReport(pairLines.join(''), config, io);
  return settleExit(result, policyOf(config, tally), (reason) => messages.error(reason));
}

async function writeReport(report: string, config: CliConfig, io: CliIo): Promise<void> {
  if (config.output === undefined) {
    io.stdout(report);
    return;
  }
  try {
    await writeFileAtomic(config.output, gzipsOutput(config.output) ? gzipSync(report) : report, io.signal);
  } catch (error) {
    throw new UsageError(`--output ${config.output}: ${systemErrorText(error)}`);
  }
}

function policyOf(config: CliConfig, tally: Tally): ExitPolicy {
  return {
    failOnDuplicates: config.failOnDuplicates,
    ...(config.maxClusters !== undefined ? { maxClusters: config.maxClusters } : {}),
    ...(config.maxDuplicateRatio !== undefined ? { maxDuplicateRatio: config.maxDuplicateRatio } : {}),
    strict: config.strict,
    inputErrors: tally.errors,
  };
}

function languageList(): string {
  const codes = Object.keys(loadIsoStopWords()).sort();
  return `auto (detect per document), or one of:\n${codes.join(' ')}\n`;
}

/** The default command: options (flags over the config file), then the paths, then the run. */
async function runCluster(command: Command, given: string[], io: CliIo): Promise<number> {
  const values = await optionValues(command, io);
  if (typeof values.lang === 'string' && values.lang.toLowerCase() === 'help') {
    io.stdout(languageList());
    return EXIT.ok;
  }
  const config = toConfig(given, values);
  if (config.filesFrom !== undefined) {
    const listed = await readPathList(config.filesFrom, config.nul, io.stdin);
    if (listed.length === 0 && given.length === 0) throw new UsageError(`--files-from ${config.filesFrom}: no paths in it`);
    config.paths = [...given, ...listed];
  }
  if (config.paths.length === 0) {
    if (io.stdinIsTTY) throw new UsageError(`no paths given; try '${NAME} ./articles' or '${NAME} --help'`);
    config.paths = ['-'];
  }
  if (config.filesFrom === '-' && config.paths.includes('-')) {
    throw new UsageError('--files-from - reads standard input; it cannot also be an input (-)');
  }
  return execute(config, io);
}

type CommandMain = (argv: readonly string[], io: CliIo) => Promise<number>;

/** Loaded when named: each brings its own modules (the index's stores and matcher, dedup's writers), and
 * loading all of them cost every run of `cluster` a third of its modules. */
const SEPARATE_MAINS: Record<SeparateCommand, () => Promise<CommandMain>> = {
  dedup: async () => (await import('./dedup.js')).dedupMain,
  extract: async () => (await import('./extract.js')).runExtract,
  index: async () => (await import('./index-command.js')).runIndexCommand,
};

/** Runs the CLI and returns its exit code. Never exits the process itself. Dedup's lines say `cluster dedup:`
 * (its reading messages always did), its usage errors too. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const command = argv[0];
  const messages = createMessages({ write: io.stderr, quiet: false, ...(command === 'dedup' ? { name: 'cluster dedup' } : {}) });
  if (isSeparateCommand(command)) {
    return SEPARATE_MAINS[command]()
      .then((run) => run(argv.slice(1), io))
      .catch((error: unknown) => reportError(error, messages));
  }
  let action: (() => Promise<number>) | undefined;
  const program = createCliProgram({ io, setAction: (a) => (action = a) });
  program.action((paths: string[], _options: unknown, command: Command) => {
    action = () => runCluster(command, paths, io);
  });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      return ok ? EXIT.ok : EXIT.error;
    }
    return reportError(error, messages);
  }
  if (action === undefined) return EXIT.ok;
  try {
    return await action();
  } catch (error) {
    return reportError(error, messages);
  }
}

/** Node's message for most errors (it names the file); the plain words for a full disk or a refusal. */
function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EACCES' || code === 'EPERM') return systemErrorText(error);
  return error instanceof Error ? error.message : String(error);
}

function reportError(error: unknown, messages: Messages): number {
  if (error instanceof Interrupted || (error instanceof Error && error.name === 'AbortError')) {
    const signal = error instanceof Interrupted ? error.signal : 'SIGINT';
    messages.error('interrupted; nothing was written');
    return 128 + (constants.signals[signal] ?? 2);
  }
  if (error instanceof UsageError || error instanceof ParameterError) {
    messages.error(error.message);
    return EXIT.error;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && error instanceof Error) {
    messages.error(errorText(error));
    return EXIT.error;
  }
  throw error;
}

/** A write error on standard output (a full disk, `> /dev/full`) ends the run with exit 2 and one line;
 * a reader that went away (`| head`) is not an error: what is still to be written is dropped. */
function writerOf(stream: NodeJS.WriteStream, onFailure: (error: NodeJS.ErrnoException) => void): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (error.code !== 'EPIPE') onFailure(error);
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

/** Ctrl-C (or SIGTERM) aborts the run, which then stops between two inputs, at once while the workers run a
 * stage, or before writing; a second one, for a run in a long computation on the main thread, ends the
 * process at once. */
function abortOnSignals(): AbortSignal {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(128 + (constants.signals[signal] ?? 2));
    controller.abort(new Interrupted(signal));
    // Unblocks a run waiting on standard input.
    process.stdin.destroy();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return controller.signal;
}

/** Entry point for bin/cluster.js: wires the real process to main() and sets process.exitCode. */
export function run(argv: readonly string[]): void {
  let writeFailed = false;
  const failWrite = (error: NodeJS.ErrnoException): void => {
    if (writeFailed) return;
    writeFailed = true;
    process.stderr.write(`${NAME}: cannot write to standard output: ${errorText(error)}\n`);
    process.exitCode = EXIT.error;
  };
  const io: CliIo = {
    stdout: writerOf(process.stdout, failWrite),
    stderr: writerOf(process.stderr, () => undefined),
    stdin: process.stdin,
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    stdoutStream: process.stdout,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    columns: process.stdout.isTTY === true ? terminalColumns(process.stdout.columns, process.env) : undefined,
    cwd: process.cwd(),
    signal: abortOnSignals(),
  };
  main(argv, io).then(
    (code) => {
      process.exitCode = writeFailed ? EXIT.error : code;
    },
    (error: unknown) => {
      process.stderr.write(`${NAME}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT.error;
    },
  );
}
