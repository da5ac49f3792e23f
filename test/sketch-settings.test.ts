/** A sketch records the options that change what it holds (src/sketch-settings.ts), and every function that
 * takes sketches refuses them under options that would have made other sketches. */
import { describe, expect, it } from 'vitest';
import { addBatch } from '../src/index/add.js';
import { indexClusters } from '../src/index/clusters.js';
import { optionsOf } from '../src/index/settings.js';
import { queryIndex } from '../src/index/query.js';
import { clusterDocuments, clusterSketches } from '../src/pipeline.js';
import { createIdfModel, lshKeysOf, scoreSketchPair, sketchDocuments, storyFrequenciesOf, type DocumentSketch } from '../src/sketches.js';
import type { ClusterOptions, Document } from '../src/types.js';
import { withRewriteIndex } from './index-helpers.js';

/** Two rewrites of one report with lines that are not prose (which rewrite mode drops and story mode reads). */
const DOCUMENTS: Document[] = [
  {
    id: 'a1',
    text: [
      'The harbour council voted on Tuesday to rebuild the sea wall after the winter storm flooded the old town.',
      'Share this story',
      'Engineers said the work would take two years and cost about 40 million euros.',
      'Related coverage',
    ].join('\n'),
  },
  {
    id: 'a2',
    text: [
      'On Tuesday the harbour council voted to rebuild the sea wall, which the winter storm breached, flooding the old town.',
      'Most read today',
      'The work will take two years and cost some 40 million euros, engineers said.',
    ].join('\n'),
  },
];

const sketchesOf = (options: ClusterOptions): DocumentSketch[] => sketchDocuments(DOCUMENTS, options).sketches;
/** What a sketch holds, without its settings. */
const contentOf = ({ settings: _, ...content }: DocumentSketch): Omit<DocumentSketch, 'settings'> => content;
const STORY_ON_REWRITE =
  'sketches[0] (id "a1") was made with proseOnly true (mode duplicate or rewrite); these options give proseOnly false (mode story) (use sketches with the options they were made with)';

describe('a sketch records what it was made with', () => {
  it.each([
    [{ mode: 'duplicate' }, { proseOnly: true, shingleSize: 3, lang: 'auto' }],
    [{ mode: 'rewrite' }, { proseOnly: true, shingleSize: 2, lang: 'auto' }],
    [{ mode: 'story' }, { proseOnly: false, shingleSize: 2, lang: 'auto' }],
    [
      { mode: 'story', shingleSize: 4, lang: 'EN' },
      { proseOnly: false, shingleSize: 4, lang: 'en' },
    ],
  ] as const)('%j', (options, settings) => {
    for (const sketch of sketchesOf(options)) expect(sketch.settings).toEqual(settings);
  });

  it('exactly the options that change its content: each setting does, the others do not', () => {
    const rewrite = sketchesOf({ mode: 'rewrite' }).map(contentOf);
    expect(sketchesOf({ mode: 'story' }).map(contentOf)).not.toEqual(rewrite);
    expect(sketchesOf({ mode: 'rewrite', shingleSize: 3 }).map(contentOf)).not.toEqual(rewrite);
    expect(sketchesOf({ mode: 'rewrite', lang: 'fr' }).map(contentOf)).not.toEqual(rewrite);
    const same = sketchesOf({ mode: 'duplicate', shingleSize: 2, seed: 7, numPerm: 64, bands: 16, threshold: 0.5 });
    expect(same.map(contentOf)).toEqual(rewrite);
    expect(same[0]?.settings).toEqual(sketchesOf({ mode: 'rewrite' })[0]?.settings);
    // So sketches made in one mode serve another whose settings are the same.
    expect(clusterSketches(same, { mode: 'rewrite', all: true }).stats.documents).toBe(2);
  });
});

