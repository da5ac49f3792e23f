/**
 * Text normalisation shared by every stage that compares words: the same article copied by two sites
 * must produce the same tokens whatever their typography.
 */

const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u02BC\u0060\u00B4]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u300C\u300D]/g;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
// "U.S.", "u.k.", "e.u." — two or more single letters each followed by a dot.
const DOTTED_ABBREVIATION = /(?<![\p{L}\p{N}])(?:\p{L}\.){2,}/gu;
// "54,000" and "54.000" both mean fifty-four thousand; the separator is house style, not content.
const THOUSANDS_SEPARATOR = /(\d)[,.\u00A0\u202F'](?=\d{3}(?!\d))/g;
// English possessive: "Japan's" and "Japan" are the same entity for matching.
const POSSESSIVE = /(\p{L})'[sS](?![\p{L}\p{N}])/gu;

// Anything but ASCII without the backtick: in such a text NFKC and the quote and dash rules change nothing.
const NEEDS_UNICODE_RULES = /[^\x00-\x5f\x61-\x7f]/;

/** Typography only, case kept: story mode reads capitals (names) before folding case. */
export function normalizeTypography(text: string): string {
  if (!NEEDS_UNICODE_RULES.test(text)) {
    return text.replace(DOTTED_ABBREVIATION, (m) => m.replaceAll('.', '')).replace(THOUSANDS_SEPARATOR, '$1').replace(POSSESSIVE, '$1');
  }
  return text
    .normalize('NFKC')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(DOTTED_ABBREVIATION, (m) => m.replaceAll('.', ''))
    .replace(THOUSANDS_SEPARATOR, '$1')
    .replace(POSSESSIVE, '$1');
}

export function normalizeText(text: string): string {
  return normalizeTypography(text).toLowerCase();
}
