/**
 * The embedded store: one SQLite file (better-sqlite3 12; 13 needs Node 22). WAL mode lets readers run
 * beside one writer; writers queue on the busy timeout. A write transaction is taken with BEGIN IMMEDIATE,
 * so it sees every batch committed before it: two SQLite writers never miss each other's documents.
 * Band keys are stored as one integer, band × 2³² + key, in a table without rowid (its primary key is
 * the lookup): about half the size of two columns with an index.
 */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { U32List } from '../u32-list.js';
import { BucketCache } from './bucket-cache.js';
import { HitCounter } from './hit-counter.js';
import {
  SCHEMA_VERSION,
  bandKeysOf,
  StoreError,
  settingsFromMeta,
  settingsToRows,
  type CandidateLimits,
  type DocumentState,
  type IndexSettings,
  type IndexStore,
  type NewDocument,
  type StoreFigures,
  type StoredDocument,
  type StoreWriter,
} from './store.js';
import type { StoryFrequencies } from '../types.js';

const TABLES = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
  key INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  content_hash TEXT NOT NULL,
  title TEXT,
  date TEXT,
  added_at INTEGER NOT NULL,
  sketch BLOB NOT NULL,
  keys BLOB NOT NULL,
  cluster TEXT NOT NULL,
  keyed INTEGER NOT NULL,
  counted INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_content ON documents (content_hash);
