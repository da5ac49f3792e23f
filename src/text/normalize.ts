/**
 * Text normalisation shared by every stage that compares words: the same article copied by two sites
 * must produce the same tokens whatever their typography.
 */

const SINGLE_QUOTE_CHARS = '\u2018\u2019\u201A\u201B\u2032\u02BC\u0060\u00B4';
const DOUBLE_QUOTE_CHARS = '\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u300C\u300D';
const DASH_CHARS = '\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D';
const SINGLE_QUOTES = new RegExp(`[${SINGLE_QUOTE_CHARS}]`, 'g');
const DOUBLE_QUOTES = new RegExp(`[${DOUBLE_QUOTE_CHARS}]`, 'g');
const DASHES = new RegExp(`[${DASH_CHARS}]`, 'g');
// Arabic-script short vowels, tanween, shadda, sukun, the dagger alif and the tatweel (kashida) are optional:
// one agency writes يوميًا and محطةً where another writes يوميا and محطة, and a rewrite that adds or drops them
// changes no word. NFKC keeps them, so without this each such word was two tokens.
// Hebrew points (niqqud) and cantillation are optional in the same way: news is written without them but
// points a word here and there to tell it apart, so שָׁלוֹם and שלום must be one word. The maqaf (U+05BE),
// paseq, sof pasuq and nun hafukha are punctuation or letters, not points, and stay.
const OPTIONAL_MARKS = /[\u0640\u064B-\u0652\u0670\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7]/g;
// "U.S.", "u.k.", "e.u." — two or more single letters each followed by a dot.
const DOTTED_ABBREVIATION = /(?<![\p{L}\p{N}])(?:\p{L}\.){2,}/gu;
// "54,000" and "54.000" both mean fifty-four thousand; the separator is house style, not content.
const THOUSANDS_SEPARATOR = /(\d)[,.\u00A0\u202F'](?=\d{3}(?!\d))/g;
// English possessive: "Japan's" and "Japan" are the same entity for matching.
const POSSESSIVE = /(\p{L})'[sS](?![\p{L}\p{N}])/gu;
// The same two rules for a line of ASCII, where \p{L} is [A-Za-z] and \p{N} is [0-9]: a regex without
// Unicode classes runs several times faster, and most lines of English are ASCII.
const ASCII_DOTTED_ABBREVIATION = /(?<![A-Za-z0-9])(?:[A-Za-z]\.){2,}/g;
const ASCII_POSSESSIVE = /([A-Za-z])'[sS](?![A-Za-z0-9])/g;

/**
 * Per code unit: the ASCII character that NFKC and the quote and dash rules together make of it, or 0
 * when they make something else or nothing. A line whose only non-ASCII characters have one (curly quotes
 * and dashes: most of the non-ASCII lines of English news) is mapped in one pass, without NFKC and its
 * regexes. Worked out from the rules themselves, so the table cannot disagree with them (″ becomes ′′ under
 * NFKC, and ´ a space and a combining accent: they stay on the full path).
 */
const ASCII_TYPOGRAPHY = (() => {
  const table = new Uint8Array(0x10000);
  for (const ch of SINGLE_QUOTE_CHARS + DOUBLE_QUOTE_CHARS + DASH_CHARS) {
    const typed = ch.normalize('NFKC').replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"').replace(DASHES, '-');
    if (typed.length === 1 && typed.charCodeAt(0) < 0x80) table[ch.charCodeAt(0)] = typed.charCodeAt(0);
  }
  return table;
})();

/** The line with its quotes and dashes made ASCII, or undefined when another character needs NFKC. */
function asciiTypography(text: string): string | undefined {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 && c !== 0x60) continue;
    const ascii = ASCII_TYPOGRAPHY[c] ?? 0;
    if (ascii === 0) return undefined;
    out += text.slice(from, i) + String.fromCharCode(ascii);
    from = i + 1;
  }
  return out + text.slice(from);
}

const DOTTED = 1;
const THOUSANDS = 2;
const POSSESSIVE_S = 4;
const UNICODE = 8;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Anything but ASCII without the backtick: the characters NFKC and the quote and dash rules may change. */
const BEYOND_PLAIN_ASCII = /[^\x00-\x5f\x61-\x7f]/;
/** The separators of THOUSANDS_SEPARATOR besides the dot. */
const SEPARATORS = [',', "'", '\u00A0', '\u202F'];

/**
 * Which rules a line may need: most lines need none or one, and each regex pass costs more than finding
 * out (the abbreviation rule's lookbehind over Unicode classes was ~6% of a worker's time at a million
 * documents, on lines without an abbreviation). Before normalisation, UNICODE when there is anything but
 * ASCII without the backtick (otherwise NFKC and the quote and dash rules change nothing). The other flags
 * are necessary conditions of a match: a dot two or three code units after a dot for an abbreviation (a
 * letter of one or two code units between), digit-separator-digit, "'s". No rule's replacement creates
 * another rule's match (they only remove dots between letters and separators between digits). The line is
 * searched with a regex and indexOf, which skip the characters that matter to no rule several times faster
 * than a loop over every code unit (that loop was ~5% of a worker's time).
 */
function rulesFor(text: string, normalised: boolean): number {
  if (!normalised && BEYOND_PLAIN_ASCII.test(text)) return UNICODE;
  let rules = 0;
  for (let i = text.indexOf('.'); i >= 0 && rules !== (DOTTED | THOUSANDS); i = text.indexOf('.', i + 1)) {
    if (text.charCodeAt(i + 2) === 0x2e || text.charCodeAt(i + 3) === 0x2e) rules |= DOTTED;
    if (betweenDigits(text, i)) rules |= THOUSANDS;
  }
  for (const separator of SEPARATORS) {
    for (let i = text.indexOf(separator); i >= 0; i = text.indexOf(separator, i + 1)) {
      if (betweenDigits(text, i)) rules |= THOUSANDS;
      if (separator === "'" && (text.charCodeAt(i + 1) | 0x20) === 0x73) rules |= POSSESSIVE_S;
    }
  }
  return rules;
}

function betweenDigits(text: string, i: number): boolean {
  return isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1));
}

function applyRules(text: string, rules: number, ascii: boolean): string {
  let out = text;
  if ((rules & DOTTED) !== 0) out = out.replace(ascii ? ASCII_DOTTED_ABBREVIATION : DOTTED_ABBREVIATION, (m) => m.replaceAll('.', ''));
  if ((rules & THOUSANDS) !== 0) out = out.replace(THOUSANDS_SEPARATOR, '$1');
  if ((rules & POSSESSIVE_S) !== 0) out = out.replace(ascii ? ASCII_POSSESSIVE : POSSESSIVE, '$1');
  return out;
}

/** Typography only, case kept: story mode reads capitals (names) before folding case. */
export function normalizeTypography(text: string): string {
  const rules = rulesFor(text, false);
  if (rules === 0) return text;
  // Without UNICODE the text is ASCII.
  if (rules !== UNICODE) return applyRules(text, rules, true);
  const mapped = asciiTypography(text);
  if (mapped !== undefined) return applyRules(mapped, rulesFor(mapped, true), true);
  const typed = text
    .normalize('NFKC')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(OPTIONAL_MARKS, '');
  return applyRules(typed, rulesFor(typed, true), false);
}

export function normalizeText(text: string): string {
  return normalizeTypography(text).toLowerCase();
}
