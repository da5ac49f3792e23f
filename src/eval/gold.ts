/** Gold labels of a JSONL dataset, streamed: id → label. Lines without the fields are left out. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

function asLabel(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export async function readGoldLabels(path: string, idField: string, goldField: string): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line.replace(/^\uFEFF/, ''));
    } catch {
      continue;
    }
    if (typeof record !== 'object' || record === null) continue;
    const fields = record as Record<string, unknown>;
    const id = asLabel(fields[idField]) ?? `${path}:${number}`;
    const label = asLabel(fields[goldField]);
    if (label !== undefined) labels.set(id, label);
  }
  return labels;
}
