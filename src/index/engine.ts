/**
 * The index's one view of the cluster core (src/sketches.ts, src/pipeline.ts): per-document sketches that
 * hold no corpus statistics, an idf model built from the stored df table, pair scores, LSH keys, and batch
 * clustering over sketches. Everything else in src/index/ and src/store/ goes through these names only.
 */
import { scoreSketchPair } from '../sketches.js';

export { clusterSketches } from '../pipeline.js';
export {
  assertSketchSettings,
  createIdfModel,
  lshKeysOf,
  scoreSketchPair,
  sketchDocuments,
  sketchVector,
  storyFrequenciesOf,
  type DocumentSketch,
  type IdfModel,
} from '../sketches.js';

export { sketchSettingsOf, type SketchSettings } from '../sketch-settings.js';

export type PairScoreOf = ReturnType<typeof scoreSketchPair>;

/** The index compares itself with a batch run in the tests (it once carried a provisional core). */
export const PROVISIONAL_ENGINE = false;
