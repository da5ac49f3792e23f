/**
 * npm run bench:shapes [-- --sizes 10000,100000] [-- --workers N]
 *
 * The shapes real news corpora have (issue "A cluster core that holds at the shapes real news corpora
 * have"), on REAL sentences: every text is built from sentences of the English labelled sets in
 * ../shared/datasets (ECB+, NewsWCL50, business-energy-news), so the vocabulary, its frequencies and the
 * background overlap are those of news. Each case runs the built CLI as a child process and reports time,
 * peak RSS and what a user would check. Figures go to bench/RESULTS.md ("Shapes").
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, createWriteStream } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng } from './corpus.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'cluster.js');
const SHARED = join(ROOT, '..', 'shared', 'datasets');
const args = process.argv.slice(2);
const value = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const sizes = value('--sizes', '10000,100000').split(',').map(Number);
const cases = value('--cases', 'families,groups,outlets,seeds,unrelated').split(',');
const workers = value('--workers', String(availableParallelism()));
const log = (text) => process.stderr.write(`${text}\n`);
const dir = mkdtempSync(join(tmpdir(), 'wirecluster-shapes-'));

const RSS_PRELOAD = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));",
)}`;

function runCli(file, extra = []) {
  const rssFile = join(dir, 'rss');
  const out = join(dir, 'out.json');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', RSS_PRELOAD, BIN, file, '--json', '--quiet', '--workers', workers, '-o', out, ...extra], {
      env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`cluster exited with ${code}`));
      const json = readFileSync(out, 'utf8');
      resolve({ seconds, result: JSON.parse(json), jsonBytes: json.length, rssMb: Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024) });
    });
  });
}

// Sentences of real English news, and whole real articles as "unrelated news".
const ARTICLES = [];
const SENTENCES = [];
for (const name of ['ecbplus', 'newswcl50', 'business-energy-news']) {
  const file = join(SHARED, name, 'docs.jsonl');
  if (!existsSync(file)) throw new Error(`needs ${file}`);
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { text } = JSON.parse(line);
    ARTICLES.push(text);
    for (const s of text.split(/(?<=[.!?])\s+/)) if (s.split(' ').length >= 8 && s.length < 400) SENTENCES.push(s);
  }
}
log(`${SENTENCES.length} real sentences, ${ARTICLES.length} real articles`);

const pick = (random, list) => list[Math.floor(random() * list.length)];
function article(random, sentences = 18) {
  const out = [];
  for (let p = 0; p < sentences; p += 3) out.push([pick(random, SENTENCES), pick(random, SENTENCES), pick(random, SENTENCES)].join(' '));
  return out;
}
/** A light edit: 1–3% of words replaced by a word from another sentence or dropped. */
function lightEdit(random, paragraphs) {
  const rate = 0.01 + 0.02 * random();
  return paragraphs.map((p) =>
    p
      .split(' ')
      .map((w) => (random() < rate ? (random() < 0.5 ? '' : pick(random, pick(random, SENTENCES).split(' '))) : w))
      .filter(Boolean)
      .join(' '),
  );
}
/** A rewrite: sentences dropped, words replaced (5%), paragraphs reordered, a new paragraph added. */
function rewrite(random, paragraphs) {
  const kept = paragraphs.filter(() => random() > 0.2);
  const edited = kept.map((p) => p.split(' ').map((w) => (random() < 0.05 ? pick(random, pick(random, SENTENCES).split(' ')) : w)).join(' '));
  for (let i = edited.length - 1; i > 0; i--) {
    if (random() < 0.3) [edited[i], edited[i - 1]] = [edited[i - 1], edited[i]];
  }
  edited.push(article(random, 3)[0]);
  return edited;
}
function writeJsonl(file, records) {
  const stream = createWriteStream(file);
  for (const r of records) stream.write(`${JSON.stringify(r)}\n`);
  return new Promise((resolve) => stream.end(resolve));
}

