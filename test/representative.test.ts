/** Which member of a group of near-copies represents it: the one a reader (and `dedup --keep
 * representative`) should get, the full text rather than a cut. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterDocuments } from '../src/pipeline.js';
import type { Document, Mode } from '../src/types.js';

const wire = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'afp-japan-us', '003_dd5119002caa63fa.txt'), 'utf8');
const paragraphs = wire.split(/\n\s*\n/).filter((p) => p.trim() !== '');
const upTo = (n: number): string => paragraphs.slice(0, n).join('\n\n');
const local =
  'In Okinawa, where most of the US troops in Japan are based, the prefectural governor said she would ask Tokyo for details of any change before the summit, and residents near the Kadena air base held a small protest on Monday evening.';

/** Outlets cut wire copy from the bottom: here the cut copies outnumber the full one. */
const cuts: Document[] = [
  { id: 'cut-a', text: upTo(paragraphs.length - 1) },
  { id: 'cut-b', text: upTo(paragraphs.length - 2) },
  { id: 'cut-c', text: upTo(paragraphs.length - 2).replace('ramping up', 'stepping up') },
  { id: 'cut-d', text: upTo(paragraphs.length - 1).replace('permanent', 'standing') },
];

function representativeOf(documents: Document[], mode: Mode): string | undefined {
  const { clusters } = clusterDocuments(documents, { mode });
  expect(clusters).toHaveLength(1);
  expect(clusters[0]?.size).toBe(documents.length);
  return clusters[0]?.representative;
}

describe('the representative of near-copies', () => {
  for (const mode of ['duplicate', 'rewrite'] as const) {
    it(`${mode}: is the full text when cut copies outnumber it, in any order`, () => {
      const documents = [...cuts, { id: 'full', text: wire }];
      expect(representativeOf(documents, mode)).toBe('full');
      expect(representativeOf([...documents].reverse(), mode)).toBe('full');
    });

    it(`${mode}: is the fullest text, a pasted local paragraph included: a cut and an addition look alike`, () => {
      // full-local holds full as full holds cut-a; telling an addition from a cut would take reading it.
      // Keeping the superset loses no text of the story.
      const documents = [...cuts, { id: 'full', text: wire }, { id: 'full-local', text: `${wire}\n\n${local}` }];
      expect(representativeOf(documents, mode)).toBe('full-local');
    });
  }

  it('story: is the most typical text, since there holding the others also means holding page furniture', () => {
    const nav = 'Home | World | Asia | Business | Sport\n\nShare on Facebook | Share on X | Email this article';
    const documents = [
      { id: 'clean', text: wire },
      { id: 'clean-2', text: wire.replace('ramping up', 'stepping up') },
      { id: 'in-page', text: `${nav}\n\n${wire}\n\n${nav}` },
    ];
    expect(representativeOf(documents, 'story')).not.toBe('in-page');
  });
});
