/**
 * Stage 1, analyse: text → lines (hash, content-term hashes) and the batch's line counts, which the main
 * thread adds up to find the corpus's boilerplate lines. Texts are dropped after this stage.
 */
import { analyzeDocumentHashes, type DocumentText, type HashedLineSink } from '../text/analyze.js';
import { countLine } from '../text/boilerplate.js';
import { languageNumber } from '../text/language.js';
import { U32List } from '../u32-list.js';

/** Offsets are exclusive ends: document d's lines are lineEnds[d-1]..lineEnds[d]. */
export interface AnalysisBatch {
  count: number;
  lineEnds: Uint32Array;
  lineHashes: Uint32Array;
  /** Per line: end of its terms in `terms`. */
  termEnds: Uint32Array;
  terms: Uint32Array;
  /** Per document: its language's number (text/language.ts LANGUAGES). */
  langs: Uint8Array;
  /** Per document: end of its name terms (sorted distinct hashes) in `names`. */
  nameEnds: Uint32Array;
  names: Uint32Array;
  /** Documents per line hash within the batch, as counted for boilerplate detection. */
  lineKeys: Uint32Array;
  lineCounts: Uint32Array;
}

export function analyseBatch(texts: readonly DocumentText[], lang: string, proseFilter: boolean): AnalysisBatch {
  const lineEnds: number[] = [];
  const lineHashes: number[] = [];
  const termEnds: number[] = [];
  const terms = new U32List();
  const names = new U32List();
  const nameEnds: number[] = [];
  const counts = new Map<number, number>();
  // Terms go straight into the batch's array: a typed array per line cost more than the terms in it.
  const sink: HashedLineSink = {
    term: (hash) => terms.pushOne(hash),
    line: (hash, tokens) => {
      lineHashes.push(hash);
      termEnds.push(terms.length);
      countLine(hash, tokens, counts);
    },
  };
  const langs = new Uint8Array(texts.length);
  texts.forEach((text, d) => {
    const analysed = analyzeDocumentHashes(text, { lang, proseFilter }, sink);
    langs[d] = languageNumber(analysed.lang);
    names.push(analysed.names);
    nameEnds.push(names.length);
    lineEnds.push(lineHashes.length);
  });
  const lineKeys = Uint32Array.from(counts.keys()).sort();
  return {
    count: texts.length,
    lineEnds: Uint32Array.from(lineEnds),
    lineHashes: Uint32Array.from(lineHashes),
    termEnds: Uint32Array.from(termEnds),
    terms: terms.values(),
    langs,
    nameEnds: Uint32Array.from(nameEnds),
    names: names.values(),
    lineKeys,
    lineCounts: lineKeys.map((k) => counts.get(k) ?? 0),
  };
}