/** Planted rewrite families among unrelated articles, all from real sentences: recall and precision. */
async function families(n) {
  const random = rng(n);
  const file = join(dir, `families-${n}.jsonl`);
  const stream = createWriteStream(file);
  let i = 0;
  while (i < n) {
    const wire = article(random);
    const family = random() < 0.3 ? 1 + Math.floor(random() * 5) : 0;
    const label = `f${i}`;
    stream.write(`${JSON.stringify({ id: `d${i++}`, label, text: wire.join('\n\n') })}\n`);
    for (let r = 0; r < family && i < n; r++) stream.write(`${JSON.stringify({ id: `d${i++}`, label, text: rewrite(random, wire).join('\n\n') })}\n`);
  }
  await new Promise((resolve) => stream.end(resolve));
  const labels = new Map();
  const count = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const { id, label } = JSON.parse(line);
    labels.set(id, label);
    count.set(label, (count.get(label) ?? 0) + 1);
  }
  const run = await runCli(file);
  const clusterOf = new Map();
  for (const c of run.result.clusters) for (const d of c.documents) clusterOf.set(d.id, c.id);
  let gold = 0, found = 0, predicted = 0, right = 0;
  const byLabel = new Map();
  for (const [id, label] of labels) byLabel.set(label, [...(byLabel.get(label) ?? []), id]);
  for (const ids of byLabel.values()) for (let a = 0; a < ids.length; a++) for (let b = a + 1; b < ids.length; b++) {
    gold += 1;
    if (clusterOf.has(ids[a]) && clusterOf.get(ids[a]) === clusterOf.get(ids[b])) found += 1;
  }
  for (const c of run.result.clusters) {
    const ids = c.documents.map((d) => d.id);
    for (let a = 0; a < ids.length; a++) for (let b = a + 1; b < ids.length; b++) {
      predicted += 1;
      if (labels.get(ids[a]) === labels.get(ids[b])) right += 1;
    }
  }
  const f = (x) => x.toFixed(4);
  console.log(`| families ${n.toLocaleString('en')} | ${run.seconds.toFixed(1)} s | ${run.rssMb} MB | recall ${f(found / gold)}, precision ${f(predicted ? right / predicted : 1)} | rows ${run.result.params.rows}×${run.result.params.bands} bands, ${run.result.stats.candidates} candidates |`);
}

/** 6 articles × 2,000 lightly edited copies: 6 clusters, memory and JSON that grow with the documents. */
async function groups() {
  const random = rng(6);
  const records = [];
  for (let a = 0; a < 6; a++) {
    const wire = article(random, 24);
    for (let c = 0; c < 2000; c++) records.push({ id: `a${a}-c${c}`, text: (c === 0 ? wire : lightEdit(random, wire)).join('\n\n') });
  }
  const file = join(dir, 'groups.jsonl');
  await writeJsonl(file, records);
  for (const mode of ['duplicate', 'rewrite']) {
    const run = await runCli(file, ['--mode', mode]);
    const sizes = run.result.clusters.map((c) => c.size).join(' + ');
    console.log(`| 6 × 2,000 edited copies, ${mode} | ${run.seconds.toFixed(1)} s | ${run.rssMb} MB | ${run.result.clusters.length} clusters (${sizes}); JSON ${(run.jsonBytes / 1e6).toFixed(1)} MB |`);
  }
  const identical = [];
  const wire = article(random).join('\n\n');
  for (let c = 0; c < 3000; c++) identical.push({ id: `copy${c}`, text: wire });
  for (let c = 0; c < 3000; c++) identical.push({ id: `other${c}`, text: ARTICLES[c % ARTICLES.length] + `\n\nItem ${c}.` });
  await writeJsonl(file, identical);
  for (const mode of ['duplicate', 'rewrite', 'story']) {
    const run = await runCli(file, ['--mode', mode]);
    const biggest = run.result.clusters[0];
    console.log(`| 3,000 identical copies among 3,000 others, ${mode} | ${run.seconds.toFixed(1)} s | ${run.rssMb} MB | largest cluster ${biggest?.size ?? 0} (${biggest?.documents.filter((d) => d.id.startsWith('copy')).length ?? 0} copies); copies ${run.result.stats.copies} |`);
  }
}

/** One wire story run by 200 outlets (edits, truncation, site lines, a pasted local paragraph), alone and
 * among 800 real articles. */
