/** Shared by the end-to-end tests: run the built binary the way a user or CI does, and build temp folders. */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin', 'cluster.js');
export const SEEDS = join(ROOT, 'fixtures', 'afp-japan-us');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], options: SpawnOptions & { input?: string } = {}): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      ...options,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
    child.stdin?.end(options.input ?? '');
  });
}

/** The JSON report of a run, typed loosely for assertions. */
export interface JsonReport {
  stats: { documents: number; clusters: number; clustered: number; skipped: number };
  clusters: Array<{ size: number; documents: Array<{ id: string }> }>;
  skipped: Array<{ id: string; reason: string }>;
}

export function parseReport(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

export function stderrLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line !== '');
}

/** A fresh temp folder, removed by the returned function. */
export function tempDir(prefix = 'wirecluster-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * How to run the binary so that a file with mode 000 really cannot be read: as-is for a normal user; as
 * `nobody` under root (root reads anything), when `nobody` can run it from here; otherwise undefined,
 * and permission cases cannot be built.
 */
export const unprivileged: { uid?: number; gid?: number } | undefined = (() => {
  if (!isRoot) return {};
  const user = { uid: 65534, gid: 65534 };
  const probe = spawnSync(process.execPath, ['-e', `require('node:fs').accessSync(${JSON.stringify(BIN)}, 4)`], { ...user, cwd: tmpdir() });
  return probe.status === 0 ? user : undefined;
})();
