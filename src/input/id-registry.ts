/** Numbers documents in reading order and refuses a second document with an id already seen. */
import type { Document, SkippedInput } from '../types.js';

export class IdRegistry {
  readonly ids: string[] = [];
  readonly titles: Array<string | undefined> = [];
  readonly duplicates: SkippedInput[] = [];
  private readonly firstPath = new Map<string, string | undefined>();

  get size(): number {
    return this.ids.length;
  }

  /** The document's number, or undefined when its id was taken (it is then listed in `duplicates`). */
  accept(doc: Document): number | undefined {
    if (this.firstPath.has(doc.id)) {
      const first = this.firstPath.get(doc.id);
      const where = doc.path && first ? ` (${first} and ${doc.path})` : '';
      this.duplicates.push({ id: doc.id, reason: `duplicate id${where}; the first one was kept` });
      return undefined;
    }
    this.firstPath.set(doc.id, doc.path);
    this.ids.push(doc.id);
    this.titles.push(doc.title);
    return this.ids.length - 1;
  }
}
