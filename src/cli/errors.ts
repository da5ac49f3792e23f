import { getSystemErrorMap } from 'node:util';

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

/** A system error in words, without the path Node's message names: for an atomic write that path is the
 * temporary file's, which the user never gave. */
export function systemErrorText(error: unknown): string {
  const { code, errno } = (error ?? {}) as NodeJS.ErrnoException;
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  const described = errno === undefined ? undefined : getSystemErrorMap().get(errno)?.[1];
  return described ?? (error instanceof Error ? error.message : String(error));
}
