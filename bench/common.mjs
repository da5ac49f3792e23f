/** What the benchmark scripts share: reading their flags, measuring a child process, and writing their
 * section of RESULTS.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const args = process.argv.slice(2);

/** Whether `--name` was given. */
export const flag = (name) => args.includes(name);

/** The value after `--name`, or `fallback`. */
export function flagValue(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

/** A `--import` preload that writes the child's peak RSS (KB; worker threads included) to BENCH_RSS_FILE
 * when it exits. */
export const RSS_PRELOAD = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));",
)}`;

/** Replaces the section of bench/RESULTS.md that starts with `heading` by `report` (appended when absent). */
export function writeResultsSection(heading, report) {
  const path = join(ROOT, 'bench', 'RESULTS.md');
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n\n';
  const start = before.indexOf(heading);
  const next = start < 0 ? -1 : before.indexOf('\n## ', start + 1);
  const updated =
    start < 0 ? `${before.trimEnd()}\n\n${report}` : `${before.slice(0, start)}${report}${next < 0 ? '' : before.slice(next + 1)}`;
  writeFileSync(path, `${updated.trimEnd()}\n`);
}
