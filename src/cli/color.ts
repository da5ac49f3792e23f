/**
 * Whether to colour output, decided once. chalk reads only FORCE_COLOR, argv and the TTY and ignores
 * NO_COLOR, so the decision is made here: explicit flag > FORCE_COLOR > NO_COLOR > TERM=dumb > TTY.
 */
export function shouldColor(flag: boolean | undefined, env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return isTTY;
}
