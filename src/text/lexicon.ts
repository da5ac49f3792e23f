/**
 * Distinct lower-cased tokens, each numbered once per worker, so that the per-token work (content term,
 * its hash, stop-word positions for language detection) is done once per distinct token, and a token
 * already seen costs one probe of an integer table instead of a substring, a toLowerCase and Map lookups.
 *
 * Lines that are plain ASCII (most lines of English text once typography is normalised) are scanned here
 * character by character: in ASCII, [\p{L}\p{N}][\p{L}\p{M}\p{N}]* is exactly a run of [A-Za-z0-9], and
 * lower-casing is per character, so the tokens are the same as tokenizeMarkingNames's. Other lines go
 * through tokenizeMarkingNames and are numbered token by token.
 */
import { fmix32, foldToken, LINE_START } from '../sketch/hash.js';
import { followsSentenceBreak, tokenizeMarkingNames } from './tokenize.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// A second, unrelated hash of the same code units (polynomial, odd multiplier) and the length confirm a
// match instead of comparing strings. Comparing meant loading the token's string from the heap: two
// cache misses a token once the vocabulary outgrows the cache (150k words: ~40% of scanning time). Two
// different tokens are confused only if both 32-bit hashes and the length agree, ~2^-64 a pair; the term
// hashes the sketches use downstream are 32-bit, so this adds nothing measurable to their collisions.
const CHECK_MULTIPLIER = 0x2c9277b5;
/** Past this many distinct tokens the table starts afresh (between documents), to bound memory. */
const MAX_TOKENS = 200_000;
const INITIAL_CAPACITY = 1 << 12;

/** Tokens of one line as token numbers, their name marks and the line's hash: each token's hashString
 * folded in order (`foldToken`), then fmix32. */
export interface LexedLine {
  readonly ids: number[];
  readonly names: boolean[];
  readonly hash: number;
}

function checkOf(polynomial: number, length: number): number {
  return fmix32(polynomial ^ Math.imul(length, 0x9e3779b1)) | 0;
}

export class Lexicon {
  /** Token text by number. */
  readonly words: string[] = [];
  /** Open addressing, two cells a slot: the token's hash (as int32) and its number + 1 (0 = empty). */
  private slots = new Int32Array(2 * INITIAL_CAPACITY);
  /** Per token number: its check value (see CHECK_MULTIPLIER). */
  private checks = new Int32Array(INITIAL_CAPACITY);
  private hashes: number[] = [];
  /** Per token number, 32-bit facts memoised by the callers (see `facts`). */
  private factTables: Int32Array[] = [];

  get size(): number {
    return this.words.length;
  }

  /** Starts afresh when the table is full; call only between documents (numbers held become invalid). */
  bound(): void {
    if (this.words.length < MAX_TOKENS) return;
    this.words.length = 0;
    this.hashes = [];
    this.factTables = [];
    this.slots = new Int32Array(2 * INITIAL_CAPACITY);
    this.checks = new Int32Array(INITIAL_CAPACITY);
  }

