/** The library's checks on what a JavaScript caller may hand it: each wrong value is an error that names
 * the parameter as the library knows it, thrown before any work, never a crash deep inside. */
import { describe, expect, it } from 'vitest';
import { addBatch } from '../src/index/add.js';
import { queryIndex } from '../src/index/query.js';
import { SettingConflict, optionsOf } from '../src/index/settings.js';
import { openStore } from '../src/store/open.js';
import type { ClusterOptions } from '../src/types.js';
import { withRewriteIndex } from './index-helpers.js';
import type * as api from '../src/index.js';
import { ParameterError, resolveParams } from '../src/params.js';
import { clusterDocuments, clusterSketches, clusterStream } from '../src/pipeline.js';
import { createIdfModel, type DocumentSketch, scoreSketchPair, sketchDocuments, storyFrequenciesOf } from '../src/sketches.js';

describe('a ParameterError shows the value given', () => {
  it.each([
    [{ threshold: Number.NaN }, 'threshold must be a number above 0 and at most 1, got NaN'],
    [{ minSize: Number.POSITIVE_INFINITY }, 'minSize must be a whole number of at least 1, got Infinity'],
    [{ numPerm: 10n }, 'numPerm must be a whole number from 16 to 1024, got 10n'],
    [{ mode: null }, 'mode must be one of duplicate, rewrite, story, got null'],
  ])('%s', (options, message) => {
    expect(() => resolveParams(options as never)).toThrow(ParameterError);
    expect(() => resolveParams(options as never)).toThrow(message);
  });
});

describe('clusterStream checks its worker count', () => {
  it.each([0, -1, 2.5, Number.NaN, 65, '2'])('%s', async (workers) => {
    const run = clusterStream([{ id: 'a', text: 'x' }], { workers: workers as number });
    await expect(run).rejects.toThrow(ParameterError);
    await expect(run).rejects.toThrow(/^workers must be a whole number from 1 to 64, got /);
  });
});

describe('options must be an object', () => {
  it.each([null, 'rewrite', 5, [{ mode: 'story' }]])('%j', (options) => {
    expect(() => clusterDocuments([], options as never)).toThrow(TypeError);
    expect(() => clusterDocuments([], options as never)).toThrow(/^options must be an object such as \{ mode: 'rewrite' \}, got /);
  });

  it('absent options are the defaults', () => {
    expect(clusterDocuments([], undefined).params).toEqual(clusterDocuments([], {}).params);
  });
});

describe('boolean options are booleans', () => {
  it.each([
    [{ explain: 1 }, 'explain must be true or false, got 1'],
    [{ pairs: 'yes' }, 'pairs must be true or false, got "yes"'],
    [{ all: 'yes' }, 'all must be true or false, got "yes"'],
  ])('%j', (options, message) => {
    expect(() => clusterDocuments([], options as never)).toThrow(ParameterError);
    expect(() => clusterDocuments([], options as never)).toThrow(message);
  });
});

describe('callbacks, skipped inputs and the reference are checked before any work', () => {
  it.each([
    [{ onProgress: 'x' }, 'onProgress must be a function, got "x"'],
    [{ onSkipped: {} }, 'onSkipped must be a function, got {}'],
    [{ onPair: 5 }, 'onPair must be a function, got 5'],
    [{ skipped: 'abc' }, 'skipped must be an array of { id: string, reason: string }, got "abc"'],
    [{ skipped: [{ id: 'a', reason: 'r' }, 1] }, 'skipped[1] must be { id: string, reason: string }, got 1'],
    [{ reference: null }, 'reference: keys and counts must be two Uint32Arrays'],
    [{ reference: 5 }, 'reference: keys and counts must be two Uint32Arrays'],
  ])('%j', (options, message) => {
    const documents = [
      { id: 'a', text: 'The harbour wall was rebuilt after the storm.' },
      { id: 'a', text: 'A second document with the same id.' },
    ];
    expect(() => clusterDocuments(documents, options as never)).toThrow(TypeError);
    expect(() => clusterDocuments(documents, options as never)).toThrow(message);
  });

  it('takes well-formed ones', () => {
    const result = clusterDocuments([], { skipped: [{ id: 'b.txt', reason: 'unreadable' }], onProgress: () => undefined });
    expect(result.skipped).toEqual([{ id: 'b.txt', reason: 'unreadable' }]);
  });
});

describe('the optional fields of a document are strings', () => {
  it.each([
    ['title', 5, 'title is a number'],
    ['date', 20240101, 'date is a number'],
    ['date', null, 'date is null'],
    ['site', { host: 'x' }, 'site is an object'],
    ['path', 3, 'path is a number'],
  ])('%s: %j', (field, value, said) => {
    const documents = [
      { id: 'a', text: 'x' },
      { id: 'b', text: 'y', [field]: value },
    ];
    expect(() => clusterDocuments(documents)).toThrow(TypeError);
    expect(() => clusterDocuments(documents)).toThrow(`documents[1] (id "b"): ${said}; a document is an object`);
  });
});

