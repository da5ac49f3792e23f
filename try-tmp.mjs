import { readFileSync } from 'node:fs';
import { extractArticle } from './dist/input/extract-article.js';
import { decodeBytes } from './dist/input/decode.js';
import { isProseLine } from './dist/text/analyze.js';
import { normalizeTypography } from './dist/text/normalize.js';
const dir = '/work/shared/datasets/html-pages/';
const truth = readFileSync(dir + 'truth.jsonl', 'utf8').split('\n').filter(Boolean).map(JSON.parse);
function shingles(t) { const toks = t.match(/\w+/gu) ?? []; const m = new Map(); for (let i = 0; i + 4 <= toks.length; i++) { const k = toks.slice(i, i+4).join(' '); m.set(k, (m.get(k) ?? 0) + 1); } return m; }
function f1(get) {
let P = [], R = [];
for (const t of truth) {
  const text = get(t);
  const a = shingles(t.text), b = shingles(text);
  let tp = 0, fp = 0, fn = 0;
  for (const [k, c] of b) { const x = a.get(k) ?? 0; tp += Math.min(x, c); fp += Math.max(0, c - x); }
  for (const [k, c] of a) { const x = b.get(k) ?? 0; fn += Math.max(0, c - x); }
  if (tp + fp > 0) P.push(tp / (tp + fp));
  if (tp + fn > 0) R.push(tp / (tp + fn));
}
const mp = P.reduce((a,b)=>a+b,0)/P.length, mr = R.reduce((a,b)=>a+b,0)/R.length;
return [mp.toFixed(3), mr.toFixed(3), (2*mp*mr/(mp+mr)).toFixed(3)].join(' ');
}
const ex = new Map(truth.map(t => [t.id, extractArticle(decodeBytes(readFileSync(dir + 'html/' + t.id + '.html'), { html: true }).text)]));
console.log('raw', f1(t => ex.get(t.id).text));
console.log('normalized all', f1(t => normalizeTypography(ex.get(t.id).text)));
console.log('prose lines orig', f1(t => ex.get(t.id).text.split('\n').filter(l => isProseLine(l, (l.match(/\w+/g) ?? []).length)).join('\n')));
console.log('truth prose only', f1(t => t.text.split('\n').filter(l => isProseLine(l, (l.match(/\w+/g) ?? []).length)).join('\n')));
console.log('truth normalized', f1(t => normalizeTypography(t.text)));
