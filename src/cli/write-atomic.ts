import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Write via a temporary file in the same folder and rename it over the target, so a reader never sees
 * half a report and an interrupted run leaves the old file intact. */
export async function writeFileAtomic(path: string, data: string, signal?: AbortSignal): Promise<void> {
  const temp = temporaryPath(path);
  try {
    await writeFile(temp, data, { encoding: 'utf8', flag: 'wx', ...(signal ? { signal } : {}) });
    signal?.throwIfAborted();
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** A hidden temporary file beside `path`, named after it and this process, to be renamed over it. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}
