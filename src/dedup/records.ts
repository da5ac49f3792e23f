/**
 * What dedup remembers of each record between its two passes: where it is (file, record number), its
 * length and date, and its id (the same string the clustering keeps). About 30 bytes a record, never
 * the text.
 */
import { U32List } from '../u32-list.js';
import type { RecordFacts } from './keep.js';

export interface RecordEntry {
  id: string;
  /** Index of the input file, in reading order. */
  file: number;
  /** The record's number in its file (JSONL line, CSV start line, Parquet row from 1; 0 for an article). */
  record: number;
  length: number;
  date: number;
}

export class RecordTable {
  private readonly ids: string[] = [];
  private readonly files = new U32List();
  private readonly records = new U32List();
  private readonly lengths = new U32List();
  private readonly dates: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  add(entry: RecordEntry): void {
    this.ids.push(entry.id);
    this.files.pushOne(entry.file);
    this.records.pushOne(entry.record);
    this.lengths.pushOne(Math.min(entry.length, 0xffffffff));
    this.dates.push(entry.date);
  }

  /** The record of each of `ids` that is in the table, by id (one scan of the table). */
  ordinals(ids: ReadonlySet<string>): Map<string, number> {
    const found = new Map<string, number>();
    this.ids.forEach((id, ordinal) => {
      if (ids.has(id)) found.set(id, ordinal);
    });
    return found;
  }

  facts(ordinal: number): RecordFacts {
    return { order: ordinal, length: this.lengths.data[ordinal] ?? 0, date: this.dates[ordinal] ?? Number.NaN };
  }

  location(ordinal: number): { file: number; record: number } {
    return { file: this.files.data[ordinal] ?? 0, record: this.records.data[ordinal] ?? 0 };
  }
}
