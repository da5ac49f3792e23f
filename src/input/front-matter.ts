/**
 * Front matter of static-site archives (Hugo, Jekyll, Astro): a YAML block between `---` lines or a TOML
 * block between `+++` lines at the very start of a Markdown file. Without it, the title was the block's
 * first line (`title: "…"`) and its keys were part of the text.
 *
 * Only what a document carries is read (title, date, site), from top-level scalar lines; lists, nested
 * maps and block scalars are recognised and passed over. A YAML library would read more, but none of it
 * is used, and a block that is not this simple shape is left as text rather than guessed at.
 */
import { withoutCompressionExtension } from './decompress.js';
import { hostOf, normalizeDate } from './page-meta.js';

interface FrontMatter {
  title?: string;
  /** ISO 8601, as page-meta gives a web page's. */
  date?: string;
  /** Host of an absolute `url` (or `canonical`, `permalink` …), without `www.`, as a web page's og:url. */
  site?: string;
}

export interface SplitText {
  matter: FrontMatter;
  /** The text after the block. */
  body: string;
}

/** A block longer than this is not front matter: a file that starts with a `---` rule and has another
 * far below it must not lose everything in between to a search for the closing line. */
const MAX_LINES = 200;

const DATE_KEYS = ['date', 'publishdate', 'pubdate', 'published'];
const URL_KEYS = ['url', 'canonical', 'canonicalurl', 'permalink', 'link'];

interface Style {
  open: string;
  close: readonly string[];
  parse: (lines: readonly string[]) => Map<string, string> | undefined;
}

/** `.md` and `.markdown`, compressed or not: the files whose front matter is read whenever it parses. */
export function isMarkdownName(name: string): boolean {
  return /\.(?:md|markdown)$/i.test(withoutCompressionExtension(name));
}

/**
 * The front matter at the start of `text` and the text after it, or undefined when there is none that
 * parses. `markdown` false (a `.txt` file, standard input): only a block that names a title is taken,
 * since a plain-text article may open with a `---` rule and a line such as `UPDATE: …`.
 */
export function splitFrontMatter(text: string, markdown: boolean): SplitText | undefined {
  const lines = text.split(/\r\n|\r|\n/, MAX_LINES + 2);
  const style = STYLES.find((candidate) => lines[0]?.trimEnd() === candidate.open);
  if (style === undefined) return undefined;
  const end = lines.findIndex((line, i) => i > 0 && style.close.includes(line.trimEnd()));
  if (end < 0) return undefined;
  const values = style.parse(lines.slice(1, end));
  if (values === undefined || (!markdown && !values.has('title'))) return undefined;
  return { matter: matterOf(values), body: text.slice(offsetOfLine(text, end + 1)) };
}

function matterOf(values: ReadonlyMap<string, string>): FrontMatter {
  const matter: FrontMatter = {};
  const title = values.get('title')?.trim();
  if (title) matter.title = title;
  const date = DATE_KEYS.map((key) => normalizeDate(values.get(key))).find((found) => found !== undefined);
  if (date !== undefined) matter.date = date;
  const site = URL_KEYS.map((key) => absoluteHost(values.get(key))).find((found) => found !== undefined);
  if (site !== undefined) matter.site = site;
  return matter;
}

/** Hugo's `url` is usually a path on the site (`/2024/03/ferries/`), which names no host. */
function absoluteHost(url: string | undefined): string | undefined {
  return url !== undefined && /^https?:\/\//i.test(url) ? hostOf(url) : undefined;
}

/** Where line `index` starts (0-based), counting any of the three line breaks. */
function offsetOfLine(text: string, index: number): number {
  const breaks = /\r\n|\r|\n/g;
  let offset = 0;
  for (let line = 0; line < index; line++) {
    const found = breaks.exec(text);
    if (found === null) return text.length;
    offset = found.index + found[0].length;
  }
  return offset;
}

const YAML_KEY = /^([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*))?$/;

/**
 * Top-level `key: value` lines, lowercased keys to their scalar values; undefined when a line has no place
 * in front matter. An empty value opens a nested map or list, whose indented (or `- `) lines follow; a
 * flow collection (`[a, b]`), a block scalar (`|`, `>`) or an anchor, alias or tag is not a scalar.
 */
