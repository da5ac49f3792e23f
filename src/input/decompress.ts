/**
 * Compressed input, recognised by its magic bytes (an extension can lie; the first bytes cannot) and
 * inflated as a stream, so a compressed dataset never sits whole in memory.
 * gzip: node's zlib. zstd: fzstd (pure JS; node's own zstd needs Node 22). bzip2: unbzip2-stream (pure JS).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform, type Duplex, type TransformCallback } from 'node:stream';
import { createGunzip, createInflateRaw } from 'node:zlib';
import { lazily } from '../lazy-require.js';

// Loaded with the first compressed file of their kind.
const fzstd = lazily<typeof import('fzstd')>('fzstd');
// Its CommonJS export is the function itself (unbzip2-stream.d.ts types the ES default).
const unbzip2 = lazily<typeof import('unbzip2-stream')['default']>('unbzip2-stream');

export type Compression = 'gzip' | 'zstd' | 'bzip2';

/** Extensions of compressed files: `x.jsonl.gz` is a JSONL dataset, `x.csv.zst` a CSV one. */
const EXTENSIONS: Readonly<Record<string, Compression>> = {
  '.gz': 'gzip',
  '.gzip': 'gzip',
  '.zst': 'zstd',
  '.zstd': 'zstd',
  '.bz2': 'bzip2',
};

/** The path without its compression extension (`a/x.jsonl.gz` → `a/x.jsonl`). */
export function withoutCompressionExtension(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > 0 && EXTENSIONS[path.slice(dot).toLowerCase()] !== undefined ? path.slice(0, dot) : path;
}

/** How many leading bytes the sniffers below need. */
const MAGIC_BYTES = 4;

export function compressionOf(head: Uint8Array): Compression | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  // "BZh" then the block size digit 1-9.
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 && (head[3] ?? 0) >= 0x31 && (head[3] ?? 0) <= 0x39) return 'bzip2';
  return undefined;
}

export function isParquet(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
}

/** The first bytes of a file (fewer when it is shorter). */
export async function readHead(path: string | Buffer, length = MAGIC_BYTES): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** zstd frames through fzstd's streaming decoder. */
class ZstdStream extends Transform {
  private readonly decoder = new (fzstd().Decompress)((data) => {
    // fzstd may reuse its window buffer after the callback returns.
    this.push(Buffer.from(data));
  });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.run(() => this.decoder.push(chunk), done);
  }

  override _flush(done: TransformCallback): void {
    this.run(() => this.decoder.push(new Uint8Array(0), true), done);
  }

  private run(step: () => void, done: TransformCallback): void {
    try {
      step();
      done();
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function inflater(compression: Compression): Duplex {
  if (compression === 'gzip') return createGunzip();
  if (compression === 'zstd') return new ZstdStream();
  return unbzip2()();
}

/** A byte stream through the decompressor; an error of the source ends it too. */
function decompress(source: Readable, compression: Compression): Readable {
  const inflate = inflater(compression);
  if (inflate instanceof Transform) return decompressWith(source, inflate);
  source.on('error', (error) => inflate.destroy(error));
  inflate.on('close', () => source.destroy());
  // unbzip2-stream is an old-style stream (no async iterator): its output goes on through a modern one.
  return Readable.from(
    drained(source.pipe(inflate), () => source.destroy()),
    { objectMode: false },
  );
}

function decompressWith(source: Readable, inflate: Transform): Readable {
  source.on('error', (error) => inflate.destroy(error));
  inflate.on('close', () => source.destroy());
  return source.pipe(inflate);
}

/**
 * An old-style stream's chunks, then its error, if any, once every chunk before it is read. (Piped into a
 * PassThrough destroyed on the error, what was decoded but not yet read was lost: a bzip2 file damaged at
 * three quarters gave 2,000 of its 13,700 readable records.)
 */
async function* drained(old: Duplex, done: () => void): AsyncGenerator<Buffer> {
  const chunks: Buffer[] = [];
  let ended = false;
  let failure: unknown;
  let wake = (): void => undefined;
  old.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    old.pause();
    wake();
  });
  old.on('end', () => {
    ended = true;
    wake();
  });
  old.on('error', (error: unknown) => {
    failure ??= error;
    wake();
  });
  try {
    for (;;) {
      const chunk = chunks.shift();
      if (chunk !== undefined) yield chunk;
      else if (failure !== undefined) throw failure;
      else if (ended) return;
      else {
        const next = new Promise<void>((resolve) => {
          wake = resolve;
        });
        old.resume();
        await next;
      }
    }
  } finally {
    old.destroy();
    done();
  }
}

