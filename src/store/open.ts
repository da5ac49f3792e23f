/**
 * Where an index lives, from --index or WIRECLUSTER_INDEX: a PostgreSQL URL, or an SQLite file path. The
 * store modules are loaded when a store is opened: `pg` alone was 90 ms of every command's start.
 */
import type { IndexStore } from './store.js';

export const DEFAULT_INDEX = './wirecluster.db';

export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/** Opens the store a location names; `timeoutMs` bounds waiting for a lock or a connection, and an aborted
 * `signal` ends a writer's wait for another's lock at once (it throws the signal's reason). `readOnly`: an
 * SQLite file is opened read-only, so that a reader writes nothing to it, whatever it is. */
export async function openStore(location: string, timeoutMs: number, signal?: AbortSignal, readOnly = false): Promise<IndexStore> {
  // better-sqlite3 opens a temporary database for '' (an index that vanishes on close), and names its
  // own `timeout` for a bad timeoutMs.
  if (typeof location !== 'string' || location.trim() === '') {
    throw new TypeError(`location must be an SQLite file path or a postgres:// URL, got ${JSON.stringify(location)}`);
  }
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw new TypeError(`timeoutMs must be a number of milliseconds, 0 or more, got ${String(timeoutMs)}`);
  }
  if (isPostgresUrl(location)) {
    const { PostgresStore } = await import('./postgres.js');
    return PostgresStore.open(location, timeoutMs, signal);
  }
  const { SqliteStore } = await import('./sqlite.js');
  return SqliteStore.open(location, timeoutMs, signal, readOnly);
}
