import { describe, expect, it } from 'vitest';
import { MIN_PASSAGE_TOKENS, sharedPassages } from '../src/cluster/explain.js';

const wire =
  'The harbour authority said gusts of up to 110 kilometres an hour were expected overnight. ' +
  'Schools on the two largest islands will remain closed on Friday, the council said.';

describe('sharedPassages', () => {
  it('quotes the longest shared run as it reads in the member, typography and all', () => {
    const member = 'STORM: Gusts of up to 110 kilometres an hour were expected overnight, officials warned.';
    const [first] = sharedPassages(member, wire);
    expect(first?.text).toBe('Gusts of up to 110 kilometres an hour were expected overnight');
    expect(first?.tokens).toBe(11);
  });

  it('finds nothing in unrelated text, and ignores runs shorter than the minimum', () => {
    expect(sharedPassages('A teenager won the national chess title on a tiebreak.', wire)).toEqual([]);
    const short = 'the two largest islands';
    expect(short.split(' ').length).toBeLessThan(MIN_PASSAGE_TOKENS);
    expect(sharedPassages(short, wire)).toEqual([]);
  });

  it('returns passages longest first, at most the requested number', () => {
    const member = `${wire} And one more unrelated sentence about apples and pears in autumn.`;
    const out = sharedPassages(member, wire, 1);
    expect(out).toHaveLength(1);
    expect(out[0]?.tokens).toBeGreaterThanOrEqual(MIN_PASSAGE_TOKENS);
  });
});

describe('sharedPassages across a paragraph the representative added', () => {
  const before = 'Mayor Ingrid Falkner said the cause of the fire was not yet known.';
  const after = 'We were lucky that the wind carried the smoke out to sea for most of the night.';
  const local = 'In nearby Oster the parish council opened its hall overnight for evacuated families.';

  it('quotes the text on each side as its own passage, never one quote bridging the insertion', () => {
    const out = sharedPassages(`${before} ${after}`, `${before} ${local} ${after}`);
    expect(out.map((p) => p.text)).toEqual([
      'We were lucky that the wind carried the smoke out to sea for most of the night',
      'Mayor Ingrid Falkner said the cause of the fire was not yet known',
    ]);
  });

  it('still quotes a shared run whole', () => {
    const out = sharedPassages(`${before} ${after}`, `${before} ${after}`);
    expect(out).toHaveLength(1);
    expect(out[0]?.tokens).toBe(30);
  });
});
