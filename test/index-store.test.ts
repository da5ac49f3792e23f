/** The storage interface against both real engines: the same cases for the SQLite file and PostgreSQL. */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSketch, encodeSketch } from '../src/index/codec.js';
import { LANGUAGES } from '../src/text/language.js';
import { openStore } from '../src/store/open.js';
import { describeUrl } from '../src/store/postgres.js';
import { SCHEMA_VERSION, StoreError, type IndexSettings, type IndexStore, type NewDocument } from '../src/store/store.js';
import { tempDir } from './cli-run.js';
import { dropSchema, freshSchema, pgIndex } from './index-helpers.js';

const SETTINGS: IndexSettings = { mode: 'rewrite', shingleSize: 2, numPerm: 128, bands: 4, rows: 32, seed: 1, lang: 'auto' };

function doc(id: string, contentHash: string, keys: number[], extra: Partial<NewDocument> = {}): NewDocument {
  return {
    id,
    contentHash,
    addedAt: 1000,
    sketch: encodeSketch({
      terms: Uint32Array.of(1, 5, 9),
      tf: Uint32Array.of(1, 2, 1),
      names: Uint32Array.of(5),
      shingles: Uint32Array.of(7),
      lang: 'en',
    }),
    cluster: id,
    keys: Uint32Array.from(keys),
    counted: true,
    ...extra,
  };
}

describe('sketch codec', () => {
  it('round-trips any sorted arrays', () => {
    const sorted = fc.uniqueArray(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 300 }).map((a) => Uint32Array.from(a).sort());
    fc.assert(
      fc.property(sorted, sorted, sorted, fc.constantFrom(...LANGUAGES), (terms, names, shingles, lang) => {
        const tf = terms.map((t) => (t % 70000) + 1);
        const back = decodeSketch(encodeSketch({ terms, tf, names, shingles, lang }));
        expect(back.lang).toBe(lang);
        expect([...back.terms]).toEqual([...terms]);
        expect([...back.tf]).toEqual([...tf].map((f) => Math.min(0xffff, f)));
        expect([...back.names]).toEqual([...names]);
        expect([...back.shingles]).toEqual([...shingles]);
      }),
    );
  });

  it('refuses cut bytes', () => {
    const bytes = encodeSketch({
      terms: Uint32Array.of(1, 300000),
      tf: Uint32Array.of(1, 1),
      names: new Uint32Array(0),
      shingles: Uint32Array.of(4),
      lang: 'ur',
    });
    expect(() => decodeSketch(bytes.subarray(0, 3))).toThrow(/damaged/);
    expect(() => decodeSketch(bytes.subarray(0, bytes.length - 4))).toThrow(/damaged/);
  });
});

describe('PostgreSQL URLs', () => {
  it('never carry the password into messages', () => {
    const { location, schema, connection } = describeUrl('postgres://app:s3cret@db.example:6432/news?schema=wire');
    expect(location).toBe('postgres://app@db.example:6432/news?schema=wire');
    expect(location).not.toContain('s3cret');
    expect(schema).toBe('wire');
    expect(connection).not.toContain('schema=');
  });

  it('name verify-full for the SSL modes node-postgres 8 reads as it, unless libpq meanings are asked for', () => {
    const sslmode = (query: string): string | null =>
      new URL(describeUrl(`postgres://h/db?${query}`).connection).searchParams.get('sslmode');
    for (const mode of ['prefer', 'require', 'verify-ca', 'verify-full']) expect(sslmode(`sslmode=${mode}&schema=x`)).toBe('verify-full');
    expect(sslmode('sslmode=disable')).toBe('disable');
    expect(sslmode('sslmode=no-verify')).toBe('no-verify');
    expect(sslmode('uselibpqcompat=true&sslmode=require')).toBe('require');
    expect(sslmode('')).toBeNull();
  });

  it('refuse a schema name that is not a plain identifier', () => {
    expect(() => describeUrl('postgres://h/db?schema=a;drop')).toThrow(StoreError);
  });
});

const engines: Array<{ name: string; setup: () => Promise<{ location: string; cleanup: () => Promise<void> }> }> = [
  {
    name: 'SQLite',
    setup: async () => {
      const { dir, cleanup } = tempDir('wirecluster-store-');
      return { location: join(dir, 'index.db'), cleanup: async () => cleanup() };
    },
  },
  {
    name: 'PostgreSQL',
    setup: async () => {
      const schema = await freshSchema('store');
      return { location: pgIndex(schema), cleanup: () => dropSchema(schema) };
    },
  },
];

