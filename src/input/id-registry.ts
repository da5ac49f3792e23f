/**
 * Document ids are unique within a run. One rule and one message for the reader (which reports a duplicate
 * as soon as it is read) and the library (which numbers documents in reading order).
 */
import { hashString } from '../sketch/hash.js';
import type { Document, SkippedInput } from '../types.js';
import { StringColumn, StringIndex } from '../string-column.js';

/** Remembers where each id was first seen; a later document with the same id is refused. */
export class IdClaims {
  /** Where each id was read from, undefined when that is the id itself. */
  private places = new StringColumn();
  private index: StringIndex;

  /** `ids`: where the ids claimed are kept, in order (the registry's own column, so that they are kept once). */
  constructor(private readonly ids = new StringColumn()) {
    this.index = new StringIndex(ids);
  }

  /** Forgets where the ids were read and which are taken; the ids stay. */
  release(): void {
    this.places = new StringColumn();
    this.index = new StringIndex(this.ids);
  }

  /** Undefined when the id is new (it is now taken), else the skipped input to report. */
  claim(doc: Document): SkippedInput | undefined {
    const where = doc.path ?? doc.id;
    const hash = hashString(doc.id);
    const taken = this.index.find(doc.id, hash);
    if (taken < 0) {
      this.index.add(hash, this.ids.length);
      this.ids.push(doc.id);
      this.places.push(where === doc.id ? undefined : where);
      return undefined;
    }
    const first = this.places.at(taken) ?? doc.id;
    return {
      id: where === doc.id ? `${doc.id} (again)` : where,
      reason: `duplicate id "${doc.id}", first read from ${first}; the first one was kept`,
    };
  }
}

/** Numbers documents in reading order, with what the report shows of them (id, title, date) and their
 * site (same-site boilerplate). */
export class IdRegistry {
  readonly ids = new StringColumn();
  readonly titles = new StringColumn();
  readonly dates = new StringColumn();
  readonly sites = new StringColumn();
  readonly duplicates: SkippedInput[] = [];
  private readonly claims = new IdClaims(this.ids);

  /** `onRefused` hears of each duplicate as it is refused. */
  constructor(private readonly onRefused?: (refused: SkippedInput) => void) {}

  get size(): number {
    return this.ids.length;
  }

  /** The input has ended: the table of ids taken goes (where each id was read and a hash table: ~60 MB at a
   * million documents read from one JSONL file). */
  close(): void {
    this.claims.release();
  }

  /** The document's number, or undefined when its id was taken (it is then listed in `duplicates`). */
  accept(doc: Document): number | undefined {
    const refused = this.claims.claim(doc);
    if (refused !== undefined) {
      this.duplicates.push(refused);
      this.onRefused?.(refused);
      return undefined;
    }
    // The claim has added the id to `ids`.
    this.titles.push(doc.title);
    this.dates.push(doc.date);
    this.sites.push(doc.site);
    return this.ids.length - 1;
  }
}
