/** What `index add` keeps between batches, and what it skips, must not change a single outcome: the df
 * cache (src/index/df-cache.ts) against another writer's commits, and the cosine bound (src/index/bound.ts)
 * against the core's score, and the candidates kept between batches (src/index/candidate-cache.ts). Real
 * SQLite files; documents from the mixed fixture set. Then the df a removal leaves (src/index/retention.ts),
 * on SQLite and PostgreSQL. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBatch, type AddOutcome } from '../src/index/add.js';
import { removeDocuments } from '../src/index/retention.js';
import { cosineBounds } from '../src/index/bound.js';
import { encodeSketch } from '../src/index/codec.js';
import { createIdfModel, scoreSketchPair, sketchDocuments, storyFrequenciesOf, type DocumentSketch } from '../src/index/engine.js';
import { optionsOf, settingsOf } from '../src/index/settings.js';
import { resolveParams } from '../src/params.js';
import { openStore } from '../src/store/open.js';
import type { IndexStore, NewDocument } from '../src/store/store.js';
import type { ClusterOptions, Mode } from '../src/types.js';
import { tempDir } from './cli-run.js';
import { buildMixedSet, chunks, dropSchema, freshSchema, pgIndex, shuffled } from './index-helpers.js';

let dir = '';
let cleanup: () => void = () => undefined;
let texts: Array<{ id: string; text: string }> = [];

beforeAll(() => {
  const made = tempDir('wirecluster-cache-');
  dir = made.dir;
  cleanup = made.cleanup;
  texts = shuffled(buildMixedSet(join(dir, 'set'))).map((name) => ({ id: name, text: readFileSync(join(dir, 'set', name), 'utf8') }));
});

afterAll(() => cleanup());

async function created(path: string, mode: Mode): Promise<{ store: IndexStore; options: ClusterOptions }> {
  const store = await openStore(path, 5000);
  const settings = (await store.settings()) ?? (await store.create(settingsOf({ mode })));
  return { store, options: optionsOf(settings) };
}

/** Adds one chunk of the set as one batch; returns its outcomes. */
async function addPart(store: IndexStore, options: ClusterOptions, part: typeof texts, now: number): Promise<AddOutcome[]> {
  return (await addBatch(store, sketchDocuments(part, options).sketches, { options, replace: false, now })).outcomes;
}

/** Adds the chunks in turn, each through the writer `writerOf(i)` picks; returns every outcome in order. */
async function addChunks(writers: IndexStore[], options: ClusterOptions, writerOf: (i: number) => number): Promise<AddOutcome[]> {
  const outcomes: AddOutcome[] = [];
  const parts = chunks(texts, 6);
  for (const [i, part] of parts.entries()) {
    const { sketches } = sketchDocuments(part, options);
    const writer = writers[writerOf(i)] as IndexStore;
    outcomes.push(...(await addBatch(writer, sketches, { options, replace: false, now: 1000 + i })).outcomes);
  }
  return outcomes;
}

describe('the df cache', () => {
  it('gives the outcomes (scores included) of reading every batch afresh, with another writer committing between batches', async () => {
    const alone = await created(join(dir, 'alone.db'), 'rewrite');
    const one = await addChunks([alone.store], alone.options, () => 0);
    await alone.store.close();
    // Two handles on one file: each batch of one was committed by the other since its own last batch.
    const path = join(dir, 'two.db');
    const first = await created(path, 'rewrite');
    const second = await openStore(path, 5000);
    const two = await addChunks([first.store, second], first.options, (i) => i % 2);
    await first.store.close();
    await second.close();
    expect(two).toEqual(one);
    expect(one.filter((o) => o.status === 'joined').length).toBeGreaterThan(3);
  });

  it('is read again after a removal through the same connection (which data_version does not count)', async () => {
    const parts = chunks(texts, 3);
    const scored = async (path: string, removeFirst: boolean): Promise<AddOutcome[]> => {
      const { store, options } = await created(path, 'rewrite');
      const add = (part: typeof texts, i: number): Promise<AddOutcome[]> => addPart(store, options, part, i);
      await add(parts[0] ?? [], 0);
      if (removeFirst) {
        await add(parts[1] ?? [], 1);
        await store.transaction((tx) =>
          removeDocuments(
            tx,
            (parts[1] ?? []).map((d) => d.id),
            options,
          ),
        );
      }
      const last = await add(parts[2] ?? [], 2);
      await store.close();
      return last;
    };
    // Adding a chunk and removing it again leaves the df as it was: the next chunk scores as if it never came.
    expect(await scored(join(dir, 'removed.db'), true)).toEqual(await scored(join(dir, 'never.db'), false));
  });
});

