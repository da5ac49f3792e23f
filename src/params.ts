/** Options → fully resolved, validated parameters. Every range check lives here, for CLI and library. */
import { MODES, MODE_NAMES, isMode, type ModeProfile } from './cluster/modes.js';
import { optimalBands, rowsForBands } from './lsh/params.js';
import { isKnownLanguage } from './text/language.js';
import type { ClusterOptions, ResolvedParams } from './types.js';

export const DEFAULT_NUM_PERM = 128;
export const DEFAULT_SEED = 1;
export const MAX_NUM_PERM = 1024;
export const MAX_SHINGLE_SIZE = 10;

/** A parameter outside its accepted range; the message names the range. */
export class ParameterError extends RangeError {
  override name = 'ParameterError';
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new ParameterError(message);
}

function isWhole(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

export function resolveParams(options: ClusterOptions): { params: ResolvedParams; profile: ModeProfile } {
  const mode = options.mode ?? 'rewrite';
  check(isMode(mode), `mode must be one of ${MODE_NAMES.join(', ')}, got ${String(mode)}`);
  const base = MODES[mode];
  const threshold = options.threshold ?? base.threshold;
  check(Number.isFinite(threshold) && threshold > 0 && threshold <= 1, `threshold must be a number above 0 and at most 1, got ${threshold}`);
  const shingleSize = options.shingleSize ?? base.shingleSize;
  check(isWhole(shingleSize, 1, MAX_SHINGLE_SIZE), `shingle-size must be a whole number from 1 to ${MAX_SHINGLE_SIZE}, got ${shingleSize}`);
  const numPerm = options.numPerm ?? DEFAULT_NUM_PERM;
  check(isWhole(numPerm, 16, MAX_NUM_PERM), `num-perm must be a whole number from 16 to ${MAX_NUM_PERM}, got ${numPerm}`);
  const seed = options.seed ?? DEFAULT_SEED;
  check(isWhole(seed, 0, 0xffffffff), `seed must be a whole number from 0 to 4294967295, got ${seed}`);
  const minSize = options.all ? 1 : (options.minSize ?? 2);
  check(isWhole(minSize, 1, Number.MAX_SAFE_INTEGER), `min-size must be a whole number of at least 1, got ${minSize}`);
  let bands: number;
  let rows: number;
  if (options.bands !== undefined) {
    check(isWhole(options.bands, 1, numPerm), `bands must be a whole number from 1 to num-perm (${numPerm}), got ${options.bands}`);
    bands = options.bands;
    rows = rowsForBands(bands, numPerm);
  } else {
    ({ bands, rows } = optimalBands(base.lshThreshold, numPerm));
  }
  const lang = options.lang ?? 'auto';
  check(lang === 'auto' || isKnownLanguage(lang), `lang must be auto or an ISO 639-1 code with a stop-word list (en, fr, de, es, ru, ur, ar, zh, …), got ${lang}`);
  const profile: ModeProfile = { ...base, threshold, shingleSize };
  return { params: { mode, threshold, shingleSize, numPerm, bands, rows, seed, lang, minSize }, profile };
}
