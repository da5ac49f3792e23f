/** README "JSON output" is what a data engineer codes against: every field --json prints must be in its table. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterDocuments } from '../src/index.js';
import { ROOT } from './cli-run.js';

const story = 'Dockworkers at the port walked out on Monday over pay, halting container traffic for the whole week, the union said.';

function fieldPaths(value: unknown, path: string, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) fieldPaths(item, `${path}[]`, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      const child = path === '' ? key : `${path}.${key}`;
      out.add(child);
      fieldPaths(inner, child, out);
    }
  }
  return out;
}

/** The names in the first column of the README's field table, each as written (`documents[].shared`). */
function documentedFields(): Set<string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## JSON output'), readme.indexOf('## How it works'));
  const names = new Set<string>();
  for (const row of section.matchAll(/^\| (.+?) \|/gm)) for (const name of (row[1] ?? '').matchAll(/`([^`]+)`/g)) names.add(name[1] ?? '');
  return names;
}

/** `clusters[].documents[].shared[].text` is covered by `documents[].shared`, `params.mode` by `params`,
 * and a container (`stats`) by the fields under it. */
function isDocumented(path: string, documented: ReadonlySet<string>): boolean {
  const short = path.replace(/^clusters\[\]\.documents\[\]/, 'documents[]');
  const covers = (name: string, p: string): boolean =>
    p === name || p.startsWith(`${name}.`) || p.startsWith(`${name}[]`) || name.startsWith(`${p}.`) || name.startsWith(`${p}[]`);
  return [...documented].some((name) => covers(name, path) || covers(name, short));
}

describe('README "JSON output"', () => {
  it('names every field of the report', () => {
    const result = clusterDocuments(
      [
        { id: 'a', text: story, title: 'Port strike' },
        { id: 'b', text: `${story} Talks resume on Friday.` },
      ],
      { explain: true, skipped: [{ id: 'empty.txt', reason: 'empty file' }] },
    );
    const paths = fieldPaths(JSON.parse(JSON.stringify(result)), '', new Set());
    const documented = documentedFields();
    expect([...paths].filter((p) => !isDocumented(p, documented))).toEqual([]);
  });
});
