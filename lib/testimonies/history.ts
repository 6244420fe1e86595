/**
 * A testimony's versions as the server lists them must run 1..latest without
 * a gap: versions are never deleted, so a missing one means the server took
 * it out of the history (its content is then not shown as current).
 */
export function historyComplete(versions: readonly { version: number }[], latest: number): boolean {
  const numbers = new Set(versions.map((v) => v.version));
  if (numbers.size !== latest) return false;
  for (let n = 1; n <= latest; n++) if (!numbers.has(n)) return false;
  return true;
}
