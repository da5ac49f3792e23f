/**
 * The config file, found the way eslint and jscpd find theirs: `wirecluster.config.json`, `.wireclusterrc`
 * (JSON) or a `"wirecluster"` key in package.json, in the working folder or above it. It takes the options
 * of the spec by their library names (`numPerm`, `failOnDuplicates`); flags win over it.
 */
import { lilconfig, type LilconfigResult, type LoaderSync } from 'lilconfig';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { isPostgresUrl } from '../store/open.js';
import { OPTIONS, expectedFor, findSpec, type OptionKey } from '../options/spec.js';
import { editDistance, ParameterError, resolveParams } from '../params.js';
import type { ClusterOptions } from '../types.js';
import type { Command } from 'commander';
import type { CliIo } from './io.js';
import { readSpecOptions, type OptionValues } from './spec-options.js';
import { UsageError } from './errors.js';

const CONFIG_NAME = 'wirecluster';
const SEARCH_PLACES = ['package.json', 'wirecluster.config.json', '.wireclusterrc', '.wireclusterrc.json'];

/** Keys a config file may hold besides the options. */
const META_KEYS = new Set(['$schema']);

class ConfigSyntaxError extends Error {
  constructor(
    readonly filepath: string,
    readonly detail: string,
  ) {
    super(`${filepath}: ${detail}`);
  }
}

/** `line 3`: JSON.parse only gives an offset, which nobody can find in an editor. */
function lineOf(content: string, error: unknown): string {
  const offset = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (offset === undefined) return '';
  return ` at line ${content.slice(0, Number(offset)).split('\n').length}`;
}

/** Comments are refused rather than read: the file is JSON, as its name and its JSON Schema say, and
 * editors and other tools reading it would choke on them. */
function hasComment(content: string): boolean {
  return /(^|[\s,{[])(\/\/|\/\*)/.test(content);
}

const loadJson: LoaderSync = (filepath, content) => {
  // A file saved by Notepad starts with a BOM; it is not part of the JSON.
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const why = hasComment(text) ? 'comments are not allowed in JSON' : error instanceof Error ? error.message : String(error);
    throw new ConfigSyntaxError(filepath, `invalid JSON${lineOf(text, error)} (${why})`);
  }
};

/** `numperm`, `num_perm`, `failOnDuplicate`: the key meant, if one is close enough to say so. */
function nearKey(key: string): string | undefined {
  const folded = key.toLowerCase().replace(/[-_]/g, '');
  const exact = OPTIONS.find((o) => o.key.toLowerCase() === folded);
  return (exact ?? OPTIONS.find((o) => editDistance(o.key.toLowerCase(), folded) <= 2))?.key;
}

interface ConfigFile {
  path: string;
  values: OptionValues;
}

/** Checks a parsed config against the spec; every problem is a UsageError naming the file and the key. */
export function validateConfig(data: unknown, where: string): OptionValues {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${where}: the config must be a JSON object of options`);
  }
  const values: OptionValues = {};
  for (const [key, value] of Object.entries(data)) {
    if (META_KEYS.has(key)) {
      // The schema says a string; an editor would flag anything else, so the file check does too.
      if (typeof value !== 'string') throw new UsageError(`${where}: ${key} must be a string, got ${JSON.stringify(value)}`);
      continue;
    }
    const spec = findSpec(key);
    if (spec === undefined) {
      const near = nearKey(key);
      throw new UsageError(`${where}: unknown option "${key}"${near ? ` (did you mean "${near}"?)` : ''}`);
    }
    if (spec.cliOnly) throw new UsageError(`${where}: "${key}" can only be given on the command line`);
    const expected = expectedFor(spec, value);
    if (expected !== undefined) throw new UsageError(`${where}: ${key} must be ${expected}, got ${JSON.stringify(value)}`);
    values[spec.key as keyof OptionValues] = value;
  }
  checkTogether(values, where);
  return values;
}

/** Checks that depend on more than one value (bands and numPerm, all and minSize, a language code) are
 * the library's; its errors name options by the keys the file uses. */
function checkTogether(values: OptionValues, where: string): void {
  const library: Record<string, unknown> = {};
  for (const spec of OPTIONS) if (spec.scope === 'library' && values[spec.key] !== undefined) library[spec.key] = values[spec.key];
  try {
    resolveParams(library as ClusterOptions);
  } catch (error) {
    if (error instanceof ParameterError) throw new UsageError(`${where}: ${error.message}`);
    throw error;
  }
}

/** What went wrong reading a config file, as one line naming it (as the user named it, if they did). */
function loadError(error: unknown, cwd: string, explicit: string | undefined): unknown {
  if (error instanceof ConfigSyntaxError) {
    return new UsageError(`${explicit ?? (relative(cwd, error.filepath) || error.filepath)}: ${error.detail}`);
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const name = explicit === undefined ? 'the config file' : `--config ${explicit}`;
  if (explicit !== undefined && code === 'ENOENT') return new UsageError(`${name}: no such file`);
  if (code === 'EISDIR') return new UsageError(`${name}: is a folder, not a file`);
  return error;
}

/** The config file that applies in `cwd` (or the one named), validated; undefined when there is none. */
async function loadConfigFile(cwd: string, explicit?: string): Promise<ConfigFile | undefined> {
  const searcher = lilconfig(CONFIG_NAME, {
    searchPlaces: SEARCH_PLACES,
    loaders: { '.json': loadJson, noExt: loadJson },
    cache: false,
  });
  let found: LilconfigResult;
  try {
    found = explicit === undefined ? await searcher.search(cwd) : await searcher.load(resolve(cwd, explicit));
  } catch (error) {
    throw loadError(error, cwd, explicit);
  }
  if (found === null || found.isEmpty === true) return undefined;
  const shown = explicit ?? (relative(cwd, found.filepath) || found.filepath);
  return { path: found.filepath, values: pathsFrom(validateConfig(found.config, shown), dirname(found.filepath)) };
}

/** A file an option names (the --idf-from index) is where the config file says, wherever it is run from. */
function pathsFrom(values: OptionValues, folder: string): OptionValues {
  const index = values.idfFrom;
  if (typeof index !== 'string' || isPostgresUrl(index) || isAbsolute(index)) return values;
  return { ...values, idfFrom: resolve(folder, index) };
}

/** The option values a command runs with: its flags over the config file (unless --no-config), for the
 * default command and for subcommands alike. `keys`: the options the command declared. */
export async function optionValues(command: Command, io: CliIo, keys?: readonly OptionKey[]): Promise<OptionValues> {
  const flags = readSpecOptions(command, keys);
  const { config } = command.optsWithGlobals<{ config?: string | false }>();
  const file = config === false ? undefined : await loadConfigFile(io.cwd ?? process.cwd(), config);
  const fromFile: OptionValues = {};
  for (const [key, value] of Object.entries(file?.values ?? {})) {
    if (keys === undefined || keys.includes(key as OptionKey)) fromFile[key as OptionKey] = value;
  }
  for (const key of ['json', 'format'] as const) {
    // --json and --format are one setting: a flag for either replaces the file's, rather than contradict it.
    if (flags.json !== undefined || flags.format !== undefined) delete fromFile[key];
  }
  return { ...fromFile, ...flags };
}
