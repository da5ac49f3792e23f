/**
 * A CommonJS package loaded on its first use, synchronously. Packages that only some inputs need (the HTML
 * parser, the decompressors, the charset guesser) were most of every command's start when imported at the
 * top: linkedom alone was 270 ms. Their CommonJS builds keep the callers synchronous.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazily<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
