/**
 * The storage interface of the persistent index (README "Persistent index"). A store keeps documents
 * (their encoded sketches and cluster labels), LSH band keys, a document-frequency table over stories,
 * and its fixed settings. It knows nothing of sketching or scoring: src/index/ decides, the store keeps.
 * Adding a store is one file implementing `IndexStore` and one line in src/store/open.ts.
 */
import { MODE_NAMES } from '../cluster/modes.js';
import type { Mode, ResolvedParams, StoryFrequencies } from '../types.js';

/** Bumped when the tables change shape or meaning; an index written by another version is refused.
 * 2: document frequencies are counted per language, with each language's stories (sketch/df-keys.ts),
 * and a stored sketch holds its language. */
export const SCHEMA_VERSION = 2;

/** What is fixed when an index is created: every stored sketch and band key depends on them. */
export type IndexSettings = Pick<ResolvedParams, 'mode' | 'shingleSize' | 'numPerm' | 'bands' | 'rows' | 'seed' | 'lang'>;

export const SETTING_NAMES = ['mode', 'shingleSize', 'numPerm', 'bands', 'rows', 'seed', 'lang'] as const satisfies ReadonlyArray<
  keyof IndexSettings
>;

/** One document as it is written. */
export interface NewDocument {
  id: string;
  title?: string;
  date?: string;
  /** 16 hex characters: equal means the same normalised content. */
  contentHash: string;
  /** Milliseconds since the epoch. */
  addedAt: number;
  /** The encoded sketch (src/index/codec.ts). */
  sketch: Uint8Array;
  /** Label of the cluster the document joined: the id of the cluster's first document. */
  cluster: string;
  /** One LSH key per band; empty for an exact copy of a stored document (found by its content hash). */
  keys: Uint32Array;
  /** Whether its terms were counted in the df table (a new story: index/add.ts). */
  counted: boolean;
}

/** What the index knows of a stored document without reading its sketch. */
export interface DocumentState {
  id: string;
  contentHash: string;
  cluster: string;
  addedAt: number;
}

/** A stored document with its sketch, as `index clusters` reads them. */
export interface StoredDocument extends DocumentState {
  title?: string;
  date?: string;
  sketch: Uint8Array;
  /** Its band keys (empty for a copy). */
  keys: Uint32Array;
  /** Whether its terms are counted in the df table. */
  counted: boolean;
}

export interface StoreFigures {
  documents: number;
  clusters: number;
  /** Stories counted in the df table. */
  stories: number;
  terms: number;
  /** Bytes the index takes, as the engine reports it. */
  bytes: number;
}

/** A reconcile check that a batch left to run after its commit (src/index/reconcile.ts), in that module's
 * encoding: the store keeps it and knows nothing of what it says. */
export interface PendingCheck {
  id: string;
  work: string;
}

export interface CandidateLimits {
  perBucket: number;
  top: number;
}

/** The `top` documents with the most hits, ties in the order `before` gives. Shared by the stores. */
export function mostHits<T>(hits: ReadonlyMap<T, number>, top: number, before: (a: T, b: T) => number): T[] {
  return [...hits.keys()].sort((a, b) => (hits.get(b) ?? 0) - (hits.get(a) ?? 0) || before(a, b)).slice(0, top);
}

/** Reads, available inside and outside a write transaction. */
export interface StoreReader {
  /** The documents with these ids that are stored. */
  documentsByIds(ids: readonly string[]): Promise<DocumentState[]>;
  /** For each content hash stored, one document carrying it (the one holding the band keys). */
  documentsByContent(hashes: readonly string[]): Promise<DocumentState[]>;
  /** Which of these content hashes are stored: a batch run's texts that an index already counts. */
  heldContent(hashes: readonly string[]): Promise<Set<string>>;
  /**
   * The documents sharing a band key with each query: `keys` holds one key per band for each query, end to
   * end (bands × queries). Per query, the `top` documents sharing the most band keys (ties: the earlier
   * stored first). A bucket holding more than `perBucket` documents is passed over: it says nothing about
   * any one of them, and reading it would make a lookup grow with the index.
   */
  candidates(keys: Uint32Array, bands: number, limits: CandidateLimits): Promise<string[][]>;
  /** Sketches and states of these documents (missing ids are left out). */
  sketches(ids: readonly string[]): Promise<StoredDocument[]>;
  /** A number that changes whenever another connection commits to the index, so that a writer can keep
   * what it read across batches while no one else writes; undefined when the store cannot tell. */
  version(): Promise<number | undefined>;
  /** The count stored under each df key (0 when none; keys: sketch/df-keys.ts). */
  documentFrequencies(keys: Uint32Array): Promise<Uint32Array>;
  /** Every df key with its count: the index as a batch run's reference (`cluster --idf-from`). A store
   * that reads them in pages reads `pageSize` rows at a time. */
  storyFrequencies(pageSize?: number): Promise<StoryFrequencies>;
  /** Every stored document, oldest first, in pages (for `index clusters`). */
  scan(pageSize: number): AsyncGenerator<StoredDocument[]>;
  /** Ids of documents added before this time (ms since the epoch). */
  addedBefore(time: number): Promise<string[]>;
  figures(): Promise<StoreFigures>;
}

