/**
 * The width of the terminal standard output is on. `COLUMNS` comes first, as POSIX says it names the
 * user's preferred width (`COLUMNS=120 cluster dir`, as for ls and Python); then the size the terminal
 * reports. A pseudo-terminal that was never given a size (`script`, `docker exec -t`, a serial console)
 * reports 0 columns: read as a width, it cut every id and title to nothing, so it gets 80, as ls does.
 */
const FALLBACK_COLUMNS = 80;

export function terminalColumns(reported: number | undefined, env: Readonly<Record<string, string | undefined>>): number {
  const fromEnv = Number(env['COLUMNS']);
  if (/^[1-9]\d*$/.test(env['COLUMNS'] ?? '') && Number.isSafeInteger(fromEnv)) return fromEnv;
  return reported !== undefined && reported > 0 ? reported : FALLBACK_COLUMNS;
}
