/** Shared by the index tests: a fresh PostgreSQL schema per run, a mixed corpus in a temp folder, and
 * partitions of cluster reports to compare. Real engines only: SQLite files in temp folders, and the
 * PostgreSQL server at 127.0.0.1:5432 (trust auth, database `test`). */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { PROVISIONAL_ENGINE } from '../src/index/engine.js';
import { settingsOf } from '../src/index/settings.js';
import { openStore } from '../src/store/open.js';
import type { IndexSettings, IndexStore } from '../src/store/store.js';
import { ROOT, SEEDS, runCli, tempDir, type CliRun } from './cli-run.js';

const PG_BASE = 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema name for this run; `dropSchema` removes it. Fails with a clear message without PostgreSQL. */
export async function freshSchema(tag: string): Promise<string> {
  const schema = `wc_test_${tag}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const client = new pg.Client({ connectionString: PG_BASE, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at 127.0.0.1:5432 (database test, user postgres): ${error instanceof Error ? error.message : String(error)}. ` +
        'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (.ci/run does this)',
    );
  }
  await client.end();
  return schema;
}

export async function dropSchema(schema: string): Promise<void> {
  await pgRun(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/** Runs SQL on the test database behind the index's back (to damage an index, or to build a schema that
 * is not one); returns the rows of its last statement. */
export async function pgRun(sql: string, params: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: PG_BASE });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export function pgIndex(schema: string): string {
  return `${PG_BASE}?schema=${schema}`;
}

const DISTRACTORS = join(ROOT, 'fixtures', 'distractors');

/** A deterministic light edit: every `every`-th word swapped for a neighbour's, and maybe the last paragraph cut. */
function edit(text: string, variant: number): string {
  const words = text.split(/(\s+)/);
  // Even steps from an even start: words, not the whitespace between them, are swapped.
  const every = 38 + 12 * variant;
  for (let i = 2 * variant + 4; i + 2 < words.length; i += every) {
    const a = words[i] ?? '';
    words[i] = words[i + 2] ?? '';
    words[i + 2] = a;
  }
  const edited = words.join('');
  if (variant % 2 === 0) return edited;
  const cut = edited.lastIndexOf('\n\n');
  return cut > edited.length / 2 ? edited.slice(0, cut) : edited;
}

/** Two French articles (written for these tests): their document frequencies are counted among French
 * stories, in the index as in a batch run. */
const FRENCH = {
  'fr-tram.txt': [
    'Le nouveau tramway de Montpellier entrera en service le 14 septembre',
    '',
    "La métropole a confirmé mardi que la cinquième ligne du tramway accueillera ses premiers voyageurs le 14 septembre, avec trois mois de retard sur le calendrier annoncé l'an dernier.",
    '',
    "Les essais sur les 16 kilomètres du tracé se sont achevés la semaine dernière. Selon le vice-président chargé des transports, la ligne devrait transporter près de 60 000 personnes par jour et desservir deux hôpitaux, l'université et le quartier des Grisettes.",
    '',
    "Le chantier a coûté 470 millions d'euros, soit 40 millions de plus que prévu, en raison de la hausse du prix de l'acier et de fouilles archéologiques imprévues près de la gare.",
    '',
    'Les commerçants du centre, qui ont souffert des travaux pendant deux ans, recevront une indemnisation dont le montant sera voté en conseil au mois de juin.',
  ].join('\n'),
  'fr-vendanges.txt': [
    'Vendanges précoces dans le Bordelais après un été très sec',
    '',
    "Les viticulteurs de la Gironde ont commencé à récolter le raisin blanc dès le 18 août, une date parmi les plus précoces jamais relevées par la chambre d'agriculture.",
    '',
    "La sécheresse a réduit les rendements d'environ 20 % dans les parcelles les plus exposées, mais les premiers moûts montrent une bonne concentration en sucre, selon les œnologues interrogés.",
    '',
    "Plusieurs domaines ont dû faire appel à des saisonniers venus d'Espagne et du Portugal, faute de main-d'œuvre locale. Les syndicats réclament une hausse des salaires et de meilleures conditions de logement pour ces travailleurs.",
  ].join('\n'),
};

/**
 * The mixed set: the AFP seeds, the distractors, two edited copies of each seed and of the port-strike
 * pair, exact copies of two articles, and two French articles with an edited copy of one. Returns the file
 * names in a fixed order.
 */
export function buildMixedSet(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  const add = (name: string, text: string): void => {
    writeFileSync(join(dir, name), text);
    names.push(name);
  };
  for (const file of readdirSync(SEEDS).sort()) {
    const text = readFileSync(join(SEEDS, file), 'utf8');
    add(`seed-${file}`, text);
    add(`seed-edit1-${file}`, edit(text, 1));
    add(`seed-edit2-${file}`, edit(text, 2));
  }
  for (const file of readdirSync(DISTRACTORS).sort()) {
    const text = readFileSync(join(DISTRACTORS, file), 'utf8');
    add(`other-${file}`, text);
    if (file.startsWith('port-strike')) add(`other-edit-${file}`, edit(text, 3));
  }
  copyFileSync(join(DISTRACTORS, 'ecb-holds-rates.txt'), join(dir, 'copy-ecb-holds-rates.txt'));
  names.push('copy-ecb-holds-rates.txt');
  copyFileSync(join(SEEDS, readdirSync(SEEDS).sort()[0] ?? ''), join(dir, 'copy-seed-0.txt'));
  names.push('copy-seed-0.txt');
  for (const [name, text] of Object.entries(FRENCH)) add(name, text);
  add('fr-tram-edit.txt', edit(FRENCH['fr-tram.txt'], 1));
  return names;
}

interface Report {
  clusters: Array<{ documents: Array<{ id: string }> }>;
}

/** The partition a JSON report describes, as sorted member lists, sorted. */
export function partitionOf(stdout: string): string[][] {
  const report = JSON.parse(stdout) as Report;
  return report.clusters.map((c) => c.documents.map((d) => d.id).sort()).sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** Runs `cluster index …` with the index given. */
export function runIndex(index: string, args: readonly string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliRun> {
  const [command, ...rest] = args;
  return runCli(['index', command ?? '', '--index', index, ...rest], options);
}

/** What the index must reproduce: a batch run over the same files (one-chunk indexing while the index
 * carries its own provisional core, see src/index/engine.ts). `names` are relative to `dir`. */
export async function referencePartition(dir: string, names: readonly string[]): Promise<string[][]> {
  if (!PROVISIONAL_ENGINE) {
    const batch = await runCli([...names, '--json'], { cwd: dir });
    if (batch.code !== 0) throw new Error(`batch run failed: ${batch.stderr}`);
    return partitionOf(batch.stdout);
  }
  const index = join(dir, `reference-${process.pid}.db`);
  const added = await runIndex(index, ['add', ...names, '-q'], { cwd: dir });
  if (added.code !== 0) throw new Error(`reference index failed: ${added.stderr}`);
  return partitionOf((await runIndex(index, ['clusters', '--json'], { cwd: dir })).stdout);
}

export function chunks<T>(items: readonly T[], count: number): T[][] {
  const out: T[][] = Array.from({ length: count }, () => []);
  items.forEach((item, i) => out[i % count]?.push(item));
  return out;
}

/** A fixed shuffle (no randomness in tests). */
export function shuffled<T>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, key: (i * 7919) % 101 }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}

/**
 * The environment that keeps every transaction of a `cluster` child that inserts or removes documents open
 * `ms` milliseconds before it commits, so that two writers really overlap and a kill lands inside a
 * transaction. The others (a batch's reconcile step, a check left over) are not held: they only made the
 * tests slower. A preload (NODE_OPTIONS
 * --import) wraps the built stores' `transaction`: the hook lives in the tests, not in production code.
 * With `heldFile`, the file is written as each hold begins, so a test can act while a transaction is open.
 */
export function holdTransactions(ms: number, heldFile?: string): Record<string, string> {
  const stores = [
    [pathToFileURL(join(ROOT, 'dist', 'store', 'sqlite.js')).href, 'SqliteStore'],
    [pathToFileURL(join(ROOT, 'dist', 'store', 'postgres.js')).href, 'PostgresStore'],
  ];
  const code = `
for (const [file, name] of ${JSON.stringify(stores)}) {
  const store = (await import(file))[name];
  const transaction = store.prototype.transaction;
  store.prototype.transaction = function (work) {
    return transaction.call(this, async (tx) => {
      let writes = false;
      for (const method of ['insert', 'remove']) {
        const call = tx[method];
        tx[method] = (...args) => {
          writes = true;
          return call.apply(tx, args);
        };
      }
      const out = await work(tx);
      if (!writes) return out;
      ${heldFile === undefined ? '' : `(await import('node:fs')).writeFileSync(${JSON.stringify(heldFile)}, '');`}
      await new Promise((done) => setTimeout(done, ${ms}));
      return out;
    });
  };
}`;
  return { NODE_OPTIONS: `--import data:text/javascript,${encodeURIComponent(code)}` };
}

/** A new rewrite-mode SQLite index in a temp folder, for `work`, then gone (the library tests, in-process). */
export async function withRewriteIndex(work: (store: IndexStore, settings: IndexSettings) => Promise<void>): Promise<void> {
  const { dir, cleanup } = tempDir('wirecluster-lib-');
  const store = await openStore(join(dir, 'index.db'), 5000);
  try {
    await work(store, await store.create(settingsOf({ mode: 'rewrite' })));
  } finally {
    await store.close();
    cleanup();
  }
}