describe('clusterSketches', () => {
  it('refuses sketches made with other settings, naming the sketch, the setting and both values', () => {
    const rewrite = sketchesOf({ mode: 'rewrite' });
    expect(() => clusterSketches(rewrite, { mode: 'story' })).toThrow(TypeError);
    expect(() => clusterSketches(rewrite, { mode: 'story' })).toThrow(STORY_ON_REWRITE);
    expect(() => clusterSketches(rewrite, { mode: 'rewrite', shingleSize: 3 })).toThrow(
      'sketches[0] (id "a1") was made with shingleSize 2; these options give shingleSize 3',
    );
    expect(() => clusterSketches(rewrite, { mode: 'rewrite', lang: 'en' })).toThrow(
      'sketches[0] (id "a1") was made with lang auto; these options give lang en',
    );
    const mixed = [sketchesOf({ mode: 'story' })[0], rewrite[1]] as DocumentSketch[];
    expect(() => clusterSketches(mixed, { mode: 'story' })).toThrow(/^sketches\[1\] \(id "a2"\) was made with proseOnly true/);
  });

  it.each(['duplicate', 'rewrite', 'story'] as const)('takes sketches made with its settings: the batch result (%s)', (mode) => {
    const direct = clusterDocuments(DOCUMENTS, { mode, all: true });
    const sketched = clusterSketches(sketchesOf({ mode }), { mode, all: true });
    expect({ ...sketched, stats: { ...sketched.stats, elapsedMs: 0 } }).toEqual({ ...direct, stats: { ...direct.stats, elapsedMs: 0 } });
  });

  it('takes a sketch without settings (an earlier version, or built by hand) unchecked, as before', () => {
    const bare = sketchesOf({ mode: 'rewrite' }).map(contentOf);
    expect(clusterSketches(bare, { mode: 'rewrite', all: true }).stats.documents).toBe(2);
    expect(clusterSketches(bare, { mode: 'story', all: true }).stats.documents).toBe(2);
  });

  it.each([
    [null, 'null'],
    ['rewrite', 'the string "rewrite"'],
    [{ proseOnly: true, shingleSize: 2 }, 'an object'],
    [{ proseOnly: 'yes', shingleSize: 2, lang: 'auto' }, 'an object'],
  ])('refuses settings of another shape: %j', (settings, is) => {
    const [a, b] = sketchesOf({ mode: 'rewrite' }) as [DocumentSketch, DocumentSketch];
    expect(() => clusterSketches([a, { ...b, settings } as never], { mode: 'rewrite' })).toThrow(
      `sketches[1] (id "a2"): settings is ${is}, not { proseOnly: boolean, shingleSize: number, lang: string }`,
    );
  });
});

describe('scoreSketchPair and lshKeysOf', () => {
  const rewrite = sketchesOf({ mode: 'rewrite' });
  const [a, b] = rewrite as [DocumentSketch, DocumentSketch];
  const idf = createIdfModel(storyFrequenciesOf(rewrite));

  it('refuse a sketch made with other settings, either side of a pair', () => {
    const story = sketchesOf({ mode: 'story' })[1] as DocumentSketch;
    expect(() => scoreSketchPair(a, b, idf, { mode: 'story' })).toThrow(/^sketch "a1" was made with proseOnly true .*proseOnly false/);
    expect(() => scoreSketchPair(a, story, idf, { mode: 'rewrite' })).toThrow(/^sketch "a2" was made with proseOnly false/);
    expect(() => lshKeysOf(a, idf, { mode: 'rewrite', shingleSize: 3 })).toThrow(TypeError);
  });

  it('take sketches made with their settings', () => {
    expect(scoreSketchPair(a, b, idf, { mode: 'rewrite' }).score).toBeGreaterThan(0.37);
    expect(lshKeysOf(a, idf, { mode: 'rewrite' }).length).toBeGreaterThan(0);
  });
});

describe('the index', () => {
  it('addBatch and queryIndex refuse sketches made with other settings before any work', async () => {
    await withRewriteIndex(async (store, settings) => {
      const options = optionsOf(settings);
      const story = sketchesOf({ mode: 'story' });
      await expect(addBatch(store, story, { options, replace: false, now: 1 })).rejects.toThrow(
        'sketches[0] (id "a1") was made with proseOnly false (mode story); these options give proseOnly true (mode duplicate or rewrite)',
      );
      await expect(queryIndex(store, story, options)).rejects.toThrow(TypeError);
      expect(await store.figures()).toMatchObject({ documents: 0 });
      const outcomes = (await addBatch(store, sketchesOf(options), { options, replace: false, now: 1 })).outcomes;
      expect(outcomes.map((o) => o.status)).toEqual(['new', 'joined']);
      expect((await queryIndex(store, sketchesOf(options), options)).map((q) => q.matches.length)).toEqual([2, 2]);
    });
  });

  it('gives the sketches it reads back its own settings: indexClusters compares them with its options', async () => {
    await withRewriteIndex(async (store, settings) => {
      const options = optionsOf(settings);
      await addBatch(store, sketchesOf(options), { options, replace: false, now: 1 });
      await expect(indexClusters(store, { mode: 'story' })).rejects.toThrow(STORY_ON_REWRITE);
      // The seed and the permutations act when sketches are compared: another seed reads the same sketches.
      expect((await indexClusters(store, { ...options, seed: 9 })).stats.clusters).toBe(1);
      expect((await indexClusters(store, options)).stats.clusters).toBe(1);
    });
  });
});
