/** `cluster index` as an operator meets it: ids from feeds in the table and in stderr lines, a feed whose
 * records all lack the text, --strict in a cron log, and Ctrl-C or SIGTERM while another writer holds the
 * SQLite lock or a PostgreSQL removal holds the index. In-process (main with a fake io): no binary is spawned. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Interrupted } from '../src/cli/errors.js';
import { tempDir } from './cli-run.js';
import { dropSchema, freshSchema, pgIndex } from './index-helpers.js';
import { runMain } from './main-run.js';

const WILDFIRE = [
  'Wildfire forces evacuation of 12,000 near Sacramento',
  '',
  'A fast-moving wildfire in the foothills east of Sacramento forced the evacuation of about 12,000 residents on Sunday as gusty winds pushed flames toward several small towns, fire officials said.',
  '',
  'The Ridge Fire had burned more than 18,000 acres by Sunday evening and was 5 percent contained, according to Cal Fire. At least 30 homes were destroyed and two firefighters suffered minor injuries.',
].join('\n');
const BAKERY = [
  'Family bakery marks 100 years on Main Street',
  '',
  'The Kowalski family opened their bakery on Main Street in 1926 with one oven and a recipe for rye bread brought from Krakow. On Saturday, four generations gathered behind the counter to celebrate the centenary.',
].join('\n');
// A file name or feed id can carry a terminal title sequence and a newline that would forge a line.
const EVIL = 'evil\u001b]0;pwned\u0007\nnew        forged.txt';

let dir = '';
let cleanup: () => void = () => undefined;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('wirecluster-index-operator-'));
  const records = [
    { id: EVIL, text: WILDFIRE },
    { id: 'bakery', text: BAKERY },
    ...Array.from({ length: 12 }, (_, i) => ({ id: `blank-${i}`, text: ' ' })),
  ];
  writeFileSync(join(dir, 'feed.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'));
});

afterAll(() => cleanup());

describe('index add and query, read by people and cron logs', () => {
  it('escape control characters of ids in the table, fold repeated skips, and name --strict even with --quiet', async () => {
    const index = join(dir, 'feed.db');
    const feed = join(dir, 'feed.jsonl');
    const added = await runMain(['index', 'add', feed, '--index', index, '--strict']);
    expect(added.code).toBe(2);
    expect(added.stdout).toContain('new        evil\\x1b]0;pwned\\x07\\nnew        forged.txt\n');
    expect(added.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(added.stdout.trim().split('\n')).toHaveLength(2);
    const stderr = added.stderr.trim().split('\n');
    expect(stderr.filter((line) => line.includes('(skipped)'))).toHaveLength(5);
    expect(stderr).toContain('cluster: … and 7 more like it: empty text field "text"');
    expect(stderr.at(-1)).toBe('cluster: --strict: 12 inputs skipped');

    const quiet = await runMain(['index', 'add', feed, '--index', index, '--strict', '--quiet']);
    expect([quiet.code, quiet.stderr]).toEqual([2, 'cluster: --strict: 12 inputs skipped\n']);

    const query = await runMain(['index', 'query', feed, '--index', index, '--quiet']);
    expect(query.code).toBe(0);
    expect(query.stdout).toContain('evil\\x1b]0;pwned\\x07\\nnew        forged.txt: 1 match\n');
    expect(query.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    const ndjson = await runMain(['index', 'query', feed, '--index', index, '--quiet', '--format', 'ndjson']);
    expect(JSON.parse(ndjson.stdout.split('\n')[0] ?? '')).toMatchObject({ id: EVIL });
  });
});

describe('a signal while another writer holds the SQLite lock', () => {
  it('ends the wait at once: Ctrl-C exits 130, SIGTERM 143, and nothing is written', async () => {
    const index = join(dir, 'locked.db');
    const bakery = join(dir, 'bakery.txt');
    writeFileSync(bakery, BAKERY);
    expect((await runMain(['index', 'add', bakery, '--index', index, '--quiet'])).code).toBe(0);
    const holder = new Database(index, { timeout: 0 });
    holder.exec('BEGIN IMMEDIATE');
    try {
      for (const [signal, args, code] of [
        ['SIGINT', ['add', join(dir, 'feed.jsonl')], 130],
        ['SIGTERM', ['remove', bakery], 143],
      ] as const) {
        const controller = new AbortController();
        setTimeout(() => controller.abort(new Interrupted(signal)), 300);
        const started = Date.now();
        // Before, SQLite's busy handler slept inside the call: the signal went unheard until the lock
        // timeout, which then ended the run as a locked index (exit 2).
        const run = await runMain(['index', ...args, '--index', index, '--lock-timeout', '4', '--quiet'], '', controller.signal);
        expect([run.code, run.stderr]).toEqual([code, 'cluster: interrupted; what was committed so far is kept\n']);
        expect(Date.now() - started).toBeLessThan(2500);
      }
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    const stats = await runMain(['index', 'stats', '--index', index, '--format', 'json']);
    expect(JSON.parse(stats.stdout).figures.documents).toBe(1);
  });
});

describe('Ctrl-C while a PostgreSQL removal holds the index', () => {
  it('ends the wait for its lock at once (exit 130), and the batch is not stored', async () => {
    const schema = await freshSchema('sigint');
    const index = pgIndex(schema);
    const bakery = join(dir, 'pg-bakery.txt');
    writeFileSync(bakery, BAKERY);
    const holder = new pg.Client({ connectionString: index.replace(/\?.*$/, '') });
    try {
      expect((await runMain(['index', 'add', bakery, '--index', index, '--quiet'])).code).toBe(0);
      await holder.connect();
      await holder.query('BEGIN');
      // The lock a removal takes alone (src/store/postgres.ts removalLock).
      await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`wirecluster-remove:"${schema}"`]);
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Interrupted('SIGINT')), 300);
      const started = Date.now();
      // Before, the wait went on until the lock came (then the batch was stored) or --lock-timeout ran out (exit 2).
      const run = await runMain(
        ['index', 'add', join(dir, 'feed.jsonl'), '--index', index, '--lock-timeout', '4', '--quiet'],
        '',
        controller.signal,
      );
      expect([run.code, run.stderr]).toEqual([130, 'cluster: interrupted; what was committed so far is kept\n']);
      expect(Date.now() - started).toBeLessThan(2500);
      await holder.query('COMMIT');
      const stats = await runMain(['index', 'stats', '--index', index, '--format', 'json']);
      expect(JSON.parse(stats.stdout).figures.documents).toBe(1);
    } finally {
      await holder.end();
      await dropSchema(schema);
    }
  });
});
