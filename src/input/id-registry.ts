/**
 * Document ids are unique within a run. One rule and one message for the reader (which reports a duplicate
 * as soon as it is read) and the library (which numbers documents in reading order).
 */
import type { Document, SkippedInput } from '../types.js';

/** Remembers where each id was first seen; a later document with the same id is refused. */
export class IdClaims {
  private readonly firstPlace = new Map<string, string>();

  /** Undefined when the id is new (it is now taken), else the skipped input to report. */
  claim(doc: Document): SkippedInput | undefined {
    const where = doc.path ?? doc.id;
    const first = this.firstPlace.get(doc.id);
    if (first === undefined) {
      this.firstPlace.set(doc.id, where);
      return undefined;
    }
    return {
      id: where === doc.id ? `${doc.id} (again)` : where,
      reason: `duplicate id "${doc.id}", first read from ${first}; the first one was kept`,
    };
  }
}

/** Numbers documents in reading order, with what the report shows of them (id, title, date) and their
 * site (same-site boilerplate). */
export class IdRegistry {
  readonly ids: string[] = [];
  readonly titles: Array<string | undefined> = [];
  readonly dates: Array<string | undefined> = [];
  readonly sites: Array<string | undefined> = [];
  readonly duplicates: SkippedInput[] = [];
  private claims = new IdClaims();

  /** `onRefused` hears of each duplicate as it is refused. */
  constructor(private readonly onRefused?: (refused: SkippedInput) => void) {}

  get size(): number {
    return this.ids.length;
  }

  /** The input has ended: the table of ids taken goes (~60 MB at a million documents). */
  close(): void {
    this.claims = new IdClaims();
  }

  /** The document's number, or undefined when its id was taken (it is then listed in `duplicates`). */
  accept(doc: Document): number | undefined {
    const refused = this.claims.claim(doc);
    if (refused !== undefined) {
      this.duplicates.push(refused);
      this.onRefused?.(refused);
      return undefined;
    }
    this.ids.push(doc.id);
    this.titles.push(doc.title);
    this.dates.push(doc.date);
    this.sites.push(doc.site);
    return this.ids.length - 1;
  }
}
