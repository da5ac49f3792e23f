/**
 * The shared store: PostgreSQL, for many writers on many machines. `?schema=NAME` keeps several indexes
 * in one database (created if missing). Hashes are unsigned 32-bit; PostgreSQL has no such type, so they
 * are stored as int4 with the same bits (x | 0) and read back with x >>> 0.
 *
 * Citus: `bands` is keyed by (key, band, doc) and `documents` by id, so they can be distributed by key and
 * by id (README "Scale-out"); `df`, `meta` and `pending_checks` are small and become reference tables.
 * Every statement below names its table's distribution column or touches a reference table.
 *
 * Writers run at READ COMMITTED: two batches committed at the same moment do not see each other, which
 * src/index/add.ts resolves with a reconcile step after commit, kept in `pending_checks` by the batch's
 * transaction so that a writer killed before running it leaves it to the next (src/index/reconcile.ts).
 * That table came later than schema 2 without changing it: the first writer to look makes it where it is
 * missing (`pendingChecks`), and an earlier wirecluster reads and writes an index that has it (neither
 * keeping nor running checks). A deadlock (two batches counting the same terms) rolls back one of them,
 * which is run again. A removal runs alone (`removalLock`).
 */
import pg from 'pg';
import { U32List } from '../u32-list.js';
import {
  SCHEMA_VERSION,
  bandKeysOf,
  StoreError,
  settingsFromMeta,
  settingsToRows,
  mostHits,
  type CandidateLimits,
  type DocumentState,
  type IndexSettings,
  type IndexStore,
  type NewDocument,
  type PendingCheck,
  type StoreFigures,
  type StoredDocument,
  type StoreWriter,
} from './store.js';
import type { StoryFrequencies } from '../types.js';

/** df rows read at a time by `storyFrequencies`. */
const DF_PAGE = 100_000;

const tables = (schema: string): string => `
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE IF NOT EXISTS ${schema}.meta (name text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS ${schema}.documents (
  id text PRIMARY KEY,
  content_hash text NOT NULL,
  title text,
  date text,
  added_at bigint NOT NULL,
  sketch bytea NOT NULL,
  keys bytea NOT NULL,
  cluster text NOT NULL,
  keyed boolean NOT NULL,
  counted boolean NOT NULL,
  seq bigserial
);
CREATE INDEX IF NOT EXISTS documents_content ON ${schema}.documents (content_hash);
CREATE INDEX IF NOT EXISTS documents_cluster ON ${schema}.documents (cluster);
CREATE INDEX IF NOT EXISTS documents_added ON ${schema}.documents (added_at);
CREATE INDEX IF NOT EXISTS documents_seq ON ${schema}.documents (seq);
CREATE TABLE IF NOT EXISTS ${schema}.bands (key int4 NOT NULL, band int2 NOT NULL, doc text NOT NULL, PRIMARY KEY (key, band, doc));
CREATE TABLE IF NOT EXISTS ${schema}.df (term int4 PRIMARY KEY, count int4 NOT NULL);
${checksTable(schema)}
`;

/** Reconcile checks that batches left to run after their commit (src/index/reconcile.ts): a row a batch,
 * gone once run. */
const checksTable = (schema: string): string =>
  `CREATE TABLE IF NOT EXISTS ${schema}.pending_checks (id bigserial PRIMARY KEY, work text NOT NULL);`;

const DEADLOCK = '40P01';
const SERIALIZATION = '40001';
const UNIQUE = '23505';
const RETRIES = 8;

interface DocumentRow {
  id: string;
  content_hash: string;
  title: string | null;
  date: string | null;
  added_at: string;
  sketch: Buffer;
  keys: Buffer;
  cluster: string;
  keyed: boolean;
  counted: boolean;
  seq: string;
}

function stateOf(row: Pick<DocumentRow, 'id' | 'content_hash' | 'cluster' | 'added_at'>): DocumentState {
  return { id: row.id, contentHash: row.content_hash, cluster: row.cluster, addedAt: Number(row.added_at) };
}

function storedOf(row: DocumentRow): StoredDocument {
  const doc: StoredDocument = {
    ...stateOf(row),
    sketch: new Uint8Array(row.sketch.buffer, row.sketch.byteOffset, row.sketch.byteLength),
    keys: bandKeysOf(row.keys, row.id),
    counted: row.counted,
  };
  if (row.title !== null) doc.title = row.title;
  if (row.date !== null) doc.date = row.date;
  return doc;
}

