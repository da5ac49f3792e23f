import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockText } from '../src/input/dom-text.js';
import { parsePage } from '../src/input/dom.js';
import {
  DECLARED_BODY,
  MAX_DEPTH,
  MAX_DEPTH_TIMES_ELEMENTS,
  extractArticle,
  extractionWarning,
  weighedChars,
} from '../src/input/extract-article.js';
import { htmlToText } from '../src/input/html.js';
import { readPageMeta } from '../src/input/page-meta.js';
import { textDocument } from '../src/input/read.js';
import { ROOT } from './cli-run.js';

const SITES = join(ROOT, 'fixtures', 'html-sites');
const fixture = (path: string): string => readFileSync(join(SITES, `${path}.html.fixture`), 'utf8');
const ALJAZEERA = fixture('aljazeera-like/us-japan-military-ties');
const QUOTE = 'Japan and the United States have been discussing ways to strengthen cooperation in command and control';
const PARAGRAPH = '<p>The council approved the harbour tram extension on Tuesday, after a debate that lasted most of the afternoon.</p>';
// A guard must answer long before Readability would: its cost grows with depth times size.
const SANITY_MS = 5000;

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

describe('extractArticle', () => {
  it('reads an Al Jazeera-like page whose form wraps the whole page, with its title, date and site', () => {
    const article = extractArticle(ALJAZEERA);
    expect(article).toMatchObject({
      extractor: 'readability',
      title: 'US and Japan to strengthen military ties as they eye China',
      date: '2024-03-25T12:41:09Z',
      site: 'aljazeera-like.example',
    });
    expect(article.text).toContain(QUOTE);
    expect(article.text).not.toContain('Terms and conditions');
    expect(article.text).not.toContain('More on this story');
  });

  it('keeps the chrome out of a site page and gives one line per paragraph', () => {
    const article = extractArticle(fixture('lagos-ledger/chelsea-agree-fee-for-bakare'));
    expect(article.text).not.toMatch(/Privacy policy|Trending|Search Lagos Ledger/);
    expect(article.text.split('\n')).toContain(
      'Chelsea have agreed a fee of £48 million with Olympique Lyonnais for Super Eagles winger Tunde Bakare, two sources close to the negotiations told Lagos Ledger on Monday.',
    );
  });

  it('falls back to the reducer for 5,000 nested divs, and says why', () => {
    const page = `<html><body>${'<div>'.repeat(5000)}${PARAGRAPH}${'</div>'.repeat(5000)}</body></html>`;
    const { value, ms } = timed(() => extractArticle(page));
    expect(value.extractor).toBe(`reducer (elements nested 5003 deep (the limit is ${MAX_DEPTH}))`);
    expect(value.text).toContain('harbour tram extension');
    expect(ms).toBeLessThan(SANITY_MS);
    expect(extractionWarning(value.extractor)).toBe(
      `article extraction skipped: elements nested 5003 deep (the limit is ${MAX_DEPTH}); read by the simple reducer`,
    );
  });

  it('falls back to the reducer for a page both deep and large (Readability would take seconds)', () => {
    let open = '';
    for (let level = 0; level < 60; level++) open += `<div>${PARAGRAPH.repeat(55)}`;
    const { value, ms } = timed(() => extractArticle(`<html><body>${open}${'</div>'.repeat(60)}</body></html>`));
    expect(value.extractor).toBe(`reducer (3362 elements nested 63 deep (depth × elements is limited to ${MAX_DEPTH_TIMES_ELEMENTS}))`);
    expect(ms).toBeLessThan(SANITY_MS);
  });

  it('falls back to the reducer for a 10 MB page, keeping the metadata of its head', () => {
    const head = '<head><title>Council minutes</title><meta property="article:published_time" content="2024-05-02"></head>';
    const page = `<html>${head}<body><article>${PARAGRAPH.repeat(Math.ceil((10 * 1024 * 1024) / PARAGRAPH.length))}</article></body></html>`;
    const { value, ms } = timed(() => extractArticle(page));
    expect(value.extractor).toBe('reducer (page of 10.0 MB (the limit is 4 MB))');
    expect(value).toMatchObject({ title: 'Council minutes', date: '2024-05-02' });
    expect(ms).toBeLessThan(SANITY_MS);
  });

  it('reads a 6 MB page by Readability when the megabytes are an inlined image and script (a page saved whole)', () => {
    const image = `<img src="data:image/jpeg;base64,${'A'.repeat(3 * 1024 * 1024)}">`;
    const script = `<script id="__NEXT_DATA__" type="application/json">{"props":"${'x'.repeat(3 * 1024 * 1024)}"}</script>`;
    const page = `<html><body><nav><a href="/">Home</a></nav><article>${image}${PARAGRAPH.repeat(3)}</article>${script}</body></html>`;
    const { value, ms } = timed(() => extractArticle(page));
    expect(value.extractor).toBe('readability');
    expect(value.text).toContain('harbour tram extension');
    expect(ms).toBeLessThan(SANITY_MS);
  });

  it('still refuses a page with more than 4 MB besides its scripts, and says how much', () => {
    const script = `<script>${'x'.repeat(2 * 1024 * 1024)}</script>`;
    const page = `<html><body>${script}<article>${PARAGRAPH.repeat(Math.ceil((5 * 1024 * 1024) / PARAGRAPH.length))}</article></body></html>`;
    expect(extractArticle(page).extractor).toBe(
      'reducer (page of 7.0 MB, 5.0 MB without its scripts, styles and inline data (the limit is 4 MB))',
    );
  });

  it('weighs a page in linear time, whatever its unclosed scripts and data: URIs', () => {
    const hostile = '<script>'.repeat(200_000) + '<STYLE x>a</style >'.repeat(100_000) + 'data:'.repeat(200_000);
    const { value, ms } = timed(() => weighedChars(hostile));
    expect(value).toBe('<script>'.length);
    expect(ms).toBeLessThan(SANITY_MS);
    expect(weighedChars('<p>a</p><style>b{}</style ><img src="data:x">')).toBe('<p>a</p><style></style ><img src="data:x">'.length);
  });

  it('falls back to the reducer, without a warning, on a page with no article', () => {
    const page =
      '<html><head><title>Sign in</title></head><body><form><input name="user"><button>Sign in</button></form><p>Forgot your password?</p></body></html>';
    const article = extractArticle(page);
    expect(article).toMatchObject({ extractor: 'reducer (no article found)', title: 'Sign in' });
    expect(extractionWarning(article.extractor)).toBeUndefined();
  });

  it('never throws, whatever the markup (property)', () => {
    const piece = fc.constantFrom(
      '<div>',
      '</div>',
      '<p>',
      '</p>',
      '<form>',
      '</form>',
      '<script>',
      '<!--',
      '-->',
      '<',
      '>',
      '&amp;',
      '&#xD800;',
      '<meta charset="x">',
      '<time datetime="nope">',
      '<script type="application/ld+json">{',
      'Word. ',
      '\u0000',
      '<svg><p>',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 60 }), (parts) => {
        const article = extractArticle(parts.join(''));
        expect(typeof article.text).toBe('string');
        expect(article.extractor).toMatch(/^(readability|json-ld articleBody|reducer \(.+\))$/);
      }),
      { numRuns: 200 },
    );
  });

  describe("the story in JSON-LD's articleBody", () => {
    const STORY = [
      'The council approved the harbour tram extension on Tuesday, after a debate that lasted most of the afternoon.',
      'The line will run from the ferry terminal to the university and is due to open in three years.',
      'Opponents said the cost estimate of 240 million left no room for the delays that such projects usually meet.',
    ];
    const ld = (body: string): string =>
      `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@graph': [{ '@type': 'NewsArticle', articleBody: body }] })}</script>`;

    it('reads a JavaScript-rendered shell, which holds no text but its JSON-LD', () => {
      const page = `<html><head><title>Tram</title>${ld(STORY.join('\n\n'))}</head><body><div id="root"></div><noscript>Enable JavaScript to run this app.</noscript></body></html>`;
      const article = extractArticle(page);
      expect(article).toMatchObject({ extractor: DECLARED_BODY, text: STORY.join('\n'), title: 'Tram' });
      expect(extractionWarning(article.extractor)).toBeUndefined();
      expect(textDocument('shell.html', page, 'html')).toMatchObject({ text: STORY.join('\n') });
    });

    it('reads the whole story behind a teaser, and an articleBody written as HTML', () => {
      const body = `${STORY.map((line) => `<p>${line} It went on &amp; on.</p>`)
        .join('')
        .repeat(3)}`;
      const page = `<html><head>${ld(body)}</head><body><article><p>${STORY[0]}</p><p>Subscribe to read on.</p></article></body></html>`;
      const article = extractArticle(page);
      expect(article.extractor).toBe(DECLARED_BODY);
      expect(article.text.split('\n')).toContain(`${STORY[2]} It went on & on.`);
    });

    it("keeps the page's own text when the declared body is not far longer (often cut short)", () => {
      const page = `<html><head>${ld(STORY[0] ?? '')}</head><body><article>${STORY.map((line) => `<p>${line}</p>`).join('')}</article></body></html>`;
      expect(extractArticle(page)).toMatchObject({ extractor: 'readability', text: STORY.join('\n') });
    });
  });

  it('skips a page with no text at all, with a reason', () => {
    expect(textDocument('blank.html', '<html><body><div><img src="a.png"></div></body></html>', 'html')).toBe(
      'no text after removing markup',
    );
  });
});

