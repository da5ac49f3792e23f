/** A growable list of 32-bit unsigned values on one Uint32Array (no boxed numbers, no array per item). */
export class U32List {
  data = new Uint32Array(1024);
  length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const grown = new Uint32Array(Math.max(this.data.length * 2, this.length + extra));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }

  push(values: ArrayLike<number>): void {
    this.reserve(values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }

  pushOne(value: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = value;
  }

  /** A copy of the values, exactly as long as the list. */
  values(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}
