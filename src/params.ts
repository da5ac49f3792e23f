/** Options → fully resolved, validated parameters. Ranges and defaults come from the option spec
 * (options/spec.ts), which the CLI reads too; errors here name options as the library knows them. */
import { MODES, type ModeProfile } from './cluster/modes.js';
import { optimalBands, rowsForBands } from './lsh/params.js';
import { describeRange, expectedFor, specOf, type NumberSpec, type OptionKey } from './options/spec.js';
import { isKnownLanguage } from './text/language.js';
import type { ClusterOptions, Mode, ResolvedParams } from './types.js';

/** A parameter outside its accepted range. `option` is the library's name for it; `expected` says what
 * is accepted and may name other options through `nameOf`, so the CLI can speak in flags. */
export class ParameterError extends RangeError {
  override name = 'ParameterError';
  constructor(
    readonly option: OptionKey,
    readonly expected: (nameOf: (key: OptionKey) => string) => string,
    readonly value: unknown,
  ) {
    super(`${option} must be ${expected((key) => key)}, got ${shown(value)}`);
  }
}

/** The value as the caller would write it: JSON turns NaN and Infinity into `null` (which reads as if
 * null had been given) and throws on a bigint or a cycle, which would hide the error being built. */
function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function defaultOf(key: OptionKey): unknown {
  const spec = specOf(key);
  return 'default' in spec ? spec.default : undefined;
}

/** The option's value, its default when absent; checked against the spec. */
function optionValue<T>(options: ClusterOptions, key: OptionKey & keyof ClusterOptions, fallback?: T): T {
  const given = options[key];
  const value = given === undefined ? (fallback ?? defaultOf(key)) : given;
  const expected = expectedFor(specOf(key), value);
  if (expected !== undefined) throw new ParameterError(key, () => expected, value);
  return value as T;
}

function resolveLang(options: ClusterOptions): string {
  const given = optionValue<string>(options, 'lang');
  const lang = given.toLowerCase();
  if (lang !== 'auto' && !isKnownLanguage(lang)) {
    throw new ParameterError('lang', () => 'auto or an ISO 639-1 code with a stop-word list (en, fr, de, es, ru, ur, ar, zh, …)', given);
  }
  return lang;
}

function resolveMinSize(options: ClusterOptions): number {
  const minSize = optionValue<number>(options, 'minSize');
  if (optionValue<boolean>(options, 'all', false)) {
    // `all` asks for singletons; a larger minimum given with it contradicts it rather than being dropped.
    if (options.minSize !== undefined && minSize > 1) {
      throw new ParameterError('minSize', (name) => `1 when ${name('all')} is given`, minSize);
    }
    return 1;
  }
  return minSize;
}

function resolveBands(options: ClusterOptions, numPerm: number, lshThreshold: number): { bands: number; rows: number } {
  if (options.bands === undefined) return optimalBands(lshThreshold, numPerm);
  const bands = optionValue<number>(options, 'bands');
  if (bands > numPerm) {
    throw new ParameterError('bands', (name) => describeRange(specOf('bands') as NumberSpec, `${name('numPerm')} (${numPerm})`), bands);
  }
  return { bands, rows: rowsForBands(bands, numPerm) };
}

/** The callbacks and the caller's skipped inputs, checked before any work: unchecked, a callback that is
 * not a function failed mid-run (`this.progress is not a function`), and `skipped: 'abc'` came back as
 * three skipped inputs 'a', 'b', 'c'. */
function checkHooks(options: ClusterOptions): void {
  for (const key of ['onProgress', 'onSkipped', 'onPair'] as const) {
    const hook: unknown = options[key];
    if (hook !== undefined && typeof hook !== 'function') throw new TypeError(`${key} must be a function, got ${shown(hook)}`);
  }
  const skipped: unknown = options.skipped;
  if (skipped === undefined) return;
  if (!Array.isArray(skipped)) throw new TypeError(`skipped must be an array of { id: string, reason: string }, got ${shown(skipped)}`);
  skipped.forEach((entry: unknown, i) => {
    const { id, reason } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof id !== 'string' || typeof reason !== 'string') {
      throw new TypeError(`skipped[${i}] must be { id: string, reason: string }, got ${shown(entry)}`);
    }
  });
}

/** `clusterStream`'s worker count, when given: the range of the CLI's --workers. Unchecked, NaN made the
 * pool's in-flight limit NaN, so no batch was ever selected ("document 0 has no sketch"), and 0, -1, 2.5
 * or "2" were quietly taken as something else. */
export function checkWorkers(workers: unknown): void {
  if (workers === undefined) return;
  const expected = expectedFor(specOf('workers'), workers);
  if (expected !== undefined) throw new ParameterError('workers', () => expected, workers);
}

/** Every option the library reads (clusterStream's `workers` and `signal` too): a Record, so that the compiler says
 * when an option is added to ClusterOptions and not here. */
const KNOWN_OPTIONS: Record<keyof ClusterOptions | 'workers' | 'signal', true> = {
  mode: true,
  threshold: true,
  shingleSize: true,
  numPerm: true,
  bands: true,
  seed: true,
  minSize: true,
  all: true,
  lang: true,
  explain: true,
  pairs: true,
  reference: true,
  skipped: true,
  onSkipped: true,
  onProgress: true,
  onPair: true,
  workers: true,
  signal: true,
};

/** A misspelt option (`thresold: 0.5`) was ignored, and the run used the default without a word. */
function checkNames(options: object): void {
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(KNOWN_OPTIONS, key)) continue;
    const near = Object.keys(KNOWN_OPTIONS).find((known) => editDistance(known.toLowerCase(), key.toLowerCase()) <= 2);
    throw new TypeError(`unknown option ${JSON.stringify(key)}${near === undefined ? '' : ` (did you mean "${near}"?)`}`);
  }
}

export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next.push(Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + cost));
    }
    row = next;
  }
  return row[b.length] as number;
}

export function resolveParams(options: ClusterOptions): { params: ResolvedParams; profile: ModeProfile } {
  // From JavaScript, null failed on reading its mode, and a string (`'rewrite'`) was read as no options.
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`options must be an object such as { mode: 'rewrite' }, got ${shown(options)}`);
  }
  checkNames(options);
  const mode = optionValue<Mode>(options, 'mode');
  const base = MODES[mode];
  const threshold = optionValue<number>(options, 'threshold', base.threshold);
  const shingleSize = optionValue<number>(options, 'shingleSize', base.shingleSize);
  const numPerm = optionValue<number>(options, 'numPerm');
  const seed = optionValue<number>(options, 'seed');
  const minSize = resolveMinSize(options);
  const { bands, rows } = resolveBands(options, numPerm, base.lshThreshold);
  const lang = resolveLang(options);
  // Not parameters of the stages, but read as `=== true`: `explain: 1` or `'yes'` quietly meant false.
  optionValue<boolean>(options, 'explain', false);
  optionValue<boolean>(options, 'pairs', false);
  checkHooks(options);
  const profile: ModeProfile = { ...base, threshold, shingleSize };
  return { params: { mode, threshold, shingleSize, numPerm, bands, rows, seed, lang, minSize }, profile };
}