async function outlets() {
  const random = rng(200);
  const wire = article(random, 24);
  const copies = [];
  for (let o = 0; o < 200; o++) {
    let body = lightEdit(random, wire);
    if (random() < 0.2) body = body.slice(0, Math.max(3, Math.floor(body.length * (0.6 + 0.3 * random()))));
    if (random() < 0.1) body.splice(2, 0, article(random, 3)[0]);
    body = [`Outlet ${o} News | Home | World | Business | Sport`, ...body, `Copyright ${o} Media Group. All rights reserved.`];
    copies.push({ id: `outlet${o}`, text: body.join('\n\n') });
  }
  const others = ARTICLES.slice(0, 800).map((text, i) => ({ id: `other${i}`, text }));
  const file = join(dir, 'outlets.jsonl');
  for (const [label, records] of [['alone', copies], ['among 800 real articles', [...copies, ...others]]]) {
    await writeJsonl(file, records);
    const run = await runCli(file);
    const holding = run.result.clusters.filter((c) => c.documents.some((d) => d.id.startsWith('outlet')));
    const intruders = holding.reduce((sum, c) => sum + c.documents.filter((d) => !d.id.startsWith('outlet')).length, 0);
    console.log(`| 200 outlets, ${label} | ${run.seconds.toFixed(1)} s | ${run.rssMb} MB | ${holding.length} cluster(s) holding them (${holding.map((c) => c.size).join(' + ')}), ${intruders} intruders |`);
  }
}

/** ~2,800 real articles (every labelled set, the seeds' story included): seed 1 vs seed 7. */
async function seeds() {
  const records = [];
  for (const name of ['counter', 'ecbplus', 'newswcl50', 'business-energy-news']) {
    for (const line of readFileSync(join(SHARED, name, 'docs.jsonl'), 'utf8').split('\n')) if (line) records.push({ id: `${name}/${JSON.parse(line).id}`, text: JSON.parse(line).text });
  }
  const file = join(dir, 'real.jsonl');
  await writeJsonl(file, records);
  for (const mode of ['rewrite', 'story', 'duplicate']) {
    const partition = async (seed) => {
      const run = await runCli(file, ['--seed', String(seed), '--mode', mode]);
      const of = new Map();
      for (const c of run.result.clusters) for (const d of c.documents) of.set(d.id, c.documents.map((x) => x.id).sort()[0]);
      return of;
    };
    const a = await partition(1);
    const b = await partition(7);
    let moved = 0;
    for (const r of records) if ((a.get(r.id) ?? r.id) !== (b.get(r.id) ?? r.id)) moved += 1;
    console.log(`| ${records.length} real articles, seed 1 vs 7, ${mode} | | | ${moved} documents (${((100 * moved) / records.length).toFixed(2)}%) change company |`);
  }
}

/** The largest change of a score above the threshold when 5,000 unrelated real-sentence articles are added. */
async function unrelated() {
  const random = rng(5000);
  const base = [];
  for (const name of ['ecbplus', 'newswcl50', 'business-energy-news']) {
    for (const line of readFileSync(join(SHARED, name, 'docs.jsonl'), 'utf8').split('\n')) if (line) base.push({ id: `${name}/${JSON.parse(line).id}`, text: JSON.parse(line).text });
  }
  const extra = Array.from({ length: 5000 }, (_, i) => ({ id: `extra${i}`, text: article(random).join('\n\n') }));
  const file = join(dir, 'unrelated.jsonl');
  for (const mode of ['rewrite', 'story']) {
    const scores = async (records) => {
      await writeJsonl(file, records);
      const out = join(dir, 'pairs.ndjson');
      await new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, file, '--mode', mode, '--pairs', '--quiet', '-o', out], { stdio: 'inherit' });
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
      });
      const map = new Map();
      for (const line of readFileSync(out, 'utf8').split('\n')) if (line) { const p = JSON.parse(line); map.set(`${p.a} ${p.b}`, p.score); }
      return map;
    };
    const before = await scores(base);
    const after = await scores([...base, ...extra]);
    let worst = 0, compared = 0;
    for (const [key, s] of before) if (after.has(key)) { compared += 1; worst = Math.max(worst, Math.abs(s - after.get(key))); }
    console.log(`| +5,000 unrelated articles, ${mode} | | | largest change of a clustered pair's score: ${worst.toFixed(4)} over ${compared} pairs |`);
  }
}

console.log('| case | time | peak RSS | result |');
console.log('|---|---|---|---|');
try {
  if (cases.includes('families')) for (const n of sizes) await families(n);
  if (cases.includes('groups')) await groups();
  if (cases.includes('outlets')) await outlets();
  if (cases.includes('seeds')) await seeds();
  if (cases.includes('unrelated')) await unrelated();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
