import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterDocuments } from '../src/pipeline.js';
import { ROOT, SEEDS, parseReport, runCli, tempDir } from './cli-run.js';

const SITES = join(ROOT, 'fixtures', 'html-sites');
const TRANSFER = 'chelsea-agree-fee-for-bakare.html';
const SIGNING = 'bakare-signs-for-chelsea.html';
const ACTRESS = 'adeyemi-to-open-toronto-festival.html';
let dir = '';
let cleanup = (): void => undefined;

/** A folder holding the named fixture pages under their .html names. */
function folder(name: string, pages: readonly string[], site = 'lagos-ledger'): string {
  const out = join(dir, name);
  mkdirSync(out, { recursive: true });
  for (const page of pages) copyFileSync(join(SITES, site, `${page}.fixture`), join(out, page));
  return out;
}

async function clusters(path: string, mode: string): Promise<string[][]> {
  const { code, stdout } = await runCli([path, '--json', '--mode', mode, '--workers', '1']);
  expect(code).toBe(0);
  return parseReport(stdout).clusters.map((c) => c.documents.map((d) => basename(d.id)).sort());
}

beforeAll(() => {
  ({ dir, cleanup } = tempDir('wirecluster-sites-'));
});
afterAll(() => cleanup());

describe('pages of one site (same menu, same "You may like" and comment paragraphs)', () => {
  it.each(['rewrite', 'story'])('%s: two pages about different stories are not clustered', async (mode) => {
    expect(await clusters(folder('two-stories', [TRANSFER, ACTRESS]), mode)).toEqual([]);
  });

  it.each(['rewrite', 'story'])(
    '%s: two pages about the same story are clustered, and a third page on another story stays out',
    async (mode) => {
      expect(await clusters(folder(`one-story-${mode}`, [TRANSFER, SIGNING]), mode)).toEqual([[SIGNING, TRANSFER].sort()]);
      expect(await clusters(folder('three-pages', [TRANSFER, SIGNING, ACTRESS]), mode)).toEqual([[SIGNING, TRANSFER].sort()]);
    },
  );

  it('members carry the page dates in JSON', async () => {
    const { stdout } = await runCli([folder('dates', [TRANSFER, SIGNING]), '--json']);
    const members =
      (JSON.parse(stdout) as { clusters: Array<{ documents: Array<{ id: string; date?: string }> }> }).clusters[0]?.documents ?? [];
    expect(Object.fromEntries(members.map((m) => [m.id, m.date]))).toEqual({
      [TRANSFER]: '2024-08-12T09:30:00+01:00',
      [SIGNING]: '2024-08-14T17:05:00+01:00',
    });
  });
});

describe('an Al Jazeera-like page (a form around the whole page)', () => {
  it('clusters with the other versions of its AFP story, in one folder with them', async () => {
    const out = folder('seeds', ['us-japan-military-ties.html'], 'aljazeera-like');
    for (const name of readdirSync(SEEDS).filter((f) => !f.startsWith('004_'))) copyFileSync(join(SEEDS, name), join(out, name));
    const groups = await clusters(out, 'rewrite');
    expect(groups).toHaveLength(1);
    expect(groups[0]).toHaveLength(5);
    expect(groups[0]).toContain('us-japan-military-ties.html');
  });
});

describe('pages of one site judged different stories', () => {
  it('are kept apart however low the threshold; on two sites they are joined', () => {
    const afp = readFileSync(join(SEEDS, '002_87b53d273ee130fd.txt'), 'utf8');
    const summit = readFileSync(join(ROOT, 'fixtures', 'distractors', 'kishida-biden-summit-april-2024.txt'), 'utf8');
    const run = (siteA: string, siteB: string): number =>
      clusterDocuments(
        [
          { id: 'afp', text: afp, site: siteA },
          { id: 'summit', text: summit, site: siteB },
        ],
        { mode: 'story', threshold: 0.05 },
      ).clusters.length;
    expect(run('a.example', 'b.example')).toBe(1);
    expect(run('a.example', 'a.example')).toBe(0);
  });
});