function parseYamlLines(lines: readonly string[]): Map<string, string> | undefined {
  const values = new Map<string, string>();
  let inKey = false;
  for (const line of lines) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (/^[ \t]/.test(line) || /^-(?:[ \t]|$)/.test(line)) {
      if (!inKey) return undefined;
      continue;
    }
    const match = YAML_KEY.exec(line.trimEnd());
    if (match === null) return undefined;
    inKey = true;
    const value = yamlScalar(match[2] ?? '');
    if (value === INVALID) return undefined;
    if (value !== undefined) values.set((match[1] as string).toLowerCase(), value);
  }
  return values;
}

/** A value that cannot be read as written: the block is not taken. */
const INVALID = Symbol('invalid');

function yamlScalar(raw: string): string | undefined | typeof INVALID {
  const value = raw.trim();
  if (value === '' || /^[[{|>&*!%@`]/.test(value)) return undefined;
  if (value.startsWith('"')) return quoted(value, '"', unescapeDouble);
  if (value.startsWith("'")) return quoted(value, "'", (inner) => inner.replaceAll("''", "'"));
  return value.replace(/[ \t]+#.*$/, '');
}

/** A quoted value that closes on its line, followed by nothing but a comment. */
function quoted(value: string, quote: '"' | "'", decode: (inner: string) => string | typeof INVALID): string | typeof INVALID {
  const pattern = quote === '"' ? /^"((?:[^"\\]|\\.)*)"[ \t]*(?:#.*)?$/ : /^'((?:[^']|'')*)'[ \t]*(?:#.*)?$/;
  const match = pattern.exec(value);
  return match === null ? INVALID : decode(match[1] as string);
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', "'": "'", '0': '\0' };

function unescapeDouble(inner: string): string | typeof INVALID {
  let bad = false;
  const out = inner.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)/g, (_, code: string) => {
    if (code.length > 1) return String.fromCodePoint(Number.parseInt(code.slice(1), 16));
    const plain = ESCAPES[code];
    if (plain === undefined) bad = true;
    return plain ?? '';
  });
  return bad ? INVALID : out;
}

const TOML_KEY = /^([A-Za-z0-9_.-]+|"[^"]*"|'[^']*')[ \t]*=[ \t]*(.*)$/;

/**
 * Top-level `key = value` lines before the first `[table]`, lowercased keys to their scalar values (a
 * string, or a bare date, number or boolean); undefined when a line has no place in front matter. An array
 * may run over several lines.
 */
function parseTomlLines(lines: readonly string[]): Map<string, string> | undefined {
  const values = new Map<string, string>();
  let inTable = false;
  let openBrackets = 0;
  for (const line of lines) {
    const trimmed = line.trim();
    if (openBrackets > 0) {
      openBrackets += bracketDepth(trimmed);
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (/^\[\[?[^\]]+\]\]?(?:[ \t]*#.*)?$/.test(trimmed)) {
      inTable = true;
      continue;
    }
    const match = TOML_KEY.exec(trimmed);
    if (match === null) return undefined;
    const key = match[1] as string;
    const raw = (match[2] as string).trim();
    if (raw.startsWith('[') || raw.startsWith('{')) {
      openBrackets = Math.max(0, bracketDepth(raw));
      continue;
    }
    const value = tomlScalar(raw);
    if (value === INVALID) return undefined;
    // A dotted or quoted key, or any key inside a table, is not a top-level field.
    if (!inTable && /^[\w-]+$/.test(key) && value !== undefined) values.set(key.toLowerCase(), value);
  }
  return openBrackets > 0 ? undefined : values;
}

/** Brackets opened less brackets closed on a line, outside strings. */
function bracketDepth(text: string): number {
  const outside = text.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '');
  return (outside.match(/[[{]/g)?.length ?? 0) - (outside.match(/[\]}]/g)?.length ?? 0);
}

function tomlScalar(raw: string): string | undefined | typeof INVALID {
  if (raw.startsWith('"""') || raw.startsWith("'''")) return INVALID;
  if (raw.startsWith('"')) return quoted(raw, '"', unescapeDouble);
  if (raw.startsWith("'")) {
    const match = /^'([^']*)'[ \t]*(?:#.*)?$/.exec(raw);
    return match === null ? INVALID : (match[1] as string);
  }
  const bare = raw.replace(/[ \t]+#.*$/, '').trim();
  return /^[\w:.+-]+(?: [\d:.+-]+)?$/.test(bare) ? bare : INVALID;
}

const STYLES: readonly Style[] = [
  { open: '---', close: ['---', '...'], parse: parseYamlLines },
  { open: '+++', close: ['+++'], parse: parseTomlLines },
];
