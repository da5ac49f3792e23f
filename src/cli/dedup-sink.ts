/**
 * Where `cluster dedup` writes: a file, written atomically (a temporary file beside it, renamed over it
 * when complete; gzip-compressed when its name ends in .gz), a device or FIFO written in place, or
 * standard output. Writes wait for the stream to drain, so a slow reader never makes the kept records pile
 * up in memory.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { systemErrorText, UsageError } from './errors.js';
import { gzipsOutput } from './output-target.js';
import { keepPermissions, resolveWriteTarget, temporaryPath } from './write-atomic.js';

export interface ByteSink {
  write(bytes: Uint8Array | string): Promise<void>;
  /** Makes the output final (the rename, for a file). */
  commit(): Promise<void>;
  /** Leaves no trace (removes the temporary file). */
  abort(): Promise<void>;
}

async function writeTo(stream: Writable, bytes: Uint8Array | string): Promise<void> {
  if (!stream.write(bytes)) await once(stream, 'drain');
}

/** Resolves when the file is closed, after an error too (`once` would reject with the error, unnamed). */
function closed(file: WriteStream): Promise<void> {
  return file.closed ? Promise.resolve() : new Promise((resolve) => file.once('close', () => resolve()));
}

/**
 * A sink that writes `path` (named in errors as `label path`, never as the temporary file): atomically
 * through a temporary file beside the file a symbolic link leads to, or in place when the target is a
 * device or a FIFO (see resolveWriteTarget).
 */
export async function openFileSink(path: string, label: string): Promise<ByteSink> {
  const named = (error: unknown): UsageError => new UsageError(`${label} ${path}: ${systemErrorText(error)}`);
  const target = await resolveWriteTarget(path).catch((error: unknown) => {
    throw named(error);
  });
  const written = target.direct ? target.path : temporaryPath(target.path);
  const file = createWriteStream(written, { flags: target.direct ? 'w' : 'wx' });
  const gzip = gzipsOutput(path) ? createGzip() : undefined;
  if (gzip) gzip.pipe(file);
  const head: Writable = gzip ?? file;
  let failure: UsageError | undefined;
  const fail = (error: Error): void => {
    failure ??= named(error);
  };
  file.on('error', fail);
  gzip?.on('error', fail);
  return {
    async write(bytes) {
      if (failure) throw failure;
      await writeTo(head, bytes);
    },
    async commit() {
      if (failure) throw failure;
      const done = closed(file);
      head.end();
      await done;
      if (failure) throw failure;
      if (target.direct) return;
      try {
        await keepPermissions(written, target);
        await rename(written, target.path);
      } catch (error) {
        throw named(error);
      }
    },
    async abort() {
      // The file is opened asynchronously: removed before its open completes, it would be created after.
      const done = closed(file);
      head.destroy();
      file.destroy();
      await done;
      if (!target.direct) await rm(written, { force: true });
    },
  };
}

/** Standard output (or any stream the caller owns): never ended here. A reader that went away (`| head`)
 * is not an error: the rest is dropped. */
export function streamSink(stream: Writable): ByteSink {
  let gone = false;
  stream.on('error', () => {
    gone = true;
  });
  return {
    async write(bytes) {
      if (gone || stream.destroyed) return;
      if (!stream.write(bytes)) await Promise.race([once(stream, 'drain'), once(stream, 'close')]).catch(() => undefined);
    },
    commit: async () => undefined,
    abort: async () => undefined,
  };
}

/** A sink over a text writer (tests that call main() with string callbacks). */
export function textSink(write: (text: string) => void): ByteSink {
  const decoder = new TextDecoder();
  return {
    write: async (bytes) => write(typeof bytes === 'string' ? bytes : decoder.decode(bytes, { stream: true })),
    commit: async () => undefined,
    abort: async () => undefined,
  };
}
