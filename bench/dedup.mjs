/**
 * npm run bench -- --dedup [--sizes 100000,1000000] [--text-scale 1,3] [--workers N] [--keep]
 *
 * `cluster dedup` on a .jsonl.gz: the synthetic corpus of bench/corpus.mjs, where every 10th record is
 * replaced by an exact copy of the one before and every 20th by a light edit of it (new ids), gzip-
 * compressed. Reports time, peak RSS of the child and records kept/dropped, and writes the "## Dedup"
 * section of bench/RESULTS.md. `--text-scale 1,3` repeats each text 3 times at the same record count:
 * peak RSS must not follow (the texts are never held; what clustering keeps per document does not
 * grow with a repeated text).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { writeCorpus } from './corpus.mjs';
import { flag, flagValue, RSS_PRELOAD, writeResultsSection } from './common.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'cluster.js');
const sizes = flagValue('--sizes', '100000').split(',').map(Number);
const scales = flagValue('--text-scale', '1').split(',').map(Number);
const workers = flagValue('--workers', String(availableParallelism()));
const log = (text) => process.stderr.write(`${text}\n`);
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The corpus with planted exact copies and light edits, texts repeated `scale` times, gzip-compressed. */
async function writeDedupCorpus(plain, gz, scale) {
  async function* records() {
    let previous;
    let i = 0;
    for await (const line of createInterface({ input: createReadStream(plain), crlfDelay: Infinity })) {
      if (line === '') continue;
      const record = JSON.parse(line);
      if (i % 10 === 9 && previous) record.text = previous.text;
      else if (i % 20 === 4 && previous) record.text = `${previous.text}\n\nThis story has been updated.`;
      previous = record;
      const text = scale === 1 ? record.text : Array.from({ length: scale }, () => record.text).join('\n\n');
      yield `${JSON.stringify({ ...record, text })}\n`;
      i += 1;
    }
  }
  await pipeline(Readable.from(records()), createGzip({ level: 1 }), createWriteStream(gz));
}

function runDedup(file, out, rssFile) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', RSS_PRELOAD, BIN, 'dedup', file, '-o', out, '--workers', workers], {
      env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`cluster dedup exited with ${code}: ${stderr}`));
      const summary = /(\d+) records read, (\d+) kept, (\d+) dropped in (\d+) clusters/.exec(stderr) ?? [];
      resolve({
        seconds,
        rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024,
        read: Number(summary[1]),
        kept: Number(summary[2]),
        dropped: Number(summary[3]),
        clusters: Number(summary[4]),
      });
    });
  });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'wirecluster-bench-dedup-'));
  const rows = [];
  try {
    for (const size of sizes) {
      const plain = join(dir, `corpus-${size}.jsonl`);
      log(`generating ${fmt(size)} documents…`);
      await writeCorpus(plain, size, 7);
      for (const scale of scales) {
        const gz = join(dir, `dedup-${size}-x${scale}.jsonl.gz`);
        await writeDedupCorpus(plain, gz, scale);
        const gzMb = statSync(gz).size / 1e6;
        log(`dedup of ${fmt(size)} records (texts ×${scale}, ${fmt(gzMb)} MB gzip) with ${workers} workers…`);
        const out = join(dir, `clean-${size}-x${scale}.jsonl`);
        const row = { size, scale, gzMb, ...(await runDedup(gz, out, join(dir, `rss-${size}-${scale}`))) };
        row.outMb = statSync(out).size / 1e6;
        rmSync(out);
        rmSync(gz);
        rows.push(row);
        log(
          `  ${fmt(row.seconds, 1)} s · ${fmt(size / row.seconds)} records/s · peak RSS ${fmt(row.rssMb)} MB · ${fmt(row.kept)} kept, ${fmt(row.dropped)} dropped`,
        );
      }
      rmSync(plain);
    }
  } finally {
    if (!flag('--keep')) rmSync(dir, { recursive: true, force: true });
  }
  const report = [
    '## Dedup',
    '',
    `Measured by \`npm run bench -- --dedup --sizes ${sizes.join(',')}${scales.length > 1 || scales[0] !== 1 ? ` --text-scale ${scales.join(',')}` : ''}\` on ${cpus().length} cores ` +
      `(${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${fmt(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${workers} workers, ${new Date().toISOString().slice(0, 10)}.`,
    'Input: the bench corpus as .jsonl.gz (gzip level 1) with every 10th record an exact copy of the one before and every 20th a light edit;',
    '`cluster dedup FILE -o clean.jsonl` (mode duplicate, keep representative): two passes over the compressed file.',
    '',
    '| records | texts | gzip MB | time (s) | records/s | peak RSS (MB) | kept | dropped | clusters | output MB |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${fmt(r.size)} | ×${r.scale} | ${fmt(r.gzMb)} | ${fmt(r.seconds, 1)} | ${fmt(r.size / r.seconds)} | ${fmt(r.rssMb)} | ${fmt(r.kept)} | ${fmt(r.dropped)} | ${fmt(r.clusters)} | ${fmt(r.outMb)} |`,
    ),
    '',
  ].join('\n');
  process.stdout.write(`${report}\n`);
  writeResultsSection('## Dedup', report);
  log('written to bench/RESULTS.md ("## Dedup")');
}

await main();