  /**
   * A per-token table of 32-bit facts keyed by `slot`, 0 meaning "not worked out yet". Indexed by token
   * number, so the facts of frequent tokens (numbered first) sit together in cache, unlike objects in a
   * memo. Lexing may replace the array as the lexicon grows: fetch it after the tokens are numbered.
   */
  facts(slot: number): Int32Array {
    let table = this.factTables[slot];
    if (table === undefined || table.length < this.checks.length) {
      const grown = new Int32Array(this.checks.length);
      if (table !== undefined) grown.set(table);
      table = grown;
      this.factTables[slot] = table;
    }
    return table;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let id = 0; id < this.words.length; id++) {
      const hash = this.hashes[id] ?? 0;
      let at = hash & mask;
      while (slots[2 * at + 1] !== 0) at = (at + 1) & mask;
      slots[2 * at] = hash;
      slots[2 * at + 1] = id + 1;
    }
    this.slots = slots;
    const checks = new Int32Array(slots.length >> 1);
    checks.set(this.checks);
    this.checks = checks;
  }

  private add(word: string, hash: number, check: number, at: number): number {
    const id = this.words.length;
    this.words.push(word);
    this.hashes.push(hash);
    this.checks[id] = check;
    this.slots[2 * at] = hash;
    this.slots[2 * at + 1] = id + 1;
    // At most half full: probes stay short.
    if (this.words.length > this.slots.length >> 2) this.grow();
    return id;
  }

  /** The number of the token whose hash and check these are, or -1 - its free slot when it is new. */
  private find(hash: number, check: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const slot = slots[2 * at + 1] ?? 0;
      if (slot === 0) return -1 - at;
      if (slots[2 * at] === hash && this.checks[slot - 1] === check) return slot - 1;
    }
  }

  /** Number of a lower-cased token. */
  idOf(word: string): number {
    let h = FNV_OFFSET | 0;
    let p = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      h = Math.imul(h ^ c, FNV_PRIME);
      p = (Math.imul(p, CHECK_MULTIPLIER) + c) | 0;
    }
    const hash = fmix32(h) | 0;
    const check = checkOf(p, word.length);
    const found = this.find(hash, check);
    return found >= 0 ? found : this.add(word, hash, check, -1 - found);
  }

  /** Number of the token line[start, end), ASCII, lower-cased on the way, whose hashString is `hash`;
   * `p` is its check's polynomial state. */
  private idOfAscii(line: string, start: number, end: number, hash: number, p: number): number {
    const check = checkOf(p, end - start);
    const found = this.find(hash, check);
    return found >= 0 ? found : this.add(line.slice(start, end).toLowerCase(), hash, check, -1 - found);
  }

  /** Tokens of a typography-normalised line, case intact, as tokenizeMarkingNames would give them. */
  lexLine(line: string): LexedLine {
    const ascii = this.lexAscii(line);
    if (ascii !== undefined) return ascii;
    const { tokens, names } = tokenizeMarkingNames(line);
    const ids = tokens.map((token) => this.idOf(token));
    let lineHash = LINE_START;
    for (const id of ids) lineHash = foldToken(lineHash, this.hashes[id] ?? 0);
    return { ids, names, hash: fmix32(lineHash) };
  }

  /** lexLine of a line of ASCII, in one pass; undefined as soon as a character is not ASCII. */
  private lexAscii(line: string): LexedLine | undefined {
    const ids: number[] = [];
    const names: boolean[] = [];
    const length = line.length;
    let lineHash = LINE_START;
    let i = 0;
    while (i < length) {
      const first = line.charCodeAt(i);
      if (first >= 0x80) return undefined;
      if ((ALNUM_LOWER[first] ?? 0) === 0) {
        i += 1;
        continue;
      }
      let h = FNV_OFFSET | 0;
      let p = 0;
      let end = i;
      while (end < length) {
        const c = line.charCodeAt(end);
        // A character beyond ASCII ends the token here; the outer loop then gives the line up.
        const lower = c < 0x80 ? (ALNUM_LOWER[c] ?? 0) : 0;
        if (lower === 0) break;
        h = Math.imul(h ^ lower, FNV_PRIME);
        p = (Math.imul(p, CHECK_MULTIPLIER) + lower) | 0;
        end += 1;
      }
      const hash = fmix32(h) | 0;
      lineHash = foldToken(lineHash, hash);
      ids.push(this.idOfAscii(line, i, end, hash, p));
      names.push(first <= 0x5a && first >= 0x41 && !followsSentenceBreak(line, i));
      i = end;
    }
    return { ids, names, hash: fmix32(lineHash) };
  }
}

/** Per ASCII code: the character lower-cased when it is a letter or a digit ([A-Za-z0-9]), else 0. */
const ALNUM_LOWER = Uint8Array.from({ length: 0x80 }, (_, c) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ? c : c >= 0x41 && c <= 0x5a ? c | 0x20 : 0,
);
