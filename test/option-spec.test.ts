/** One option spec: the library's checks, the CLI's flags, the config file and its JSON Schema read it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../src/cli/config-file.js';
import { UsageError } from '../src/cli/errors.js';
import { toConfig } from '../src/cli/program.js';
import { configSchema } from '../src/options/schema.js';
import { OPTIONS, describeRange, expectedFor, helpSuffix, specOf, type NumberSpec } from '../src/options/spec.js';
import { ParameterError, resolveParams } from '../src/params.js';
import { clusterDocuments } from '../src/pipeline.js';
import { ROOT } from './cli-run.js';

describe('the spec', () => {
  it('has one entry per key and per flag', () => {
    expect(new Set(OPTIONS.map((o) => o.key)).size).toBe(OPTIONS.length);
    expect(new Set(OPTIONS.map((o) => o.flag)).size).toBe(OPTIONS.length);
  });

  it('says what a value must be, for errors and --help', () => {
    expect(describeRange(specOf('numPerm') as NumberSpec)).toBe('a whole number from 16 to 1024');
    expect(describeRange(specOf('threshold') as NumberSpec)).toBe('a number above 0 and at most 1');
    expect(describeRange(specOf('minSize') as NumberSpec)).toBe('a whole number of at least 1');
    expect(expectedFor(specOf('numPerm'), 64)).toBeUndefined();
    expect(expectedFor(specOf('numPerm'), 12.5)).toBe('a whole number from 16 to 1024');
    expect(expectedFor(specOf('mode'), 'fuzzy')).toBe('one of duplicate, rewrite, story');
    expect(helpSuffix(specOf('numPerm'))).toBe(' (16-1024; default: 128)');
  });

  it('includes pairs for the core', () => {
    expect(specOf('pairs')).toMatchObject({ type: 'boolean', scope: 'library' });
    expect(toConfig([], { pairs: true }).cluster.pairs).toBe(true);
  });
});

describe('library errors name options as the library knows them', () => {
  it.each([
    [{ numPerm: 8 }, 'numPerm must be a whole number from 16 to 1024, got 8'],
    [{ shingleSize: 0 }, 'shingleSize must be a whole number from 1 to 10, got 0'],
    [{ threshold: 0 }, 'threshold must be a number above 0 and at most 1, got 0'],
    [{ numPerm: 64, bands: 100 }, 'bands must be a whole number from 1 to numPerm (64), got 100'],
    [{ all: true, minSize: 3 }, 'minSize must be 1 when all is given, got 3'],
  ])('%j', (options, message) => {
    expect(() => resolveParams(options)).toThrow(ParameterError);
    expect(() => resolveParams(options)).toThrow(message);
  });

  it('accepts a language code in capitals', () => {
    expect(resolveParams({ lang: 'EN' }).params.lang).toBe('en');
  });

  it('honours minSize when all is given without a larger one', () => {
    expect(resolveParams({ all: true }).params.minSize).toBe(1);
  });
});

describe('clusterDocuments checks its input', () => {
  it('a string is not a document: a TypeError that says what one is', () => {
    expect(() => clusterDocuments(['a string' as never])).toThrow(TypeError);
    expect(() => clusterDocuments(['a string' as never])).toThrow(
      'documents[0] is the string "a string"; a document is an object { id: string, text: string, title?: string }',
    );
  });

  it('an empty id or a missing text is named', () => {
    expect(() => clusterDocuments([{ id: '', text: 'x' }])).toThrow(/documents\[0\]\.id is empty/);
    expect(() => clusterDocuments([{ id: 'a', text: 'x' }, { id: 'b' } as never])).toThrow(/documents\[1\] \(id "b"\): text is missing/);
  });
});

describe('the config file', () => {
  it('takes options by their library names', () => {
    expect(validateConfig({ numPerm: 64, format: 'json', include: ['*.txt'] }, 'c.json')).toEqual({
      numPerm: 64,
      format: 'json',
      include: ['*.txt'],
    });
  });

  it.each([
    [[1], 'c.json: the config must be a JSON object of options'],
    [{ numPerm: 5 }, 'c.json: numPerm must be a whole number from 16 to 1024, got 5'],
    [{ 'num-perm': 64 }, 'c.json: unknown option "num-perm" (did you mean "numPerm"?)'],
    [{ output: 'x.json' }, 'c.json: "output" can only be given on the command line'],
    [{ mode: 'fuzzy' }, 'c.json: mode must be one of duplicate, rewrite, story, got "fuzzy"'],
    [{ lang: 'zz' }, 'c.json: lang must be auto or an ISO 639-1 code'],
    [{ numPerm: 64, bands: 100 }, 'c.json: bands must be a whole number from 1 to numPerm (64), got 100'],
  ])('%j is refused', (data, message) => {
    expect(() => validateConfig(data, 'c.json')).toThrow(UsageError);
    expect(() => validateConfig(data, 'c.json')).toThrow(message);
  });

  it('has a published JSON Schema that matches the spec (npm run schema)', () => {
    const file = JSON.parse(readFileSync(join(ROOT, 'schema', 'wirecluster.config.schema.json'), 'utf8')) as unknown;
    expect(file).toEqual(configSchema());
  });
});

describe('flags to a config', () => {
  it('--json with another --format is a usage error', () => {
    expect(() => toConfig([], { json: true, format: 'csv' })).toThrow('--json and --format csv contradict each other');
    expect(toConfig([], { json: true, format: 'json' }).format).toBe('json');
  });

  it('-o - is standard output', () => {
    expect(toConfig([], { output: '-' }).output).toBeUndefined();
  });

  it('--delimiter tab is a tab', () => {
    expect(toConfig([], { delimiter: 'tab' }).delimiter).toBe('\t');
    expect(() => toConfig([], { delimiter: ';;' })).toThrow('--delimiter must be one character');
  });

  it('library errors become flag errors', () => {
    expect(() => toConfig([], { all: true, minSize: 3 })).toThrow('--min-size must be 1 when --all is given, got "3"');
  });
});
