/**
 * `cluster extract [paths...]`: every document as the clustering reads it, one JSON object a line
 * (`{"id","title","text","date","lang","encoding","site","extractor"}`), so a user can check what the
 * tool read and extraction can be measured. Skipped inputs go to stderr, as for clustering.
 *
 * `text` is the document the analysis receives (decoded, article extracted, one line per block);
 * `--analysed` prints instead the lines the mode's analysis keeps, typography normalised. That view is
 * not the default because it cannot be scored against an article body: normalising "U.S." and "Japan's"
 * alone costs 0.05 F1 on the benchmark's metric, and the prose filter drops the subheadings (README
 * "Web pages").
 */
import { Command, CommanderError, Option } from 'commander';
import { MODE_NAMES, isMode } from '../cluster/modes.js';
import { resolveParams } from '../params.js';
import { readInputs } from '../input/read.js';
import { keptText } from '../text/analyze.js';
import type { Document } from '../types.js';
import { UsageError } from './errors.js';
import { EXIT } from './exit-code.js';
import { addInputFlags, nothingFound, readOptionsOf, type InputFlags } from './input-flags.js';
import type { CliIo } from './io.js';
import { createMessages, NAME } from './messages.js';

interface ExtractOptions extends InputFlags {
  mode: string;
  lang: string;
  analysed?: boolean;
  quiet?: boolean;
}

function createExtractProgram(): Command {
  return addInputFlags(
    new Command('extract')
      .name('cluster extract')
      .usage('[paths...] [options]')
      .description(
        'Print each document as the clustering reads it: one JSON object a line with id, title, text, date, lang, encoding, site and extractor.',
      )
      .argument('[paths...]', 'files, folders (recursive) or - for standard input')
      .addOption(
        new Option('-m, --mode <mode>', 'the mode whose line filters apply (story keeps short lines)')
          .choices(MODE_NAMES)
          .default('rewrite'),
      )
      .option('--lang <code>', 'language of the texts (ISO 639-1) or auto', 'auto')
      .option('--analysed', "print the lines the analysis keeps (the mode's line filters, typography normalised)"),
  )
    .option('-q, --quiet', 'no warnings on standard error')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', "\nExample:\n  $ cluster extract ./pages | jq -r '.title'\n");
}

/** The line printed for one document. Absent fields are null, so every line has the same keys. */
function extractLine(doc: Document, text: string, lang: string): string {
  return `${JSON.stringify({
    id: doc.id,
    title: doc.title ?? null,
    text,
    date: doc.date ?? null,
    lang,
    encoding: doc.encoding ?? 'utf-8',
    site: doc.site ?? null,
    extractor: doc.extractor ?? null,
  })}\n`;
}

function parse(argv: readonly string[], io: CliIo): { paths: string[]; options: ExtractOptions } {
  const program = createExtractProgram()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(text.startsWith('error: ') ? `${NAME} extract: ${text.slice(7)}` : text),
    });
  program.parse([...argv], { from: 'user' });
  return { paths: program.args, options: program.opts<ExtractOptions>() };
}

async function extract(paths: string[], options: ExtractOptions, io: CliIo): Promise<number> {
  if (!isMode(options.mode)) throw new UsageError(`--mode must be one of ${MODE_NAMES.join(', ')}`);
  const { profile, params } = resolveParams({ mode: options.mode, lang: options.lang });
  const analysis = { lang: params.lang, proseFilter: profile.proseFilter };
  const messages = createMessages({ write: io.stderr, quiet: options.quiet === true });
  let documents = 0;
  let skipped = 0;
  let errors = 0;
  for await (const event of readInputs(paths, readOptionsOf(options, io.stdin))) {
    if (io.signal?.aborted === true) return EXIT.interrupted;
    if (event.kind === 'document') {
      documents += 1;
      const doc = event.document;
      const kept = keptText(doc, analysis);
      io.stdout(extractLine(doc, options.analysed === true ? kept.text : doc.text, kept.lang));
    } else if (event.kind === 'skipped') {
      skipped += 1;
      messages.skipped(event.id, event.reason);
    } else if (event.kind === 'warning') {
      messages.warning(event.id, event.message);
    } else {
      errors += 1;
      messages.error(`${event.id}: ${event.reason}`);
    }
  }
  if (documents === 0 && errors === 0) messages.note(nothingFound(paths, options, skipped));
  messages.flush();
  return errors > 0 || (options.strict === true && skipped > 0) ? EXIT.error : EXIT.ok;
}

/** Runs `cluster extract` and returns its exit code. */
export async function runExtract(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { paths, options } = parse(argv, io);
    if (paths.length === 0 && io.stdinIsTTY)
      throw new UsageError(`no paths given; try '${NAME} extract ./pages' or '${NAME} extract --help'`);
    return await extract(paths.length === 0 ? ['-'] : paths, options, io);
  } catch (error) {
    if (error instanceof CommanderError)
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' ? EXIT.ok : EXIT.error;
    if (error instanceof Error && (error.name === 'UsageError' || error.name === 'ParameterError')) {
      io.stderr(`${NAME} extract: ${error.name === 'ParameterError' ? '--' : ''}${error.message}\n`);
      return EXIT.error;
    }
    throw error;
  }
}
