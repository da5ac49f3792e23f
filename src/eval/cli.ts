/**
 * `npm run eval -- FILE.jsonl [--gold-field label] [cluster options]`: clusters a labelled dataset with
 * the library, as the CLI would, and prints its quality as one JSON line (after a table on a TTY).
 * Not part of `npm test`: the labelled data is not shipped.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { CommanderError } from 'commander';
import { createProgram, parseArgs, type CliConfig } from '../cli/program.js';
import { readInputs } from '../input/read.js';
import { clusterDocuments } from '../pipeline.js';
import type { Document } from '../types.js';
import { readGoldLabels } from './gold.js';
import { countPairs, predictedLabels, scorePairs } from './metrics.js';

export interface EvalRow {
  file: string;
  mode: string;
  threshold: number;
  documents: number;
  goldClusters: number;
  clusters: number;
  clustered: number;
  precision: number;
  recall: number;
  f1: number;
  ari: number;
  /** Candidate pairs LSH proposed and verification scored. */
  candidates: number;
  elapsedMs: number;
}

export interface EvalIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
}

const round = (x: number): number => Math.round(x * 10000) / 10000;

/** Clusters `documents` and scores them against `gold` (documents without a gold label are singletons). */
export function evaluate(
  file: string,
  documents: readonly Document[],
  gold: ReadonlyMap<string, string>,
  options: Parameters<typeof clusterDocuments>[1] = {},
): EvalRow {
  const result = clusterDocuments(documents, { ...options, minSize: 2, all: false });
  const ids = documents.map((d) => d.id);
  const counts = countPairs(
    predictedLabels(result, ids),
    ids.map((id) => gold.get(id) ?? `=${id}`),
  );
  const scores = scorePairs(counts);
  return {
    file,
    mode: result.params.mode,
    threshold: result.params.threshold,
    documents: result.stats.documents,
    goldClusters: new Set(ids.map((id) => gold.get(id) ?? `=${id}`)).size,
    clusters: result.stats.clusters,
    clustered: result.stats.clustered,
    precision: round(scores.precision),
    recall: round(scores.recall),
    f1: round(scores.f1),
    ari: round(scores.ari),
    candidates: result.stats.candidates,
    elapsedMs: result.stats.elapsedMs,
  };
}

export function renderRow(row: EvalRow): string {
  const cells: Array<[string, string]> = [
    ['file', row.file],
    ['mode', `${row.mode} (threshold ${row.threshold})`],
    ['documents', String(row.documents)],
    ['clusters', `${row.clusters} predicted (${row.clustered} documents), ${row.goldClusters} gold labels`],
    ['precision', row.precision.toFixed(4)],
    ['recall', row.recall.toFixed(4)],
    ['F1', row.f1.toFixed(4)],
    ['ARI', row.ari.toFixed(4)],
    ['candidates', String(row.candidates)],
    ['time', `${row.elapsedMs} ms`],
  ];
  return `${cells.map(([k, v]) => `${k.padEnd(10)} ${v}`).join('\n')}\n`;
}

function fileProblem(path: string): string | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 'no such file';
  return stat.isFile() ? undefined : 'not a file';
}

export async function main(argv: readonly string[], io: EvalIo): Promise<number> {
  const program = createProgram().name('eval').option('--gold-field <name>', 'gold label field of the JSONL records', 'label');
  program.configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  let config: CliConfig;
  try {
    config = parseArgs(program, argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    io.stderr(`eval: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const goldField = program.opts<{ goldField: string }>().goldField;
  if (config.paths.length !== 1) {
    io.stderr('eval: give exactly one labelled JSONL file\n');
    return 2;
  }
  // Named on the command line, so a string (only --files-from, which eval does not read, gives bytes).
  const path = program.args[0] ?? '';
  // Gold labels are read from the one file the documents come from: a folder or stdin has no one file.
  const problem = path === '-' ? 'standard input' : fileProblem(path);
  if (problem !== undefined) {
    io.stderr(`eval: ${path}: ${problem}; give one labelled JSONL file\n`);
    return 2;
  }
  const documents: Document[] = [];
  for await (const event of readInputs([path], { fields: config.fields })) {
    if (event.kind === 'document') documents.push(event.document);
    else if (event.kind === 'error') {
      io.stderr(`eval: ${event.id}: ${event.reason}\n`);
      return 2;
    } else if (event.kind === 'skipped') io.stderr(`eval: ${event.id}: ${event.reason} (skipped)\n`);
  }
  const gold = await readGoldLabels(path, config.fields.idField, goldField);
  const row = evaluate(basename(path), documents, gold, config.cluster);
  if (io.stdoutIsTTY) io.stdout(renderRow(row));
  io.stdout(`${JSON.stringify(row)}\n`);
  return 0;
}

export function run(argv: readonly string[]): void {
  const io: EvalIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
  };
  main(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`eval: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