describe('the candidates a writer keeps between batches', () => {
  it('are read again after a removal relabels their clusters through the same connection', async () => {
    const parts = chunks(texts, 3);
    const last = async (path: string, reopen: boolean): Promise<AddOutcome[]> => {
      let { store, options } = await created(path, 'rewrite');
      const add = (part: typeof texts, i: number): Promise<AddOutcome[]> => addPart(store, options, part, i);
      const first = [...(await add(parts[0] ?? [], 0)), ...(await add(parts[1] ?? [], 1))];
      // The first document of every cluster that others joined goes: the others take a new label.
      const labels = new Set(first.filter((o) => o.status === 'joined').map((o) => o.cluster));
      await store.transaction((tx) => removeDocuments(tx, [...labels], options));
      if (reopen) {
        await store.close();
        ({ store, options } = await created(path, 'rewrite'));
      }
      const outcomes = await add(parts[2] ?? [], 2);
      await store.close();
      return outcomes;
    };
    const kept = await last(join(dir, 'relabel-kept.db'), false);
    expect(kept).toEqual(await last(join(dir, 'relabel-fresh.db'), true));
    // The last chunk joins clusters whose label changed: what is compared is the label the cache held.
    expect(kept.filter((o) => o.status === 'joined').length).toBeGreaterThan(0);
  });
});