describe('sketchDocuments checks its input as clusterDocuments does', () => {
  it.each([
    [[null], 'documents[0] is null'],
    [[{ id: 5, text: 'x' }], 'documents[0].id is a number'],
    [
      [
        { id: 'a', text: 'x' },
        { id: 'b', text: 5 },
      ],
      'documents[1] (id "b"): text is a number',
    ],
  ])('%j', (documents, message) => {
    expect(() => sketchDocuments(documents as never)).toThrow(TypeError);
    expect(() => sketchDocuments(documents as never)).toThrow(message);
  });
});

describe('createIdfModel takes what storyFrequenciesOf gives', () => {
  it('and scores as under the older { terms, counts }', () => {
    const { sketches } = sketchDocuments([
      { id: 'a', text: 'The council voted on Tuesday to rebuild the harbour wall after the winter storm.' },
      { id: 'b', text: 'On Tuesday the council voted to rebuild the harbour wall damaged in the winter storm.' },
      { id: 'c', text: 'Grain exports resumed through the northern port after a month of closure.' },
    ]);
    const frequencies = storyFrequenciesOf(sketches);
    const [a, b] = sketches as [DocumentSketch, DocumentSketch];
    const fromKeys = scoreSketchPair(a, b, createIdfModel(frequencies));
    const fromTerms = scoreSketchPair(a, b, createIdfModel({ terms: frequencies.keys, counts: frequencies.counts }));
    expect(fromKeys).toEqual(fromTerms);
    expect(fromKeys.score).toBeGreaterThan(0);
  });
});

describe('an idf model shows nothing of its table', () => {
  it('is opaque to the types, and only one from createIdfModel is taken', () => {
    // Fails to compile if the published IdfModel shows a property or method (it showed table, shift, countOf…).
    const opaque: Extract<keyof api.IdfModel, string> extends never ? true : never = true;
    expect(opaque).toBe(true);
    const [a, b] = sketchDocuments([
      { id: 'a', text: 'The council voted on Tuesday to rebuild the harbour wall after the winter storm.' },
      { id: 'b', text: 'On Tuesday the council voted to rebuild the harbour wall damaged in the winter storm.' },
    ]).sketches as [DocumentSketch, DocumentSketch];
    expect(() => scoreSketchPair(a, b, {} as never)).toThrow('idf must be an IdfModel made by createIdfModel, got object');
  });
});

describe('the types of the public functions are exported', () => {
  it('can be named from the package entry (checked by tsc)', () => {
    // Each alias fails to compile if src/index.ts stops exporting the type a public function uses.
    type Named = [
      ReturnType<typeof api.resolveParams>['profile'] extends api.ModeProfile ? true : never,
      api.ParameterError['option'] extends api.OptionKey ? true : never,
      Awaited<ReturnType<typeof api.addBatch>>['problems'][number] extends api.AddProblem ? true : never,
      api.AddOutcome['status'] extends api.AddStatus ? true : never,
      api.QueryAnswer['matches'][number] extends api.Match ? true : never,
      Parameters<typeof api.queryIndex>[0] extends api.StoreReader ? true : never,
      Parameters<typeof api.indexClusters>[2] extends api.ClustersQuery | undefined ? true : never,
      Parameters<Parameters<api.IndexStore['transaction']>[0]>[0] extends api.StoreWriter ? true : never,
      Awaited<ReturnType<api.StoreReader['sketches']>>[number] extends api.StoredDocument ? true : never,
      Parameters<api.ModeProfile['score']>[0] extends api.PairFeatures ? true : never,
    ];
    const named: Named = [true, true, true, true, true, true, true, true, true, true];
    expect(named).toHaveLength(10);
  });
});

describe('openStore checks where and how long', () => {
  it.each([
    ['', 5000, 'location must be an SQLite file path or a postgres:// URL, got ""'],
    [null, 5000, 'location must be'],
    ['index.db', Number.NaN, 'timeoutMs must be a number of milliseconds, 0 or more, got NaN'],
    ['index.db', -5, 'got -5'],
  ])('%j, %j', async (location, timeoutMs, message) => {
    await expect(openStore(location as never, timeoutMs)).rejects.toThrow(message);
  });
});

describe('an option the library does not know', () => {
  const documents = [{ id: 'a', text: 'The council voted on Tuesday to rebuild the harbour wall.' }];

  it('is a TypeError naming it, with the option it is near', async () => {
    expect(() => clusterDocuments(documents, { thresold: 0.5 } as never)).toThrow('unknown option "thresold" (did you mean "threshold"?)');
    expect(() => clusterDocuments(documents, { minsize: 3 } as never)).toThrow('(did you mean "minSize"?)');
    expect(() => sketchDocuments(documents, { colour: 'red' } as never)).toThrow(/^unknown option "colour"$/);
    await expect(clusterStream(documents, { worker: 2 } as never)).rejects.toThrow('(did you mean "workers"?)');
  });

  it('is none of the options the types declare', async () => {
    const options = { mode: 'story', threshold: 0.3, workers: 1, onPair: () => undefined } as const;
    expect((await clusterStream(documents, options)).stats.documents).toBe(1);
  });
});