CREATE INDEX IF NOT EXISTS documents_cluster ON documents (cluster);
CREATE INDEX IF NOT EXISTS documents_added ON documents (added_at);
CREATE TABLE IF NOT EXISTS bands (bk INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (bk, doc)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS df (term INTEGER PRIMARY KEY, count INTEGER NOT NULL);
`;

const BAND_SHIFT = 2 ** 32;
const ROWS_A_STATEMENT = 64;
const CACHE_KB = 128 * 1024;
/** 64 MB of 16 KB pages: a 100k add wrote 2.1 GB to disk instead of 2.7 GB with SQLite's 1,000. */
const CHECKPOINT_PAGES = 4096;

interface DocumentRow {
  key: number;
  id: string;
  content_hash: string;
  title: string | null;
  date: string | null;
  added_at: number;
  sketch: Buffer;
  keys: Buffer;
  cluster: string;
  keyed: number;
  counted: number;
}

function stateOf(row: Pick<DocumentRow, 'id' | 'content_hash' | 'cluster' | 'added_at'>): DocumentState {
  return { id: row.id, contentHash: row.content_hash, cluster: row.cluster, addedAt: row.added_at };
}

function storedOf(row: DocumentRow): StoredDocument {
  const doc: StoredDocument = {
    ...stateOf(row),
    sketch: new Uint8Array(row.sketch.buffer, row.sketch.byteOffset, row.sketch.byteLength),
    keys: bandKeysOf(row.keys, row.id),
    counted: row.counted === 1,
  };
  if (row.title !== null) doc.title = row.title;
  if (row.date !== null) doc.date = row.date;
  return doc;
}

function blobOf(keys: Uint32Array): Buffer {
  return Buffer.from(keys.buffer, keys.byteOffset, keys.byteLength);
}

/** A batch's band rows as two typed arrays: a [key, document] pair per row was a tenth of the batch's
 * garbage. */
class BandRows {
  readonly bk: Float64Array;
  readonly doc: Float64Array;
  private size = 0;

  constructor(capacity: number) {
    this.bk = new Float64Array(capacity);
    this.doc = new Float64Array(capacity);
  }

  push(keys: Uint32Array, doc: number): void {
    keys.forEach((key, band) => {
      this.bk[this.size] = band * BAND_SHIFT + key;
      this.doc[this.size++] = doc;
    });
  }

  /** Row numbers by band key, then document. */
  inKeyOrder(): Uint32Array {
    const order = new Uint32Array(this.size);
    for (let i = 0; i < order.length; i++) order[i] = i;
    return order.sort((a, b) => (this.bk[a] ?? 0) - (this.bk[b] ?? 0) || (this.doc[a] ?? 0) - (this.doc[b] ?? 0));
  }
}

/** The one-line reason an SQLite error makes the index unusable, or undefined for a bug. */
function reasonOf(error: unknown, timeoutMs: number): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
    return 'not a wirecluster index, or damaged (SQLite: file is not a database)';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `locked by another process for more than ${timeoutMs / 1000} s (see --lock-timeout)`;
  }
  if (code.startsWith('SQLITE_CANTOPEN')) return 'cannot open the index file (missing folder or no permission)';
  if (code.startsWith('SQLITE_READONLY')) return 'the index file is read-only';
  if (code.startsWith('SQLITE_FULL')) return 'disk full';
  if (code.startsWith('SQLITE_IOERR')) return `I/O error (${code})`;
  // A table of ours without our columns: another application's `meta` or `documents`.
  if (code === 'SQLITE_ERROR' && error instanceof Error && error.message.startsWith('no such column')) {
    return `an SQLite file that is not a wirecluster index (${error.message})`;
  }
  return undefined;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** What a synchronous pause waits on (better-sqlite3 opens a file synchronously). */
const SLEEP = new Int32Array(new SharedArrayBuffer(4));

export class SqliteStore implements IndexStore {
  readonly serialWriters = true;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly buckets = new BucketCache();
  private readonly hits = new HitCounter();

  private constructor(
    readonly location: string,
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
    readOnly: boolean,
  ) {
    this.db = this.guard(() => new Database(location, { timeout: timeoutMs, readonly: readOnly }));
  }

  /** Opens (or creates) the file; WAL mode is set once and then persists in the file. `signal` ends a wait
   * for another writer's lock. `readOnly`: a reader that must leave the file as it found it (`--idf-from`),
   * even when it is not an index: switching another application's file to WAL is a write. */
  static open(path: string, timeoutMs: number, signal?: AbortSignal, readOnly = false): SqliteStore {
    // better-sqlite3 says this with a TypeError and no code; the index's folder is the user's to make.
    if (!existsSync(dirname(path))) throw new StoreError(`${path}: the folder ${dirname(path)} does not exist`);
    const store = new SqliteStore(path, timeoutMs, signal, readOnly);
    if (readOnly) store.guard(() => store.db.pragma(`cache_size = -${CACHE_KB}`));
    else store.configure();
    return store;
  }

  /** The file's settings for a writer: page size and WAL before its first table, then the connection's. */
  private configure(): void {
    this.guard(() => {
      // A sketch row is 2–3 KB: with the default 4 KB pages each took a page of its own (4.7 KB a document
      // at 10k); 16 KB pages hold six or seven. Settable only before the file has its first table.
      if (this.db.pragma('page_count', { simple: true }) === 0) this.db.pragma('page_size = 16384');
      this.whileBusy(() => {
        if (this.db.pragma('journal_mode', { simple: true }) !== 'wal') this.db.pragma('journal_mode = WAL');
      });
      // WAL with synchronous NORMAL survives a killed process; only a power cut may lose the last batch.
      this.db.pragma('synchronous = NORMAL');
      // SQLite's default page cache is 2 MB (128 pages of 16 KB): every band-key lookup and insert read
      // the B-tree's upper pages again through a system call. A bounded 128 MB keeps them.
      this.db.pragma(`cache_size = -${CACHE_KB}`);
      // A batch rewrites most of the band table's pages; checkpointing after every commit (past SQLite's
      // default of 1,000 WAL pages) copied each of them to the file and synced it once a batch. Every few
      // batches, a page rewritten in each is copied once. The WAL file grows to about 64 MB plus a batch.
      this.db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
    });
  }

  /**
   * Runs `call` again while SQLite says busy, up to the lock timeout. Two connections switching a new file
   * to WAL at once both hold a shared lock and want an exclusive one; SQLite fails one of them at once
   * rather than let them wait on each other, without calling the busy handler (6 processes opening one new
   * file failed 19 times in 40 rounds).
   */
  private whileBusy(call: () => void): void {
    const until = Date.now() + this.timeoutMs;
    for (let pause = 1; ; pause = Math.min(2 * pause, 100)) {
      try {
        call();
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() >= until) throw error;
        Atomics.wait(SLEEP, 0, 0, pause);
      }
    }
  }

  /** Runs an SQLite call, turning the errors that make the index unusable into one-line StoreErrors. */
  private guard<T>(call: () => T): T {
    try {
      return call();
    } catch (error) {
      throw this.failureOf(error);
    }
  }

  private failureOf(error: unknown): unknown {
    const reason = reasonOf(error, this.timeoutMs);
    return reason === undefined ? error : new StoreError(`${this.location}: ${reason}`);
  }

  /**
   * Takes the write lock, waiting for another writer between tries rather than in SQLite's busy handler:
   * that one sleeps inside the call, so a Ctrl-C went unheard for up to the lock timeout, and the run then
   * went on and exited 0. Here the signal ends the wait.
   */
  private async begin(): Promise<void> {
    const until = Date.now() + this.timeoutMs;
    this.db.pragma('busy_timeout = 0');
    try {
      for (let pause = 1; ; pause = Math.min(2 * pause, 100)) {
        try {
          this.db.exec('BEGIN IMMEDIATE');
          return;
        } catch (error) {
          if (!isBusy(error) || Date.now() >= until) throw this.failureOf(error);
        }
        this.signal?.throwIfAborted();
        await sleep(Math.min(pause, Math.max(until - Date.now(), 0)));
        this.signal?.throwIfAborted();
      }
    } finally {
      this.db.pragma(`busy_timeout = ${this.timeoutMs}`);
    }
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private all<T>(sql: string, ...params: unknown[]): T[] {
    return this.guard(() => this.statement(sql).all(...params) as T[]);
  }

  private get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.guard(() => this.statement(sql).get(...params) as T | undefined);
  }

  private run(sql: string, ...params: unknown[]): number {
    return this.guard(() => this.statement(sql).run(...params).changes);
  }

  private tableNames(): string[] {
    return this.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name);
  }

  async settings(): Promise<IndexSettings | undefined> {
    const tables = this.tableNames();
    if (!tables.includes('meta')) {
      if (tables.length > 0) throw new StoreError(`${this.location}: an SQLite file that is not a wirecluster index (no meta table)`);
      return undefined;
    }
    const rows = new Map(this.all<{ name: string; value: string }>('SELECT name, value FROM meta').map((r) => [r.name, r.value]));
    return settingsFromMeta(rows, this.location);
  }

  async create(settings: IndexSettings): Promise<IndexSettings> {
    return this.transaction(async () => {
      // Another writer may have created the index while this one waited for the lock: its settings hold.
      this.guard(() => this.db.exec(TABLES));
      const existing = await this.settings();
      if (existing !== undefined) return existing;
      const insert = 'INSERT INTO meta (name, value) VALUES (?, ?)';
      this.run(insert, 'schema', String(SCHEMA_VERSION));
      this.run(insert, 'stories', '0');
      for (const [name, value] of settingsToRows(settings)) this.run(insert, name, value);
      return settings;
    });
  }

  async transaction<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    await this.begin();
    try {
      const result = await work(this);
      this.guard(() => this.db.exec('COMMIT'));
      return result;
    } catch (error) {
      // The bucket cache may hold rows of this transaction.
      this.buckets.clear();
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async documentsByIds(ids: readonly string[]): Promise<DocumentState[]> {
    const out: DocumentState[] = [];
    for (const id of ids) {
      const row = this.get<DocumentRow>('SELECT id, content_hash, cluster, added_at FROM documents WHERE id = ?', id);
      if (row !== undefined) out.push(stateOf(row));
    }
    return out;
  }

  async documentsByContent(hashes: readonly string[]): Promise<DocumentState[]> {
    const out: DocumentState[] = [];
    for (const hash of new Set(hashes)) {
      const row = this.get<DocumentRow>(
        'SELECT id, content_hash, cluster, added_at FROM documents WHERE content_hash = ? ORDER BY keyed DESC, key LIMIT 1',
        hash,
      );
      if (row !== undefined) out.push(stateOf(row));
    }
    return out;
  }

  async heldContent(hashes: readonly string[]): Promise<Set<string>> {
    // One statement: a point query per hash took 9 µs, a sixth of it for 10,000 at a time.
    const rows = this.all<{ content_hash: string }>(
      'SELECT DISTINCT content_hash FROM documents WHERE content_hash IN (SELECT value FROM json_each(?))',
      JSON.stringify(hashes),
    );
    return new Set(rows.map((r) => r.content_hash));
  }

  async candidates(keys: Uint32Array, bands: number, limits: CandidateLimits): Promise<string[][]> {
    this.buckets.sync(this.dataVersion(), limits.perBucket);
    const read = (band: number, key: number, limit: number): number[] => this.readBucket(band * BAND_SHIFT + key, limit);
    const best: number[][] = [];
    const met: Array<readonly number[]> = [];
    for (let q = 0; q * bands < keys.length; q++) {
      let count = 0;
      for (let band = 0; band < bands; band++) {
        met[band] = this.buckets.get(band, keys[q * bands + band] ?? 0, read);
        count += met[band]?.length ?? 0;
      }
      this.hits.start(count);
      for (let band = 0; band < bands; band++) for (const doc of met[band] ?? []) this.hits.add(doc);
      best.push(this.hits.best(limits.top));
    }
    const ids = this.idsOf(best.flat());
    return best.map((keys) => keys.map((key) => ids.get(key) ?? '').filter((id) => id !== ''));
  }

  /** Ids by document key, those not known in one statement: a point query per key was a tenth of `index add`. */
  private idsOf(keys: readonly number[]): Map<number, string> {
    const ids = new Map<number, string>();
    const unknown: number[] = [];
    for (const key of new Set(keys)) {
      const id = this.buckets.idOf(key);
      if (id === undefined) unknown.push(key);
      else ids.set(key, id);
    }
    if (unknown.length === 0) return ids;
    const rows = this.all<{ key: number; id: string }>(
      'SELECT key, id FROM documents WHERE key IN (SELECT value FROM json_each(?))',
      JSON.stringify(unknown),
    );
    for (const row of rows) {
      ids.set(row.key, row.id);
      this.buckets.named(row.key, row.id);
    }
    return ids;
  }

  /** Up to `limit` documents under one band key (document keys only, no join: a lookup reads up to
   * bands × perBucket rows). */
  private readBucket(bk: number, limit: number): number[] {
    return this.guard(() => this.statement('SELECT doc FROM bands WHERE bk = ? LIMIT ?').pluck().all(bk, limit) as number[]);
  }

  async sketches(ids: readonly string[]): Promise<StoredDocument[]> {
    return this.all<DocumentRow>('SELECT * FROM documents WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(ids)).map(storedOf);
  }

  async version(): Promise<number | undefined> {
    return this.dataVersion();
  }

  /** Changes with every commit of another connection, never with this one's (SQLite's data_version). */
  private dataVersion(): number {
    return this.guard(() => Number(this.db.pragma('data_version', { simple: true })));
  }

  async documentFrequencies(terms: Uint32Array): Promise<Uint32Array> {
    // One statement per batch: a point query per term was a tenth of `index add`.
    const rows = this.all<{ term: number; count: number }>(
      'SELECT term, count FROM df WHERE term IN (SELECT value FROM json_each(?))',
      JSON.stringify(Array.from(terms)),
    );
    const byTerm = new Map(rows.map((r) => [r.term, r.count]));
    return terms.map((t) => byTerm.get(t) ?? 0);
  }

  async storyFrequencies(): Promise<StoryFrequencies> {
    const keys = new U32List();
    const counts = new U32List();
    this.guard(() => {
      for (const [term, count] of this.statement('SELECT term, count FROM df').raw().iterate() as Iterable<[number, number]>) {
        keys.pushOne(term);
        counts.pushOne(count);
      }
    });
    return { keys: keys.values(), counts: counts.values() };
  }

  private stories(): number {
    return Number(this.get<{ value: string }>("SELECT value FROM meta WHERE name = 'stories'")?.value ?? 0);
  }

  async *scan(pageSize: number): AsyncGenerator<StoredDocument[]> {
    // One read transaction for every page: in WAL mode it reads the index as the first page found it while
    // writers commit. Page by page, a document replaced mid-scan (removed, then inserted under a higher key)
    // was read twice, its old and its new content under one id.
    const own = !this.db.inTransaction;
    if (own) this.guard(() => this.db.exec('BEGIN'));
    try {
      for (let after = -1; ; ) {
        const rows = this.all<DocumentRow>('SELECT * FROM documents WHERE key > ? ORDER BY key LIMIT ?', after, pageSize);
        if (rows.length === 0) return;
        after = rows[rows.length - 1]?.key ?? after;
        yield rows.map(storedOf);
      }
    } finally {
      if (own && this.db.inTransaction) this.db.exec('COMMIT');
    }
  }

  async addedBefore(time: number): Promise<string[]> {
    return this.all<{ id: string }>('SELECT id FROM documents WHERE added_at < ? ORDER BY key', time).map((r) => r.id);
  }

  async figures(): Promise<StoreFigures> {
    const count = (sql: string): number => this.get<{ n: number }>(sql)?.n ?? 0;
    const size = (path: string): number => {
      try {
        return statSync(path).size;
      } catch {
        return 0;
      }
    };
    return {
      documents: count('SELECT count(*) AS n FROM documents'),
      clusters: count('SELECT count(*) AS n FROM (SELECT cluster FROM documents GROUP BY cluster HAVING count(*) >= 2)'),
      stories: this.stories(),
      terms: count('SELECT count(*) AS n FROM df'),
      bytes: size(this.location) + size(`${this.location}-wal`),
    };
  }

  async insert(docs: readonly NewDocument[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    const bands = new BandRows(docs.reduce((sum, doc) => sum + doc.keys.length, 0));
    const statement = this.statement(
      'INSERT OR IGNORE INTO documents (id, content_hash, title, date, added_at, sketch, keys, cluster, keyed, counted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const doc of docs) {
      const result = this.guard(() =>
        statement.run(
          doc.id,
          doc.contentHash,
          doc.title ?? null,
          doc.date ?? null,
          doc.addedAt,
          Buffer.from(doc.sketch.buffer, doc.sketch.byteOffset, doc.sketch.byteLength),
          blobOf(doc.keys),
          doc.cluster,
          doc.keys.length > 0 ? 1 : 0,
          doc.counted ? 1 : 0,
        ),
      );
      if (result.changes === 0) continue;
      inserted.add(doc.id);
      const key = Number(result.lastInsertRowid);
      this.buckets.named(key, doc.id);
      bands.push(doc.keys, key);
    }
    this.insertBands(bands);
    return inserted;
  }

  /** The batch's band rows in key order: its keys fall all over the band table, and inserting them in
   * order visits each page of it once, not once per document. ROWS_A_STATEMENT rows a statement: a call
   * per row was a tenth of `index add`. Every row is new (its document was just inserted); should one
   * not be, the bucket cache starts over rather than hold it twice. */
  private insertBands(rows: BandRows): void {
    const order = rows.inKeyOrder();
    const changes = this.runPairs(
      (values) => `INSERT OR IGNORE INTO bands (bk, doc) VALUES ${values}`,
      order.length,
      (at) => rows.bk[order[at] ?? 0] ?? 0,
      (at) => rows.doc[order[at] ?? 0] ?? 0,
    );
    for (const i of order) {
      const bk = rows.bk[i] ?? 0;
      const band = Math.floor(bk / BAND_SHIFT);
      this.buckets.added(band, bk - band * BAND_SHIFT, rows.doc[i] ?? 0);
    }
    if (changes !== order.length) this.buckets.clear();
  }

  /** Runs a statement with `count` rows of two values, ROWS_A_STATEMENT rows a statement and the rest one
   * at a time (`sql` gets the VALUES list); returns the rows changed. */
  private runPairs(sql: (values: string) => string, count: number, first: (i: number) => number, second: (i: number) => number): number {
    const many = this.statement(sql(`${'(?, ?), '.repeat(ROWS_A_STATEMENT - 1)}(?, ?)`));
    const one = this.statement(sql('(?, ?)'));
    const params: number[] = [];
    let changes = 0;
    this.guard(() => {
      let at = 0;
      for (; at + ROWS_A_STATEMENT <= count; at += ROWS_A_STATEMENT) {
        params.length = 0;
        for (let i = at; i < at + ROWS_A_STATEMENT; i++) params.push(first(i), second(i));
        changes += many.run(...params).changes;
      }
      for (let i = at; i < count; i++) changes += one.run(first(i), second(i)).changes;
    });
    return changes;
  }

  async countTerms(terms: Uint32Array, deltas: Int32Array, stories: number): Promise<void> {
    // ROWS_A_STATEMENT terms a statement: a statement per term was the largest cost of `index add`, and
    // unpacking [term, delta] pairs from JSON took longer than binding them.
    this.runPairs(
      (values) => `INSERT INTO df (term, count) VALUES ${values} ON CONFLICT (term) DO UPDATE SET count = count + excluded.count`,
      terms.length,
      (i) => terms[i] ?? 0,
      (i) => deltas[i] ?? 0,
    );
    const dropped: number[] = [];
    terms.forEach((term, i) => (deltas[i] ?? 0) < 0 && dropped.push(term));
    if (dropped.length > 0)
      this.run('DELETE FROM df WHERE count <= 0 AND term IN (SELECT value FROM json_each(?))', JSON.stringify(dropped));
    this.run("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + ? AS TEXT) WHERE name = 'stories'", stories);
  }

  async relabel(from: string, into: string): Promise<void> {
    this.run('UPDATE documents SET cluster = ? WHERE cluster = ?', into, from);
  }

  async remove(ids: readonly string[]): Promise<{ removed: number; uncounted: StoredDocument[] }> {
    // Buckets shrink: what the cache holds of them no longer is.
    this.buckets.clear();
    let removed = 0;
    const uncounted: StoredDocument[] = [];
    for (const id of ids) {
      const row = this.get<DocumentRow>('SELECT * FROM documents WHERE id = ?', id);
      if (row === undefined) continue;
      removed += 1;
      this.run('DELETE FROM documents WHERE key = ?', row.key);
      const copy = this.get<{ key: number }>('SELECT key FROM documents WHERE content_hash = ? ORDER BY key LIMIT 1', row.content_hash);
      if (row.keyed === 1) this.handOverKeys(row, copy?.key);
      if (row.counted === 1) {
        if (copy === undefined) uncounted.push(storedOf(row));
        else this.run('UPDATE documents SET counted = 1 WHERE key = ?', copy.key);
      }
      const label = this.get<{ id: string | null }>('SELECT min(id) AS id FROM documents WHERE cluster = ?', row.id)?.id;
      if (label !== undefined && label !== null) await this.relabel(row.id, label);
    }
    return { removed, uncounted };
  }

  async markCounted(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.run('UPDATE documents SET counted = 1 WHERE id = ?', id);
  }

  async uncount(ids: readonly string[]): Promise<string[]> {
    return ids.filter((id) => this.run('UPDATE documents SET counted = 0 WHERE id = ? AND counted = 1', id) > 0);
  }

  // Writers take turns (serialWriters): a batch sees every batch committed before it, is never decided
  // blind to another, and leaves no reconcile check behind.
  async keepCheck(): Promise<string> {
    throw new Error('an SQLite batch keeps no reconcile check (its writers take turns)');
  }

  async takeCheck(): Promise<undefined> {
    return undefined;
  }

  async pendingChecks(): Promise<string[]> {
    return [];
  }

  /** The band keys of a removed document pass to an exact copy of it, or go. */
  private handOverKeys(row: DocumentRow, copy: number | undefined): void {
    const keys = bandKeysOf(row.keys, row.id);
    for (let band = 0; band < keys.length; band++) {
      const bk = band * BAND_SHIFT + (keys[band] ?? 0);
      if (copy === undefined) this.run('DELETE FROM bands WHERE bk = ? AND doc = ?', bk, row.key);
      else this.run('UPDATE OR IGNORE bands SET doc = ? WHERE bk = ? AND doc = ?', copy, bk, row.key);
    }
    if (copy !== undefined) this.run('UPDATE documents SET keyed = 1, keys = ? WHERE key = ?', row.keys, copy);
  }
}
