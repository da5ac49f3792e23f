/**
 * Paths on the command line to the files to read: folders are walked recursively in sorted order,
 * skipping hidden entries and node_modules. Symbolic links inside a folder are followed when they stay
 * inside it (or with `follow`), once (loops are cut). Names are read as bytes, so a file whose name is
 * not UTF-8 is still read; its id shows the bad bytes escaped. A path given as bytes (`--files-from`)
 * is read and named the same way. A file reached twice is found once, under the first name in that order.
 */
import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, sep } from 'node:path';
import { withoutCompressionExtension } from './decompress.js';
import { compileGlobs } from './glob.js';
import { StringColumn } from '../string-column.js';

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
  '.tsv': 'csv',
  '.parquet': 'parquet',
};

export const SUPPORTED_EXTENSIONS = Object.keys(KINDS);

/** By extension, looking through a compression extension (`x.jsonl.gz` is JSONL). */
export function kindOf(path: string): FileKind | undefined {
  return KINDS[extname(withoutCompressionExtension(path)).toLowerCase()];
}

/** A path to read: its bytes when they are not UTF-8 (a Linux name is bytes, and a string would lose them). */
export type InputPath = string | Buffer;

export interface FoundFile {
  /** Where to read it: bytes when the name is not valid UTF-8. */
  path: string | Buffer;
  /** The document id: relative to the folder argument, or the file argument as given. */
  id: string;
  kind: FileKind;
  /** Named on the command line: when it cannot be opened, that is an error, not a skip. */
  given?: true;
}

export type Found = { kind: 'file'; file: FoundFile } | { kind: 'problem'; id: string; reason: string; fatal: boolean };

export interface DiscoverOptions {
  include?: readonly string[];
  exclude?: readonly string[];
  /** Follow symbolic links that lead out of the folder being read. */
  follow?: boolean;
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

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A file name's bytes as text; bytes that are not UTF-8 are shown as `\xff`. */
function nameOf(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    let out = '';
    for (let i = 0; i < bytes.length; ) {
      const lead = bytes[i] as number;
      const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
      let text: string | undefined;
      if (length > 0) {
        try {
          text = utf8.decode(bytes.subarray(i, i + length));
        } catch {
          text = undefined;
        }
      }
      if (text === undefined || length === 0) {
        out += `\\x${lead.toString(16).padStart(2, '0')}`;
        i += 1;
      } else {
        out += text;
        i += length;
      }
    }
    return out;
  }
}

/** How a path is named in ids and messages: as it is, or with the bytes that are not UTF-8 escaped. */
export function showPath(path: InputPath): string {
  return typeof path === 'string' ? path : nameOf(path);
}

/** A path to hand to fs: a string when its bytes are UTF-8 (it round-trips), else the bytes. */
function fsPath(bytes: Buffer): string | Buffer {
  try {
    return utf8.decode(bytes);
  } catch {
    return bytes;
  }
}

// Real paths are compared as bytes: decoded, two names that differ only in bytes that are not UTF-8
// both read as U+FFFD (a sibling folder passed for the one already read), and a link whose target's
// name is not UTF-8 could not be opened by its decoded name.
const BYTES = { encoding: 'buffer' } as const;
const SEP = Buffer.from(sep);

function endsWithSep(path: Buffer): boolean {
  return path.length >= SEP.length && path.subarray(path.length - SEP.length).equals(SEP);
}

function isInside(path: Buffer, root: Buffer): boolean {
  if (path.equals(root)) return true;
  const prefix = endsWithSep(root) ? root : Buffer.concat([root, SEP]);
  return path.subarray(0, prefix.length).equals(prefix);
}

/** A folder given as `dir/` (shell completion adds the slash) must not make `dir//a.txt` of its files. */
function join(dir: Buffer, name: Buffer): Buffer {
  return endsWithSep(dir) ? Buffer.concat([dir, name]) : Buffer.concat([dir, SEP, name]);
}

interface Filters {
  included: (rel: string) => boolean;
  excluded: (rel: string) => boolean;
}

interface Walk {
  /** Real path of the folder given. */
  root: Buffer;
  follow: boolean;
  /** Real paths of the folders read, as latin1 strings (one character a byte, so distinct bytes stay distinct). */
  visited: Set<string>;
  filters: Filters;
}

/**
 * Files found so far, by device and inode. A file reached again (a folder and a file in it, overlapping
 * folders, a link beside its target, a hard link, a path given twice) was read twice and reported as a
 * copy of itself; it is now found once, under the first name in input order.
 */
class SeenFiles {
  /** Per device, each inode's place in the columns of names (a million files take tens of megabytes, not
   * hundreds as a string key and an object each did). */
  private readonly inodes = new Map<bigint, Map<bigint, number>>();
  private readonly shown = new StringColumn();
  private readonly ids = new StringColumn();

  /** The first name of a file found before, or undefined for a new file (now remembered). */
  async earlierName(file: FoundFile): Promise<{ shown: string; id: string } | undefined> {
    let dev: bigint;
    let ino: bigint;
    try {
      ({ dev, ino } = await stat(file.path, { bigint: true }));
    } catch {
      // Gone or unreadable since it was listed: reading it says so.
      return undefined;
    }
    // Some file systems (FAT through FUSE, a few network mounts) give every file inode 0.
    if (ino === 0n) return undefined;
    let device = this.inodes.get(dev);
    if (device === undefined) {
      device = new Map();
      this.inodes.set(dev, device);
    }
    const place = device.get(ino);
    if (place !== undefined) return { shown: this.shown.at(place) ?? '', id: this.ids.at(place) ?? '' };
    device.set(ino, this.shown.length);
    this.shown.push(shownPath(file.path));
    this.ids.push(file.id);
    return undefined;
  }
}

