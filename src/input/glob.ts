/** --include/--exclude globs, with picomatch (the matcher behind micromatch and fast-glob): `*`, `**`, `?`,
 * classes, nested braces and extglobs, as in ripgrep. Matched against the path relative to the argument,
 * with / separators; a pattern without a slash also matches the base name, so `--exclude distractors`
 * excludes every folder of that name. */
import picomatch from 'picomatch';

export function compileGlobs(globs: readonly string[]): (relativePath: string) => boolean {
  if (globs.length === 0) return () => false;
  return picomatch([...globs], { basename: true, dot: true });
}
