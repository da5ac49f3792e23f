/** A binary max-heap keyed by a number, for the agglomerative merge loop. */
export class MaxHeap<T> {
  private readonly keys: number[] = [];
  private readonly items: T[] = [];

  get length(): number {
    return this.keys.length;
  }

  push(key: number, item: T): void {
    this.keys.push(key);
    this.items.push(item);
    let i = this.keys.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.keys[parent] ?? 0) >= key) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): { key: number; item: T } | undefined {
    if (this.keys.length === 0) return undefined;
    const top = { key: this.keys[0] ?? 0, item: this.items[0] as T };
    const lastKey = this.keys.pop() ?? 0;
    const lastItem = this.items.pop() as T;
    if (this.keys.length > 0) {
      this.keys[0] = lastKey;
      this.items[0] = lastItem;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(start: number): void {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < this.keys.length && (this.keys[left] ?? 0) > (this.keys[largest] ?? 0)) largest = left;
      if (right < this.keys.length && (this.keys[right] ?? 0) > (this.keys[largest] ?? 0)) largest = right;
      if (largest === i) return;
      this.swap(i, largest);
      i = largest;
    }
  }

  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b] ?? 0, this.keys[a] ?? 0];
    [this.items[a], this.items[b]] = [this.items[b] as T, this.items[a] as T];
  }
}
