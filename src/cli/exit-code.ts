/** The exit-code table (README "Exit codes"); a pure function so it can be tested alone. */
import type { ClusterResult } from '../types.js';

export const EXIT = { ok: 0, findings: 1, error: 2, interrupted: 130 } as const;

export interface ExitPolicy {
  failOnDuplicates: boolean;
  /** Fail when more than this many clusters are found. */
  maxClusters?: number;
  /** Fail when the share of documents in clusters exceeds this. */
  maxDuplicateRatio?: number;
  /** Any skipped input is an error. */
  strict: boolean;
  /** Paths on the command line that could not be used at all. */
  inputErrors: number;
}

/** Findings (1) only when a --fail-on/--max rule asks for them; input errors (2) outrank findings. */
export function exitCodeFor(result: ClusterResult, policy: ExitPolicy): number {
  if (policy.inputErrors > 0) return EXIT.error;
  if (policy.strict && result.skipped.length > 0) return EXIT.error;
  const { clusters, clustered, documents } = result.stats;
  if (policy.failOnDuplicates && clusters > 0) return EXIT.findings;
  if (policy.maxClusters !== undefined && clusters > policy.maxClusters) return EXIT.findings;
  if (policy.maxDuplicateRatio !== undefined && documents > 0 && clustered / documents > policy.maxDuplicateRatio) {
    return EXIT.findings;
  }
  return EXIT.ok;
}
