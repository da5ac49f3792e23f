/**
 * Bands and rows for a Jaccard threshold: the (b, r) with b·r ≤ numPerm that minimises the weighted
 * area of false positives below the threshold and false negatives above it under the S-curve
 * P(candidate | s) = 1 − (1 − s^r)^b. The same optimisation as datasketch's MinHashLSH; the weights
 * favour recall because every candidate is verified exactly afterwards.
 */

export interface BandParams {
  bands: number;
  rows: number;
}

const STEPS = 200;

export function candidateProbability(similarity: number, bands: number, rows: number): number {
  return 1 - Math.pow(1 - Math.pow(similarity, rows), bands);
}

/** The false-negative area of a banding above `threshold`: the share of pairs spread evenly over the
 * similarities above it that it would miss, times the width of that range. */
export function missedAbove(threshold: number, bands: number, rows: number): number {
  return integrate((s) => 1 - candidateProbability(s, bands, rows), threshold, 1);
}

function integrate(f: (s: number) => number, from: number, to: number): number {
  if (to <= from) return 0;
  const step = (to - from) / STEPS;
  let area = 0;
  for (let i = 0; i < STEPS; i++) area += f(from + (i + 0.5) * step) * step;
  return area;
}

// The search integrates ~numPerm·ln(numPerm) S-curves (13–36 ms at 128 slots); a run asks in every process
// and every worker, always with the same few arguments.
const optimalCache = new Map<string, BandParams>();

const keyOf = (threshold: number, numPerm: number, falsePositiveWeight: number, falseNegativeWeight: number): string =>
  `${threshold}:${numPerm}:${falsePositiveWeight}:${falseNegativeWeight}`;

/** What the search gives for the modes' thresholds and the near-duplicate pass at the default 128
 * permutations (64 for the near pass), worked out ahead: the search cost every CLI start and every worker
 * 36 ms of a 0.5 s run. A test checks each against the search. */
export const PRESET_BANDS: ReadonlyArray<{ threshold: number; numPerm: number; bands: BandParams }> = [
  { threshold: 0.5, numPerm: 128, bands: { bands: 25, rows: 5 } },
  { threshold: 0.1, numPerm: 128, bands: { bands: 22, rows: 1 } },
  { threshold: 0.04, numPerm: 128, bands: { bands: 59, rows: 1 } },
  { threshold: 0.5, numPerm: 64, bands: { bands: 16, rows: 4 } },
];
for (const preset of PRESET_BANDS) optimalCache.set(keyOf(preset.threshold, preset.numPerm, 0.3, 0.7), preset.bands);

export function optimalBands(threshold: number, numPerm: number, falsePositiveWeight = 0.3, falseNegativeWeight = 0.7): BandParams {
  const key = keyOf(threshold, numPerm, falsePositiveWeight, falseNegativeWeight);
  const cached = optimalCache.get(key);
  if (cached !== undefined) return { ...cached };
  const best = searchBands(threshold, numPerm, falsePositiveWeight, falseNegativeWeight);
  optimalCache.set(key, best);
  return { ...best };
}

export function searchBands(threshold: number, numPerm: number, falsePositiveWeight: number, falseNegativeWeight: number): BandParams {
  let best: BandParams = { bands: numPerm, rows: 1 };
  let bestError = Number.POSITIVE_INFINITY;
  for (let bands = 1; bands <= numPerm; bands++) {
    const maxRows = Math.floor(numPerm / bands);
    for (let rows = 1; rows <= maxRows; rows++) {
      const fp = integrate((s) => candidateProbability(s, bands, rows), 0, threshold);
      const fn = missedAbove(threshold, bands, rows);
      const error = falsePositiveWeight * fp + falseNegativeWeight * fn;
      if (error < bestError - 1e-12) {
        bestError = error;
        best = { bands, rows };
      }
    }
  }
  return best;
}

/** Rows for an explicit band count: as many as fit. Throws a RangeError when no row fits. */
export function rowsForBands(bands: number, numPerm: number): number {
  const rows = Math.floor(numPerm / bands);
  if (!Number.isInteger(bands) || bands < 1 || rows < 1) {
    throw new RangeError(`--bands must be a whole number from 1 to --num-perm (${numPerm}), got ${bands}`);
  }
  return rows;
}
