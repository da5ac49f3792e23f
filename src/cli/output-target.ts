/**
 * An output (`--output`, `cluster dedup --removed`) is checked before the run, so an hour of clustering is
 * never lost to a typo: the folder must exist, the path must not be a folder, the place must be writable,
 * and (without --force) it must not be an input nor lie inside an input folder, compared by real paths
 * so a symlink does not get around it. Every message names the path as the user gave it.
 */
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import type { InputPath } from '../input/discover.js';
import { systemErrorText, UsageError } from './errors.js';
import { resolveWriteTarget, type WriteTarget } from './write-atomic.js';

/** Which option names the output, and what is written there (for the messages). */
export interface OutputRole {
  flag: string;
  what: string;
}

const REPORT: OutputRole = { flag: '--output', what: 'the report' };

// Real paths are compared as bytes: a name is bytes, and an input named by bytes that are not UTF-8
// (`--files-from`) has no string that finds it.
const BYTES = { encoding: 'buffer' } as const;
const SEP = Buffer.from(sep);

function joinBytes(folder: Buffer, name: Buffer): Buffer {
  return folder.subarray(folder.length - SEP.length).equals(SEP) ? Buffer.concat([folder, name]) : Buffer.concat([folder, SEP, name]);
}

async function realOrResolved(path: string): Promise<Buffer> {
  try {
    return await realpath(path, BYTES);
  } catch {
    return Buffer.from(resolve(path));
  }
}

/** The real path the output would have: its folder's real path and its own name. */
async function realTarget(output: string): Promise<Buffer> {
  try {
    return await realpath(output, BYTES);
  } catch {
    return joinBytes(await realOrResolved(dirname(output)), Buffer.from(basename(output)));
  }
}

/** An input's real path; undefined for one given as bytes that does not exist (it holds nothing). */
async function realInput(input: InputPath): Promise<Buffer | undefined> {
  return typeof input === 'string' ? realOrResolved(input) : realpath(input, BYTES).catch(() => undefined);
}

/** How the (real) target sits among the inputs: one of them, inside one of them, or neither. */
async function placeAmongInputs(target: string, inputs: readonly InputPath[]): Promise<string | undefined> {
  const real = await realTarget(target);
  for (const input of inputs) {
    if (input === '-') continue;
    const root = await realInput(input);
    if (root === undefined) continue;
    if (real.equals(root)) return 'is an input';
    const prefix = joinBytes(root, Buffer.alloc(0));
    if (real.subarray(0, prefix.length).equals(prefix)) return 'is inside an input folder';
  }
  return undefined;
}

/** Compressions that are read but not written: fzstd and unbzip2-stream only decompress. */
const READ_ONLY_COMPRESSIONS = ['.zst', '.bz2'];

/** Why an output name cannot be written, when it asks for a compression that is only read. */
function unwritableCompression(output: string): string | undefined {
  const lower = output.toLowerCase();
  const suffix = READ_ONLY_COMPRESSIONS.find((ending) => lower.endsWith(ending));
  return suffix === undefined ? undefined : `writing ${suffix} is not supported; name it .gz for gzip`;
}

/** Whether an output is written gzip-compressed: its name ends in .gz, as `cluster` reads such a file. */
export function gzipsOutput(output: string): boolean {
  return output.toLowerCase().endsWith('.gz');
}

/** Whether two outputs would land on the same file, links followed. */
export async function sameOutput(a: string, b: string): Promise<boolean> {
  const real = async (path: string): Promise<Buffer> => realTarget((await resolveWriteTarget(path)).path);
  const [first, second] = await Promise.all([real(a), real(b)]);
  return first.equals(second);
}

async function isWritable(path: string): Promise<boolean> {
  return access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
}

/** A device or FIFO is written in place; a file, through a temporary file beside it in its folder. */
async function checkWritable(output: string, target: WriteTarget, role: OutputRole): Promise<void> {
  if (target.direct) {
    if (!(await isWritable(target.path))) throw new UsageError(`${role.flag} ${output}: cannot write to it (permission denied)`);
    return;
  }
  const folder = dirname(target.path);
  const folderInfo = await stat(folder).catch(() => undefined);
  if (folderInfo === undefined) throw new UsageError(`${role.flag} ${output}: the folder ${folder} does not exist`);
  if (!folderInfo.isDirectory()) throw new UsageError(`${role.flag} ${output}: ${folder} is not a folder`);
  if (!(await isWritable(folder))) throw new UsageError(`${role.flag} ${output}: cannot write in ${folder} (permission denied)`);
}

export async function checkOutput(output: string, inputs: readonly InputPath[], force: boolean, role: OutputRole = REPORT): Promise<void> {
  const refused = unwritableCompression(output);
  if (refused !== undefined) throw new UsageError(`${role.flag} ${output}: ${refused}`);
  const target = await resolveWriteTarget(output).catch((error: unknown) => {
    throw new UsageError(`${role.flag} ${output}: ${systemErrorText(error)}`);
  });
  const info = await stat(target.path).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`${role.flag} ${output}: is a folder; give a file name`);
  await checkWritable(output, target, role);
  const place = force ? undefined : await placeAmongInputs(target.path, inputs);
  if (place !== undefined) throw new UsageError(`${role.flag} ${output} ${place}; write ${role.what} elsewhere (or add --force)`);
}
