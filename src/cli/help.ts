import { helpText } from './program.js';

/** The --help text as the binary prints it to a pipe or file; a test compares the two. Kept in its own
 * module so that building it never runs while the program's modules are still loading. */
export const HELP_TEXT = helpText();
