/**
 * `--output` is checked before the run, so an hour of clustering is never lost to a typo: the folder must
 * exist, the path must not be a folder, the place must be writable, and (without --force) it must not lie
 * inside an input folder, compared by real paths so a symlink does not get around it. Every message
 * names the path as the user gave it.
 */
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import { UsageError } from './errors.js';

async function realOrResolved(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return resolve(path);
  }
}

/** The real path the output would have: its folder's real path and its own name. */
async function realTarget(output: string): Promise<string> {
  try {
    return await realpath(output);
  } catch {
    return resolve(await realOrResolved(dirname(output)), basename(output));
  }
}

async function isInside(output: string, inputs: readonly string[]): Promise<boolean> {
  const target = await realTarget(output);
  for (const input of inputs) {
    if (input === '-') continue;
    const root = await realOrResolved(input);
    if (target === root || target.startsWith(root.endsWith(sep) ? root : root + sep)) return true;
  }
  return false;
}

export async function checkOutput(output: string, inputs: readonly string[], force: boolean): Promise<void> {
  const folder = dirname(output);
  const folderInfo = await stat(folder).catch(() => undefined);
  if (folderInfo === undefined) throw new UsageError(`--output ${output}: the folder ${folder} does not exist`);
  if (!folderInfo.isDirectory()) throw new UsageError(`--output ${output}: ${folder} is not a folder`);
  const info = await stat(output).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`--output ${output}: is a folder; give a file name`);
  // The report is written to a temporary file beside the target and renamed, so the folder must be writable.
  const writable = await access(folder, constants.W_OK).then(
    () => true,
    () => false,
  );
  if (!writable) throw new UsageError(`--output ${output}: cannot write in ${folder} (permission denied)`);
  if (!force && (await isInside(output, inputs))) {
    throw new UsageError(`--output ${output} is inside an input folder; write the report elsewhere (or add --force)`);
  }
}
