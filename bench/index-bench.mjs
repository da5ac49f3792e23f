/**
 * npm run bench -- --index [--sizes 10000,100000] [--large] [--queries 300] [--pg] [--runs N]
 *                          [--corpus-dir DIR] [--query-index PATH]
 *
 * --runs N: batch and add N times each (a fresh index each time) and report the medians: the machine is
 * shared, and one run says little. --corpus-dir: keep the generated corpora there and reuse them (1M is
 * 3.7 GB). --query-index PATH: measure stats and queries on an index already built from the corpus of the
 * one size given (the 1M add takes most of an hour), without running batch or add.
 *
 * The persistent index on the synthetic corpora of bench/corpus.mjs, against the batch run on the same
 * file: `index add` time, documents/s and peak RSS (child process), store size per document, `index query`
 * latency for one document (p50/p95, in-process, store already open), `index clusters` time, and how many
 * documents the index's clusters place differently from the batch run's. Results go to bench/RESULTS.md
 * ("Persistent index"). CPU seconds (user + system) are reported beside wall time: on a shared machine the
 * wall time says more about the neighbours than about the code.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from './corpus.mjs';
import { sketchDocuments } from '../dist/index/engine.js';
import { queryIndex } from '../dist/index/query.js';
import { optionsOf } from '../dist/index/settings.js';
import { openStore } from '../dist/store/open.js';
import { flag, flagValue } from './common.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'cluster.js');
const sizes = flagValue('--sizes', flag('--large') ? '10000,100000,1000000' : '10000,100000')
  .split(',')
  .map(Number);
const queries = Number(flagValue('--queries', '300'));
const runs = Number(flagValue('--runs', '1'));
const corpusDir = flagValue('--corpus-dir', undefined);
const queryIndex_ = flagValue('--query-index', undefined);
const compareUpTo = Number(flagValue('--compare-up-to', '100000'));
const pgUrl = flag('--pg') ? `postgres://postgres@127.0.0.1:5432/test?schema=wc_bench_${process.pid}` : undefined;
const log = (text) => process.stderr.write(`${text}\n`);

const RSS_PRELOAD = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify([u.maxRSS, u.userCPUTime + u.systemCPUTime])); });",
)}`;

/** Runs the CLI; returns seconds, peak RSS (MB) and stdout. */
function run(cliArgs, rssFile, keepStdout) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', RSS_PRELOAD, BIN, ...cliArgs], {
      env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
      stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'inherit'],
    });
    const chunks = [];
    child.stdout?.on('data', (c) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0 && code !== 1) return reject(new Error(`cluster ${cliArgs[0]} exited with ${code}`));
      const [maxRss, cpu] = JSON.parse(readFileSync(rssFile, 'utf8'));
      resolve({ seconds, cpuSeconds: cpu / 1e6, rssMb: maxRss / 1024, stdout: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/** Documents whose cluster (as its set of co-members) differs between two reports. */
function differing(a, b) {
  const groups = (report) => {
    const of = new Map();
    for (const c of report.clusters) {
      const key = c.documents
        .map((d) => d.id)
        .sort()
        .join('\n');
      for (const d of c.documents) of.set(d.id, key);
    }
    return of;
  };
  const ga = groups(a);
  const gb = groups(b);
  let diff = 0;
  for (const id of new Set([...ga.keys(), ...gb.keys()])) if (ga.get(id) !== gb.get(id)) diff += 1;
  return diff;
}

async function sampleDocuments(file, count, total) {
  const every = Math.max(1, Math.floor(total / count));
  const out = [];
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (n++ % every === 0 && out.length < count) {
      const record = JSON.parse(line);
      // A light rewrite of a stored article: its last paragraph cut, as a later version would be.
      const cut = record.text.lastIndexOf('\n\n');
      out.push({ id: `q-${record.id}`, text: cut > 0 ? record.text.slice(0, cut) : record.text, title: record.title });
    }
  }
  return out;
}

/** The query figures of a result row. */
function queryFields(query) {
  return {
    queryP50Ms: query.p50,
    queryP95Ms: query.p95,
    queryMaxMs: query.max,
    queryCpuP50Ms: query.cpuP50,
    queryCpuP95Ms: query.cpuP95,
    querySelfFound: query.found,
  };
}
async function measureQueries(index, file, total) {
  const store = await openStore(index, 30_000);
  try {
    const options = optionsOf(await store.settings());
    const docs = await sampleDocuments(file, queries, total);
    const times = [];
    // CPU time too: on a shared machine a query's wall time is mostly the wait for a core.
    const cpuTimes = [];
    let matched = 0;
    for (const doc of docs) {
      const started = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const { sketches } = sketchDocuments([doc], options);
      const [answer] = await queryIndex(store, sketches, options);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      const used = process.cpuUsage(cpu);
      cpuTimes.push((used.user + used.system) / 1000);
      if ((answer?.matches.length ?? 0) > 0 && answer.matches[0].id === doc.id.slice(2)) matched += 1;
    }
    times.sort((a, b) => a - b);
    cpuTimes.sort((a, b) => a - b);
    const at = (values, q) => values[Math.min(values.length - 1, Math.floor(q * values.length))];
    return {
      p50: at(times, 0.5),
      p95: at(times, 0.95),
      max: times[times.length - 1],
      cpuP50: at(cpuTimes, 0.5),
      cpuP95: at(cpuTimes, 0.95),
      found: matched / docs.length,
    };
  } finally {
    await store.close();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};
const round = (x) => Math.round(10 * x) / 10;

async function dropSchema() {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS wc_bench_${process.pid} CASCADE`);
  await client.end();
}

const dir = mkdtempSync(join(tmpdir(), 'wirecluster-index-bench-'));
try {
  log(`index bench: sizes ${sizes.join(', ')}, ${availableParallelism()} cores, store ${pgUrl ? 'PostgreSQL' : 'SQLite'}`);
  const rows = [];
  for (const size of sizes) {
    const file = join(corpusDir ?? dir, `corpus-${size}.jsonl`);
    if (corpusDir) mkdirSync(corpusDir, { recursive: true });
    if (!existsSync(file)) await writeCorpus(file, size);
    const rss = join(dir, 'rss');
    if (queryIndex_) {
      const stats = JSON.parse((await run(['index', 'stats', '--index', queryIndex_, '--format', 'json'], rss, true)).stdout);
      const query = await measureQueries(queryIndex_, file, size);
      const row = {
        documents: size,
        bytesPerDocument: stats.figures.bytes / size,
        ...queryFields(query),
      };
      rows.push(row);
      log(JSON.stringify(row));
      continue;
    }
    const index = pgUrl ?? join(dir, `index-${size}.db`);
    const batches = [];
    const adds = [];
    for (let r = 0; r < runs; r++) {
      batches.push(await run([file, '--json', '--quiet'], rss, size <= compareUpTo));
      if (!pgUrl) for (const ext of ['', '-wal', '-shm']) rmSync(index + ext, { force: true });
      else if (r > 0) await dropSchema();
      adds.push(await run(['index', 'add', file, '--index', index, '--quiet', '--format', 'ndjson'], rss, false));
      log(
        `run ${r + 1}/${runs} at ${size}: batch ${batches[r].seconds.toFixed(1)} s (${batches[r].cpuSeconds.toFixed(1)} CPU s), add ${adds[r].seconds.toFixed(1)} s (${adds[r].cpuSeconds.toFixed(1)} CPU s)`,
      );
    }
    const batch = { ...batches[0], seconds: median(batches.map((b) => b.seconds)), cpuSeconds: median(batches.map((b) => b.cpuSeconds)) };
    const add = {
      seconds: median(adds.map((a) => a.seconds)),
      cpuSeconds: median(adds.map((a) => a.cpuSeconds)),
      rssMb: Math.max(...adds.map((a) => a.rssMb)),
    };
    const stats = JSON.parse((await run(['index', 'stats', '--index', index, '--format', 'json'], rss, true)).stdout);
    const query = await measureQueries(index, file, size);
    const row = {
      documents: size,
      runs,
      batchSeconds: batch.seconds,
      batchCpuSeconds: batch.cpuSeconds,
      batchRssMb: batch.rssMb,
      addSeconds: add.seconds,
      addCpuSeconds: add.cpuSeconds,
      addDocsPerSecond: size / add.seconds,
      addVsBatch: batch.seconds / add.seconds,
      addVsBatchCpu: batch.cpuSeconds / add.cpuSeconds,
      addRssMb: add.rssMb,
      bytesPerDocument: stats.figures.bytes / size,
      ...queryFields(query),
      allBatchSeconds: batches.map((b) => round(b.seconds)),
      allAddSeconds: adds.map((a) => round(a.seconds)),
      allAddCpuSeconds: adds.map((a) => round(a.cpuSeconds)),
    };
    if (size <= compareUpTo) {
      const clusters = await run(['index', 'clusters', '--index', index, '--json'], rss, true);
      row.clustersSeconds = clusters.seconds;
      row.clustersRssMb = clusters.rssMb;
      row.differingShare = differing(JSON.parse(batch.stdout), JSON.parse(clusters.stdout)) / size;
    }
    rows.push(row);
    log(JSON.stringify(row));
    if (pgUrl) await dropSchema();
  }
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
