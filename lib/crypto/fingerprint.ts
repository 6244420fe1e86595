/**
 * A short, human-comparable fingerprint of a user's public keys, shown on the
 * profile so teammates can compare it in person (the defence against a server
 * that serves forged public keys).
 *
 * Must always hold:
 * - It covers BOTH public keys (X25519 and Ed25519), in a fixed order, under a
 *   domain-separation label: BLAKE2b-512("casevault:v1:fingerprint" ‖ 0x00 ‖ x25519 ‖ ed25519).
 * - Display: 8 groups of 5 decimal digits (like Signal's safety numbers): each
 *   group is a 5-byte big-endian chunk of the hash mod 100000, ~132 bits in
 *   all. Digits read aloud the same in any language and font.
 * - Same keys → same string; any change to either key → a different string.
 */
import { assertLength, concatBytes, utf8Encode } from "./encoding";
import { loadSodium } from "./sodium";
import type { UserPublicKeys } from "./user-keys";

const LABEL = utf8Encode("casevault:v1:fingerprint");
const GROUPS = 8;
const CHUNK_BYTES = 5;

export async function fingerprint(publicKeys: UserPublicKeys): Promise<string> {
  const sodium = await loadSodium();
  assertLength(publicKeys.x25519, 32, "X25519 public key");
  assertLength(publicKeys.ed25519, 32, "Ed25519 public key");
  const hash = sodium.crypto_generichash(64, concatBytes(LABEL, Uint8Array.of(0), publicKeys.x25519, publicKeys.ed25519), null);
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let n = 0;
    for (let i = 0; i < CHUNK_BYTES; i++) n = n * 256 + (hash[g * CHUNK_BYTES + i] ?? 0);
    groups.push(String(n % 100000).padStart(5, "0"));
  }
  return groups.join(" ");
}
