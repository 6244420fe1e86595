/**
 * Ed25519 detached signatures over canonical JSON.
 *
 * Must always hold:
 * - What is signed is exactly canonicalBytes(value), so a verifier (a court,
 *   with only the exported bundle) rebuilds the same bytes from the same value.
 * - verifyCanonical returns only if the signature is valid for that value and
 *   that public key; anything else (bad signature, wrong key, malformed key or
 *   signature) throws CryptoError("bad_signature"). There is no boolean to forget.
 * - Signed values should carry a `type` field naming what they are, so a
 *   signature made for one purpose cannot be replayed as another.
 */
import { canonicalBytes } from "./canonical-json";
import { CryptoError } from "./errors";
import { assertLength } from "./encoding";
import { loadSodium } from "./sodium";

export const SIGNATURE_BYTES = 64;
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_PRIVATE_KEY_BYTES = 64;

export async function signCanonical(value: unknown, ed25519PrivateKey: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  assertLength(ed25519PrivateKey, ED25519_PRIVATE_KEY_BYTES, "Ed25519 private key");
  return sodium.crypto_sign_detached(canonicalBytes(value), ed25519PrivateKey);
}

export async function verifyCanonical(value: unknown, signature: Uint8Array, ed25519PublicKey: Uint8Array): Promise<void> {
  const sodium = await loadSodium();
  const message = canonicalBytes(value);
  if (
    !(signature instanceof Uint8Array) ||
    signature.length !== SIGNATURE_BYTES ||
    !(ed25519PublicKey instanceof Uint8Array) ||
    ed25519PublicKey.length !== ED25519_PUBLIC_KEY_BYTES
  ) {
    throw new CryptoError("bad_signature", "malformed signature or public key");
  }
  let valid = false;
  try {
    valid = sodium.crypto_sign_verify_detached(signature, message, ed25519PublicKey);
  } catch (cause) {
    throw new CryptoError("bad_signature", "signature check failed", { cause });
  }
  if (!valid) throw new CryptoError("bad_signature", "signature does not match");
}
