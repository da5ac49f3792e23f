/**
 * Why a member was joined: the longest runs of words it shares with the representative, quoted as they
 * read in the member. Runs are found with word k-shingles (stop words kept, so a quoted sentence reads
 * whole); only clustered documents are explained, so the cost is paid on demand.
 */
import { hashString } from '../sketch/hash.js';
import { normalizeText } from '../text/normalize.js';
import type { SharedPassage } from '../types.js';

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;
const SHINGLE = 4;
/** Shorter runs are set phrases ("the prime minister said"), not evidence of copying. */
export const MIN_PASSAGE_TOKENS = 8;
const MAX_PASSAGES = 3;

interface Token {
  hash: number;
  start: number;
  end: number;
}

function tokensOf(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    out.push({ hash: hashString(normalizeText(m[0])), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function shingleKey(tokens: readonly Token[], at: number): string {
  let key = '';
  for (let k = 0; k < SHINGLE; k++) key += `${tokens[at + k]?.hash ?? 0},`;
  return key;
}

/** Runs of consecutive shingle starts of `mine` found in `known`, as token ranges. Overlapping shingles
 * chain a run; two matches that only touch (the words before and after a paragraph the representative
 * inserted) are two runs, or the quote would bridge text the representative does not have. */
function matchedRuns(mine: readonly Token[], known: ReadonlySet<string>): Array<{ from: number; to: number }> {
  const runs: Array<{ from: number; to: number }> = [];
  for (let i = 0; i + SHINGLE <= mine.length; ) {
    if (!known.has(shingleKey(mine, i))) {
      i += 1;
      continue;
    }
    const from = i;
    while (i + SHINGLE <= mine.length && known.has(shingleKey(mine, i))) i += 1;
    const to = i - 1 + SHINGLE - 1;
    if (to - from + 1 >= MIN_PASSAGE_TOKENS) runs.push({ from, to });
  }
  return runs;
}

/** Passages of `member` also found in `representative`, longest first. */
export function sharedPassages(member: string, representative: string, max = MAX_PASSAGES): SharedPassage[] {
  const mine = tokensOf(member);
  const theirs = tokensOf(representative);
  const known = new Set<string>();
  for (let i = 0; i + SHINGLE <= theirs.length; i++) known.add(shingleKey(theirs, i));
  const runs = matchedRuns(mine, known);
  runs.sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
  return runs.slice(0, max).map(({ from, to }) => ({
    text: member.slice(mine[from]?.start ?? 0, mine[to]?.end ?? 0).replace(/\s+/g, ' '),
    tokens: to - from + 1,
  }));
}