describe('the band lookups an SQLite connection remembers', () => {
  const settings = settingsOf({ mode: 'rewrite', bands: 4 });
  const row = (id: string, keys: number[]): NewDocument => ({
    id,
    contentHash: id.padEnd(16, '0'),
    addedAt: 1,
    sketch: encodeSketch({
      terms: Uint32Array.of(1),
      tf: Uint32Array.of(1),
      names: new Uint32Array(0),
      shingles: Uint32Array.of(1),
      lang: 'en',
    }),
    cluster: id,
    keys: Uint32Array.from(keys),
    counted: false,
  });
  const limits = { perBucket: 2, top: 10 };
  const lookup = (store: IndexStore): Promise<string[][]> => store.candidates(Uint32Array.of(7, 8, 9, 10), 4, limits);

  it('see what another connection added and removed, and what this one added', async () => {
    const path = join(dir, 'buckets.db');
    const a = await openStore(path, 5000);
    await a.create(settings);
    const b = await openStore(path, 5000);
    await a.transaction((tx) => tx.insert([row('a1', [7, 1, 2, 3])]));
    expect(await lookup(a)).toEqual([['a1']]);
    await b.transaction((tx) => tx.insert([row('b1', [7, 8, 2, 3])]));
    expect(await lookup(a)).toEqual([['b1', 'a1']]);
    await a.transaction((tx) => tx.insert([row('a2', [5, 8, 9, 3])]));
    // b1 and a2 share two keys each (ties: the one stored first), a1 one.
    expect(await lookup(a)).toEqual([['b1', 'a2', 'a1']]);
    // Band 1 (key 8) and band 0 (key 7) now hold more than perBucket documents once b2 is in: passed over.
    await b.transaction((tx) => tx.insert([row('b2', [7, 8, 4, 4])]));
    expect(await lookup(a)).toEqual([['a2']]);
    await b.transaction((tx) => tx.remove(['b2', 'b1']));
    expect(await lookup(a)).toEqual([['a2', 'a1']]);
    // A rolled-back insert leaves nothing behind in what the connection remembers.
    await expect(
      a.transaction(async (tx) => {
        await tx.insert([row('gone', [7, 8, 9, 10])]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    // The next document may take the rolled-back one's row key: it must not turn up under that one's keys.
    await a.transaction((tx) => tx.insert([row('later', [1, 1, 1, 1])]));
    expect(await lookup(a)).toEqual([['a2', 'a1']]);
    await a.close();
    await b.close();
  });
});

describe('the cosine bound', () => {
  it.each(['rewrite', 'story'] as const)('is never under the core cosine of a pair (%s), so no match is skipped', (mode) => {
    const options: ClusterOptions = { mode };
    const { sketches } = sketchDocuments(texts, options);
    const idf = idfOver(sketches);
    const boundOf = cosineBounds(options);
    let near = 0;
    for (const a of sketches) {
      const bound = boundOf(a, idf);
      for (const b of sketches) {
        const { cosine, score } = scoreSketchPair(a, b, idf, options);
        expect(bound.of(b.terms)).toBeGreaterThanOrEqual(cosine);
        if (!bound.mayMatch(b.terms)) expect(score).toBeLessThan(resolveParams(options).params.threshold);
        if (a !== b && cosine > 0.2) near += 1;
      }
    }
    // The set holds rewrites: the bound was tested where it is close, not only far above.
    expect(near).toBeGreaterThan(10);
  });
});

/** The df of a set of sketches, each counted once, as the store counts stories. */
function idfOver(sketches: readonly DocumentSketch[]): ReturnType<typeof createIdfModel> {
  const { keys, counts } = storyFrequenciesOf(sketches);
  return createIdfModel({ terms: keys, counts });
}

describe("removing a story's counted version", () => {
  const seeds = join(import.meta.dirname, '..', 'fixtures', 'afp-japan-us');
  const seed = (name: string) => ({ id: name, text: readFileSync(join(seeds, name), 'utf8') });
  const counts = async (store: IndexStore) => {
    const { stories, terms } = await store.figures();
    return { stories, terms };
  };
  const tableOf = ({ keys, counts }: { keys: Uint32Array; counts: Uint32Array }) => new Map([...keys].map((key, i) => [key, counts[i]]));

  it.each(['SQLite', 'PostgreSQL'])('counts a remaining version in its place, as if it had come first (%s)', async (engine) => {
    // A copy of a seed without its last paragraph, added after it: it holds most of it, so it does not
    // count in df.
    const first = seed('000_d293e95d196758dd.txt');
    const paragraphs = first.text.trim().split('\n');
    const second = { id: 'truncated.txt', text: paragraphs.slice(0, -1).join('\n') };
    expect(paragraphs.length).toBeGreaterThan(3);
    const schemas = engine === 'PostgreSQL' ? [await freshSchema('heir'), await freshSchema('alone')] : [];
    const [path, alonePath] = schemas.length > 0 ? schemas.map(pgIndex) : [join(dir, 'heir.db'), join(dir, 'heir-alone.db')];
    const { store, options } = await created(path as string, 'rewrite');
    const { store: alone } = await created(alonePath as string, 'rewrite');
    try {
      await addPart(store, options, [first], 1);
      const before = await counts(store);
      expect((await addPart(store, options, [second], 2))[0]?.status).toBe('joined');
      expect(await counts(store)).toEqual(before);
      expect(await store.transaction((tx) => removeDocuments(tx, [first.id], options))).toBe(1);
      // The df is that of an index that only ever held the second.
      await addPart(alone, options, [second], 2);
      expect(await counts(store)).toEqual(await counts(alone));
      expect(tableOf(await store.storyFrequencies())).toEqual(tableOf(await alone.storyFrequencies()));
      await store.transaction((tx) => removeDocuments(tx, [second.id], options));
      expect(await counts(store)).toEqual({ stories: 0, terms: 0 });
    } finally {
      await store.close();
      await alone.close();
      for (const schema of schemas) await dropSchema(schema);
    }
  });

  it.each(['SQLite', 'PostgreSQL'])('counts a story by its version with the lowest content hash, in any order (%s)', async (engine) => {
    // Versions of one story (cut at the end, or with a local paragraph pasted in), as outlets run it.
    const full = seed('000_d293e95d196758dd.txt');
    const paragraphs = full.text.trim().split('\n');
    const local = 'The prefecture said it would hold a briefing for residents near the base on Thursday evening.';
    const versions = [
      full,
      { id: 'cut-1.txt', text: paragraphs.slice(0, -1).join('\n') },
      { id: 'cut-2.txt', text: paragraphs.slice(0, -2).join('\n') },
      { id: 'local.txt', text: [...paragraphs.slice(0, 2), local, ...paragraphs.slice(2)].join('\n') },
    ];
    const schemas = engine === 'PostgreSQL' ? await Promise.all(['ascending', 'descending', 'batch'].map((name) => freshSchema(name))) : [];
    const paths =
      schemas.length > 0 ? schemas.map(pgIndex) : ['ascending', 'descending', 'batch'].map((name) => join(dir, `order-${name}.db`));
    const stores = await Promise.all(paths.map((path) => created(path, 'rewrite')));
    try {
      const { options } = stores[0] as { options: ClusterOptions };
      const sketches = sketchDocuments(versions, options).sketches;
      const byHash = [...versions].sort((a, b) => {
        const hash = (id: string) => sketches.find((s) => s.id === id)?.contentHash ?? '';
        return hash(a.id) < hash(b.id) ? -1 : 1;
      });
      const [lowest] = byHash;
      // One a batch from the highest hash down (each takes over), from the lowest up (none does), and all in one batch.
      const [descending, ascending, batch] = stores as [
        { store: IndexStore; options: ClusterOptions },
        { store: IndexStore; options: ClusterOptions },
        { store: IndexStore; options: ClusterOptions },
      ];
      for (const [k, version] of [...byHash].reverse().entries()) await addPart(descending.store, options, [version], k);
      for (const [k, version] of byHash.entries()) await addPart(ascending.store, options, [version], k);
      await addPart(batch.store, options, versions, 1);
      const expected = tableOf(storyFrequenciesOf(sketches.filter((s) => s.id === lowest?.id)));
      for (const { store } of [descending, ascending, batch]) {
        expect((await store.figures()).stories).toBe(1);
        expect(tableOf(await store.storyFrequencies())).toEqual(expected);
      }
    } finally {
      for (const { store } of stores) await store.close();
      for (const schema of schemas) await dropSchema(schema);
    }
  });
});