describe('the documents must be a collection', () => {
  it.each([null, undefined, 5, { id: 'a', text: 'x' }])('%j', async (documents) => {
    expect(() => clusterDocuments(documents as never)).toThrow(/^documents must be an iterable of documents \(an array, say\), got /);
    expect(() => sketchDocuments(documents as never)).toThrow(TypeError);
    await expect(clusterStream(documents as never)).rejects.toThrow(/^documents must be an iterable or async iterable of documents, got /);
  });
});

describe('clusterSketches checks each sketch', () => {
  const { sketches } = sketchDocuments([
    { id: 'a', text: 'The council voted on Tuesday to rebuild the harbour wall after the winter storm.' },
    { id: 'b', text: 'On Tuesday the council voted to rebuild the harbour wall damaged in the winter storm.' },
  ]);
  const [a, b] = sketches as [DocumentSketch, DocumentSketch];

  it.each([
    [null, 'sketches[1] is null'],
    [{ id: 'b' }, 'sketches[1] (id "b"): contentHash is missing, not 16 hex digits'],
    [{ ...b, terms: [1, 2] }, 'sketches[1] (id "b"): terms is an array, not a Uint32Array'],
    [{ ...b, tf: new Uint32Array(0) }, 'sketches[1] (id "b"): tf is not as long as terms'],
    [{ ...b, date: 5 }, 'sketches[1] (id "b"): date is a number'],
  ])('%j', (bad, message) => {
    expect(() => clusterSketches([a, bad as never])).toThrow(TypeError);
    expect(() => clusterSketches([a, bad as never])).toThrow(message);
  });

  it('takes what sketchDocuments gives, and says when it is given no collection', () => {
    expect(clusterSketches(sketches).stats.documents).toBe(2);
    expect(() => clusterSketches(null as never)).toThrow('sketches must be an iterable of sketches (an array, say), got null');
  });
});

describe('addBatch and queryIndex check their sketches before any work', () => {
  it('names the faulty sketch, and refuses what is not an array', async () => {
    await withRewriteIndex(async (store, settings) => {
      const options = optionsOf(settings);
      const { sketches } = sketchDocuments(
        [{ id: 'a', text: 'The council voted on Tuesday to rebuild the harbour wall after the winter storm.' }],
        options,
      );
      const bad = [...sketches, { id: 'b', terms: 'x' }] as never;
      await expect(addBatch(store, bad, { options, replace: false, now: 1 })).rejects.toThrow(
        'sketches[1] (id "b"): contentHash is missing, not 16 hex digits',
      );
      await expect(queryIndex(store, bad, options)).rejects.toThrow(TypeError);
      await expect(queryIndex(store, null as never, options)).rejects.toThrow('sketches must be an array of sketches, got null');
      expect(await store.figures()).toMatchObject({ documents: 0 });
    });
  });
});

describe('addBatch adds with the index own settings only', () => {
  it('refuses options that give other settings, and takes optionsOf(settings) with any threshold', async () => {
    await withRewriteIndex(async (store, settings) => {
      const documents = [{ id: 'a', text: 'The council voted on Tuesday to rebuild the harbour wall after the winter storm.' }];
      const add = (options: ClusterOptions) =>
        addBatch(store, sketchDocuments(documents, options).sketches, { options, replace: false, now: 1 });
      await expect(add({ mode: 'story' })).rejects.toThrow(SettingConflict);
      await expect(add({ mode: 'story' })).rejects.toThrow(/^options give mode story, but the index .* was created with mode rewrite/);
      await expect(add({ ...optionsOf(settings), seed: 2 })).rejects.toThrow(/options give seed 2/);
      expect((await add(optionsOf(settings, { threshold: 0.5 }))).outcomes).toEqual([{ id: 'a', status: 'new', cluster: 'a' }]);
    });
  });
});

describe('queryIndex queries with the index own settings only', () => {
  it('refuses options that give other settings (its stored sketches and band keys were made with the index own)', async () => {
    await withRewriteIndex(async (store, settings) => {
      const documents = [{ id: 'a', text: 'The council voted on Tuesday to rebuild the harbour wall after the winter storm.' }];
      const options = optionsOf(settings);
      await addBatch(store, sketchDocuments(documents, options).sketches, { options, replace: false, now: 1 });
      const query = (given: ClusterOptions) => queryIndex(store, sketchDocuments(documents, given).sketches, given);
      await expect(query({ mode: 'story' })).rejects.toThrow(SettingConflict);
      await expect(query({ ...options, seed: 2 })).rejects.toThrow(
        /^options give seed 2, but the index .* \(.*: query with optionsOf\(settings\)\)$/,
      );
      expect((await query(optionsOf(settings, { threshold: 0.5 })))[0]?.matches.map((m) => m.id)).toEqual(['a']);
    });
  });
});
