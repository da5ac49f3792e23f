export { clusterDocuments, clusterStream, clusterSketches, type StreamOptions } from './pipeline.js';
export { sketchDocuments, createIdfModel, scoreSketchPair, lshKeysOf, type DocumentSketch, type IdfModel } from './sketches.js';
export { resolveParams, ParameterError } from './params.js';
export { MODES, MODE_NAMES } from './cluster/modes.js';
export type * from './types.js';
