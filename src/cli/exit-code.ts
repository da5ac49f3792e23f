/** The exit-code table (README "Exit codes"); pure functions so they can be tested alone. */
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

interface Verdict {
  code: number;
  /** The rule that set a non-zero code, with its numbers, for one line on stderr. */
  reason?: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Findings (1) only when a --fail-on/--max rule asks for them; input errors (2) outrank findings. The
 * counts are the report's: clusters of at least --min-size members. */
function verdictFor(result: ClusterResult, policy: ExitPolicy): Verdict {
  if (policy.inputErrors > 0) return { code: EXIT.error };
  if (policy.strict && result.skipped.length > 0) {
    return { code: EXIT.error, reason: `--strict: ${plural(result.skipped.length, 'input')} skipped` };
  }
  const { clusters, clustered, documents } = result.stats;
  if (policy.failOnDuplicates && clusters > 0) {
    return {
      code: EXIT.findings,
      reason: `--fail-on-duplicates: ${plural(clusters, 'cluster')} found (${clustered} of ${plural(documents, 'document')})`,
    };
  }
  if (policy.maxClusters !== undefined && clusters > policy.maxClusters) {
    return { code: EXIT.findings, reason: `--max-clusters ${policy.maxClusters}: ${plural(clusters, 'cluster')} found` };
  }
  if (policy.maxDuplicateRatio !== undefined && documents > 0 && clustered / documents > policy.maxDuplicateRatio) {
    const ratio = Math.round((clustered / documents) * 10000) / 10000;
    return {
      code: EXIT.findings,
      reason: `--max-duplicate-ratio ${policy.maxDuplicateRatio}: ${clustered} of ${plural(documents, 'document')} are in clusters (${ratio})`,
    };
  }
  return { code: EXIT.ok };
}

export function exitCodeFor(result: ClusterResult, policy: ExitPolicy): number {
  return verdictFor(result, policy).code;
}

/** The exit code of a finished run, with the rule that set it passed to `error`: a CI log must say which
 * rule failed, so commands write it even with --quiet. */
export function settleExit(result: ClusterResult, policy: ExitPolicy, error: (reason: string) => void): number {
  const verdict = verdictFor(result, policy);
  if (verdict.reason !== undefined) error(verdict.reason);
  return verdict.code;
}
