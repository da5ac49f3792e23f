/** Several `cluster index add` processes at once, and a writer killed with SIGKILL inside a batch, on both
 * real engines. `holdTransactions` keeps each write transaction open, so that two writers really overlap
 * and a kill really lands inside a transaction. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from './cli-run.js';
import {
  buildMixedSet,
  chunks,
  dropSchema,
  freshSchema,
  holdTransactions,
  partitionOf,
  pgIndex,
  referencePartition,
  runIndex,
  shuffled,
} from './index-helpers.js';

let dir = '';
let names: string[] = [];
let cleanup: () => void = () => undefined;
let reference: string[][] = [];
const schemas: string[] = [];

beforeAll(async () => {
  const made = tempDir('wirecluster-concurrency-');
  dir = made.dir;
  cleanup = made.cleanup;
  names = buildMixedSet(join(dir, 'set')).map((n) => join('set', n));
  reference = await referencePartition(dir, names);
});

afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema);
  cleanup();
});

const engines = [
  { name: 'SQLite', index: async (tag: string) => join(dir, `${tag}.db`) },
  {
    name: 'PostgreSQL',
    index: async (tag: string) => {
      const schema = await freshSchema(tag);
      schemas.push(schema);
      return pgIndex(schema);
    },
  },
];

interface Outcome {
  id: string;
  status: string;
  cluster: string;
}

function outcomesOf(stdout: string): Outcome[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Outcome);
}

describe.each(engines)('$name', ({ index: makeIndex }) => {
  // Four writers: every pair of them overlaps (two writers are the case of each pair).
  it.each([4])('%i writers at once give the clusters of one batch run', async (writers) => {
    const index = await makeIndex(`writers${writers}`);
    const parts = chunks(shuffled(names), writers);
    const runs = await Promise.all(
      parts.map((part) => runIndex(index, ['add', ...part, '-f', 'ndjson', '--batch-size', '4'], { cwd: dir, env: holdTransactions(20) })),
    );
    for (const run of runs) {
      expect(run.stderr).not.toMatch(/error/i);
      expect(run.code, run.stderr).toBe(0);
    }
    expect(runs.flatMap((r) => outcomesOf(r.stdout)).length).toBe(names.length);
    const stats = JSON.parse((await runIndex(index, ['stats', '-f', 'json'])).stdout) as { figures: { documents: number } };
    expect(stats.figures.documents).toBe(names.length);
    expect(partitionOf((await runIndex(index, ['clusters', '--json'])).stdout)).toEqual(reference);
  });

  it('two copies of one new story added at the same moment by two writers end in one cluster', async () => {
    const index = await makeIndex('race');
    expect((await runIndex(index, ['add', 'set/other-ecb-holds-rates.txt', '-q'], { cwd: dir })).code).toBe(0);
    // Both transactions stay open for a second, so each decides before the other commits.
    const env = holdTransactions(1500);
    const [a, b] = await Promise.all([
      runIndex(index, ['add', 'set/other-port-strike-wire.txt', '-f', 'ndjson'], { cwd: dir, env }),
      runIndex(index, ['add', 'set/other-edit-port-strike-wire.txt', '-f', 'ndjson'], { cwd: dir, env }),
    ]);
    expect(a?.code).toBe(0);
    expect(b?.code).toBe(0);
    const query = await runIndex(index, ['query', 'set/other-port-strike-wire.txt', '-f', 'ndjson'], { cwd: dir });
    const { matches } = JSON.parse(query.stdout) as { matches: Array<{ id: string; cluster: string }> };
    expect(matches.map((m) => m.id).sort()).toEqual(['set/other-edit-port-strike-wire.txt', 'set/other-port-strike-wire.txt']);
    expect(new Set(matches.map((m) => m.cluster)).size).toBe(1);
  });

  it('two versions of one new story added at the same moment by two writers count once in df', async () => {
    const files = ['set/other-port-strike-wire.txt', 'set/other-edit-port-strike-wire.txt'];
    const figures = async (index: string): Promise<{ documents: number; stories: number; terms: number }> =>
      (
        JSON.parse((await runIndex(index, ['stats', '-f', 'json'])).stdout) as {
          figures: { documents: number; stories: number; terms: number };
        }
      ).figures;
    const one = await makeIndex('storyone');
    for (const file of ['set/other-ecb-holds-rates.txt', ...files])
      expect((await runIndex(one, ['add', file, '-q'], { cwd: dir })).code).toBe(0);
    const index = await makeIndex('storyrace');
    expect((await runIndex(index, ['add', 'set/other-ecb-holds-rates.txt', '-q'], { cwd: dir })).code).toBe(0);
    // Each writer decides before the other commits, so each sees a new story; one of them must give it back.
    const env = holdTransactions(1500);
    const runs = await Promise.all(files.map((file) => runIndex(index, ['add', file, '-q'], { cwd: dir, env })));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const [raced, sequential] = [await figures(index), await figures(one)];
    expect(raced.documents).toBe(3);
    expect(raced.stories).toBe(sequential.stories);
    expect(raced.terms).toBe(sequential.terms);
  });

  it("a removal while a batch is open waits for it: the batch's version takes the removed one's label and count", async () => {
    const [first, second] = ['set/other-port-strike-wire.txt', 'set/other-edit-port-strike-wire.txt'];
    const alone = await makeIndex('removealone');
    expect((await runIndex(alone, ['add', second, '-q'], { cwd: dir })).code).toBe(0);
    const index = await makeIndex('removeraced');
    expect((await runIndex(index, ['add', first, '-q'], { cwd: dir })).code).toBe(0);
    // The writer decides against `first` (it joins its cluster, and one of the two counts for the story),
    // then holds its transaction open while `first` is removed.
    const held = join(dir, `held-${Math.random()}`);
    const writer = runIndex(index, ['add', second, '-q'], { cwd: dir, env: holdTransactions(2500, held) });
    while (!existsSync(held)) await new Promise((done) => setTimeout(done, 20));
    const removal = await runIndex(index, ['remove', first, '-q']);
    expect(removal.code, removal.stderr).toBe(0);
    expect((await writer).code).toBe(0);
    // Documents, stories and terms as if `second` alone had been added (bytes on disk differ).
    const figures = async (at: string): Promise<number[]> => {
      const { documents, stories, terms } = (
        JSON.parse((await runIndex(at, ['stats', '-f', 'json'])).stdout) as {
          figures: { documents: number; stories: number; terms: number };
        }
      ).figures;
      return [documents, stories, terms];
    };
    expect(await figures(index)).toEqual(await figures(alone));
    const query = await runIndex(index, ['query', second, '-f', 'ndjson'], { cwd: dir });
    const { matches } = JSON.parse(query.stdout) as { matches: Array<{ id: string; cluster: string }> };
    expect(matches).toEqual([expect.objectContaining({ id: second, cluster: second })]);
  });

  it('the same chunk added by two writers at the same moment is stored once and reported once as added', async () => {
    const index = await makeIndex('same');
    const part = names.slice(0, 6);
    const env = holdTransactions(1000);
    const runs = await Promise.all([0, 1].map(() => runIndex(index, ['add', ...part, '-f', 'ndjson'], { cwd: dir, env })));
    for (const run of runs) expect(run.code).toBe(0);
    const outcomes = runs.flatMap((r) => outcomesOf(r.stdout));
    expect(outcomes).toHaveLength(2 * part.length);
    expect(outcomes.filter((o) => o.status === 'unchanged')).toHaveLength(part.length);
    const stats = JSON.parse((await runIndex(index, ['stats', '-f', 'json'])).stdout) as { figures: { documents: number } };
    expect(stats.figures.documents).toBe(part.length);
  });

  it('a writer killed with SIGKILL inside a batch leaves whole batches, and a rerun completes the index', async () => {
    const index = await makeIndex('kill');
    const child = spawn(process.execPath, [BIN, 'index', 'add', '--index', index, ...names, '-f', 'ndjson', '--batch-size', '4'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', ...holdTransactions(400) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    child.stdout.setEncoding('utf8');
    const closed = new Promise<void>((done) => child.on('close', () => done()));
    // Killed 200 ms after the second batch commits: inside the third batch's transaction.
    await new Promise<void>((done) => {
      child.stdout.on('data', (text: string) => {
        printed += text;
        if (outcomesOf(printed).length >= 8) setTimeout(done, 200);
      });
    });
    child.kill('SIGKILL');
    await closed;
    const stats = await runIndex(index, ['stats', '-f', 'json']);
    expect(stats.code).toBe(0);
    const { documents } = (JSON.parse(stats.stdout) as { figures: { documents: number } }).figures;
    expect(documents % 4).toBe(0);
    expect(documents).toBeGreaterThanOrEqual(8);
    expect(documents).toBeLessThan(names.length);
    const rerun = await runIndex(index, ['add', ...names, '-f', 'ndjson'], { cwd: dir });
    expect(rerun.code).toBe(0);
    expect(outcomesOf(rerun.stdout).filter((o) => o.status === 'unchanged')).toHaveLength(documents);
    expect(partitionOf((await runIndex(index, ['clusters', '--json'])).stdout)).toEqual(reference);
  });
});

describe('SQLite, a new index file', () => {
  // Each process loads the store, says so, and waits for the moment to open at: a fixed delay from spawning
  // let slow starts (a loaded machine) miss each other, and the test then passed without the fix. Sleeping
  // to the moment, not spinning: eight spinning processes on two cores reach it two at a time.
  const opener = (path: string): string => `
import { createInterface } from 'node:readline';
import { SqliteStore } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'store', 'sqlite.js')).href)};
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\\n');
const startAt = Number(await new Promise((done) => lines.once('line', done)));
lines.close();
await new Promise((done) => setTimeout(done, Math.max(0, startAt - Date.now())));
try { SqliteStore.open(${JSON.stringify(path)}, 30000); } catch (error) { console.error(error.message); process.exitCode = 2; }
`;

  interface Opener {
    ready: Promise<void>;
    start: (at: number) => void;
    done: Promise<{ code: number | null; stderr: string }>;
  }

  const launch = (code: string): Opener => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return {
      ready: new Promise((resolve) => child.stdout.once('data', () => resolve())),
      start: (at) => child.stdin.end(`${at}\n`),
      done: new Promise((resolve) => child.on('close', (exit) => resolve({ code: exit, stderr }))),
    };
  };

  it('opened by eight processes at the same moment opens in every one', async () => {
    // Two connections switching a new file to WAL at once: SQLite fails one at once, busy handler or not
    // (without the retry, a third of the rounds failed).
    for (let round = 0; round < 5; round++) {
      const path = join(dir, `new-${round}.db`);
      const openers = Array.from({ length: 8 }, () => launch(opener(path)));
      await Promise.all(openers.map((o) => o.ready));
      const at = Date.now() + 100;
      for (const o of openers) o.start(at);
      for (const run of await Promise.all(openers.map((o) => o.done))) expect(run.code, run.stderr).toBe(0);
    }
  });
});
