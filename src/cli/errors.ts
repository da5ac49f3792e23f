/** A mistake in how the command was called: exit 2, one line on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The run was stopped by a signal (Ctrl-C): nothing is written, exit 128 + the signal's number. */
export class Interrupted extends Error {
  override name = 'Interrupted';
  constructor(readonly signal: NodeJS.Signals = 'SIGINT') {
    super(`interrupted (${signal})`);
  }
}
