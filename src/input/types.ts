import type { Document } from '../types.js';

/** What reading the inputs produces, one event at a time, so callers can stream. */
export type InputEvent =
  | { kind: 'document'; document: Document }
  | { kind: 'skipped'; id: string; reason: string }
  | { kind: 'warning'; id: string; message: string }
  /** A path named on the command line that cannot be used at all: reported, and the run exits 2. */
  | { kind: 'error'; id: string; reason: string };

export interface DatasetFields {
  idField: string;
  textField: string;
  titleField: string;
  /** Published date, for `dedup --keep earliest` (default "date"). */
  dateField?: string;
}

export const DEFAULT_FIELDS: DatasetFields = { idField: 'id', textField: 'text', titleField: 'title' };
