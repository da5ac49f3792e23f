import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, stderrLines, tempDir } from './cli-run.js';

interface Extracted {
  id: string;
  title: string | null;
  text: string;
  date: string | null;
  lang: string;
  encoding: string;
  site: string | null;
  extractor: string | null;
}

const parse = (stdout: string): Extracted[] =>
  stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Extracted);
let dir = '';
let cleanup = (): void => undefined;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('wirecluster-extract-'));
  mkdirSync(join(dir, 'pages'));
  copyFileSync(join(ROOT, 'fixtures/html-sites/aljazeera-like/us-japan-military-ties.html.fixture'), join(dir, 'pages/aljazeera.html'));
  copyFileSync(join(ROOT, 'fixtures/html-encodings/shift_jis.html.fixture'), join(dir, 'pages/ferry-ja.html'));
  copyFileSync(join(ROOT, 'fixtures/afp-japan-us/002_87b53d273ee130fd.txt'), join(dir, 'pages/afp.txt'));
  writeFileSync(join(dir, 'pages/empty.txt'), '');
});
afterAll(() => cleanup());

describe('cluster extract', () => {
  it('prints one JSON object a line per document, with the same keys, and skipped inputs on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['extract', join(dir, 'pages')]);
    expect(code).toBe(0);
    const docs = parse(stdout);
    expect(docs.map((d) => d.id)).toEqual(['afp.txt', 'aljazeera.html', 'ferry-ja.html']);
    for (const doc of docs) expect(Object.keys(doc)).toEqual(['id', 'title', 'text', 'date', 'lang', 'encoding', 'site', 'extractor']);
    expect(docs[1]).toMatchObject({
      title: 'US and Japan to strengthen military ties as they eye China',
      date: '2024-03-25T12:41:09Z',
      lang: 'en',
      encoding: 'utf-8',
      site: 'aljazeera-like.example',
      extractor: 'readability',
    });
    expect(docs[2]).toMatchObject({
      lang: 'ja',
      encoding: 'shift_jis',
      text: expect.stringContaining('港湾局は火曜日、新しいフェリー航路を来月から運航すると発表した。'),
    });
    expect(docs[0]).toMatchObject({ date: null, site: null, extractor: null, encoding: 'utf-8' });
    expect(stderrLines(stderr)).toEqual(['cluster: empty.txt: empty file (skipped)']);
  });

  it('--analysed prints the lines the mode keeps: the prose filter drops short lines, story keeps them', async () => {
    const page = join(dir, 'pages/aljazeera.html');
    const [whole] = parse((await runCli(['extract', page])).stdout);
    const [rewrite] = parse((await runCli(['extract', page, '--analysed'])).stdout);
    const [story] = parse((await runCli(['extract', page, '--analysed', '--mode', 'story'])).stdout);
    expect(whole?.text).toContain('Published On 25 Mar 2024');
    expect(rewrite?.text).not.toContain('Published On 25 Mar 2024');
    expect(story?.text).toContain('Published On 25 Mar 2024');
    // Typography is normalised as the analysis reads it: curly quotes folded, possessives dropped.
    expect(rewrite?.text).toContain('Japan government spokesman Yoshimasa Hayashi');
  });

  it('exits 2 with --strict when an input is skipped, and on a bad option', async () => {
    expect((await runCli(['extract', join(dir, 'pages'), '--strict', '--quiet'])).code).toBe(2);
    const bad = await runCli(['extract', join(dir, 'pages'), '--mode', 'fuzzy']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cluster extract:');
  });

  it('escapes control characters in what it writes to stderr, as the main command does', async () => {
    const odd = join(dir, 'odd');
    mkdirSync(odd);
    writeFileSync(join(odd, 'e\u001b[31mRED\u0007.txt'), '');
    const { code, stderr } = await runCli(['extract', odd]);
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/[\u0007\u001b]/);
    expect(stderr).toContain('e\\x1b[31mRED\\x07.txt: empty file (skipped)');
  });

  it('says so when a folder holds nothing to read', async () => {
    const none = join(dir, 'none');
    mkdirSync(none);
    const { code, stdout, stderr } = await runCli(['extract', none, '--include', '*.html']);
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
    expect(stderrLines(stderr)).toEqual([`cluster: no documents found in ${none} (no file matched --include *.html)`]);
  });

  it('prints its help and exits 0', async () => {
    const { code, stdout } = await runCli(['extract', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: cluster extract [paths...] [options]');
  });
});
