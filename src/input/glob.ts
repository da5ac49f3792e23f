/** --include/--exclude globs, with picomatch (the matcher behind micromatch and fast-glob): `*`, `**`, `?`,
 * classes, nested braces and extglobs, as in ripgrep. Matched against the path relative to the argument,
 * with / separators; a pattern without a slash also matches the base name, so `--exclude distractors`
 * excludes every folder of that name. */
import picomatch from 'picomatch';

export function compileGlobs(globs: readonly string[]): (relativePath: string) => boolean {
  // picomatch's `basename` option stops patterns that hold a slash from matching at all (4.0.7:
  // `a/**` against `a/x`), so only the patterns without one get it.
  const [paths, names] = [globs.filter((g) => g.includes('/')), globs.filter((g) => !g.includes('/'))];
  const matchers = [
    ...(paths.length > 0 ? [picomatch(paths, { dot: true })] : []),
    ...(names.length > 0 ? [picomatch(names, { basename: true, dot: true })] : []),
  ];
  return (relativePath) => matchers.some((match) => match(relativePath));
}
