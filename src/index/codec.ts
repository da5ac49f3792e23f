/**
 * A document's sketch as bytes for the store. The arrays are sorted, so each is written as varint gaps:
 * gaps between a few hundred well-mixed 32-bit hashes take 3–4 bytes instead of 4, and term frequencies
 * one byte. The identity fields (id, title, date, content hash) are columns of their own.
 */
import type { DocumentSketch } from './engine.js';

const FORMAT = 1;

export type SketchArrays = Pick<DocumentSketch, 'terms' | 'tf' | 'names' | 'shingles'>;

class Writer {
  private bytes = new Uint8Array(256);
  length = 0;

  varint(value: number): void {
    if (this.length + 5 > this.bytes.length) {
      const grown = new Uint8Array(2 * this.bytes.length + 5);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    let v = value >>> 0;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.length++] = v;
  }

  gaps(sorted: Uint32Array): void {
    this.varint(sorted.length);
    let previous = 0;
    for (const value of sorted) {
      this.varint(value - previous);
      previous = value;
    }
  }

  done(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

class Reader {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.bytes[this.at++];
      if (byte === undefined) throw new RangeError('sketch bytes end inside a number (damaged index)');
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value >>> 0;
    }
    throw new RangeError('sketch number longer than 5 bytes (damaged index)');
  }

  values(count: number, gaps: boolean): Uint32Array {
    const out = new Uint32Array(count);
    let previous = 0;
    for (let i = 0; i < count; i++) {
      previous = gaps ? (previous + this.varint()) >>> 0 : this.varint();
      out[i] = previous;
    }
    return out;
  }

  gaps(): Uint32Array {
    return this.values(this.varint(), true);
  }
}

export function encodeSketch(sketch: SketchArrays): Uint8Array {
  const out = new Writer();
  out.varint(FORMAT);
  out.gaps(sketch.terms);
  for (const count of sketch.tf) out.varint(count);
  out.gaps(sketch.names);
  out.gaps(sketch.shingles);
  return out.done();
}

export function decodeSketch(bytes: Uint8Array): SketchArrays {
  const read = new Reader(bytes);
  const format = read.varint();
  if (format !== FORMAT) throw new RangeError(`unknown sketch format ${format} (damaged index)`);
  const terms = read.gaps();
  const tf = read.values(terms.length, false);
  return { terms, tf, names: read.gaps(), shingles: read.gaps() };
}
