/** The config file as a CI job meets it: files that are not quite JSON, typos, and flags that must be able
 * to undo what the file says. In-process (main() with a working folder), no spawns. */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../src/cli/config-file.js';
import { main, type CliIo } from '../src/cli/main.js';
import { configSchema } from '../src/options/schema.js';
import { SEEDS, tempDir } from './cli-run.js';

const { dir, cleanup } = tempDir();
// main() reads paths from the process's folder; only the config search starts at io.cwd.
const articles = (): string => join(dir, 'articles');
const seeds = ['000_d293e95d196758dd.txt', '002_87b53d273ee130fd.txt', '003_dd5119002caa63fa.txt'];

beforeAll(() => {
  mkdirSync(join(dir, 'articles'));
  for (const name of seeds) cpSync(join(SEEDS, name), join(dir, 'articles', name));
});
afterAll(cleanup);

async function run(args: readonly string[], config?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  if (config !== undefined) writeFileSync(join(dir, 'wirecluster.config.json'), config);
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdin: (async function* () {})(),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: { NO_COLOR: '1' },
    columns: undefined,
    cwd: dir,
  };
  const code = await main([...args], io);
  return { code, stdout, stderr };
}

describe('a config file that is not plain JSON', () => {
  it('a BOM (Notepad) is not part of it', async () => {
    const result = await run([articles()], '\uFEFF{ "numPerm": 5 }');
    expect(result.stderr).toBe('cluster: wirecluster.config.json: numPerm must be a whole number from 16 to 1024, got 5\n');
  });

  it('a comment is refused in one line that says so, with its line', async () => {
    const result = await run([articles()], '{\n  // CI settings\n  "numPerm": 64\n}');
    expect(result).toMatchObject({
      code: 2,
      stderr: 'cluster: wirecluster.config.json: invalid JSON at line 2 (comments are not allowed in JSON)\n',
    });
  });

  it('--config naming a folder is one line, not a system error', async () => {
    const result = await run([articles(), '--config', 'articles']);
    expect(result).toMatchObject({ code: 2, stderr: 'cluster: --config articles: is a folder, not a file\n' });
  });
});

describe('a misspelt key', () => {
  it.each([
    ['numperm', 'numPerm'],
    ['num_perm', 'numPerm'],
    ['failOnDuplicate', 'failOnDuplicates'],
    ['thresold', 'threshold'],
  ])('%s: did you mean %s?', async (key, meant) => {
    const result = await run([articles()], JSON.stringify({ [key]: 1 }));
    expect(result.stderr).toBe(`cluster: wirecluster.config.json: unknown option "${key}" (did you mean "${meant}"?)\n`);
  });
});

describe('flags over the file', () => {
  const ci = JSON.stringify({ failOnDuplicates: true, strict: true, json: true, exclude: ['nothing'] });

  it('--no-<option> turns off what the file turned on', async () => {
    expect((await run([articles()], ci)).code).toBe(1);
    expect((await run([articles(), '--no-fail-on-duplicates', '--no-strict'], ci)).code).toBe(0);
  });

  it('--format replaces the file\'s "json" instead of contradicting it', async () => {
    const result = await run([articles(), '--format', 'csv', '--no-fail-on-duplicates'], ci);
    expect(result.stdout.split('\n')[0]).toBe('cluster,size,representative,id,similarity,containment,title');
  });

  it("a list flag replaces the file's list", async () => {
    const result = await run([articles(), '--exclude', seeds[0] as string, '--no-fail-on-duplicates'], ci);
    expect(JSON.parse(result.stdout)).toMatchObject({ stats: { documents: 2 } });
  });
});

describe('the JSON Schema accepts what the file check accepts', () => {
  const properties = configSchema().properties as Record<string, { pattern?: string }>;
  const accepted = (config: object): boolean => {
    try {
      validateConfig(config, 'c.json');
      return true;
    } catch {
      return false;
    }
  };

  it.each(['auto', 'en', 'EN', 'Ur', 'xx', '', 'english'])('lang %j', (lang) => {
    expect(new RegExp(properties.lang?.pattern ?? '', 'u').test(lang)).toBe(accepted({ lang }));
  });

  it('all: true needs minSize 1 in both', () => {
    const schema = configSchema();
    expect(schema.if).toMatchObject({ required: ['all'] });
    expect(schema['then']).toEqual({ properties: { minSize: { const: 1 } } });
    expect(accepted({ all: true, minSize: 3 })).toBe(false);
  });

  it('$schema is a string in both', () => {
    expect(accepted({ $schema: 5 })).toBe(false);
  });
});