export interface StoreWriter extends StoreReader {
  /** Inserts the documents whose ids are not stored yet; returns the ids inserted. */
  insert(docs: readonly NewDocument[]): Promise<Set<string>>;
  /** Adds deltas[i] to the count under terms[i] (distinct df keys; a count reaching 0 goes) and `stories`
   * to the number of stories counted in all (what `figures` reports). */
  countTerms(terms: Uint32Array, deltas: Int32Array, stories: number): Promise<void>;
  /** Relabels cluster `from` as `into`. */
  relabel(from: string, into: string): Promise<void>;
  /**
   * Deletes documents with their band keys. A removed document's band keys and df count pass to a
   * remaining exact copy, and a removed cluster label to the cluster's smallest remaining id. Returns how
   * many were removed, and those whose terms must leave the df table (counted, with no copy left).
   */
  remove(ids: readonly string[]): Promise<{ removed: number; uncounted: StoredDocument[] }>;
  /** Marks these documents as counted in the df table (the caller counts their terms). */
  markCounted(ids: readonly string[]): Promise<void>;
  /** Marks those of these documents that are counted as no longer counted, and returns their ids (the
   * caller takes their terms away). One that another writer uncounted first is not returned. */
  uncount(ids: readonly string[]): Promise<string[]>;
  /** Keeps a check to run once this transaction has committed; returns its id. Kept in the transaction, so
   * that a writer killed after the commit leaves the check to the next one. Stores with serial writers are
   * never asked. */
  keepCheck(work: string): Promise<string>;
  /** Takes a kept check for this transaction: it is gone when the transaction commits, and back if it rolls
   * back. Undefined when it is gone already or another transaction holds it (that one runs it). */
  takeCheck(id: string): Promise<PendingCheck | undefined>;
}

export interface IndexStore extends StoreReader {
  /** Where the index lives, for messages (never a password). */
  readonly location: string;
  /** Whether a write transaction sees every batch committed before it started (writers take turns): then
   * no two batches are decided blind to each other, and no reconcile step is needed. */
  readonly serialWriters: boolean;
  /** The stored settings, or undefined for a new index. Refuses a newer schema (StoreError). */
  settings(): Promise<IndexSettings | undefined>;
  /** Creates the tables with these settings unless another process just did; returns the settings that hold. */
  create(settings: IndexSettings): Promise<IndexSettings>;
  /** Runs `work` in one transaction: all of its writes or none. May run it again after a deadlock. */
  transaction<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T>;
  /** Ids of the kept checks, oldest first: those of batches whose writer is running them now, and those of
   * writers killed before they could. Empty for stores with serial writers. */
  pendingChecks(): Promise<string[]>;
  close(): Promise<void>;
}

/** Stored bytes that do not decode (a sketch, band keys): the index is damaged. The message names the
 * document, so that the CLI can say which one along with the index. */
export class DamagedSketch extends RangeError {
  override name = 'DamagedSketch';
}

export function damaged(id: string | undefined, problem: string): DamagedSketch {
  return new DamagedSketch(`${id === undefined ? '' : `document ${JSON.stringify(id)}: `}${problem} (damaged index)`);
}

/** A document's stored band keys: 32-bit words, copied so that they are aligned. */
export function bandKeysOf(blob: Buffer, id: string): Uint32Array {
  if (blob.byteLength % 4 !== 0) throw damaged(id, 'band keys cut short');
  return new Uint32Array(Uint8Array.from(blob).buffer);
}

/** A store that cannot be used: corrupt, locked, unreachable, refused, newer. Exit 2, one line. */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** The schema check shared by the stores. */
function checkSchema(version: number, location: string): void {
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      `${location}: index written by a newer wirecluster (schema ${version}; this version reads up to ${SCHEMA_VERSION}); upgrade wirecluster`,
    );
  }
  // Schema 1 came before any release (its counts cannot be split by language): it is made again, not read.
  if (version < SCHEMA_VERSION) {
    throw new StoreError(
      `${location}: index written by an earlier development version of wirecluster (schema ${version}; this version reads ${SCHEMA_VERSION}); add its documents to a new index`,
    );
  }
}

/** The settings a meta table holds, checked; undefined while it holds none. An index is created in one
 * transaction, so a meta table with rows but no schema version is another application's. */
export function settingsFromMeta(rows: ReadonlyMap<string, string>, location: string): IndexSettings | undefined {
  if (rows.size === 0) return undefined;
  if (!rows.has('schema')) throw new StoreError(`${location}: not a wirecluster index (its meta table holds no schema version)`);
  checkSchema(Number(rows.get('schema')), location);
  return rows.has('mode') ? settingsFromRows(rows, location) : undefined;
}

/** Settings as meta-table rows, and back. */
export function settingsToRows(settings: IndexSettings): Array<[string, string]> {
  return SETTING_NAMES.map((name) => [name, String(settings[name])]);
}

function isMode(name: string): name is Mode {
  return (MODE_NAMES as readonly string[]).includes(name);
}

function settingsFromRows(rows: ReadonlyMap<string, string>, location: string): IndexSettings {
  const get = (name: string): string => {
    const value = rows.get(name);
    if (value === undefined) throw new StoreError(`${location}: index meta table has no "${name}" setting (damaged index)`);
    return value;
  };
  const whole = (name: string): number => {
    const value = Number(get(name));
    if (!Number.isInteger(value)) throw new StoreError(`${location}: index setting "${name}" is not a number (damaged index)`);
    return value;
  };
  const mode = get('mode');
  if (!isMode(mode))
    throw new StoreError(`${location}: index setting "mode" is "${mode}", not one of ${MODE_NAMES.join(', ')} (damaged index)`);
  return {
    mode,
    shingleSize: whole('shingleSize'),
    numPerm: whole('numPerm'),
    bands: whole('bands'),
    rows: whole('rows'),
    seed: whole('seed'),
    lang: get('lang'),
  };
}
