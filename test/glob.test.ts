import { describe, expect, it } from 'vitest';
import { compileGlobs } from '../src/input/glob.js';

describe('compileGlobs', () => {
  it('matches a pattern with a slash against the whole relative path', () => {
    const match = compileGlobs(['afp-japan-us/*.txt']);
    expect(match('afp-japan-us/001.txt')).toBe(true);
    expect(match('distractors/001.txt')).toBe(false);
    expect(match('001.txt')).toBe(false);
    expect(compileGlobs(['afp-japan-us/**'])('afp-japan-us/2024/03/a.html')).toBe(true);
    expect(compileGlobs(['**/port-*'])('distractors/port-strike.txt')).toBe(true);
  });

  it('matches a pattern without a slash against the base name at any depth', () => {
    const match = compileGlobs(['*.txt']);
    expect(match('a.txt')).toBe(true);
    expect(match('deep/er/a.txt')).toBe(true);
    expect(match('deep/er/a.html')).toBe(false);
    expect(compileGlobs(['distractors'])('news/distractors')).toBe(true);
  });

  it('matches when any pattern of a mixed list does, and never with none', () => {
    const match = compileGlobs(['*.html', 'afp-japan-us/*.txt']);
    expect(match('site/page.html')).toBe(true);
    expect(match('afp-japan-us/001.txt')).toBe(true);
    expect(match('distractors/001.txt')).toBe(false);
    expect(compileGlobs([])('a.txt')).toBe(false);
  });

  it('matches dot files and braces', () => {
    expect(compileGlobs(['.hidden/*'])('.hidden/a.txt')).toBe(true);
    expect(compileGlobs(['{afp,wire}/*.txt'])('wire/a.txt')).toBe(true);
  });
});
