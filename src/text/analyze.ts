/**
 * From raw article text to content terms, line by line, so that lines which are not the story
 * (navigation, share buttons, "Most Read" lists, recurring site furniture) can be left out.
 */
import { hashString } from '../sketch/hash.js';
import { detectLanguage } from './language.js';
import { normalizeText } from './normalize.js';
import { termFilterFor } from './terms.js';
import { tokenize } from './tokenize.js';

export interface AnalyzedLine {
  /** Hash of the line's normalised tokens: equal for the same line on two pages. */
  readonly hash: number;
  readonly tokens: number;
  readonly terms: readonly string[];
}

export interface AnalyzedDocument {
  readonly lang: string;
  readonly lines: readonly AnalyzedLine[];
}

// A line that ends like a sentence, or is long, is prose; short unpunctuated lines are headings,
// bylines, menus and link lists. Urdu and Arabic end sentences with ۔ and ؟, CJK with 。！？.
const SENTENCE_END = /[.!?…。！？۔؟"')\]»]\s*$/u;
const PROSE_MIN_TOKENS = 20;
// When the prose filter would keep less than this share of a document's tokens, the document is
// not laid out in sentence lines at all (a tokenised dataset, a list) and every line is kept.
const MIN_KEPT_SHARE = 0.3;

interface RawLine {
  normalized: string;
  tokens: string[];
  prose: boolean;
}

/** "Daughters defend Bushra Bibi Daughters defend Bushra Bibi": a link list scraped with its tooltip. */
function isRepeatedPhrase(tokens: readonly string[]): boolean {
  if (tokens.length < 4 || tokens.length % 2 !== 0) return false;
  const half = tokens.length / 2;
  for (let i = 0; i < half; i++) if (tokens[i] !== tokens[i + half]) return false;
  return true;
}

function splitLines(text: string): RawLine[] {
  const seen = new Set<string>();
  const lines: RawLine[] = [];
  for (const raw of text.split(/\r\n|\r|\n|\u2028|\u2029/)) {
    const normalized = normalizeText(raw).trim();
    if (normalized === '' || seen.has(normalized)) continue;
    seen.add(normalized);
    const tokens = tokenize(normalized);
    if (tokens.length === 0) continue;
    const prose = !isRepeatedPhrase(tokens) && (SENTENCE_END.test(normalized) || tokens.length >= PROSE_MIN_TOKENS);
    lines.push({ normalized, tokens, prose });
  }
  return lines;
}

function proseLines(lines: RawLine[]): RawLine[] {
  const total = lines.reduce((sum, line) => sum + line.tokens.length, 0);
  const prose = lines.filter((line) => line.prose);
  const kept = prose.reduce((sum, line) => sum + line.tokens.length, 0);
  return kept >= total * MIN_KEPT_SHARE ? prose : lines;
}

/** `lang` is an ISO 639-1 code, or 'auto' to detect it from the text. */
export function analyzeDocument(text: string, lang = 'auto'): AnalyzedDocument {
  const lines = proseLines(splitLines(text));
  const resolved = lang === 'auto' ? detectLanguage(lines.flatMap((line) => line.tokens)) : lang;
  const filter = termFilterFor(resolved);
  return {
    lang: resolved,
    lines: lines.map((line) => {
      const terms: string[] = [];
      for (const token of line.tokens) {
        const term = filter.term(token);
        if (term !== undefined) terms.push(term);
      }
      return { hash: hashString(line.tokens.join(' ')), tokens: line.tokens.length, terms };
    }),
  };
}