/**
 * A byte stream decompressed when its first bytes say so (standard input: `curl … | cluster -` with a
 * `.jsonl.gz` behind the URL), as a file is; the compression found, if any, names its errors.
 */
export async function sniffedStream(
  input: AsyncIterable<Uint8Array | string>,
): Promise<{ bytes: AsyncIterable<Uint8Array | string>; compression: Compression | undefined }> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Array<Uint8Array | string> = [];
  let length = 0;
  let ended = false;
  while (length < MAGIC_BYTES) {
    const next = await iterator.next();
    if (next.done === true) {
      ended = true;
      break;
    }
    head.push(next.value);
    length += next.value.length;
  }
  async function* whole(): AsyncGenerator<Uint8Array | string> {
    yield* head;
    if (ended) return;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
  }
  const first = head.every((chunk) => typeof chunk !== 'string') ? Buffer.concat(head as Uint8Array[]) : undefined;
  const compression = first === undefined ? undefined : compressionOf(first);
  return { bytes: compression === undefined ? whole() : decompress(Readable.from(whole()), compression), compression };
}

const READ_CHUNK = 1 << 20;
// zlib's output buffer: at its default of 16 kB, a 355 MB .jsonl.gz took 1.6 s to inflate, at 64 kB 0.85 s
// (fewer round trips to the thread pool).
const INFLATE_CHUNK = 1 << 16;

/** The bytes of a file, decompressed when its magic bytes say so. */
export function openBytes(path: string | Buffer, compression: Compression | undefined): Readable {
  if (compression === 'gzip') return Readable.from(gunzipFile(path), { objectMode: false });
  const source = createReadStream(path, { highWaterMark: READ_CHUNK });
  return compression === undefined ? source : decompress(source, compression);
}

/** Bytes after the last gzip member that are not gzip: every byte before them was given (gzip -dc says
 * "trailing garbage ignored"). */
export class TrailingData extends Error {
  override name = 'TrailingData';
}

/**
 * A gzip file, inflated by node's zlib as it streams. Node drops what the write that fails had inflated
 * (up to its output buffer): bytes that are not gzip after a complete member cost the last records before
 * them (19 of 3,000 in the file that showed it), which `gzip -dc` gives, and so did a member whose check fails. So after a data
 * error the file is inflated again member by member (see inflateMembers), which ends each member cleanly;
 * only a damaged file pays for the second pass.
 */
async function* gunzipFile(path: string | Buffer): AsyncGenerator<Buffer> {
  const inflate = createGunzip({ chunkSize: INFLATE_CHUNK });
  let given = 0;
  try {
    for await (const chunk of decompressWith(createReadStream(path, { highWaterMark: READ_CHUNK }), inflate)) {
      given += chunk.length;
      yield chunk;
    }
    return;
  } catch (error) {
    // A truncated file (Z_BUF_ERROR) fails on no input at all, so nothing inflated was dropped.
    if (zlibCode(error) !== 'Z_DATA_ERROR') throw error;
    yield* afterFailure(inflateMembers(path, error, inflate.bytesWritten), given);
  }
}

/** What the second pass gives beyond the `given` bytes the first pass gave. */
async function* afterFailure(chunks: AsyncIterable<Buffer>, given: number): AsyncGenerator<Buffer> {
  let skip = given;
  for await (const chunk of chunks) {
    if (skip >= chunk.length) skip -= chunk.length;
    else {
      yield skip > 0 ? chunk.subarray(skip) : chunk;
      skip = 0;
    }
  }
}

function zlibCode(error: unknown): unknown {
  return (error as { code?: unknown } | undefined)?.code;
}

// zlib's errors on bytes where a member header should start.
const HEADER_ERRORS = new Set(['incorrect header check', 'unknown compression method', 'unknown header flags set', 'header crc mismatch']);

function isHeaderError(error: unknown): boolean {
  return error instanceof Error && HEADER_ERRORS.has(error.message);
}

/** Enough for any header but one with a name or comment of tens of kilobytes (none is taken further). */
const HEADER_READ = 1 << 16;
const GZIP_TRAILER = 8;

/**
 * The members of a gzip file inflated again, each by raw inflate from its header to its end: raw inflate
 * stops where the member's data ends, gives everything before, and says how much it read, so the next
 * header is found exactly. `failure` is the first pass's error and `failedAfter` where its failing write
 * began: the member that ends after it is the damaged one, whose output is given before the error is
 * thrown again; when that error was about a header, the bytes after the last member are TrailingData.
 * The members' checks are not made again: the first pass made those before the failure.
 */
