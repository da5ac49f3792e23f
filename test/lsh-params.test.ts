import { describe, expect, it } from 'vitest';
import { candidateProbability, optimalBands, PRESET_BANDS, rowsForBands, searchBands } from '../src/lsh/params.js';

describe('optimalBands', () => {
  it('gives for the presets what the search gives', () => {
    for (const { threshold, numPerm, bands } of PRESET_BANDS) {
      expect(searchBands(threshold, numPerm, 0.3, 0.7)).toEqual(bands);
      expect(optimalBands(threshold, numPerm)).toEqual(bands);
    }
  });

  it('fits within the permutations and catches most pairs at the threshold and nearly all above it', () => {
    for (const threshold of [0.1, 0.3, 0.5, 0.8]) {
      for (const numPerm of [64, 128, 256]) {
        const { bands, rows } = optimalBands(threshold, numPerm);
        expect(bands * rows).toBeLessThanOrEqual(numPerm);
        expect(candidateProbability(threshold, bands, rows)).toBeGreaterThan(0.5);
        expect(candidateProbability(Math.min(1, threshold + 0.2), bands, rows)).toBeGreaterThan(0.97);
      }
    }
  });

  it('uses more rows per band for a higher threshold', () => {
    expect(optimalBands(0.8, 128).rows).toBeGreaterThan(optimalBands(0.2, 128).rows);
  });

  it('rejects a band count that leaves no row', () => {
    expect(rowsForBands(32, 128)).toBe(4);
    expect(() => rowsForBands(200, 128)).toThrow(/from 1 to --num-perm \(128\)/);
  });
});
