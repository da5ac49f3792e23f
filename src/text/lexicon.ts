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
import { fmix32, hashJoined } from '../sketch/hash.js';
import { followsSentenceBreak, tokenizeMarkingNames } from './tokenize.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 0x20;
/** Past this many distinct tokens the table starts afresh (between documents), to bound memory. */
const MAX_TOKENS = 200_000;

/** Tokens of one line as token numbers, their name marks and hashString(tokens.join(' ')). */
export interface LexedLine {
  readonly ids: number[];
  readonly names: boolean[];
  readonly hash: number;
}

export class Lexicon {
  /** Token text by number. */
  readonly words: string[] = [];
  /** Open addressing, two cells a slot: the token's hash (as int32) and its number + 1 (0 = empty). */
  private slots = new Int32Array(2 << 12);
  private hashes: number[] = [];
  /** Per token number, values memoised by the callers (see `memo`). */
  private memos: unknown[][] = [];

  get size(): number {
    return this.words.length;
  }

  /** Starts afresh when the table is full; call only between documents (numbers held become invalid). */
  bound(): void {
    if (this.words.length < MAX_TOKENS) return;
    this.words.length = 0;
    this.hashes = [];
    this.memos = [];
    this.slots = new Int32Array(2 << 12);
  }

  /** A per-token cache keyed by `slot` (one slot per kind of fact), for memoising pure functions of a token. */
  memo(slot: number): unknown[] {
    let memo = this.memos[slot];
    if (memo === undefined) {
      memo = [];
      this.memos[slot] = memo;
    }
    return memo;
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
  }

  private add(word: string, hash: number, at: number): number {
    const id = this.words.length;
    this.words.push(word);
    this.hashes.push(hash);
    this.slots[2 * at] = hash;
    this.slots[2 * at + 1] = id + 1;
    // At most half full: probes stay short.
    if (this.words.length > this.slots.length >> 2) this.grow();
    return id;
  }

  /** Number of a lower-cased token. */
  idOf(word: string): number {
    let h = FNV_OFFSET | 0;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
    const hash = fmix32(h) | 0;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const slot = slots[2 * at + 1] ?? 0;
      if (slot === 0) return this.add(word, hash, at);
      if (slots[2 * at] === hash && this.words[slot - 1] === word) return slot - 1;
    }
  }

  /** Number of the token line[start, end), ASCII, lower-cased on the way; `h` is its FNV state. */
  private idOfAscii(line: string, start: number, end: number, h: number): number {
    const hash = fmix32(h) | 0;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const slot = slots[2 * at + 1] ?? 0;
      if (slot === 0) return this.add(line.slice(start, end).toLowerCase(), hash, at);
      if (slots[2 * at] === hash && sameLowerAscii(this.words[slot - 1] ?? '', line, start, end)) return slot - 1;
    }
  }

  /** Tokens of a typography-normalised line, case intact, as tokenizeMarkingNames would give them. */
  lexLine(line: string): LexedLine {
    if (!isAscii(line)) {
      const { tokens, names } = tokenizeMarkingNames(line);
      return { ids: tokens.map((token) => this.idOf(token)), names, hash: hashJoined(tokens) };
    }
    const ids: number[] = [];
    const names: boolean[] = [];
    const length = line.length;
    let lineHash = FNV_OFFSET | 0;
    let i = 0;
    while (i < length) {
      const first = line.charCodeAt(i);
      if (!isAlnum(first)) {
        i += 1;
        continue;
      }
      if (ids.length > 0) lineHash = Math.imul(lineHash ^ SPACE, FNV_PRIME);
      let h = FNV_OFFSET | 0;
      let end = i;
      while (end < length) {
        const c = line.charCodeAt(end);
        if (!isAlnum(c)) break;
        const lower = c <= 0x5a && c >= 0x41 ? c | 0x20 : c;
        h = Math.imul(h ^ lower, FNV_PRIME);
        lineHash = Math.imul(lineHash ^ lower, FNV_PRIME);
        end += 1;
      }
      ids.push(this.idOfAscii(line, i, end, h));
      names.push(first <= 0x5a && first >= 0x41 && !followsSentenceBreak(line, i));
      i = end;
    }
    return { ids, names, hash: fmix32(lineHash) };
  }
}

function isAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

function isAscii(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) > 0x7f) return false;
  return true;
}

function sameLowerAscii(word: string, line: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) {
    const c = line.charCodeAt(start + i);
    if (word.charCodeAt(i) !== (c >= 0x41 && c <= 0x5a ? c + 0x20 : c)) return false;
  }
  return true;
}
