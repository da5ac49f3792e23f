/** Front matter of static-site archives (Hugo, Jekyll): read for the title, date and site, and kept out of
 * the text; a block that does not parse is left as text. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../src/input/front-matter.js';
import { readInputs } from '../src/input/read.js';
import type { Document } from '../src/types.js';
import { tempDir } from './cli-run.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const BODY = 'Storm halts ferries to outer islands\n\nThe ferry operator suspended every crossing until Friday.\n';

const HUGO_YAML = `---
title: "Storm halts ferries: \\"every crossing\\" suspended"
date: 2024-03-25T08:30:00+09:00
draft: false
# a comment
tags:
  - weather
  - ferries
categories: [news, islands]
params:
  author: Jane Doe
summary: >
  A long summary
  over two lines.
url: https://www.example.com/2024/03/ferries/
---
${BODY}`;

const HUGO_TOML = `+++
title = 'Storm halts ferries'
date = 2024-03-25
tags = [
  "weather",
  "ferries",
]
url = "/2024/03/ferries/"

[params]
title = "not the page's title"
+++
${BODY}`;

async function readOne(name: string, content: string): Promise<Document | string> {
  writeFileSync(join(dir, name), content);
  for await (const event of readInputs([join(dir, name)])) {
    if (event.kind === 'document') return event.document;
    if (event.kind === 'skipped' || event.kind === 'error') return event.reason;
  }
  return 'nothing';
}

describe('front matter of a Markdown article', () => {
  it('YAML (Hugo, Jekyll): title, date and site are read, and the block is not part of the text', async () => {
    const doc = await readOne('ferries.md', HUGO_YAML);
    expect(doc).toMatchObject({
      title: 'Storm halts ferries: "every crossing" suspended',
      date: '2024-03-25T08:30:00+09:00',
      site: 'example.com',
      text: BODY,
    });
  });

  it('TOML (Hugo): a key inside a [table] is not the page title, and a URL without a host names no site', async () => {
    const doc = await readOne('ferries-toml.markdown', HUGO_TOML);
    expect(doc).toMatchObject({ title: 'Storm halts ferries', date: '2024-03-25', text: BODY });
    expect(typeof doc !== 'string' && doc.site).toBe(undefined);
  });

  it("Jekyll's date with a space before its offset, CRLF line endings, a single-quoted title", () => {
    const text = "---\r\nlayout: post\r\ntitle: 'It''s a storm'\r\ndate: 2024-03-25 08:30:00 +0900\r\n---\r\nBody line\r\n";
    expect(splitFrontMatter(text, true)).toEqual({
      matter: { title: "It's a storm", date: '2024-03-24T23:30:00.000Z' },
      body: 'Body line\r\n',
    });
  });

  it('a block without a title still leaves the text; the title is then the first headline of the body', async () => {
    const doc = await readOne('untitled.md', `---\ndate: 2024-03-25\n---\n${BODY}`);
    expect(doc).toMatchObject({ title: 'Storm halts ferries to outer islands', date: '2024-03-25', text: BODY });
  });

  it('only front matter and no body is named', async () => {
    expect(await readOne('empty-body.md', '---\ntitle: Nothing here\n---\n\n')).toBe('no text after the front matter');
  });

  it.each([
    ['a line that is not a key', '---\ntitle: Ferries\nThe ferry operator suspended every crossing.\n---\nBody\n'],
    ['a quote never closed', '---\ntitle: "Ferries\n---\nBody\n'],
    ['an unknown escape', '---\ntitle: "Ferries \\q"\n---\nBody\n'],
    ['an indented line before any key', '---\n  - a\ntitle: Ferries\n---\nBody\n'],
    ['no closing line', '---\ntitle: Ferries\nBody\n'],
    ['a closing line too far down', `---\ntitle: Ferries\n${'tag: x\n'.repeat(300)}---\nBody\n`],
    ['a TOML multi-line string', '+++\ntitle = """Ferries\nhalted"""\n+++\nBody\n'],
    ['a TOML array never closed', '+++\ntitle = "Ferries"\ntags = [\n "a",\n+++\nBody\n'],
    ['not at the very start', '\n---\ntitle: Ferries\n---\nBody\n'],
  ])('is left as text when it does not parse: %s', (_, text) => {
    expect(splitFrontMatter(text, true)).toBeUndefined();
  });
});

describe('front matter of a plain-text article', () => {
  it('is read only when it names a title: a .txt may open with a rule and an editor’s note', async () => {
    const note = `---\nUPDATE: ferries resume on Friday\n---\n${BODY}`;
    expect(await readOne('note.txt', note)).toMatchObject({ title: 'UPDATE: ferries resume on Friday', text: note });
    expect(await readOne('hugo.txt', HUGO_YAML)).toMatchObject({ title: 'Storm halts ferries: "every crossing" suspended', text: BODY });
  });
});

describe('fuzz: front matter', () => {
  it('never throws, and what it leaves is the end of the text', () => {
    const line = fc.oneof(
      fc.constantFrom('---', '+++', '', '  - x', '- y', '[t]', 'tags = [', ']', '"a",', '# c', 'key:', "a: 'b''c'", 'a: "\\u00e9"'),
      fc.string({ maxLength: 12 }).map((v) => `title: ${v}`),
      fc.string({ maxLength: 12 }).map((v) => `date = ${v}`),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(fc.constantFrom('---', '+++'), fc.array(line, { maxLength: 12 }), fc.boolean(), (open, lines, markdown) => {
        const text = [open, ...lines].join('\n');
        const split = splitFrontMatter(text, markdown);
        if (split !== undefined) expect(text.endsWith(split.body)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
