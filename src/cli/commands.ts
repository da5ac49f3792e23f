/**
 * The subcommands beside the default `cluster [paths...]`. Adding one is adding a file with a register
 * function and one line in SUBCOMMANDS; its options come from the spec through addSpecOptions and
 * readSpecOptions (spec-options.ts), so flags, ranges and help stay the same everywhere.
 */
import type { Command } from 'commander';
import { registerCompletion } from './completion.js';
import type { CliIo } from './io.js';

export interface CommandContext {
  io: CliIo;
  /** What the command runs once parsing succeeded; it returns the exit code. */
  setAction(action: () => Promise<number>): void;
}

export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

export const SUBCOMMANDS: readonly RegisterCommand[] = [registerCompletion, registerSeparate];

/**
 * The commands with a program of their own: main.ts hands their argv over before the default program
 * parses. They are listed here so that `cluster --help` and the completion scripts name them too.
 */
const SEPARATE_COMMANDS = {
  dedup: { usage: '[paths...]', summary: 'write the dataset without its duplicates (cluster dedup --help)' },
  extract: { usage: '[paths...]', summary: 'each document as the clustering reads it (cluster extract --help)' },
  index: { usage: '<command>', summary: 'a persistent index: add, query, clusters, stats, remove (cluster index --help)' },
} as const;

export type SeparateCommand = keyof typeof SEPARATE_COMMANDS;

export function isSeparateCommand(word: string | undefined): word is SeparateCommand {
  return word !== undefined && Object.hasOwn(SEPARATE_COMMANDS, word);
}

function registerSeparate(program: Command): void {
  for (const [name, { usage, summary }] of Object.entries(SEPARATE_COMMANDS)) {
    program
      .command(`${name} ${usage}`)
      .description(summary)
      .allowUnknownOption()
      .action(() => {
        throw new Error(`cluster ${name} runs its own program; main() hands it over before parsing`);
      });
  }
}
