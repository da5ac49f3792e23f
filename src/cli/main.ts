/**
 * The CLI: argv in, report on stdout, messages on stderr, an exit code out. The only module that
 * touches the process; everything below it is pure.
 */
import { CommanderError } from 'commander';
import { constants } from 'node:os';
import { resolve, sep } from 'node:path';
import { ParameterError } from '../params.js';
import { clusterStream } from '../pipeline.js';
import { readInputs } from '../input/read.js';
import { SUPPORTED_EXTENSIONS } from '../input/discover.js';
import { REPORTERS } from '../report/index.js';
import type { Document, ProgressEvent, SkippedInput } from '../types.js';
import { shouldColor } from './color.js';
import { Interrupted, UsageError } from './errors.js';
import { EXIT, exitCodeFor } from './exit-code.js';
import { SUBCOMMANDS, createProgram, parseArgs, type CliConfig } from './program.js';
import { createProgressLine, type ProgressLine } from './progress.js';
import { writeFileAtomic } from './write-atomic.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: AsyncIterable<Uint8Array | string>;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  columns: number;
  /** Aborted by Ctrl-C: stop reading, write nothing. */
  signal?: AbortSignal;
}

const NAME = 'cluster';

function outputInsideInput(output: string, paths: readonly string[]): boolean {
  const target = resolve(output);
  return paths.some((p) => p !== '-' && (target === resolve(p) || target.startsWith(resolve(p) + sep)));
}

interface Tally {
  documents: number;
  skipped: SkippedInput[];
  errors: number;
}

/** The documents of every input, as they are read; skipped inputs and errors are tallied and reported. */
async function* readDocuments(config: CliConfig, io: CliIo, tally: Tally, progress: ProgressLine | undefined): AsyncGenerator<Document> {
  const note = (text: string): void => {
    if (!config.quiet) io.stderr(`${NAME}: ${text}\n`);
  };
  for await (const event of readInputs(config.paths, {
    fields: config.fields,
    include: config.include,
    exclude: config.exclude,
    stdin: io.stdin,
    maxFileSize: config.maxFileSize,
  })) {
    throwIfInterrupted(io.signal);
    if (event.kind === 'document') {
      tally.documents += 1;
      progress?.reading(tally.documents);
      yield event.document;
    } else if (event.kind === 'skipped') {
      tally.skipped.push({ id: event.id, reason: event.reason });
      note(`${event.id}: ${event.reason} (skipped)`);
    } else if (event.kind === 'warning') {
      note(`warning: ${event.id}: ${event.message}`);
    } else {
      tally.errors += 1;
      tally.skipped.push({ id: event.id, reason: event.reason });
      io.stderr(`${NAME}: ${event.id}: ${event.reason}\n`);
    }
  }
}

function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Interrupted ? signal.reason : new Interrupted();
}

async function execute(config: CliConfig, io: CliIo): Promise<number> {
  if (config.output !== undefined && !config.force && outputInsideInput(config.output, config.paths)) {
    throw new UsageError(`--output ${config.output} is inside an input folder; write the report elsewhere (or add --force)`);
  }
  const showProgress = io.stderrIsTTY && !config.quiet;
  const progress = showProgress ? createProgressLine(io.stderr) : undefined;
  const tally: Tally = { documents: 0, skipped: [], errors: 0 };
  const result = await clusterStream(readDocuments(config, io, tally, progress), {
    ...config.cluster,
    skipped: tally.skipped,
    ...(config.workers !== undefined ? { workers: config.workers } : {}),
    ...(progress ? { onProgress: (event: ProgressEvent) => progress.stage(event) } : {}),
  });
  progress?.done();
  throwIfInterrupted(io.signal);
  const errors = tally.errors;
  if (tally.documents === 0 && errors === 0 && !config.quiet) {
    const why = tally.skipped.length > 0 ? `${tally.skipped.length} skipped` : `looked for ${SUPPORTED_EXTENSIONS.join(' ')}`;
    io.stderr(`${NAME}: no documents found in ${config.paths.join(', ')} (${why})\n`);
  }
  const color = config.output === undefined && shouldColor(config.color, io.env, io.stdoutIsTTY);
  const report = REPORTERS[config.format](result, { color, width: io.columns });
  if (config.output !== undefined) await writeFileAtomic(config.output, report, io.signal);
  else io.stdout(report);
  return exitCodeFor(result, {
    failOnDuplicates: config.failOnDuplicates,
    ...(config.maxClusters !== undefined ? { maxClusters: config.maxClusters } : {}),
    ...(config.maxDuplicateRatio !== undefined ? { maxDuplicateRatio: config.maxDuplicateRatio } : {}),
    strict: config.strict,
    inputErrors: errors,
  });
}

/** Runs the CLI and returns its exit code. Never exits the process itself. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const subcommand = SUBCOMMANDS[argv[0] ?? ''];
  if (subcommand !== undefined) return subcommand(argv.slice(1), io);
  const program = createProgram();
  program.configureOutput({
    writeOut: (text) => io.stdout(text),
    writeErr: (text) => io.stderr(text),
    outputError: (text, write) => write(text.startsWith('error: ') ? `${NAME}: ${text.slice(7)}` : text),
  });
  let config: CliConfig;
  try {
    config = parseArgs(program, argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      return ok ? EXIT.ok : EXIT.error;
    }
    return reportError(error, io);
  }
  if (config.paths.length === 0) {
    if (io.stdinIsTTY) {
      io.stderr(`${NAME}: no paths given; try '${NAME} ./articles' or '${NAME} --help'\n`);
      return EXIT.error;
    }
    config.paths = ['-'];
  }
  try {
    return await execute(config, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof Interrupted || (error instanceof Error && error.name === 'AbortError')) {
    const signal = error instanceof Interrupted ? error.signal : 'SIGINT';
    io.stderr(`${NAME}: interrupted; nothing was written\n`);
    return 128 + (constants.signals[signal] ?? 2);
  }
  if (error instanceof UsageError) {
    io.stderr(`${NAME}: ${error.message}\n`);
    return EXIT.error;
  }
  if (error instanceof ParameterError) {
    io.stderr(`${NAME}: --${error.message}\n`);
    return EXIT.error;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && error instanceof Error) {
    io.stderr(`${NAME}: ${error.message}\n`);
    return EXIT.error;
  }
  throw error;
}

/** A stream whose reader went away (`| head`) is not an error: drop what is still to be written. */
function writerOf(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (closed || error.code === 'EPIPE') closed = true;
    else throw error;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

/** Ctrl-C (or SIGTERM) aborts the run, which then stops between two inputs or before writing; a second
 * one, for a run stuck in a long computation, ends the process at once. */
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
  const io: CliIo = {
    stdout: writerOf(process.stdout),
    stderr: writerOf(process.stderr),
    stdin: process.stdin,
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    columns: process.stdout.columns ?? 100,
    signal: abortOnSignals(),
  };
  main(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${NAME}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT.error;
    },
  );
}
