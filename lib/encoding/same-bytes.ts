// The one byte-compare, for the browser and the server alike (pure, no Node or
// browser API): hashes, signatures, key check values and headers are compared
// with it. It reads every byte whatever the first difference, so its time
// does not tell where two values part; lengths are not secret.

/** Equal length and equal bytes, in time independent of where they differ. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
