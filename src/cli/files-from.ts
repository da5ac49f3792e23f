/** `--files-from FILE` (`-`: standard input): paths one a line, or NUL-separated with `-0`, so that
 * `git ls-files -z | cluster --files-from - -0` works. Empty entries are ignored. */
import { readFile } from 'node:fs/promises';
import { UsageError } from './errors.js';

function splitPaths(text: string, nul: boolean): string[] {
  const parts = nul ? text.split('\0') : text.split(/\r?\n/);
  return parts.filter((p) => p !== '');
}

async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

export async function readPathList(source: string, nul: boolean, stdin: AsyncIterable<Uint8Array | string>): Promise<string[]> {
  if (source === '-') return splitPaths(await readAll(stdin), nul);
  try {
    return splitPaths(await readFile(source, 'utf8'), nul);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : String(error);
    throw new UsageError(`--files-from ${source}: ${why}`);
  }
}
