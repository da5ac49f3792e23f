import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredCharset } from '../src/input/charset.js';
import { decodeBytes } from '../src/input/decode.js';
import { ROOT } from './cli-run.js';

// Pages and texts encoded by iconv from sentences.tsv.fixture (see fixtures/html-encodings/make.sh).
const DIR = join(ROOT, 'fixtures', 'html-encodings');
const cases = readFileSync(join(DIR, 'sentences.tsv.fixture'), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => {
    const [label = '', , sentence = ''] = line.split('\t');
    return { label, sentence };
  });
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('a page that declares its charset', () => {
  it.each(cases)('$label round-trips its sentence', ({ label, sentence }) => {
    const decoded = decodeBytes(readFileSync(join(DIR, `${label}.html.fixture`)), { html: true });
    expect(decoded).toMatchObject({ ok: true, encoding: label });
    expect(decoded.ok && decoded.text).toContain(`<p>${sentence}</p>`);
    expect(decoded.ok && decoded.warning).toBeUndefined();
  });

  it('reads the http-equiv form, and names an unknown label in a warning', () => {
    expect(declaredCharset(ascii('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'))).toEqual({
      kind: 'known',
      encoding: 'windows-1251',
      label: 'windows-1251',
    });
    const decoded = decodeBytes(ascii('<meta charset="x-mac-klingon"><p>Plain ASCII text.</p>'), { html: true });
    expect(decoded).toMatchObject({ ok: true, encoding: 'utf-8', warning: 'unknown declared encoding "x-mac-klingon"; read as UTF-8' });
  });

  it('never reads a declaration cut at the end of the first kilobyte', () => {
    const page = `<html><head>${' '.repeat(1024 - 27)}<meta charset="ut` + 'f-8"></head></html>';
    expect(declaredCharset(ascii(page))).toEqual({ kind: 'none' });
  });

  it('reads a page declared Latin-1 whose bytes are UTF-8 as UTF-8, with a warning', () => {
    const decoded = decodeBytes(ascii('<meta charset="iso-8859-1"><p>Le café ouvre à midi.</p>'), { html: true });
    expect(decoded).toMatchObject({ ok: true, encoding: 'utf-8', warning: 'declared iso-8859-1 but valid UTF-8; read as UTF-8' });
  });

  it('does not look for a declaration in a plain-text file', () => {
    expect(decodeBytes(readFileSync(join(DIR, 'windows-1251.html.fixture')))).toMatchObject({ ok: true, encoding: 'windows-1251' });
    expect(decodeBytes(ascii('<meta charset="shift_jis"> plain'))).toEqual({
      ok: true,
      text: '<meta charset="shift_jis"> plain',
      encoding: 'utf-8',
    });
  });
});

describe('plain text that is not UTF-8', () => {
  // Single-byte Latin scripts are too alike for a detector on one sentence; they are read as
  // Windows-1252, the warned default. The rest is guessed right.
  const guessed: Record<string, string> = {
    shift_jis: 'shift_jis',
    'euc-kr': 'euc-kr',
    gbk: 'gb18030',
    gb18030: 'gb18030',
    'windows-1251': 'windows-1251',
    'koi8-r': 'koi8-r',
  };
  it.each(Object.entries(guessed))('%s is detected and decoded, with a warning naming the guess', (label, encoding) => {
    const sentence = cases.find((c) => c.label === label)?.sentence ?? '';
    const decoded = decodeBytes(readFileSync(join(DIR, `${label}.txt.fixture`)));
    expect(decoded).toMatchObject({ ok: true, encoding, warning: `not valid UTF-8; read as ${encoding} (detected)` });
    expect(decoded.ok && decoded.text).toBe(`${sentence}\n${sentence}\n`);
  });
});
