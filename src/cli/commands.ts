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

export const SUBCOMMANDS: readonly RegisterCommand[] = [registerCompletion];
