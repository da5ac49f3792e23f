/**
 * Compressed input, recognised by its magic bytes (an extension can lie; the first bytes cannot) and
 * inflated as a stream, so a compressed dataset never sits whole in memory.
 * gzip: node's zlib. zstd: fzstd (pure JS; node's own zstd needs Node 22). bzip2: unbzip2-stream (pure JS).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform, type Duplex, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
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
  source.on('error', (error) => inflate.destroy(error));
  inflate.on('close', () => source.destroy());
  if (inflate instanceof Transform) return source.pipe(inflate);
  // unbzip2-stream is an old-style stream (no async iterator): its output goes on through a modern one.
  return Readable.from(
    drained(source.pipe(inflate), () => source.destroy()),
    { objectMode: false },
  );
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

/** The bytes of a file, decompressed when its magic bytes say so. */
export function openBytes(path: string | Buffer, compression: Compression | undefined): Readable {
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  return compression === undefined ? source : decompress(source, compression);
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
