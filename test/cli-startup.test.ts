/**
 * Every command starts without loading what only some inputs need: the HTML parser, the Parquet reader
 * and writer, and the index stores (together ~0.4 s of each start before they were loaded lazily), and the
 * table's chalk and string-width (~75 ms) when the output is not a table. A
 * module hook in the child refuses to resolve them, so a command that loads one fails.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'wirecluster-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const deny = join(dir, 'deny.mjs');
writeFileSync(
  deny,
  `const HEAVY = /\\/node_modules\\/(linkedom|@mozilla\\/readability|pg|hyparquet|hyparquet-writer|hyparquet-compressors|better-sqlite3|fzstd|unbzip2-stream|chardet|chalk|string-width)\\//;
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (HEAVY.test(resolved.url)) throw new Error('loaded at startup: ' + resolved.url);
  return resolved;
}
`,
);
const hook = join(dir, 'hook.mjs');
writeFileSync(hook, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(deny).href)});\n`);
const env = { NODE_OPTIONS: `--import ${pathToFileURL(hook).href}` };

describe('start-up', () => {
  it('--version, --help and a JSON run over text files load none of the heavy modules', async () => {
    writeFileSync(join(dir, 'a.txt'), 'The harbour authority said on Monday that the new quay would open in May.\n');
    writeFileSync(join(dir, 'b.txt'), 'A council meeting on Tuesday approved the budget for the library roof.\n');
    const version = await runCli(['--version'], { env });
    expect(version.stderr).toBe('');
    expect(version.code).toBe(0);
    expect((await runCli(['--help'], { env })).code).toBe(0);
    const run = await runCli([dir, '--json', '--quiet'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).stats.documents).toBe(2);
  });

  it('the hook does refuse them: creating an SQLite index fails under it', async () => {
    writeFileSync(join(dir, 'c.txt'), 'The ferry timetable changes on Sunday, the operator said in a statement.\n');
    const run = await runCli(['index', 'add', join(dir, 'c.txt'), '--index', join(dir, 'x.db'), '--quiet'], { env });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('better-sqlite3');
  });
});
