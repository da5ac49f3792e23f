import { describe, expect, it } from 'vitest';
import { CsvParser } from '../src/input/csv.js';
import { decodeEntities, htmlToText } from '../src/input/html.js';

describe('htmlToText', () => {
  const page = `<!doctype html><html><head><title>Site | Port strike</title><style>p{color:red}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<h1>Port strike halts traffic</h1>
<article><p>Dockworkers walked out on Monday, the union&rsquo;s leader said.</p><p>Traffic &amp; shipments stopped.</p></article>
<script>track('pageview')</script><footer>© News Group</footer></body></html>`;

  it('keeps the article paragraphs as lines and drops scripts, styles, navigation and footers', () => {
    const { text, title } = htmlToText(page);
    expect(title).toBe('Port strike halts traffic');
    expect(text).toContain('Dockworkers walked out on Monday, the union’s leader said.\nTraffic & shipments stopped.');
    expect(text).not.toMatch(/track|color|Home|News Group/);
  });

  it('decodes numeric and named entities and leaves unknown ones', () => {
    expect(decodeEntities('&#x201C;yes&#8221; &eacute; &bogus;')).toBe('“yes” é &bogus;');
  });
});

describe('CsvParser', () => {
  it('handles quoted commas, doubled quotes and line breaks across chunks', () => {
    const parser = new CsvParser();
    const records = [...parser.push('id,text\n1,"Hello, ""world"""\n2,"two\nlines'), ...parser.push('"\n3,plain')];
    const last = parser.end();
    expect(records.map((r) => r.fields)).toEqual([
      ['id', 'text'],
      ['1', 'Hello, "world"'],
      ['2', 'two\nlines'],
    ]);
    expect(records[2]?.line).toBe(3);
    expect(last).toEqual({ fields: ['3', 'plain'], line: 5 });
  });
});