function shownPath(path: InputPath): string {
  return toPosix(showPath(path));
}

/** A later name of a file already found is skipped under its path, not its id (`x.txt` of a second
 * folder may be a kept document's id), with `(again)` when that path is the first one's id (`a.txt a.txt`). */
async function* onceEach(found: AsyncIterable<Found>): AsyncGenerator<Found> {
  const seen = new SeenFiles();
  for await (const item of found) {
    const earlier = item.kind === 'file' ? await seen.earlierName(item.file) : undefined;
    if (item.kind === 'problem' || earlier === undefined) {
      yield item;
      continue;
    }
    const shown = shownPath(item.file.path);
    const id = shown === earlier.id ? `${shown} (again)` : shown;
    // `cluster a a/today` reaches a/today/x.txt twice under one path: "same file as" itself reads as a riddle.
    const reason = shown === earlier.shown ? 'reached twice among the inputs; read once' : `same file as "${earlier.shown}", already read`;
    yield { kind: 'problem', id, reason, fatal: false };
  }
}

/**
 * The files under `paths`, in input order: the paths in the order given, each folder depth first in the
 * byte order of its names. A file reached under several names is found under the first of them, and the
 * others come as problems that skip them (see SeenFiles).
 */
export function discoverFiles(paths: readonly InputPath[], options: DiscoverOptions = {}): AsyncGenerator<Found> {
  return onceEach(discoverAll(paths, options));
}

async function* discoverAll(paths: readonly InputPath[], options: DiscoverOptions): AsyncGenerator<Found> {
  const filters: Filters = {
    included: options.include && options.include.length > 0 ? compileGlobs(options.include) : () => true,
    excluded: compileGlobs(options.exclude ?? []),
  };
  for (const given of paths) {
    // As given, with the bytes that are not UTF-8 escaped the way a folder walk escapes them.
    const shown = toPosix(showPath(given));
    let info: Stats;
    try {
      info = await stat(given);
    } catch (error) {
      yield { kind: 'problem', id: shown, reason: errorReason(error), fatal: true };
      continue;
    }
    if (info.isDirectory()) {
      const state: Walk = { root: await realpath(given, BYTES), follow: options.follow === true, visited: new Set(), filters };
      yield* walk(state, typeof given === 'string' ? Buffer.from(given) : given, '');
    } else if (info.isFile()) {
      // A file named explicitly is read even without a known extension: as plain text.
      yield { kind: 'file', file: { path: given, id: shown, kind: kindOf(shown) ?? 'text', given: true } };
    } else {
      yield { kind: 'problem', id: shown, reason: 'not a regular file or folder', fatal: true };
    }
  }
}

function specialKind(entry: Dirent<Buffer>): string | undefined {
  if (entry.isFIFO()) return 'a named pipe (FIFO)';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice() || entry.isBlockDevice()) return 'a device';
  return undefined;
}

type EntryKind = { kind: 'dir' | 'file' } | { kind: 'problem'; reason: string } | { kind: 'ignore' };

/** What an entry is, following a symbolic link only when it stays inside the folder given (or --follow). */
async function entryKind(state: Walk, entry: Dirent<Buffer>, full: Buffer): Promise<EntryKind> {
  if (entry.isDirectory()) return { kind: 'dir' };
  if (entry.isFile()) return { kind: 'file' };
  const special = specialKind(entry);
  if (special !== undefined) return { kind: 'problem', reason: `not a regular file: ${special}` };
  if (!entry.isSymbolicLink()) return { kind: 'ignore' };
  try {
    const target = await realpath(full, BYTES);
    if (!state.follow && !isInside(target, state.root)) {
      return { kind: 'problem', reason: 'symbolic link that leads out of the folder; not followed (use --follow)' };
    }
    const info = await stat(target);
    if (info.isDirectory()) return { kind: 'dir' };
    if (info.isFile()) return { kind: 'file' };
    return { kind: 'problem', reason: 'symbolic link to something that is not a regular file' };
  } catch (error) {
    return { kind: 'problem', reason: errorReason(error) };
  }
}

async function* walk(state: Walk, dir: Buffer, rel: string): AsyncGenerator<Found> {
  let entries: Array<Dirent<Buffer>>;
  try {
    const real = (await realpath(dir, BYTES)).toString('latin1');
    if (state.visited.has(real)) {
      yield { kind: 'problem', id: rel || '.', reason: 'symbolic link loop (folder already read)', fatal: false };
      return;
    }
    state.visited.add(real);
    entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    // The folder named on the command line is an error when it cannot be listed; a folder inside it is skipped.
    yield { kind: 'problem', id: rel || nameOf(dir), reason: errorReason(error), fatal: rel === '' };
    return;
  }
  entries.sort((a, b) => Buffer.compare(a.name, b.name));
  for (const entry of entries) {
    const name = nameOf(entry.name);
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = join(dir, entry.name);
    const id = rel === '' ? name : `${rel}/${name}`;
    if (state.filters.excluded(id)) continue;
    const found = await entryKind(state, entry, full);
    if (found.kind === 'dir') yield* walk(state, full, id);
    else if (found.kind === 'problem') yield { kind: 'problem', id, reason: found.reason, fatal: false };
    else if (found.kind === 'file' && state.filters.included(id)) {
      const kind = kindOf(name);
      if (kind !== undefined) yield { kind: 'file', file: { path: fsPath(full), id, kind } };
    }
  }
}
