/** The fixture articles (fixtures/README.md), read as documents with ids `folder/file.txt`. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Document } from '../src/types.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export function load(folder: string): Document[] {
  return readdirSync(join(FIXTURES, folder))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ id: `${folder}/${f}`, text: readFileSync(join(FIXTURES, folder, f), 'utf8') }));
}