async function* inflateMembers(path: string | Buffer, failure: unknown, failedAfter: number): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    for (let offset = 0; offset < size; ) {
      const head = Buffer.alloc(Math.min(HEADER_READ, size - offset));
      await handle.read(head, 0, head.length, offset);
      const header = gzipHeaderLength(head);
      if (header === undefined) {
        if (offset > 0 && isHeaderError(failure)) {
          const bytes = size - offset;
          throw new TrailingData(
            `${bytes} byte${bytes === 1 ? '' : 's'} after the end of the gzip data are not gzip; ignored, as gzip -dc ignores them`,
          );
        }
        break;
      }
      const data = new InflatedLength();
      try {
        yield* inflateRawFrom(path, offset + header, data);
      } catch {
        // The data itself is damaged: the first pass's error says so.
        break;
      }
      offset += header + data.read + GZIP_TRAILER;
      if (offset > failedAfter && !isHeaderError(failure)) break;
    }
  } finally {
    await handle.close();
  }
  throw failure;
}

/** How many compressed bytes a raw inflate read, once it has ended. */
class InflatedLength {
  read = 0;
}

/** One member's deflate data, from `start` to where it ends (the trailer and whatever follows are not read). */
async function* inflateRawFrom(path: string | Buffer, start: number, length: InflatedLength): AsyncGenerator<Buffer> {
  const inflate = createInflateRaw();
  // Ended before its input: destroyed here, or the async iterator would destroy it with an AbortError.
  inflate.once('end', () => {
    length.read = inflate.bytesWritten;
    inflate.destroy();
  });
  yield* decompressWith(createReadStream(path, { start, highWaterMark: READ_CHUNK }), inflate) as AsyncIterable<Buffer>;
}

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED_FLAGS = 0xe0;

/** The length of the gzip member header these bytes start with (RFC 1952), or undefined when they do not. */
function gzipHeaderLength(bytes: Buffer): number | undefined {
  const flags = bytes[3] ?? 0;
  if (bytes.length < 10 || bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 8 || (flags & RESERVED_FLAGS) !== 0) return undefined;
  let at = 10;
  if ((flags & FEXTRA) !== 0) at += 2 + (at + 2 <= bytes.length ? bytes.readUInt16LE(at) : 0);
  for (const field of [FNAME, FCOMMENT]) {
    if ((flags & field) === 0) continue;
    const end = bytes.indexOf(0, at);
    if (end < 0) return undefined;
    at = end + 1;
  }
  if ((flags & FHCRC) !== 0) {
    // zlib checks it ("header crc mismatch"); a header it refused must not be inflated here.
    if (at + 2 > bytes.length || (crc32(bytes.subarray(0, at)) & 0xffff) !== bytes.readUInt16LE(at)) return undefined;
    at += 2;
  }
  return at <= bytes.length ? at : undefined;
}

/** CRC-32 of a few bytes (a header's; node's zlib.crc32 needs Node 20.15). */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const NAMES: Readonly<Record<Compression, string>> = { gzip: 'gzip', zstd: 'zstd', bzip2: 'bzip2' };

/** A one-line reason for a stream that failed while being inflated ("truncated gzip data", …). `records`:
 * the input is a dataset, whose whole records before the fault were read; an article is all or nothing. */
export function decompressionReason(error: unknown, compression: Compression | undefined, records = true): string {
  const message = error instanceof Error ? error.message : String(error);
  if (compression === undefined) return message;
  const code = (error as { code?: unknown } | undefined)?.code;
  // zlib: Z_BUF_ERROR "unexpected end of file"; fzstd: UnexpectedEOF (5).
  if (code === 'Z_BUF_ERROR' || /unexpected end|eof/i.test(message) || (compression === 'zstd' && code === 5)) {
    return `truncated ${NAMES[compression]} data (${message})${records ? '; the records before the cut were read' : ''}`;
  }
  // unbzip2-stream fails on a cut stream with whatever its decoder tripped on.
  const what = compression === 'bzip2' ? 'corrupt or truncated' : 'corrupt';
  return `${what} ${NAMES[compression]} data (${message})${records ? '; the records before it were read' : ''}`;
}

/** Standard input cannot be inflated again as a file is (see gunzipFile), so after a gzip data error the
 * records that node's zlib dropped stay lost, and the reason says so. */
export function streamDecompressionReason(error: unknown, compression: Compression | undefined, records: boolean): string {
  const reason = decompressionReason(error, compression, records);
  if (compression !== 'gzip' || !records || zlibCode(error) !== 'Z_DATA_ERROR') return reason;
  return `${reason}, but for those in the last 16 kB before it (standard input is read once; from a file they are read too)`;
}
