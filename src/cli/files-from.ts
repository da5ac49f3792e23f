/** `--files-from FILE` (`-`: standard input): paths one a line, or NUL-separated with `-0`, so that
 * `git ls-files -z | cluster --files-from - -0` works. Empty entries are ignored. The list is split as
 * bytes: a Linux file name is bytes, and one that is not UTF-8 is kept as its bytes so it can be opened. */
import { readFile } from 'node:fs/promises';
import type { InputPath } from '../input/discover.js';
import { UsageError } from './errors.js';

const NUL = 0x00;
const LF = 0x0a;
const CR = 0x0d;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function pathOf(bytes: Buffer): InputPath {
  let path: string;
  try {
    path = utf8.decode(bytes);
  } catch {
    return Buffer.from(bytes);
  }
  // A list names files: `-` in it is a file of that name (git ls-files lists one so), not standard input.
  return path === '-' ? './-' : path;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function splitPaths(bytes: Buffer, nul: boolean): InputPath[] {
  const paths: InputPath[] = [];
  const separator = nul ? NUL : LF;
  // A list saved by Notepad starts with a BOM, which no file name holds.
  for (let start = bytes.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0; start <= bytes.length; ) {
    const found = bytes.indexOf(separator, start);
    const end = found < 0 ? bytes.length : found;
    // A CRLF list (written on Windows) ends its lines in CR, which no name means to hold.
    const last = !nul && end > start && bytes[end - 1] === CR ? end - 1 : end;
    if (last > start) paths.push(pathOf(bytes.subarray(start, last)));
    start = end + 1;
  }
  return paths;
}

async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export async function readPathList(source: string, nul: boolean, stdin: AsyncIterable<Uint8Array | string>): Promise<InputPath[]> {
  if (source === '-') return splitPaths(await readAll(stdin), nul);
  try {
    return splitPaths(await readFile(source), nul);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : String(error);
    throw new UsageError(`--files-from ${source}: ${why}`);
  }
}
