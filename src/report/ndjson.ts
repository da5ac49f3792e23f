import type { Reporter } from './types.js';

/** One cluster per line, for streaming consumers (`jq -c`, line-oriented tools). Parameters, stats and
 * skipped inputs are in --json; here every line has the same shape. */
export const renderNdjson: Reporter = (result) => result.clusters.map((c) => `${JSON.stringify(c)}\n`).join('');
