/**
 * node bench/stages.mjs FILE.jsonl [--mode rewrite] [--workers N]   (after `npm run build`)
 *
 * Where a run's time and memory go: clusters a JSONL file (fields id, text, title) through the library's
 * `clusterStream` and prints, at each stage the pipeline reports (analyse, sketch: selection then the
 * near-duplicate pass and weighing, candidates, verify, cluster), the seconds since the start, the RSS,
 * the highest RSS sampled so far (every 200 ms) and the main thread's heap and array buffers. Reading and
 * parsing the JSONL here is not the CLI's reader, so the total is not the CLI's time. The figures in
 * bench/RESULTS.md "Time at a million documents" come from this script on the shapes families corpus
 * (`node bench/shapes.mjs --cases families --sizes 1000000 --corpus-dir DIR` writes it).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { clusterStream } from '../dist/index.js';
import { flagValue } from './common.mjs';

const file = process.argv[2];
if (file === undefined || file.startsWith('--')) {
  process.stderr.write('usage: node bench/stages.mjs FILE.jsonl [--mode rewrite|story|duplicate] [--workers N]\n');
  process.exit(2);
}
const started = Date.now();
const mb = (bytes) => Math.round(bytes / 1048576);
let peak = 0;
const sample = () => {
  peak = Math.max(peak, mb(process.memoryUsage.rss()));
};
const sampler = setInterval(sample, 200);

function mark(what) {
  sample();
  const m = process.memoryUsage();
  process.stderr.write(
    `${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s  ${what.padEnd(12)} rss ${mb(m.rss)} MB, peak ${peak} MB, heap ${mb(m.heapUsed)} MB, array buffers ${mb(m.arrayBuffers)} MB\n`,
  );
}

async function* documents() {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line);
    yield { id: String(record.id), text: record.text, ...(record.title === undefined ? {} : { title: record.title }) };
  }
}

let stage = '';
let selected = false;
let weighing = false;
const workers = flagValue('--workers', undefined);
const result = await clusterStream(documents(), {
  mode: flagValue('--mode', 'rewrite'),
  ...(workers === undefined ? {} : { workers: Number(workers) }),
  onProgress: (event) => {
    // The sketch stage counts selection then weighing, each once per document: halfway is the end of
    // selection, and the next event after it comes once the near-duplicate pass and the idf are done.
    if (event.stage === 'sketch' && !selected && event.done === event.total / 2) {
      selected = true;
      mark('selected');
    } else if (event.stage === 'sketch' && selected && !weighing) {
      weighing = true;
      mark('weighing');
    }
    if (event.stage !== stage) {
      stage = event.stage;
      mark(stage);
    }
  },
});
clearInterval(sampler);
mark('done');
process.stderr.write(`${result.stats.documents} documents, ${result.stats.clusters} clusters, ${result.stats.candidates} candidates\n`);