const signed = (values: Iterable<number>): number[] => Array.from(values, (v) => v | 0);

/**
 * node-postgres 8 reads sslmode prefer, require and verify-ca as verify-full (the server's certificate and
 * name are checked), and says so in a ten-line SECURITY WARNING on stderr (process.emitWarning), adding that
 * pg 9 will read them as libpq does, checking less. Naming verify-full keeps what they mean now, under pg 9
 * too, without the warning (README "Where the index lives"). `uselibpqcompat=true` asks for libpq's
 * meanings and is left as given.
 */
function pinSslMode(params: URLSearchParams): void {
  const mode = params.get('sslmode');
  if (params.get('uselibpqcompat') === 'true') return;
  if (mode === 'prefer' || mode === 'require' || mode === 'verify-ca') params.set('sslmode', 'verify-full');
}

/** The URL without its password, and the schema it names. */
export function describeUrl(url: string): { location: string; schema: string; connection: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError(`--index: not a valid PostgreSQL URL (expected postgres://user@host:port/database?schema=NAME)`);
  }
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError(`--index: schema must be lower-case letters, digits and _ (got "${schema}")`);
  }
  parsed.searchParams.delete('schema');
  pinSslMode(parsed.searchParams);
  const connection = parsed.toString();
  parsed.password = '';
  parsed.search = '';
  const location = `${parsed.toString()}${schema === 'public' ? '' : `?schema=${schema}`}`;
  return { location, schema, connection };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

export class PostgresStore implements IndexStore {
  readonly serialWriters = false;
  /** Inside `transaction`: a scan then reads in it rather than in a snapshot of its own. */
  private inTransaction = false;
  /** Whether `pending_checks` is known to exist. */
  private checksTableMade = false;
  private constructor(
    readonly location: string,
    private readonly schema: string,
    private readonly client: pg.Client,
    private readonly where: string,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Connects; an unreachable or refusing server is a one-line StoreError naming the host, never the password.
   * `signal` ends a wait for another process's advisory lock (a removal, a creation). */
  static async open(url: string, timeoutMs: number, signal?: AbortSignal): Promise<PostgresStore> {
    const { location, schema, connection } = describeUrl(url);
    const parsed = new URL(connection);
    const where = `PostgreSQL at ${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
    let client: pg.Client | undefined;
    try {
      // Inside the try: the client reads the URL's SSL options (certificate files among them) as it is made.
      client = new pg.Client({
        connectionString: connection,
        connectionTimeoutMillis: timeoutMs,
        statement_timeout: 0,
        lock_timeout: timeoutMs,
      });
      // A server that goes away later surfaces on the next query; without a listener it would crash the process.
      client.on('error', () => undefined);
      await client.connect();
    } catch (error) {
      await client?.end().catch(() => undefined);
      throw new StoreError(`${location}: ${connectReason(error, where)}`);
    }
    return new PostgresStore(location, `"${schema}"`, client, where, signal);
  }

  private async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      return (await this.client.query<T>(sql, params)).rows;
    } catch (error) {
      const code = errorCode(error);
      if (code === DEADLOCK || code === SERIALIZATION || code === UNIQUE) throw error;
      if (code === '55P03') throw new StoreError(`${this.location}: locked by another writer for too long (see --lock-timeout)`);
      if (code === '42P01') throw new StoreError(`${this.location}: the index tables are missing (damaged index)`);
      // A table of ours without our columns: the schema holds another application's tables (a `meta` or a
      // `documents` of its own), which are neither read as an index nor written to.
      if (code === '42703')
        throw new StoreError(`${this.location}: a PostgreSQL schema that is not a wirecluster index (${messageOf(error)})`);
      if (code === undefined || code.startsWith('E') || code === '57P01' || code === '08006') {
        throw new StoreError(`${this.location}: lost the connection to ${this.where} (${messageOf(error)})`);
      }
      throw error;
    }
  }

  private t(name: string): string {
    return `${this.schema}.${name}`;
  }

  async settings(): Promise<IndexSettings | undefined> {
    const exists = await this.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [`${this.schema}.meta`]);
    if (exists[0]?.found === null || exists[0]?.found === undefined) return undefined;
    const rows = new Map(
      (await this.query<{ name: string; value: string }>(`SELECT name, value FROM ${this.t('meta')}`)).map((r) => [r.name, r.value]),
    );
    return settingsFromMeta(rows, this.location);
  }

  async create(settings: IndexSettings): Promise<IndexSettings> {
    return this.transaction(async () => {
      // Two processes creating one index at once: the advisory lock makes the second wait, then read.
      await this.waitForLock('SELECT pg_advisory_xact_lock(hashtext($1))', [`wirecluster:${this.schema}`]);
      await this.query(tables(this.schema));
      const existing = await this.settings();
      if (existing !== undefined) return existing;
      const rows: Array<[string, string]> = [['schema', String(SCHEMA_VERSION)], ['stories', '0'], ...settingsToRows(settings)];
      await this.query(`INSERT INTO ${this.t('meta')} (name, value) SELECT * FROM unnest($1::text[], $2::text[])`, [
        rows.map((r) => r[0]),
        rows.map((r) => r[1]),
      ]);
      return settings;
    });
  }

  /**
   * The lock that a removal takes alone and every other write transaction shares. Writers still run side by
   * side; a removal waits for the batches in flight and they for it. Unserialised, a batch decided while a
   * removal ran took labels and counts from documents it deleted: the removal, blind to the batch's new
   * documents, neither relabelled them nor counted one of them in a removed story's place, and a batch
   * waiting on a deleted row's count counted nothing (a story counted by none, a label naming no document).
   */
  private async removalLock(alone: boolean): Promise<void> {
    await this.waitForLock(`SELECT ${alone ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared'}(hashtext($1))`, [
      `wirecluster-remove:${this.schema}`,
    ]);
  }

