/** Where an index lives, from --index or WIRECLUSTER_INDEX: a PostgreSQL URL, or an SQLite file path. */
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { IndexStore } from './store.js';

export const DEFAULT_INDEX = './wirecluster.db';

export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/** Opens the store a location names; `timeoutMs` bounds waiting for a lock or a connection. */
export async function openStore(location: string, timeoutMs: number): Promise<IndexStore> {
  if (isPostgresUrl(location)) return PostgresStore.open(location, timeoutMs);
  return SqliteStore.open(location, timeoutMs);
}
