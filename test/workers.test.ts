/** The streaming pipeline on worker threads gives the same bytes as the in-process one, whatever the
 * worker count. The worker file is the built one (npm test builds first). */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from '../src/input/read.js';
import { clusterDocuments, clusterStream, sketchDocuments, storyFrequenciesOf } from '../src/index.js';
import { BATCH_SIZE } from '../src/pipeline.js';
import type { ClusterResult, Document } from '../src/types.js';

/** The fixture articles as the CLI reads them, plus edited copies (two lines dropped each), enough for
 * several batches. */
async function corpus(): Promise<Document[]> {
  const base: Document[] = [];
  for await (const event of readInputs([join(import.meta.dirname, '..', 'fixtures')], { include: ['*.txt'] })) {
    if (event.kind === 'document') base.push(event.document);
  }
  const out: Document[] = [...base];
  for (let gap = 1; out.length < 3 * BATCH_SIZE + 17; gap++) {
    for (const doc of base) {
      const lines = doc.text.split('\n');
      for (let drop = 0; drop + gap < lines.length; drop += 3) {
        out.push({ id: `${doc.id}#${drop}+${gap}`, text: lines.filter((_, i) => i !== drop && i !== drop + gap).join('\n') });
      }
    }
  }
  return out;
}

const bytes = (result: ClusterResult): string => JSON.stringify({ ...result, stats: { ...result.stats, elapsedMs: 0 } });

async function* stream(documents: readonly Document[]): AsyncGenerator<Document> {
  for (const doc of documents) yield doc;
}

