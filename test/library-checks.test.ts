/** The library's checks on what a JavaScript caller may hand it: each wrong value is an error that names
 * the parameter as the library knows it, thrown before any work, never a crash deep inside. */
import { describe, expect, it } from 'vitest';
import { ParameterError, resolveParams } from '../src/params.js';

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
