// The whole-ciphertext integrity value (DESIGN.md §7): the SHA-256 of the
// parts' SHA-256 digests, concatenated in part order. Each part's hash is
// checked as it arrives, so finalise computes this from the recorded rows in
// O(number of parts) instead of re-reading every byte. The browser computes
// the same value from the digests of the parts it cut. This module holds the
// one rule (what is hashed); each side hashes it with its own SHA-256.

const DIGEST_BYTES = 32;

/** The bytes whose SHA-256 is the part list's digest. */
export function partListBytes(partDigests: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(partDigests.length * DIGEST_BYTES);
  partDigests.forEach((digest, i) => {
    if (digest.length !== DIGEST_BYTES) throw new Error("a part digest is 32 bytes");
    out.set(digest, i * DIGEST_BYTES);
  });
  return out;
}
