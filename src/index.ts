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
export type { SketchSettings } from './sketch-settings.js';
export { resolveParams, ParameterError } from './params.js';
// Every type a public function takes or returns is exported, so that a caller can name it (the return of
// resolveParams, ParameterError.option, addBatch's problems, a query's matches, the store's reader and writer).
export type { OptionKey } from './options/spec.js';
export { MODES, MODE_NAMES, type ModeProfile, type PairFeatures } from './cluster/modes.js';
export type * from './types.js';
// The persistent index (README "Persistent index").
export { openStore, DEFAULT_INDEX } from './store/open.js';
export {
  StoreError,
  type IndexStore,
  type IndexSettings,
  type StoreReader,
  type StoreWriter,
  type StoredDocument,
  type DocumentState,
  type NewDocument,
  type StoreFigures,
  type CandidateLimits,
} from './store/store.js';
export { addBatch, type AddOutcome, type AddStatus, type AddProblem, type AddContext } from './index/add.js';
export { queryIndex, type QueryAnswer } from './index/query.js';
export type { Match } from './index/matcher.js';
export { indexClusters, type ClustersQuery } from './index/clusters.js';
export { settingsOf, optionsOf, checkSettings, SettingConflict } from './index/settings.js';
