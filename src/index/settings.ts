/**
 * The settings rule: an index's sketches and band keys depend on its mode, shingle size, permutations,
 * bands and rows, seed and language, so these are fixed when the index is created. A later command may
 * repeat them; a different value is refused, naming the setting and both values.
 */
import { resolveParams } from '../params.js';
import { SETTING_NAMES, type IndexSettings, type IndexStore, type StoreReader } from '../store/store.js';
import type { ClusterOptions } from '../types.js';

/** A flag that contradicts the index's fixed settings: exit 2. */
export class SettingConflict extends Error {
  override name = 'SettingConflict';
}

/** The settings of a new index created with these options. */
export function settingsOf(options: ClusterOptions): IndexSettings {
  const { mode, shingleSize, numPerm, bands, rows, seed, lang } = resolveParams(options).params;
  return { mode, shingleSize, numPerm, bands, rows, seed, lang };
}

const FLAGS: Record<keyof IndexSettings, string> = {
  mode: '--mode',
  shingleSize: '--shingle-size',
  numPerm: '--num-perm',
  bands: '--bands',
  rows: '--bands',
  seed: '--seed',
  lang: '--lang',
};

/** Throws SettingConflict when a setting given on this command differs from the stored one. Only the
 * options given are compared: an absent flag means "what the index says". */
export function checkSettings(stored: IndexSettings, given: ClusterOptions, location: string): void {
  for (const name of SETTING_NAMES) {
    const value = name === 'rows' ? undefined : given[name];
    if (value !== undefined && value !== stored[name]) {
      throw new SettingConflict(
        `${FLAGS[name]} ${String(value)} conflicts with the index ${location}, created with ${name} ${String(stored[name])} (settings are fixed when an index is created)`,
      );
    }
  }
}

/** The cluster options every command on this index runs with: its settings, plus what may vary per run. */
export function optionsOf(settings: IndexSettings, extra: Pick<ClusterOptions, 'threshold' | 'minSize' | 'all'> = {}): ClusterOptions {
  const { mode, shingleSize, numPerm, bands, seed, lang } = settings;
  const options: ClusterOptions = { mode, shingleSize, numPerm, seed, lang, ...extra };
  // Bands the mode derives itself are left to it, as a batch run without --bands does.
  return settingsOf(options).bands === bands ? options : { ...options, bands };
}

/** The settings of each store a library call has compared its options with: they are fixed once created. */
const settingsChecked = new WeakMap<IndexStore, IndexSettings>();

/** A library add's or query's options must give the index's own settings (`optionsOf(settings)`): band keys
 * and scores made under others were stored beside the index's, or compared with its sketches, without a
 * word (`mode: 'story'` on a rewrite index). The CLI compares its flags first; a library caller had no check. */
export async function assertIndexOptions(store: IndexStore, options: ClusterOptions, verb: 'add' | 'query'): Promise<void> {
  let stored = settingsChecked.get(store);
  if (stored === undefined) {
    stored = await store.settings();
    // Not created yet: nothing to compare with (create() fixes them).
    if (stored === undefined) return;
    settingsChecked.set(store, stored);
  }
  const given = settingsOf(options);
  for (const name of SETTING_NAMES) {
    if (given[name] !== stored[name]) {
      throw new SettingConflict(
        `options give ${name} ${String(given[name])}, but the index ${store.location} was created with ${name} ${String(stored[name])} (settings are fixed when an index is created: ${verb} with optionsOf(settings))`,
      );
    }
  }
}

/** A store, not a reader inside one of its transactions: only a store can say its settings. */
export function isIndexStore(reader: StoreReader): reader is IndexStore {
  return typeof (reader as Partial<IndexStore>).settings === 'function';
}
