/**
 * What a sketch's content depends on besides its text, recorded in the sketch: a sketch made in one mode
 * and used in another gave wrong clusters without a word (story mode reads the lines that rewrite mode
 * drops as not prose). Only what changes the stored arrays is recorded: the seed, permutations, bands,
 * threshold and name weight act when sketches are compared, so one set of sketches serves any of them.
 */
import { MODES, MODE_NAMES } from './cluster/modes.js';
import type { ResolvedParams } from './types.js';

export interface SketchSettings {
  /** Whether body lines that do not read as prose were dropped (modes duplicate and rewrite, not story). */
  readonly proseOnly: boolean;
  /** Content terms per verification shingle (the `shingleSize` option, or the mode's). */
  readonly shingleSize: number;
  /** The `lang` option: `auto` (each document's language detected, the sketch's own `lang`), or the code
   * every document was read in. */
  readonly lang: string;
}

const SETTING_NAMES = ['proseOnly', 'shingleSize', 'lang'] as const satisfies ReadonlyArray<keyof SketchSettings>;

/** The settings of sketches made with these parameters (an index's settings hold the same three). */
export function sketchSettingsOf(params: Pick<ResolvedParams, 'mode' | 'shingleSize' | 'lang'>): SketchSettings {
  return { proseOnly: MODES[params.mode].proseFilter, shingleSize: params.shingleSize, lang: params.lang };
}

/** Throws a TypeError naming the first setting that differs, with both values; `index`: the sketch's place
 * in the sketches given, for the message. A sketch without settings (made by an earlier version, or by hand)
 * is taken as it is (README "Library"). Called for every pair scored: the message is made only when thrown. */
export function checkSketchSettings(sketch: { id: string; settings?: SketchSettings }, expected: SketchSettings, index?: number): void {
  const made = sketch.settings;
  if (made === undefined || sameSettings(made, expected)) return;
  const which = index === undefined ? `sketch ${JSON.stringify(sketch.id)}` : `sketches[${index}] (id ${JSON.stringify(sketch.id)})`;
  for (const name of SETTING_NAMES) {
    if (made[name] === expected[name]) continue;
    throw new TypeError(
      `${which} was made with ${shown(name, made[name])}; these options give ${shown(name, expected[name])} (use sketches with the options they were made with)`,
    );
  }
}

/** Field by field, without a loop: this runs twice for every pair `scoreSketchPair` scores. */
function sameSettings(a: SketchSettings, b: SketchSettings): boolean {
  return a.proseOnly === b.proseOnly && a.shingleSize === b.shingleSize && a.lang === b.lang;
}

/** A setting as the caller knows it: proseOnly is the mode's doing. */
function shown(name: keyof SketchSettings, value: unknown): string {
  if (name !== 'proseOnly') return `${name} ${String(value)}`;
  const modes = MODE_NAMES.filter((mode) => MODES[mode].proseFilter === value);
  return `${name} ${String(value)}${modes.length === 0 ? '' : ` (mode ${modes.join(' or ')})`}`;
}
