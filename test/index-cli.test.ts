/** `cluster index …` end to end, through the built binary, on SQLite files in temp folders and on a fresh
 * PostgreSQL schema: equivalence with a batch run, re-adding, ids, settings, bad stores, retention, query. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterDocuments } from '../src/index.js';
import { openReference } from '../src/cli/reference.js';
import { readInputs } from '../src/input/read.js';
import { openStore } from '../src/store/open.js';
import type { Document } from '../src/types.js';
import { runCli, stderrLines, tempDir } from './cli-run.js';
import { runMain } from './main-run.js';
import {
  buildMixedSet,
  dropSchema,
  freshSchema,
  partitionOf,
  pgIndex,
  pgRun,
  referencePartition,
  runIndex,
  chunks,
  shuffled,
} from './index-helpers.js';

let dir = '';
let names: string[] = [];
let cleanup: () => void = () => undefined;
let reference: string[][] = [];

beforeAll(async () => {
  const made = tempDir('wirecluster-index-');
  dir = made.dir;
  cleanup = made.cleanup;
  names = buildMixedSet(join(dir, 'set')).map((n) => join('set', n));
  reference = await referencePartition(dir, names);
});

afterAll(() => cleanup());

async function addInChunks(index: string, parts: string[][]): Promise<void> {
  for (const part of parts) {
    const added = await runIndex(index, ['add', ...part, '--format', 'ndjson'], { cwd: dir });
    expect(added.stderr).not.toMatch(/error|refused/);
    expect(added.code).toBe(0);
    expect(added.stdout.trim().split('\n')).toHaveLength(part.length);
  }
}

describe('cluster index --help', () => {
  it('lists the subcommands; the top-level help points to them', async () => {
    const help = await runCli(['index', '--help']);
    expect(help.code).toBe(0);
    for (const command of ['add', 'query', 'clusters', 'stats', 'remove']) expect(help.stdout).toContain(`  ${command} `);
    expect((await runCli(['--help'])).stdout).toContain('cluster index add ./today');
    const bare = await runCli(['index']);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
  });
});

describe('index clusters equals a batch run', () => {
  it('has the seed story, the port strike and the French pair among its clusters', () => {
    const seeds = reference.find((c) => c.some((id) => id.includes('seed-000')));
    expect(seeds?.filter((id) => id.includes('seed-')).length).toBeGreaterThanOrEqual(12);
    expect(reference.some((c) => c.includes('set/other-port-strike-wire.txt') && c.includes('set/other-port-strike-rewrite.txt'))).toBe(
      true,
    );
    expect(reference).toContainEqual(['set/fr-tram-edit.txt', 'set/fr-tram.txt']);
  });

  it('after adding in three chunks, in two different orders (SQLite)', async () => {
    for (const [tag, order] of [
      ['a', names],
      ['b', shuffled(names).reverse()],
    ] as const) {
      const index = join(dir, `chunks-${tag}.db`);
      await addInChunks(index, chunks(order, 3));
      const clusters = await runIndex(index, ['clusters', '--json'], { cwd: dir });
      expect(clusters.code).toBe(0);
      expect(partitionOf(clusters.stdout)).toEqual(reference);
    }
  });

  it('after adding in four chunks on PostgreSQL', async () => {
    const schema = await freshSchema('equiv');
    try {
      await addInChunks(pgIndex(schema), chunks(shuffled(names), 4));
      const clusters = await runIndex(pgIndex(schema), ['clusters', '--json'], { cwd: dir });
      expect(clusters.code).toBe(0);
      expect(partitionOf(clusters.stdout)).toEqual(reference);
    } finally {
      await dropSchema(schema);
    }
  });

  it('keeps CI exit rules and --since', async () => {
    const index = join(dir, 'chunks-a.db');
    expect((await runIndex(index, ['clusters', '--fail-on-duplicates', '-f', 'csv'], { cwd: dir })).code).toBe(1);
    const later = await runIndex(index, ['clusters', '--json', '--since', '2999-01-01'], { cwd: dir });
    expect(later.code).toBe(0);
    expect(partitionOf(later.stdout)).toEqual([]);
  });

  it('names the rule that failed on stderr, even with -q, in the words of a batch run', async () => {
    const index = join(dir, 'chunks-a.db');
    for (const rule of [['--fail-on-duplicates'], ['--max-clusters', '2'], ['--max-duplicate-ratio', '0.1']]) {
      const batch = await runCli([...names, ...rule, '-q'], { cwd: dir });
      const run = await runIndex(index, ['clusters', ...rule, '-q'], { cwd: dir });
      expect(run.code).toBe(1);
      expect(stderrLines(run.stderr)).toHaveLength(1);
      expect(run.stderr).toMatch(new RegExp(`^cluster: ${rule[0]}`));
      expect(run.stderr).toBe(batch.stderr);
    }
  });

  it('--all lists every document once, singletons too; --all with --min-size 3 is a usage error in flags', async () => {
    const index = join(dir, 'chunks-a.db');
    const all = await runIndex(index, ['clusters', '--all', '--json'], { cwd: dir });
    expect(all.code).toBe(0);
    const ids = (JSON.parse(all.stdout) as { clusters: Array<{ documents: Array<{ id: string }> }> }).clusters.flatMap((c) =>
      c.documents.map((d) => d.id),
    );
    expect(ids.sort()).toEqual([...names].sort());
    const contradiction = await runIndex(index, ['clusters', '--all', '--min-size', '3'], { cwd: dir });
    expect(contradiction.code).toBe(2);
    expect(stderrLines(contradiction.stderr)).toEqual(['cluster: --min-size must be 1 when --all is given, got "3"']);
  });
});

describe('index add', () => {
  it('reports what each document joined, and changes nothing when a chunk comes again', async () => {
    const index = join(dir, 'again.db');
    const first = await runIndex(index, ['add', ...names.slice(0, 8), '--format', 'ndjson'], { cwd: dir });
    const outcomes = first.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; status: string; cluster: string; score?: number });
    expect(outcomes[0]).toEqual({ id: 'set/seed-000_d293e95d196758dd.txt', status: 'new', cluster: 'set/seed-000_d293e95d196758dd.txt' });
    const joined = outcomes.find((o) => o.id === 'set/seed-edit1-000_d293e95d196758dd.txt');
    expect(joined?.status).toBe('joined');
    expect(joined?.cluster).toBe('set/seed-000_d293e95d196758dd.txt');
    expect(joined?.score).toBeGreaterThan(0.9);
    const before = await runIndex(index, ['stats', '-f', 'json']);
    const again = await runIndex(index, ['add', ...names.slice(0, 8), '--format', 'ndjson'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(
      again.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { status: string }).status),
    ).toEqual(Array(8).fill('unchanged'));
    const after = await runIndex(index, ['stats', '-f', 'json']);
    expect(JSON.parse(after.stdout).figures).toEqual(JSON.parse(before.stdout).figures);
  });

  it('finds exact copies by content, in the index and within one batch', async () => {
    const index = join(dir, 'copies.db');
    const added = await runIndex(index, ['add', 'set/other-ecb-holds-rates.txt', 'set/copy-ecb-holds-rates.txt', '--format', 'ndjson'], {
      cwd: dir,
    });
    const [, copy] = added.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { status: string; match?: string });
    expect(copy).toMatchObject({ status: 'copy', match: 'set/other-ecb-holds-rates.txt' });
  });

  it('refuses an id that comes back with other content, unless --replace', async () => {
    const index = join(dir, 'replace.db');
    const own = join(dir, 'own');
    const file = join(own, 'story.txt');
    writeFileSync(join(dir, 'placeholder'), '');
    await import('node:fs').then((fs) => fs.mkdirSync(own, { recursive: true }));
    writeFileSync(file, readFileSync(join(dir, names[0] ?? ''), 'utf8'));
    expect((await runIndex(index, ['add', 'story.txt', '-q'], { cwd: own })).code).toBe(0);
    writeFileSync(file, readFileSync(join(dir, 'set', 'other-ecb-holds-rates.txt'), 'utf8'));
    const refused = await runIndex(index, ['add', 'story.txt'], { cwd: own });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('story.txt: already indexed with other content (add --replace to replace it)');
    const replaced = await runIndex(index, ['add', 'story.txt', '--replace', '--format', 'ndjson'], { cwd: own });
    expect(replaced.code).toBe(0);
    expect(JSON.parse(replaced.stdout)).toMatchObject({ id: 'story.txt', status: 'new' });
    const stats = JSON.parse((await runIndex(index, ['stats', '-f', 'json'])).stdout) as {
      figures: { documents: number; stories: number };
    };
    expect(stats.figures).toMatchObject({ documents: 1, stories: 1 });
  });
});

describe('settings are fixed when the index is created', () => {
  it('a conflicting flag exits 2 naming the setting and both values; a repeated one is fine', async () => {
    const index = join(dir, 'settings.db');
    expect((await runIndex(index, ['add', names[0] ?? '', '--mode', 'duplicate', '-q'], { cwd: dir })).code).toBe(0);
    const conflict = await runIndex(index, ['add', names[1] ?? '', '--mode', 'story'], { cwd: dir });
    expect(conflict.code).toBe(2);
    expect(stderrLines(conflict.stderr)).toEqual([
      `cluster: --mode story conflicts with the index ${index}, created with mode duplicate (settings are fixed when an index is created)`,
    ]);
    const seed = await runIndex(index, ['clusters', '--seed', '7']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/--seed 7 .* created with seed 1/);
    expect((await runIndex(index, ['add', names[1] ?? '', '--mode', 'duplicate', '-q'], { cwd: dir })).code).toBe(0);
    const stats = await runIndex(index, ['stats']);
    expect(stats.stdout).toMatch(/mode duplicate, shingle size 3/);
  });
});

describe('an index that cannot be used exits 2 in one line and loses nothing', () => {
  it('a corrupt file', async () => {
    const index = join(dir, 'corrupt.db');
    const garbage = 'not a database, a text file saved under the wrong name\n'.repeat(200);
    writeFileSync(index, garbage);
    const run = await runIndex(index, ['add', names[0] ?? ''], { cwd: dir });
    expect(run.code).toBe(2);
    expect(stderrLines(run.stderr)).toEqual([`cluster: ${index}: not a wirecluster index, or damaged (SQLite: file is not a database)`]);
    expect(readFileSync(index, 'utf8')).toBe(garbage);
  });

  it('a file locked by another writer past the timeout', async () => {
    const index = join(dir, 'locked.db');
    expect((await runIndex(index, ['add', names[0] ?? '', '-q'], { cwd: dir })).code).toBe(0);
    const holder = new Database(index, { timeout: 100 });
    holder.exec('BEGIN IMMEDIATE');
    try {
      const run = await runIndex(index, ['add', names[1] ?? '', '--lock-timeout', '0.5'], { cwd: dir });
      expect(run.code).toBe(2);
      expect(stderrLines(run.stderr)).toEqual([`cluster: ${index}: locked by another process for more than 0.5 s (see --lock-timeout)`]);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    const stats = JSON.parse((await runIndex(index, ['stats', '-f', 'json'])).stdout) as { figures: { documents: number } };
    expect(stats.figures.documents).toBe(1);
  });

  it('an unreachable PostgreSQL: host named, password not echoed', async () => {
    const run = await runCli(['index', 'add', names[0] ?? '', '--index', 'postgres://app:hunter2@127.0.0.1:1/test?schema=x'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(stderrLines(run.stderr)).toEqual([
      'cluster: postgres://app@127.0.0.1:1/test?schema=x: cannot reach PostgreSQL at 127.0.0.1:1 (connection refused; is the server running?)',
    ]);
  });

  it("SSL options in the URL: pg's warnings and errors become the one line", async () => {
    // The test server has SSL off, so every SSL mode is refused; what matters is that nothing else is printed.
    for (const query of ['sslmode=require', 'sslmode=prefer', 'sslmode=verify-ca', 'sslnegotiation=bogus']) {
      const run = await runCli(['index', 'stats', '--index', `postgres://postgres@127.0.0.1:5432/test?${query}`], { cwd: dir });
      expect(run.code).toBe(2);
      const lines = stderrLines(run.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^cluster: postgres:\/\/postgres@127\.0\.0\.1:5432\/test: cannot connect to PostgreSQL at 127\.0\.0\.1:5432 \(/,
      );
    }
  });

  it('a PostgreSQL that refuses the login', async () => {
    const run = await runCli(['index', 'stats', '--index', 'postgres://nosuchrole:pw@127.0.0.1:5432/test'], { cwd: dir });
    expect(run.code).toBe(2);
    const lines = stderrLines(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PostgreSQL at 127\.0\.0\.1:5432/);
    expect(lines[0]).not.toContain(':pw@');
  });

  it('an empty --index, and an empty WIRECLUSTER_INDEX read as unset', async () => {
    const run = await runCli(['index', 'add', '--index', '', names[0] ?? ''], { cwd: dir });
    expect(run.code).toBe(2);
    expect(stderrLines(run.stderr)).toEqual(['cluster: --index is empty: give an SQLite file path or a postgres:// URL']);
    const unset = await runCli(['index', 'stats'], { cwd: dir, env: { WIRECLUSTER_INDEX: '' } });
    expect(unset.code).toBe(2);
    expect(stderrLines(unset.stderr)).toEqual([
      "cluster: ./wirecluster.db: no index here (create one with 'cluster index add <paths...>', or give --index)",
    ]);
  });

  it('a folder that does not exist', async () => {
    const index = join(dir, 'no-such-folder', 'index.db');
    const run = await runIndex(index, ['add', names[0] ?? ''], { cwd: dir });
    expect(run.code).toBe(2);
    expect(stderrLines(run.stderr)).toEqual([`cluster: ${index}: the folder ${join(dir, 'no-such-folder')} does not exist`]);
  });

  // Each column is read by other commands: the sketch to score, the band keys to hand over on removal.
  it.each([
    { column: 'sketch', cut: Buffer.from([1, 2, 3]), problem: 'sketch bytes cut short', read: 'query' },
    { column: 'keys', cut: Buffer.from([1, 2, 3, 4, 5]), problem: 'band keys cut short', read: 'remove' },
  ])(
    'a damaged $column column: one line naming the index and the document (SQLite and PostgreSQL)',
    async ({ column, cut, problem, read }) => {
      const [first = '', damagedId = ''] = names;
      const sqlite = join(dir, `damaged-${column}.db`);
      const schema = await freshSchema(`damaged_${column}`);
      try {
        for (const index of [sqlite, pgIndex(schema)]) {
          expect((await runIndex(index, ['add', first, damagedId, '-q'], { cwd: dir })).code).toBe(0);
          if (index === sqlite) new Database(sqlite).prepare(`UPDATE documents SET ${column} = ? WHERE id = ?`).run(cut, damagedId);
          else await pgRun(`UPDATE "${schema}".documents SET ${column} = $1 WHERE id = $2`, [cut, damagedId]);
          const location = index === sqlite ? sqlite : `postgres://postgres@127.0.0.1:5432/test?schema=${schema}`;
          const expected = [`cluster: ${location}: document "${damagedId}": ${problem} (damaged index)`];
          for (const args of [['clusters'], [read, damagedId]]) {
            const run = await runIndex(index, args, { cwd: dir });
            expect(run.code).toBe(2);
            expect(stderrLines(run.stderr)).toEqual(expected);
          }
        }
      } finally {
        await dropSchema(schema);
      }
    },
  );

  it("a PostgreSQL schema or SQLite file holding another application's meta table, which stays untouched", async () => {
    const schema = await freshSchema('foreign');
    const location = `postgres://postgres@127.0.0.1:5432/test?schema=${schema}`;
    try {
      await pgRun(`CREATE SCHEMA "${schema}"; CREATE TABLE "${schema}".meta (key text, note text)`);
      for (const args of [['clusters'], ['add', names[0] ?? '']]) {
        const run = await runIndex(pgIndex(schema), args, { cwd: dir });
        expect(run.code).toBe(2);
        expect(stderrLines(run.stderr)).toEqual([
          `cluster: ${location}: a PostgreSQL schema that is not a wirecluster index (column "name" does not exist)`,
        ]);
      }
      await pgRun(
        `DROP TABLE "${schema}".meta; CREATE TABLE "${schema}".meta (name text, value text); INSERT INTO "${schema}".meta VALUES ('colour', 'blue')`,
      );
      const add = await runIndex(pgIndex(schema), ['add', names[0] ?? ''], { cwd: dir });
      expect(add.code).toBe(2);
      expect(stderrLines(add.stderr)).toEqual([`cluster: ${location}: not a wirecluster index (its meta table holds no schema version)`]);
      expect(await pgRun(`SELECT * FROM "${schema}".meta`)).toEqual([{ name: 'colour', value: 'blue' }]);
      expect(await pgRun('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema])).toEqual([
        { table_name: 'meta' },
      ]);
    } finally {
      await dropSchema(schema);
    }
    const sqlite = join(dir, 'foreign.db');
    new Database(sqlite).exec('CREATE TABLE meta (key text, note text)');
    const run = await runIndex(sqlite, ['clusters']);
    expect(run.code).toBe(2);
    expect(stderrLines(run.stderr)).toEqual([`cluster: ${sqlite}: an SQLite file that is not a wirecluster index (no such column: name)`]);
  });

  it('a missing index for a command that only reads', async () => {
    const run = await runIndex(join(dir, 'missing.db'), ['clusters']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no index here/);
  });
});

describe('retention', () => {
  it('removes by id and by age, and the rest still clusters', async () => {
    const index = join(dir, 'retention.db');
    await addInChunks(index, [names]);
    const removed = await runIndex(index, ['remove', 'set/seed-000_d293e95d196758dd.txt', 'set/not-there.txt']);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toMatch(/set\/not-there.txt: not in the index/);
    expect(removed.stderr).toMatch(/removed 1 document\n/);
    const clusters = partitionOf((await runIndex(index, ['clusters', '--json'])).stdout);
    expect(clusters.flat()).not.toContain('set/seed-000_d293e95d196758dd.txt');
    expect(clusters.some((c) => c.includes('set/copy-seed-0.txt') && c.includes('set/seed-edit1-000_d293e95d196758dd.txt'))).toBe(true);
    const query = await runIndex(index, ['query', names[0] ?? '', '-f', 'ndjson'], { cwd: dir });
    const copy = (JSON.parse(query.stdout) as { matches: Array<{ id: string; score: number }> }).matches.find(
      (m) => m.id === 'set/copy-seed-0.txt',
    );
    // Weights are kept in 16-bit fixed point: a text against its copy scores 1 within 1e-4 (README).
    expect(copy?.score).toBeCloseTo(1, 4);
    expect((await runIndex(index, ['remove', '--older-than', '1'])).stderr).toMatch(/removed 0 documents/);
    expect((await runIndex(index, ['remove', '--older-than', '0'])).stderr).toMatch(new RegExp(`removed ${names.length - 1} documents`));
    const stats = JSON.parse((await runIndex(index, ['stats', '-f', 'json'])).stdout) as {
      figures: { documents: number; stories: number; terms: number };
    };
    expect(stats.figures).toMatchObject({ documents: 0, stories: 0, terms: 0 });
  });
});

describe('index query', () => {
  it('an article of a known cluster matches its members best first, and stores nothing', async () => {
    const index = join(dir, 'query.db');
    const rest = names.filter((n) => !n.includes('seed-edit2-002'));
    await addInChunks(index, [rest]);
    const before = (await runIndex(index, ['stats', '-f', 'json'])).stdout;
    const run = await runIndex(index, ['query', 'set/seed-edit2-002_87b53d273ee130fd.txt', '-f', 'ndjson'], { cwd: dir });
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { id: string; matches: Array<{ id: string; cluster: string; score: number }> };
    expect(answer.matches[0]?.id).toMatch(/002_87b53d273ee130fd/);
    const scores = answer.matches.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(answer.matches.map((m) => m.cluster)).size).toBe(1);
    expect(answer.matches.every((m) => m.id.startsWith('set/seed-') || m.id === 'set/copy-seed-0.txt')).toBe(true);
    expect((await runIndex(index, ['stats', '-f', 'json'])).stdout).toBe(before);
    const table = await runIndex(index, ['query', 'set/other-greece-wildfire-athens.txt'], { cwd: dir });
    expect(table.stdout).toMatch(/^set\/other-greece-wildfire-athens.txt: 1 match\n {2}1\.000 {2}set\/other-greece-wildfire-athens.txt/);
  });
});

describe('cluster --idf-from an index', () => {
  const seeds = join(import.meta.dirname, '..', 'fixtures', 'afp-japan-us');
  const distractors = join(import.meta.dirname, '..', 'fixtures', 'distractors');
  const similarities = (stdout: string): number[] => {
    const result = JSON.parse(stdout) as { clusters: Array<{ documents: Array<{ similarity: number }> }> };
    expect(result.clusters).toHaveLength(1);
    return result.clusters[0]?.documents.map((d) => d.similarity) ?? [];
  };

  it.each(['SQLite', 'PostgreSQL'])("weighs the seeds' words with the index's story frequencies (%s)", async (engine) => {
    const schema = engine === 'PostgreSQL' ? await freshSchema('idf') : undefined;
    const index = schema === undefined ? join(dir, 'reference.db') : pgIndex(schema);
    try {
      expect((await runIndex(index, ['add', distractors])).code).toBe(0);
      const plain = await runCli([seeds, '--json']);
      const weighed = await runCli([seeds, '--json', '--idf-from', index]);
      expect(weighed.code).toBe(0);
      expect(weighed.stderr).toBe('');
      const [before, after] = [similarities(plain.stdout), similarities(weighed.stdout)];
      expect(after).toHaveLength(5);
      expect(after).not.toEqual(before);
      const figures = JSON.parse((await runIndex(index, ['stats', '-f', 'json'])).stdout) as { figures: { stories: number } };
      expect(figures.figures.stories).toBeGreaterThan(10);
      expect((JSON.parse(weighed.stdout) as { stats: { referenceStories: number } }).stats.referenceStories).toBe(figures.figures.stories);
      expect((JSON.parse(plain.stdout) as { stats: { referenceStories: number } }).stats.referenceStories).toBe(0);
      // The run asks the index for its own keys only; the whole table given to the library weighs the same.
      const store = await openStore(index, 1000);
      const reference = await store.storyFrequencies();
      await store.close();
      const documents: Document[] = [];
      for await (const event of readInputs([seeds])) if (event.kind === 'document') documents.push(event.document);
      expect(clusterDocuments(documents, { reference }).clusters[0]?.documents.map((d) => d.similarity)).toEqual(after);
      // Indexed too, the seeds weigh the same: the index counts their stories as the run does (four: two
      // versions are near-duplicates), and the run gives its own back instead of counting them twice.
      expect((await runIndex(index, ['add', seeds])).code).toBe(0);
      const indexed = await runCli([seeds, '--json', '--idf-from', index]);
      const { stats } = JSON.parse(indexed.stdout) as { stats: { referenceStories: number; referenceHeld: number; versions: number } };
      expect(stats).toMatchObject({ referenceStories: figures.figures.stories + 4, referenceHeld: 4, versions: 4 });
      expect(similarities(indexed.stdout)).toEqual(after);
      // Its df is then the index's own: a pair scores what `index query` gives it (the report rounds to 1e-4).
      const pairs = await runCli([seeds, '--pairs', '--format', 'ndjson', '--idf-from', index]);
      const first = '000_d293e95d196758dd.txt';
      const query = await runIndex(index, ['query', join(seeds, first), '-f', 'ndjson']);
      const { matches } = JSON.parse(query.stdout) as { matches: Array<{ id: string; score: number }> };
      const scored = pairs.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { a: string; b: string; score: number; kind: string })
        .filter((p) => p.a === first && p.kind === 'linkage');
      expect(scored).toHaveLength(3);
      for (const pair of scored) {
        expect(Math.abs(pair.score - (matches.find((m) => m.id === pair.b)?.score ?? Number.NaN))).toBeLessThanOrEqual(1e-4);
      }
    } finally {
      if (schema !== undefined) await dropSchema(schema);
    }
  });

  it("warns when the index counts no story in the run's languages", async () => {
    const folder = join(dir, 'french');
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, 'a.txt'),
      'Le conseil municipal a voté mardi soir le budget de la ville pour l’année prochaine, après un long débat sur les écoles et les transports.\n',
    );
    writeFileSync(
      join(folder, 'b.txt'),
      'Mardi soir, le conseil municipal a adopté le budget de la ville pour l’an prochain, au terme d’un long débat sur les transports et les écoles.\n',
    );
    const index = join(dir, 'english-only.db');
    expect((await runIndex(index, ['add', distractors])).code).toBe(0);
    const run = await runCli([folder, '--idf-from', index, '--json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { stats: { referenceStories: number } }).stats.referenceStories).toBe(0);
    expect(stderrLines(run.stderr)).toEqual([
      `cluster: warning: --idf-from ${index} counts no stories in the run's languages: the words weigh what they weigh in the run alone`,
    ]);
  });

  it("writes nothing to the file it reads, even another application's or an empty one", async () => {
    const other = join(dir, 'other-app.db');
    const db = new Database(other);
    db.exec('CREATE TABLE notes (body TEXT)');
    db.close();
    const empty = join(dir, 'empty-file.db');
    writeFileSync(empty, '');
    for (const [file, reason] of [
      [other, 'an SQLite file that is not a wirecluster index (no meta table)'],
      [empty, 'an empty index'],
    ] as const) {
      const before = readFileSync(file);
      await expect(openReference(file)).rejects.toThrow(`--idf-from ${file}: ${reason}`);
      // Opened to read and write, the file was switched to WAL mode (another application's journal) or
      // given a header before the reader saw it was no index.
      expect(readFileSync(file).equals(before)).toBe(true);
    }
  });

  it('says when it weighs less than asked: another mode, duplicate mode, no story in the language (cluster and dedup)', async () => {
    const index = join(dir, 'rewrite-made.db');
    expect((await runMain(['index', 'add', distractors, '--index', index, '--quiet'])).code).toBe(0);
    // Silent before: the story run's texts read otherwise than the index's, so it found one of four.
    const story = await runMain([seeds, '--mode', 'story', '--json', '--idf-from', index]);
    expect(story.code).toBe(0);
    expect(story.stderr).toBe(
      `cluster: warning: --idf-from ${index} was made in rewrite mode and this run is in story mode: the index finds a text of the run only if it reads the same in both, so a story it holds may count twice (weigh story runs with a story index)\n`,
    );
    // Duplicate mode never asks the index: it said the index counted no stories in the run's languages.
    const notRead = `--idf-from ${index} is not read in duplicate mode, which weighs no words\n`;
    expect((await runMain([seeds, '--mode', 'duplicate', '--idf-from', index])).stderr).toBe(`cluster: warning: ${notRead}`);
    const records = join(dir, 'records.jsonl');
    const french = [
      'Le conseil municipal a voté mardi soir le budget de la ville pour l’année prochaine, après un long débat.',
      'Mardi soir, le conseil municipal a voté le budget de la ville pour l’année prochaine, après un long débat.',
    ];
    writeFileSync(records, french.map((text, i) => `${JSON.stringify({ id: String(i), text })}\n`).join(''));
    const dedup = await runMain(['dedup', records, '--idf-from', index]);
    expect(stderrLines(dedup.stderr)[0]).toBe(`cluster dedup: warning: ${notRead.trim()}`);
    // And dedup said nothing at all when the index held no story in the run's language.
    const rewrite = await runMain(['dedup', records, '--mode', 'rewrite', '--idf-from', index]);
    expect(stderrLines(rewrite.stderr)[0]).toBe(
      `cluster dedup: warning: --idf-from ${index} counts no stories in the run's languages: the words weigh what they weigh in the run alone`,
    );
  });

  it('names the index in one line when there is none, or it is not one', async () => {
    const missing = await runCli([seeds, '--idf-from', join(dir, 'nowhere.db')]);
    expect(missing.code).toBe(2);
    expect(stderrLines(missing.stderr)).toEqual([`cluster: --idf-from ${join(dir, 'nowhere.db')}: no index here`]);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'Not an index: a few words of plain text.\n');
    const notIndex = await runCli([seeds, '--idf-from', text]);
    expect(notIndex.code).toBe(2);
    expect(stderrLines(notIndex.stderr)).toEqual([
      `cluster: --idf-from ${text}: not a wirecluster index, or damaged (SQLite: file is not a database)`,
    ]);
    expect(readFileSync(text, 'utf8')).toBe('Not an index: a few words of plain text.\n');
  });
});
