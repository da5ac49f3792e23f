/**
 * Paths on the command line to the files to read: folders are walked recursively in sorted order,
 * skipping hidden entries and node_modules; symlinked folders are followed once (loops are cut).
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { withoutCompressionExtension } from './decompress.js';
import { compileGlobs } from './glob.js';

export type FileKind = 'text' | 'html' | 'jsonl' | 'csv' | 'parquet';

const KINDS: Readonly<Record<string, FileKind>> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'text',
  '.markdown': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.parquet': 'parquet',
};

export const SUPPORTED_EXTENSIONS = Object.keys(KINDS);

/** By extension, looking through a compression extension (`x.jsonl.gz` is JSONL). */
export function kindOf(path: string): FileKind | undefined {
  return KINDS[extname(withoutCompressionExtension(path)).toLowerCase()];
}

export interface FoundFile {
  /** Where to read it. */
  path: string;
  /** The document id: relative to the folder argument, or the file argument as given. */
  id: string;
  kind: FileKind;
}

export type Found = { kind: 'file'; file: FoundFile } | { kind: 'problem'; id: string; reason: string; fatal: boolean };

export interface DiscoverOptions {
  include?: readonly string[];
  exclude?: readonly string[];
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function errorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'symbolic link loop';
  if (code === 'ENOTDIR') return 'not a directory';
  return error instanceof Error ? error.message : String(error);
}

export { errorReason };

export async function* discoverFiles(paths: readonly string[], options: DiscoverOptions = {}): AsyncGenerator<Found> {
  const included = options.include && options.include.length > 0 ? compileGlobs(options.include) : () => true;
  const excluded = options.exclude && options.exclude.length > 0 ? compileGlobs(options.exclude) : () => false;
  for (const given of paths) {
    let info;
    try {
      info = await stat(given);
    } catch (error) {
      yield { kind: 'problem', id: given, reason: errorReason(error), fatal: true };
      continue;
    }
    if (info.isDirectory()) {
      const visited = new Set<string>();
      for await (const found of walk(given, given, visited)) {
        if (found.kind === 'file') {
          const rel = found.file.id;
          if (!included(rel) || excluded(rel)) continue;
        }
        yield found;
      }
    } else if (info.isFile()) {
      // A file named explicitly is read even without a known extension: as plain text.
      yield { kind: 'file', file: { path: given, id: toPosix(given), kind: kindOf(given) ?? 'text' } };
    } else {
      yield { kind: 'problem', id: given, reason: 'not a regular file or folder', fatal: true };
    }
  }
}

async function* walk(root: string, dir: string, visited: Set<string>): AsyncGenerator<Found> {
  let real: string;
  let entries;
  try {
    real = await realpath(dir);
    if (visited.has(real)) {
      yield { kind: 'problem', id: toPosix(relative(root, dir)) || '.', reason: 'symbolic link loop (folder already read)', fatal: false };
      return;
    }
    visited.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    yield { kind: 'problem', id: toPosix(relative(root, dir)) || toPosix(dir), reason: errorReason(error), fatal: false };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    const id = toPosix(relative(root, full));
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        yield { kind: 'problem', id, reason: errorReason(error), fatal: false };
        continue;
      }
    }
    if (isDir) yield* walk(root, full, visited);
    else if (isFile) {
      const kind = kindOf(entry.name);
      if (kind !== undefined) yield { kind: 'file', file: { path: full, id, kind } };
    }
  }
}