describe.each(engines)('$name store', ({ setup }) => {
  let location = '';
  let cleanup: () => Promise<void> = async () => undefined;
  let store: IndexStore;

  beforeAll(async () => {
    ({ location, cleanup } = await setup());
    store = await openStore(location, 5000);
  });

  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  it('has no settings until created, then keeps the first ones', async () => {
    expect(await store.settings()).toBeUndefined();
    expect(await store.create(SETTINGS)).toEqual(SETTINGS);
    expect(await store.create({ ...SETTINGS, mode: 'story' })).toEqual(SETTINGS);
    expect(await store.settings()).toEqual(SETTINGS);
  });

  it('inserts once per id and finds documents by band key, id and content', async () => {
    const keys = [10, 0xffffffff, 30, 40];
    const inserted = await store.transaction((tx) =>
      tx.insert([doc('a', 'h1', keys), doc('b', 'h2', [11, 0xffffffff, 31, 41]), doc('c', 'h1', [], { cluster: 'a', counted: false })]),
    );
    expect([...inserted].sort()).toEqual(['a', 'b', 'c']);
    expect((await store.transaction((tx) => tx.insert([doc('a', 'hx', keys)]))).size).toBe(0);
    const found = await store.candidates(Uint32Array.of(10, 0xffffffff, 99, 99, 1, 2, 3, 4), 4, { perBucket: 100, top: 10 });
    expect(found.map((ids) => ids.sort())).toEqual([['a', 'b'], []]);
    expect((await store.documentsByIds(['a', 'zz'])).map((d) => d.contentHash)).toEqual(['h1']);
    expect((await store.documentsByContent(['h1'])).map((d) => d.id)).toEqual(['a']);
    expect(await store.heldContent(['h2', 'zz', 'h1', 'h1'])).toEqual(new Set(['h1', 'h2']));
    expect(await store.heldContent([])).toEqual(new Set());
    const [a] = await store.sketches(['a']);
    expect([...decodeSketch(a?.sketch ?? new Uint8Array()).tf]).toEqual([1, 2, 1]);
    expect([...(a?.keys ?? [])]).toEqual(keys);
    expect((await store.sketches(['c'])).map((d) => [d.counted, d.keys.length])).toEqual([[false, 0]]);
    await store.transaction((tx) => tx.markCounted(['c']));
    expect((await store.sketches(['a', 'c'])).map((d) => d.counted)).toEqual([true, true]);
  });

  it('ranks candidates by the band keys they share and keeps the top ones', async () => {
    await store.transaction((tx) =>
      tx.insert([doc('r1', 'hr1', [500, 501, 502, 503]), doc('r2', 'hr2', [500, 601, 502, 603]), doc('r3', 'hr3', [500, 701, 702, 703])]),
    );
    expect(await store.candidates(Uint32Array.of(500, 501, 502, 999), 4, { perBucket: 100, top: 2 })).toEqual([['r1', 'r2']]);
    expect(await store.candidates(Uint32Array.of(500, 0, 0, 703), 4, { perBucket: 100, top: 1 })).toEqual([['r3']]);
    // Key 500 is in three documents' first band: past a perBucket of 2, that bucket is passed over.
    expect(await store.candidates(Uint32Array.of(500, 501, 0, 0), 4, { perBucket: 2, top: 5 })).toEqual([['r1']]);
    await store.transaction(async (tx) => {
      await tx.remove(['r1', 'r2', 'r3']);
    });
  });

  it('counts terms per story and forgets a term whose count reaches zero', async () => {
    await store.transaction((tx) => tx.countTerms(Uint32Array.of(5, 0xfffffffe), Int32Array.of(2, 1), 2));
    expect([...(await store.documentFrequencies(Uint32Array.of(5, 0xfffffffe, 8)))]).toEqual([2, 1, 0]);
    expect((await store.figures()).stories).toBe(2);
    await store.transaction((tx) => tx.countTerms(Uint32Array.of(0xfffffffe), Int32Array.of(-1), -1));
    expect([...(await store.documentFrequencies(Uint32Array.of(5, 0xfffffffe)))]).toEqual([2, 0]);
    expect((await store.figures()).terms).toBe(1);
    expect((await store.figures()).stories).toBe(1);
  });

  it('gives every df key with its count, keys above 2^31 included', async () => {
    await store.transaction((tx) => tx.countTerms(Uint32Array.of(0x80000001, 7, 0xfffffff0), Int32Array.of(3, 4, 1), 1));
    const tableOf = ({ keys, counts }: { keys: Uint32Array; counts: Uint32Array }) => new Map([...keys].map((key, i) => [key, counts[i]]));
    const expected = new Map([
      [5, 2],
      [0x80000001, 3],
      [7, 4],
      [0xfffffff0, 1],
    ]);
    expect(tableOf(await store.storyFrequencies())).toEqual(expected);
    // Pages of one row: every page boundary, the one between negative and positive stored keys included.
    expect(tableOf(await store.storyFrequencies(1))).toEqual(expected);
    await store.transaction((tx) => tx.countTerms(Uint32Array.of(0x80000001, 7, 0xfffffff0), Int32Array.of(-3, -4, -1), -1));
  });

  it("passes a removed original's band keys and count to its exact copy, and its cluster label on", async () => {
    const { removed, uncounted } = await store.transaction((tx) => tx.remove(['a', 'nope']));
    expect(removed).toBe(1);
    expect(uncounted).toEqual([]);
    const found = await store.candidates(Uint32Array.of(10, 0, 0, 0), 4, { perBucket: 100, top: 10 });
    expect(found).toEqual([['c']]);
    expect((await store.documentsByIds(['c']))[0]?.cluster).toBe('c');
    const gone = await store.transaction((tx) => tx.remove(['c']));
    expect(gone.uncounted.map((d) => d.id)).toEqual(['c']);
    expect(await store.candidates(Uint32Array.of(10, 0, 0, 0), 4, { perBucket: 100, top: 10 })).toEqual([[]]);
  });

  it('rolls back a failed transaction whole', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.insert([doc('d', 'h4', [1, 2, 3, 4])]);
        throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    expect(await store.documentsByIds(['d'])).toEqual([]);
  });

  it('pages through everything in insertion order', async () => {
    await store.transaction((tx) => tx.insert(['e', 'f', 'g'].map((id, i) => doc(id, `h-${id}`, [i, i, i, i], { addedAt: 2000 + i }))));
    const pages: string[][] = [];
    for await (const page of store.scan(2)) pages.push(page.map((d) => d.id));
    expect(pages).toEqual([
      ['b', 'e'],
      ['f', 'g'],
    ]);
    expect(await store.addedBefore(2001)).toEqual(['b', 'e']);
    expect((await store.figures()).documents).toBe(4);
  });

  it('scans one snapshot: a document another writer replaces mid-scan is read once, as it was', async () => {
    const other = await openStore(location, 5000);
    try {
      const pages = store.scan(2);
      const first = await pages.next();
      const read = first.done ? [] : first.value;
      const [replaced] = read;
      expect(replaced?.id).toBe('b');
      // Replacing is removing and inserting again: the new row comes after every page read so far.
      await other.transaction(async (tx) => {
        await tx.remove(['b']);
        await tx.insert([doc('b', 'h-b-new', [90, 91, 92, 93])]);
      });
      for await (const page of pages) read.push(...page);
      expect(read.map((d) => [d.id, d.contentHash])).toEqual([
        ['b', replaced?.contentHash],
        ['e', 'h-e'],
        ['f', 'h-f'],
        ['g', 'h-g'],
      ]);
      // A scan begun after the commit reads the new content.
      const after: string[] = [];
      for await (const page of store.scan(2)) after.push(...page.filter((d) => d.id === 'b').map((d) => d.contentHash));
      expect(after).toEqual(['h-b-new']);
    } finally {
      await other.close();
    }
  });
});

