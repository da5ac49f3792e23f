import { chmod, lstat, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

/** Where a write to a path really lands. */
export interface WriteTarget {
  /** The path with its symbolic links followed (the path itself when it is not a link). */
  path: string;
  /** True for an existing file that is not a regular file (a device, a FIFO, a socket): a temporary file
   * renamed over it would replace `/dev/null` with a regular file, and atomicity means nothing there, so
   * it is written in place. */
  direct: boolean;
  /** The permission bits of the regular file being replaced; undefined when there is none. */
  mode?: number;
}

/** Linux's own limit (MAXSYMLINKS). */
const MAX_LINKS = 40;

/** The file a write to `path` should replace: a symbolic link is followed (even a dangling one, as the
 * shell's `>` does), so the link stays a link and its target gets the data. */
export async function resolveWriteTarget(path: string): Promise<WriteTarget> {
  let current = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const info = await lstat(current).catch(() => undefined);
    if (!info?.isSymbolicLink()) {
      const target = info === undefined ? undefined : await stat(current);
      const direct = target !== undefined && !target.isFile() && !target.isDirectory();
      return { path: current, direct, ...(target?.isFile() === true ? { mode: target.mode & 0o7777 } : {}) };
    }
    current = resolve(dirname(current), await readlink(current));
  }
  throw Object.assign(new Error(`ELOOP: too many symbolic links encountered, open '${path}'`), {
    code: 'ELOOP',
    errno: -constants.errno.ELOOP,
  });
}

/** Write via a temporary file in the same folder and rename it over the target, so a reader never sees
 * half a report and an interrupted run leaves the old file intact. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, signal?: AbortSignal): Promise<void> {
  const target = await resolveWriteTarget(path);
  const options = { encoding: typeof data === 'string' ? 'utf8' : null, ...(signal ? { signal } : {}) } as const;
  if (target.direct) {
    await writeFile(target.path, data, options);
    return;
  }
  const temp = temporaryPath(target.path);
  try {
    await writeFile(temp, data, { ...options, flag: 'wx' });
    signal?.throwIfAborted();
    await keepPermissions(temp, target);
    await rename(temp, target.path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** A hidden temporary file beside `path`, named after it and this process, to be renamed over it. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

/** A report replaced by a rename would get the new file's mode (0644 under the usual umask): a report kept
 * private with `chmod 600` became readable by everyone. The replacement takes the old file's bits, as `>`
 * (which rewrites the file in place) leaves them. */
export async function keepPermissions(temp: string, target: WriteTarget): Promise<void> {
  if (target.mode !== undefined) await chmod(temp, target.mode);
}