describe('the reducer (html.ts)', () => {
  it('reads a page whose form wraps everything, and still drops a search form', () => {
    const { text } = htmlToText(ALJAZEERA);
    expect(text).toContain(QUOTE);
    expect(htmlToText('<form><input name="q"><label>Search the site</label></form><p>Story text.</p>').text).toBe('Story text.');
  });
});

describe('readPageMeta', () => {
  const meta = (head: string, body = ''): ReturnType<typeof readPageMeta> =>
    readPageMeta(parsePage(`<html><head>${head}</head><body>${body}</body></html>`));

  it('takes the title from og:title, then <h1>, then <title>', () => {
    expect(meta('<title>T</title><meta property="og:title" content="OG">', '<h1>H</h1>').title).toBe('OG');
    expect(meta('<title>T</title>', '<h1> H  one </h1>').title).toBe('H one');
    expect(meta('<title>T</title>').title).toBe('T');
  });

  it("takes the date from article:published_time, JSON-LD (even in @graph), then the article's <time>", () => {
    expect(meta('<meta property="article:published_time" content="2024-03-25T08:30:00+09:00">').date).toBe('2024-03-25T08:30:00+09:00');
    expect(
      meta(
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", "datePublished": "2024-03-26"}]}</script>',
      ).date,
    ).toBe('2024-03-26');
    expect(
      meta(
        '<script type="application/ld+json">{broken</script>',
        '<time datetime="2020-01-01">header</time><article><time datetime="2024-03-27T10:00:00Z">x</time></article>',
      ).date,
    ).toBe('2024-03-27T10:00:00Z');
    expect(meta('<meta property="article:published_time" content="Mon, 25 Mar 2024 08:30:00 GMT">').date).toBe('2024-03-25T08:30:00.000Z');
    expect(meta('<meta property="article:published_time" content="yesterday">').date).toBeUndefined();
  });

  it("passes over a template's placeholder date (0001-01-01, the Unix epoch) to the next source", () => {
    const ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00Z"}</script>';
    expect(meta(ld).date).toBeUndefined();
    expect(meta(ld, '<article><time datetime="2019-11-19T22:00:00Z">x</time></article>').date).toBe('2019-11-19T22:00:00Z');
    expect(meta('<meta property="article:published_time" content="1970-01-01T00:00:00+00:00">').date).toBeUndefined();
    expect(meta('<meta property="article:published_time" content="1912-04-15">').date).toBe('1912-04-15');
  });

  it('takes the site from og:url, else the canonical link, without www.', () => {
    expect(meta('<meta property="og:url" content="https://www.Example.com/a"><link rel="canonical" href="https://other.org/a">').site).toBe(
      'example.com',
    );
    expect(meta('<link rel="canonical" href="https://news.example.org/a">').site).toBe('news.example.org');
    expect(meta('<link rel="canonical" href="/relative/path">').site).toBeUndefined();
  });
});

describe('blockText', () => {
  it('puts blocks on their own lines and never merges the words at their seams', () => {
    const doc = parsePage(
      '<html><body><div id="a"><h2>Head</h2><p>One <b>bold</b> word.</p><p>Two</p><ul><li>x</li><li>y<br>z</li></ul><script>var s;</script></div></body></html>',
    );
    const root = doc.querySelector('#a');
    expect(root === null ? '' : blockText(root)).toBe('Head\nOne bold word.\nTwo\nx\ny\nz');
  });
});