describe('clusterStream', () => {
  let documents: Document[] = [];
  let expected = '';
  beforeAll(async () => {
    documents = await corpus();
    expected = bytes(clusterDocuments(documents));
  });

  it('spans several batches and finds clusters', () => {
    expect(documents.length).toBeGreaterThan(3 * BATCH_SIZE);
    expect(JSON.parse(expected).stats.clusters).toBeGreaterThan(1);
  });

  for (const workers of [1, 2, 4]) {
    it(`gives the in-process result byte for byte with ${workers} worker(s)`, async () => {
      expect(bytes(await clusterStream(stream(documents), { workers }))).toBe(expected);
    });
  }

  it('reports progress through every stage and reads skipped inputs when the input ends', async () => {
    const stages = new Set<string>();
    const skipped = [{ id: 'early.bin', reason: 'not UTF-8 text' }];
    async function* withLateSkip(): AsyncGenerator<Document> {
      yield* stream(documents.slice(0, 40));
      skipped.push({ id: 'late.bin', reason: 'not UTF-8 text' });
    }
    const result = await clusterStream(withLateSkip(), { workers: 2, skipped, onProgress: (e) => stages.add(e.stage) });
    expect([...stages]).toEqual(['analyse', 'sketch', 'candidates', 'verify', 'cluster']);
    expect(result.skipped.map((s) => s.id)).toEqual(['early.bin', 'late.bin']);
  });

  it('weighs with a reference on the workers as on the calling thread', async () => {
    // The reference: the first hundred documents sketched alone, so that their words weigh less.
    const reference = storyFrequenciesOf(sketchDocuments(documents.slice(0, 100)).sketches);
    const weighed = bytes(clusterDocuments(documents, { reference }));
    expect(weighed).not.toBe(expected);
    expect(bytes(await clusterStream(stream(documents), { workers: 2, reference }))).toBe(weighed);
    // The same reference asked key by key, as a store answers (`--idf-from`): on the workers, and on the
    // calling thread for less than a batch.
    const table = new Map([...reference.keys].map((key, i) => [key, reference.counts[i] ?? 0]));
    const asked: number[] = [];
    const source = {
      countsOf: async (keys: Uint32Array) => {
        asked.push(keys.length);
        return keys.map((key) => table.get(key) ?? 0);
      },
    };
    expect(bytes(await clusterStream(stream(documents), { workers: 2, reference: source }))).toBe(weighed);
    const few = documents.slice(0, 40);
    expect(bytes(await clusterStream(stream(few), { workers: 2, reference: source }))).toBe(bytes(clusterDocuments(few, { reference })));
    expect(asked).toHaveLength(2);
    // A reference that holds every text of the run counts each story once: on the workers as on the
    // calling thread, asked for the same texts.
    const some = documents.slice(0, BATCH_SIZE + 100);
    const texts: number[] = [];
    const holdsAll = (hashes: readonly string[]): Uint8Array => {
      texts.push(hashes.length);
      return new Uint8Array(hashes.length).fill(1);
    };
    const held = await clusterStream(stream(some), {
      workers: 2,
      reference: { countsOf: source.countsOf, holds: async (h) => holdsAll(h) },
    });
    expect(held.stats.referenceHeld).toBeGreaterThan(0);
    const counts = (keys: Uint32Array): Uint32Array => keys.map((key) => table.get(key) ?? 0);
    expect(bytes(held)).toBe(bytes(clusterDocuments(some, { reference: { countsOf: counts, holds: holdsAll } })));
    expect(bytes(held)).not.toBe(bytes(clusterDocuments(some, { reference })));
    expect(texts).toHaveLength(2);
    expect(texts[0]).toBe(texts[1]);
  });

  it('refuses a reference that answers later in a run that cannot wait for it', () => {
    const reference = { countsOf: async (keys: Uint32Array) => new Uint32Array(keys.length) };
    expect(() => clusterDocuments(documents.slice(0, 10), { reference })).toThrow(/countsOf returned a promise; clusterStream takes/);
    const holding = { countsOf: (keys: Uint32Array) => new Uint32Array(keys.length), holds: async () => new Uint8Array(0) };
    expect(() => clusterDocuments(documents.slice(0, 10), { reference: holding })).toThrow(/holds returned a promise; clusterStream takes/);
  });

  it('refuses a reference that does not give one count a key', async () => {
    const reference = { countsOf: (keys: Uint32Array) => new Uint32Array(keys.length + 1) };
    await expect(clusterStream(stream(documents), { workers: 2, reference })).rejects.toThrow(/a reference gave \d+ counts for \d+ keys/);
  });

  it('gives the same bytes for less than one batch, which runs on the calling thread', async () => {
    const few = documents.slice(0, BATCH_SIZE - 1);
    expect(bytes(await clusterStream(stream(few), { workers: 2 }))).toBe(bytes(clusterDocuments(few)));
  });

  describe('cancelled by its signal', () => {
    // While reading, while the workers score pairs, and while they measure the assembly's pairs.
    for (const stage of ['analyse', 'verify', 'cluster'] as const) {
      it(`rejects with the signal's reason during ${stage}, and stops calling back`, async () => {
        const controller = new AbortController();
        const reason = new Error(`stopped during ${stage}`);
        const after: string[] = [];
        const run = clusterStream(stream(documents), {
          workers: 2,
          signal: controller.signal,
          onProgress: (event) => {
            if (controller.signal.aborted) after.push(event.stage);
            else if (event.stage === stage) controller.abort(reason);
          },
        });
        await expect(run).rejects.toBe(reason);
        // What was already running may report once; no later stage starts.
        const later = ['analyse', 'sketch', 'candidates', 'verify', 'cluster'].slice(
          ['analyse', 'sketch', 'candidates', 'verify', 'cluster'].indexOf(stage) + 1,
        );
        expect(after.filter((s) => later.includes(s))).toEqual([]);
      });
    }

    it('rejects at once when it is already aborted, as an AbortError without a reason of its own', async () => {
      let read = 0;
      async function* counted(): AsyncGenerator<Document> {
        for (const doc of documents) {
          read += 1;
          yield doc;
        }
      }
      await expect(clusterStream(counted(), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
      expect(read).toBe(0);
    });

    it('takes only an AbortSignal', async () => {
      await expect(clusterStream(stream(documents), { signal: {} as AbortSignal })).rejects.toThrow(
        'signal must be an AbortSignal, got object',
      );
    });

    it('runs to the end when it is not aborted', async () => {
      expect(bytes(await clusterStream(stream(documents), { workers: 2, signal: new AbortController().signal }))).toBe(expected);
    });
  });

  it('handles an empty input', async () => {
    const result = await clusterStream(stream([]), { workers: 2 });
    expect(result.stats.documents).toBe(0);
    expect(result.clusters).toEqual([]);
  });
});
