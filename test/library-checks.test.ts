/** The library's checks on what a JavaScript caller may hand it: each wrong value is an error that names
 * the parameter as the library knows it, thrown before any work, never a crash deep inside. */
import { describe, expect, it } from 'vitest';
import { ParameterError, resolveParams } from '../src/params.js';
import { clusterDocuments, clusterStream } from '../src/pipeline.js';

describe('a ParameterError shows the value given', () => {
  it.each([
    [{ threshold: Number.NaN }, 'threshold must be a number above 0 and at most 1, got NaN'],
    [{ minSize: Number.POSITIVE_INFINITY }, 'minSize must be a whole number of at least 1, got Infinity'],
    [{ numPerm: 10n }, 'numPerm must be a whole number from 16 to 1024, got 10n'],
    [{ mode: null }, 'mode must be one of duplicate, rewrite, story, got null'],
  ])('%s', (options, message) => {
    expect(() => resolveParams(options as never)).toThrow(ParameterError);
    expect(() => resolveParams(options as never)).toThrow(message);
  });
});

describe('clusterStream checks its worker count', () => {
  it.each([0, -1, 2.5, Number.NaN, 65, '2'])('%s', async (workers) => {
    const run = clusterStream([{ id: 'a', text: 'x' }], { workers: workers as number });
    await expect(run).rejects.toThrow(ParameterError);
    await expect(run).rejects.toThrow(/^workers must be a whole number from 1 to 64, got /);
  });
});

describe('options must be an object', () => {
  it.each([null, 'rewrite', 5, [{ mode: 'story' }]])('%j', (options) => {
    expect(() => clusterDocuments([], options as never)).toThrow(TypeError);
    expect(() => clusterDocuments([], options as never)).toThrow(/^options must be an object such as \{ mode: 'rewrite' \}, got /);
  });

  it('absent options are the defaults', () => {
    expect(clusterDocuments([], undefined).params).toEqual(clusterDocuments([], {}).params);
  });
});

describe('boolean options are booleans', () => {
  it.each([
    [{ explain: 1 }, 'explain must be true or false, got 1'],
    [{ pairs: 'yes' }, 'pairs must be true or false, got "yes"'],
    [{ all: 'yes' }, 'all must be true or false, got "yes"'],
  ])('%j', (options, message) => {
    expect(() => clusterDocuments([], options as never)).toThrow(ParameterError);
    expect(() => clusterDocuments([], options as never)).toThrow(message);
  });
});
