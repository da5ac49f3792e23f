export { clusterDocuments, clusterStream, type StreamOptions } from './pipeline.js';
export { resolveParams, ParameterError } from './params.js';
export { MODES, MODE_NAMES } from './cluster/modes.js';
export type * from './types.js';
