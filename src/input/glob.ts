/** Minimal glob matching for --include/--exclude: *, **, ?, [abc] and {a,b}. Matched against the path
 * relative to the argument, with / separators; a pattern without a slash also matches the base name. */

function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else if (ch === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) out += '\\{';
      else {
        out += `(?:${glob.slice(i + 1, close).split(',').map(escape).join('|')})`;
        i = close;
      }
    } else if (ch === '[') {
      const close = glob.indexOf(']', i);
      if (close < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else out += escape(ch);
  }
  return new RegExp(`^${out}$`);
}

function escape(text: string): string {
  return text.replace(/[.+^$()|\\/]/g, '\\$&');
}

export function compileGlobs(globs: readonly string[]): (relativePath: string) => boolean {
  const patterns = globs.map((g) => ({ re: globToRegExp(g), baseOnly: !g.includes('/') }));
  return (relativePath) => {
    const base = relativePath.slice(relativePath.lastIndexOf('/') + 1);
    return patterns.some(({ re, baseOnly }) => re.test(relativePath) || (baseOnly && re.test(base)));
  };
}
