/** A mistake in how the command was called: exit 2, one line on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
}
