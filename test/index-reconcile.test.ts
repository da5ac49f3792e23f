/** The reconcile check of a PostgreSQL batch (src/index/reconcile.ts) survives its writer: a writer cut off
 * between its commit and its check leaves the check kept, and the next writer runs it. Real PostgreSQL;
 * the cut is a seam, not a timing: two writers meet before inserting (each has decided blind to the
 * other), commit, and lose their connection before the check. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBatch } from '../src/index/add.js';
import { sketchDocuments } from '../src/index/engine.js';
import { optionsOf, settingsOf } from '../src/index/settings.js';
import { PostgresStore } from '../src/store/postgres.js';
import type { StoreWriter } from '../src/store/store.js';
import type { ClusterOptions } from '../src/types.js';
import { tempDir } from './cli-run.js';
import { buildMixedSet, dropSchema, freshSchema, pgIndex, pgRun } from './index-helpers.js';

const OTHER = 'other-ecb-holds-rates.txt';
/** Two versions of one story (one an edit of the other). */
const VERSIONS = ['other-port-strike-wire.txt', 'other-edit-port-strike-wire.txt'];
/** What the writers after the cut add: stories of their own. */
const LATER = ['other-greece-wildfire-athens.txt', 'other-taiwan-earthquake-hualien.txt'];

let dir = '';
let cleanup: () => void = () => undefined;
const schemas: string[] = [];
const options: ClusterOptions = optionsOf(settingsOf({}));

beforeAll(() => {
  const made = tempDir('wirecluster-reconcile-');
  dir = made.dir;
  cleanup = made.cleanup;
  buildMixedSet(dir);
});

afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema);
  cleanup();
});

async function newIndex(tag: string): Promise<string> {
  const schema = await freshSchema(tag);
  schemas.push(schema);
  const store = await PostgresStore.open(pgIndex(schema), 5000);
  await store.create(settingsOf(options));
  await store.close();
  return pgIndex(schema);
}

async function add(store: PostgresStore, names: readonly string[]): Promise<void> {
  const texts = names.map((id) => ({ id, text: readFileSync(join(dir, id), 'utf8') }));
  await addBatch(store, sketchDocuments(texts, options).sketches, { options, replace: false, now: Date.now() });
}

/** The df table, the stories counted and each document's cluster. */
async function stateOf(index: string): Promise<unknown> {
  const store = await PostgresStore.open(index, 5000);
  try {
    const { keys, counts } = await store.storyFrequencies();
    const { stories } = await store.figures();
    const clusters = (await store.documentsByIds(VERSIONS)).map((d) => d.cluster);
    return { keys: [...keys], counts: [...counts], stories, versionsInOneCluster: new Set(clusters).size === 1 };
  } finally {
    await store.close();
  }
}

/** Two writers each adding one version: both decide before either inserts, then each commits and loses its
 * connection before its check. */
async function addCutOff(index: string): Promise<void> {
  const writers = await Promise.all(VERSIONS.map(() => PostgresStore.open(index, 5000)));
  let arrived = 0;
  let meet: () => void = () => undefined;
  const met = new Promise<void>((done) => (meet = done));
  for (const store of writers) {
    const insert = store.insert.bind(store);
    store.insert = async (docs) => {
      if (++arrived === writers.length) meet();
      await met;
      return insert(docs);
    };
    const transaction = store.transaction.bind(store);
    store.transaction = async <T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> => {
      await transaction(work);
      await store.close();
      throw new Error('cut off after commit');
    };
  }
  const runs = await Promise.allSettled(writers.map((store, i) => add(store, [VERSIONS[i] ?? ''])));
  expect(runs.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ran'))).toEqual(VERSIONS.map(() => 'Error: cut off after commit'));
}

describe('a PostgreSQL writer cut off between its commit and its reconcile check', () => {
  it.each([1, 2])('leaves the check to the next writers (%i at once): df and clusters as one writer leaves them', async (next) => {
    const later = LATER.slice(0, next);
    const one = await newIndex('recone');
    const alone = await PostgresStore.open(one, 5000);
    for (const name of [OTHER, ...VERSIONS, ...later]) await add(alone, [name]);
    await alone.close();

    const index = await newIndex('reccut');
    const first = await PostgresStore.open(index, 5000);
    await add(first, [OTHER]);
    await first.close();
    await addCutOff(index);
    // Both versions counted: the gap itself, as the cut left it.
    expect(((await stateOf(index)) as { stories: number }).stories).toBe(3);
    const writers = await Promise.all(later.map(() => PostgresStore.open(index, 5000)));
    await Promise.all(writers.map((store, i) => add(store, [later[i] ?? ''])));
    for (const store of writers) await store.close();
    expect(await stateOf(index)).toEqual(await stateOf(one));
    expect(await pgRun(`SELECT id FROM "${index.split('schema=')[1]}".pending_checks`)).toEqual([]);
  });

  it('an index made before checks were kept gets their table from its first writer, at the same schema version', async () => {
    const index = await newIndex('recold');
    const schema = `"${index.split('schema=')[1]}"`;
    await pgRun(`DROP TABLE ${schema}.pending_checks`);
    const store = await PostgresStore.open(index, 5000);
    await add(store, [OTHER]);
    await add(store, [VERSIONS[0] ?? '']);
    expect(await store.pendingChecks()).toEqual([]);
    await store.close();
    expect(await pgRun(`SELECT to_regclass('${schema}.pending_checks') IS NOT NULL AS made`)).toEqual([{ made: true }]);
    expect(await pgRun(`SELECT value FROM ${schema}.meta WHERE name = 'schema'`)).toEqual([{ value: '2' }]);
  });
});