describe('SQLite files that are not usable indexes', () => {
  const withMeta = async (name: string, value: string, check: (settings: Promise<unknown>) => Promise<void>): Promise<void> => {
    const { dir, cleanup } = tempDir('wirecluster-store-');
    try {
      const path = join(dir, 'other.db');
      const first = await openStore(path, 1000);
      await first.create(SETTINGS);
      await first.close();
      const raw = new Database(path);
      raw.prepare('UPDATE meta SET value = ? WHERE name = ?').run(value, name);
      raw.close();
      const again = await openStore(path, 1000);
      await check(again.settings());
      await again.close();
    } finally {
      cleanup();
    }
  };
  const withSchema = (version: number, check: (settings: Promise<unknown>) => Promise<void>): Promise<void> =>
    withMeta('schema', String(version), check);

  it('a newer schema is refused by name', async () => {
    await withSchema(SCHEMA_VERSION + 1, (settings) =>
      expect(settings).rejects.toThrow(/newer wirecluster \(schema 3; this version reads up to 2\)/),
    );
  });

  it('an index from before document frequencies were counted per language is refused, not misread', async () => {
    await withSchema(1, (settings) =>
      expect(settings).rejects.toThrow(
        /earlier development version of wirecluster \(schema 1; this version reads 2\); add its documents to a new index/,
      ),
    );
  });

  it('a mode this version does not know is a damaged index, not a crash later', async () => {
    await withMeta('mode', 'fuzzy', (settings) =>
      expect(settings).rejects.toThrow(/index setting "mode" is "fuzzy", not one of duplicate, rewrite, story \(damaged index\)/),
    );
  });

  it('a file that is not a database is a one-line error', async () => {
    const { dir, cleanup } = tempDir('wirecluster-store-');
    try {
      const path = join(dir, 'garbage.db');
      writeFileSync(path, 'this is not an SQLite database, just text that someone saved here by mistake\n'.repeat(100));
      await expect(openStore(path, 1000)).rejects.toThrow(StoreError);
    } finally {
      cleanup();
    }
  });
});
