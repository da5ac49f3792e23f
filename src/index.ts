export { clusterDocuments, clusterStream, clusterSketches, type StreamOptions } from './pipeline.js';
export {
  sketchDocuments,
  createIdfModel,
  storyFrequenciesOf,
  scoreSketchPair,
  lshKeysOf,
  type DocumentSketch,
  type IdfModel,
} from './sketches.js';
export { resolveParams, ParameterError } from './params.js';
export { MODES, MODE_NAMES } from './cluster/modes.js';
export type * from './types.js';
// The persistent index (README "Persistent index").
export { openStore, DEFAULT_INDEX } from './store/open.js';
export { StoreError, type IndexStore, type IndexSettings } from './store/store.js';
export { addBatch, type AddOutcome, type AddContext } from './index/add.js';
export { queryIndex, type QueryAnswer } from './index/query.js';
export { indexClusters } from './index/clusters.js';
export { settingsOf, optionsOf, checkSettings, SettingConflict } from './index/settings.js';
