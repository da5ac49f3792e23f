import { readFileSync, readdirSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { isProbablyReaderable, Readability } from '@mozilla/readability';
const dir = '/work/shared/datasets/html-pages/html/';
let no = 0, short = 0;
for (const f of readdirSync(dir)) {
  const { document } = parseHTML(readFileSync(dir + f, 'utf8'));
  if (!isProbablyReaderable(document)) { no++; console.log('not readerable', f); }
  const a = new Readability(document).parse(); if ((a?.textContent ?? '').length < 500) { short++; console.log('short', f, a?.textContent?.length); }
}
console.log(no, short);