  /**
   * Takes an advisory lock that another process may hold for as long as a removal of thousands takes. Before,
   * Ctrl-C went unheard until the lock came (then the batch was stored anyway) or --lock-timeout ran out. pg
   * cannot cancel a query on its own connection, so an aborted signal closes the connection: the server rolls
   * the transaction back, nothing of it is written, and the signal's reason is thrown.
   */
  private async waitForLock(sql: string, params: unknown[]): Promise<void> {
    const signal = this.signal;
    if (signal === undefined) {
      await this.query(sql, params);
      return;
    }
    signal.throwIfAborted();
    const locked = this.query(sql, params);
    // Closing the connection fails the lock query too; the signal's reason is what is thrown.
    locked.catch(() => undefined);
    let stop = (): void => undefined;
    const aborted = new Promise<never>((_, reject) => {
      stop = () => {
        this.client.end().catch(() => undefined);
        reject(signal.reason);
      };
      signal.addEventListener('abort', stop, { once: true });
    });
    try {
      await Promise.race([locked, aborted]);
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  async transaction<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.query('BEGIN');
      this.inTransaction = true;
      try {
        await this.removalLock(false);
        const result = await work(this);
        await this.query('COMMIT');
        return result;
      } catch (error) {
        await this.client.query('ROLLBACK').catch(() => undefined);
        const code = errorCode(error);
        const retry = code === DEADLOCK || code === SERIALIZATION || code === UNIQUE;
        if (!retry || attempt >= RETRIES) throw error;
      } finally {
        this.inTransaction = false;
      }
    }
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  async pendingChecks(): Promise<string[]> {
    await this.makeChecksTable();
    return (await this.query<{ id: string }>(`SELECT id FROM ${this.t('pending_checks')} ORDER BY id`)).map((r) => r.id);
  }

  /** An index created before checks were kept has no table for them: it is made by the first writer that
   * looks (under the lock `create` takes: two processes making one table at once fail on its type name). */
  private async makeChecksTable(): Promise<void> {
    if (this.checksTableMade) return;
    const found = await this.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [`${this.schema}.pending_checks`]);
    if (found[0]?.found === null || found[0]?.found === undefined) {
      await this.transaction(async () => {
        await this.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`wirecluster:${this.schema}`]);
        await this.query(checksTable(this.schema));
      });
    }
    this.checksTableMade = true;
  }

  async keepCheck(work: string): Promise<string> {
    const rows = await this.query<{ id: string }>(`INSERT INTO ${this.t('pending_checks')} (work) VALUES ($1) RETURNING id`, [work]);
    return rows[0]?.id ?? '';
  }

  async takeCheck(id: string): Promise<PendingCheck | undefined> {
    // SKIP LOCKED: a check another transaction holds is being run by it; waiting for it would run it twice.
    const checks = this.t('pending_checks');
    const rows = await this.query<PendingCheck>(
      `DELETE FROM ${checks} WHERE id = (SELECT id FROM ${checks} WHERE id = $1 FOR UPDATE SKIP LOCKED) RETURNING id, work`,
      [id],
    );
    return rows[0];
  }

  async documentsByIds(ids: readonly string[]): Promise<DocumentState[]> {
    const rows = await this.query<DocumentRow>(
      `SELECT id, content_hash, cluster, added_at FROM ${this.t('documents')} WHERE id = ANY($1::text[])`,
      [ids],
    );
    return rows.map(stateOf);
  }

  async documentsByContent(hashes: readonly string[]): Promise<DocumentState[]> {
    const rows = await this.query<DocumentRow>(
      `SELECT DISTINCT ON (content_hash) id, content_hash, cluster, added_at FROM ${this.t('documents')}
       WHERE content_hash = ANY($1::text[]) ORDER BY content_hash, keyed DESC, seq`,
      [[...new Set(hashes)]],
    );
    return rows.map(stateOf);
  }

  async candidates(keys: Uint32Array, bands: number, limits: CandidateLimits): Promise<string[][]> {
    const queries = Math.ceil(keys.length / bands);
    const band: number[] = [];
    const query: number[] = [];
    for (let i = 0; i < keys.length; i++) {
      band.push(i % bands);
      query.push(Math.floor(i / bands));
    }
    const rows = await this.query<{ q: number; band: number; doc: string }>(
      `SELECT q.q, q.band, x.doc FROM unnest($1::int4[], $2::int2[], $3::int4[]) AS q(key, band, q)
       CROSS JOIN LATERAL (SELECT doc FROM ${this.t('bands')} b WHERE b.key = q.key AND b.band = q.band LIMIT $4) x`,
      [signed(keys), band, query, limits.perBucket + 1],
    );
    const sizes = new Map<number, number>();
    for (const row of rows) sizes.set(row.q * bands + row.band, (sizes.get(row.q * bands + row.band) ?? 0) + 1);
    const hits = Array.from({ length: queries }, () => new Map<string, number>());
    for (const row of rows) {
      if ((sizes.get(row.q * bands + row.band) ?? 0) > limits.perBucket) continue;
      const counts = hits[row.q];
      counts?.set(row.doc, (counts.get(row.doc) ?? 0) + 1);
    }
    return hits.map((counts) => mostHits(counts, limits.top, (a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  async heldContent(hashes: readonly string[]): Promise<Set<string>> {
    const rows = await this.query<{ content_hash: string }>(
      `SELECT DISTINCT content_hash FROM ${this.t('documents')} WHERE content_hash = ANY($1::text[])`,
      [hashes],
    );
    return new Set(rows.map((r) => r.content_hash));
  }

  async sketches(ids: readonly string[]): Promise<StoredDocument[]> {
    const rows = await this.query<DocumentRow>(`SELECT * FROM ${this.t('documents')} WHERE id = ANY($1::text[])`, [ids]);
    return rows.map(storedOf);
  }

  async version(): Promise<number | undefined> {
    // Many writers on many machines, and no cheap commit counter: every batch reads what it needs again.
    return undefined;
  }

  async documentFrequencies(terms: Uint32Array): Promise<Uint32Array> {
    const rows = await this.query<{ term: number; count: number }>(`SELECT term, count FROM ${this.t('df')} WHERE term = ANY($1::int4[])`, [
      signed(terms),
    ]);
    const byTerm = new Map(rows.map((r) => [r.term >>> 0, r.count]));
    return terms.map((t) => byTerm.get(t) ?? 0);
  }

  async storyFrequencies(pageSize = DF_PAGE): Promise<StoryFrequencies> {
    const keys = new U32List();
    const counts = new U32List();
    // In pages by key (stored as int4, so from the most negative): one result of millions of rows would
    // be millions of row objects at once.
    for (let after = -2147483649; ; ) {
      const rows = await this.query<{ term: number; count: number }>(
        `SELECT term, count FROM ${this.t('df')} WHERE term > $1::int8 ORDER BY term LIMIT $2`,
        [after, pageSize],
      );
      for (const row of rows) {
        keys.pushOne(row.term >>> 0);
        counts.pushOne(row.count);
      }
      if (rows.length < pageSize) break;
      after = rows[rows.length - 1]?.term ?? after;
    }
    return { keys: keys.values(), counts: counts.values() };
  }

  private async stories(): Promise<number> {
    const rows = await this.query<{ value: string }>(`SELECT value FROM ${this.t('meta')} WHERE name = 'stories'`);
    return Number(rows[0]?.value ?? 0);
  }

  async *scan(pageSize: number): AsyncGenerator<StoredDocument[]> {
    // One snapshot for every page (REPEATABLE READ): page by page, a document replaced mid-scan (removed,
    // then inserted under a higher seq) was read twice, its old and its new content under one id, and a
    // batch that took its seq numbers before another but committed after it could be passed over.
    const own = !this.inTransaction;
    if (own) await this.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      for (let after = '0'; ; ) {
        const rows = await this.query<DocumentRow>(`SELECT * FROM ${this.t('documents')} WHERE seq > $1 ORDER BY seq LIMIT $2`, [
          after,
          pageSize,
        ]);
        if (rows.length === 0) return;
        after = rows[rows.length - 1]?.seq ?? after;
        yield rows.map(storedOf);
      }
    } finally {
      if (own) await this.client.query('COMMIT').catch(() => undefined);
    }
  }

  async addedBefore(time: number): Promise<string[]> {
    const rows = await this.query<{ id: string }>(`SELECT id FROM ${this.t('documents')} WHERE added_at < $1 ORDER BY seq`, [time]);
    return rows.map((r) => r.id);
  }

  async figures(): Promise<StoreFigures> {
    const count = async (sql: string): Promise<number> => Number((await this.query<{ n: string }>(sql))[0]?.n ?? 0);
    const names = ['meta', 'documents', 'bands', 'df'].map((name) => `'${this.schema}.${name}'`).join(', ');
    return {
      documents: await count(`SELECT count(*) AS n FROM ${this.t('documents')}`),
      clusters: await count(
        `SELECT count(*) AS n FROM (SELECT cluster FROM ${this.t('documents')} GROUP BY cluster HAVING count(*) >= 2) c`,
      ),
      stories: await this.stories(),
      terms: await count(`SELECT count(*) AS n FROM ${this.t('df')}`),
      bytes: await count(`SELECT sum(pg_total_relation_size(t::regclass)) AS n FROM unnest(ARRAY[${names}]) AS t`),
    };
  }

  async insert(docs: readonly NewDocument[]): Promise<Set<string>> {
    if (docs.length === 0) return new Set();
    const column = <T>(pick: (doc: NewDocument) => T): T[] => docs.map(pick);
    const rows = await this.query<{ id: string }>(
      `INSERT INTO ${this.t('documents')} (id, content_hash, title, date, added_at, sketch, keys, cluster, keyed, counted)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::bytea[], $7::bytea[], $8::text[], $9::bool[], $10::bool[])
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        column((d) => d.id),
        column((d) => d.contentHash),
        column((d) => d.title ?? null),
        column((d) => d.date ?? null),
        column((d) => d.addedAt),
        column((d) => Buffer.from(d.sketch.buffer, d.sketch.byteOffset, d.sketch.byteLength)),
        column((d) => Buffer.from(d.keys.buffer, d.keys.byteOffset, d.keys.byteLength)),
        column((d) => d.cluster),
        column((d) => d.keys.length > 0),
        column((d) => d.counted),
      ],
    );
    const inserted = new Set(rows.map((r) => r.id));
    const key: number[] = [];
    const band: number[] = [];
    const doc: string[] = [];
    for (const d of docs) {
      if (!inserted.has(d.id)) continue;
      d.keys.forEach((k, b) => {
        key.push(k | 0);
        band.push(b);
        doc.push(d.id);
      });
    }
    if (key.length > 0) {
      await this.query(
        `INSERT INTO ${this.t('bands')} (key, band, doc) SELECT * FROM unnest($1::int4[], $2::int2[], $3::text[]) ON CONFLICT DO NOTHING`,
        [key, band, doc],
      );
    }
    return inserted;
  }

  async countTerms(terms: Uint32Array, deltas: Int32Array, stories: number): Promise<void> {
    // Terms in one order for every writer, so two batches lock the rows they share in the same order.
    const order = Array.from(terms.keys()).sort((a, b) => (terms[a] ?? 0) - (terms[b] ?? 0));
    const keys = order.map((i) => (terms[i] ?? 0) | 0);
    const counts = order.map((i) => deltas[i] ?? 0);
    const df = this.t('df');
    await this.query(
      `INSERT INTO ${df} (term, count) SELECT * FROM unnest($1::int4[], $2::int4[]) ON CONFLICT (term) DO UPDATE SET count = ${df}.count + excluded.count`,
      [keys, counts],
    );
    if (counts.some((c) => c < 0)) await this.query(`DELETE FROM ${df} WHERE term = ANY($1::int4[]) AND count <= 0`, [keys]);
    await this.query(`UPDATE ${this.t('meta')} SET value = (value::bigint + $1)::text WHERE name = 'stories'`, [stories]);
  }

  async relabel(from: string, into: string): Promise<void> {
    await this.query(`UPDATE ${this.t('documents')} SET cluster = $1 WHERE cluster = $2`, [into, from]);
  }

  async remove(ids: readonly string[]): Promise<{ removed: number; uncounted: StoredDocument[] }> {
    // Taken over the shared hold of this transaction (PostgreSQL lets a session strengthen its own lock);
    // two removals strengthening at once deadlock, and one is run again.
    await this.removalLock(true);
    let removed = 0;
    const uncounted: StoredDocument[] = [];
    for (const id of ids) {
      const row = (await this.query<DocumentRow>(`DELETE FROM ${this.t('documents')} WHERE id = $1 RETURNING *`, [id]))[0];
      if (row === undefined) continue;
      removed += 1;
      const copy = (
        await this.query<{ id: string }>(`SELECT id FROM ${this.t('documents')} WHERE content_hash = $1 ORDER BY seq LIMIT 1`, [
          row.content_hash,
        ])
      )[0]?.id;
      if (row.keyed) await this.handOverKeys(row, copy);
      if (row.counted) {
        if (copy === undefined) uncounted.push(storedOf(row));
        else await this.query(`UPDATE ${this.t('documents')} SET counted = true WHERE id = $1`, [copy]);
      }
      const label = (
        await this.query<{ id: string | null }>(`SELECT min(id) AS id FROM ${this.t('documents')} WHERE cluster = $1`, [row.id])
      )[0]?.id;
      if (label !== undefined && label !== null) await this.relabel(row.id, label);
    }
    return { removed, uncounted };
  }

  async markCounted(ids: readonly string[]): Promise<void> {
    await this.query(`UPDATE ${this.t('documents')} SET counted = true WHERE id = ANY($1::text[])`, [ids]);
  }

  async uncount(ids: readonly string[]): Promise<string[]> {
    // Under READ COMMITTED a row another writer is uncounting is waited for, then read as it committed.
    const rows = await this.query<{ id: string }>(
      `UPDATE ${this.t('documents')} SET counted = false WHERE id = ANY($1::text[]) AND counted RETURNING id`,
      [ids],
    );
    return rows.map((row) => row.id);
  }

  /** The band keys of a removed document pass to an exact copy of it, or go. Bands are keyed by key, so
   * a hand-over is a delete and an insert (the doc column is part of the key). */
  private async handOverKeys(row: DocumentRow, copy: string | undefined): Promise<void> {
    const keys = signed(bandKeysOf(row.keys, row.id));
    const bands = keys.map((_, b) => b);
    await this.query(
      `DELETE FROM ${this.t('bands')} b USING unnest($1::int4[], $2::int2[]) AS q(key, band) WHERE b.key = q.key AND b.band = q.band AND b.doc = $3`,
      [keys, bands, row.id],
    );
    if (copy === undefined) return;
    await this.query(
      `INSERT INTO ${this.t('bands')} (key, band, doc) SELECT k, b, $3 FROM unnest($1::int4[], $2::int2[]) AS q(k, b) ON CONFLICT DO NOTHING`,
      [keys, bands, copy],
    );
    await this.query(`UPDATE ${this.t('documents')} SET keyed = true, keys = $1 WHERE id = $2`, [row.keys, copy]);
  }
}

/** Why a connection failed, in words, naming the server and never the password. */
function connectReason(error: unknown, where: string): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') return `cannot reach ${where} (connection refused; is the server running?)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot reach ${where} (unknown host)`;
  if (code === 'ETIMEDOUT' || /timeout/i.test(message)) return `cannot reach ${where} (timed out)`;
  if (code === '28P01' || code === '28000') return `${where} refused the login (${message})`;
  if (code === '3D000') return `${where}: ${message}`;
  return `cannot connect to ${where} (${message})`;
}
