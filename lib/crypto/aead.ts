/**
 * The AEAD envelope shared by records, wrapped keys and sealed file keys.
 *
 * Must always hold:
 * - Envelope = version byte (0x01) ‖ 24-byte random nonce ‖ ciphertext ‖ 16-byte tag,
 *   XChaCha20-Poly1305 IETF under a 32-byte key.
 * - The AEAD associated data is the version byte followed by the UTF-8 of the
 *   caller's AD string, so the version byte is authenticated too.
 * - A nonce is never chosen by the caller; it is always fresh random bytes
 *   (192 bits: safe to pick at random for the life of a key).
 * - Opening either returns the whole plaintext or throws CryptoError
 *   ("wrong_version" for an unknown version byte, "damaged" for anything else).
 */
import { CryptoError } from "./errors";
import { assertLength, concatBytes, isAllZero, utf8Encode } from "./encoding";
import { loadSodium } from "./sodium";

export const ENVELOPE_VERSION = 0x01;
export const KEY_BYTES = 32;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
/** Smallest possible envelope: version, nonce, tag (empty plaintext). */
export const MIN_ENVELOPE_BYTES = 1 + NONCE_BYTES + TAG_BYTES;

function aeadData(ad: string): Uint8Array {
  if (typeof ad !== "string" || ad.length === 0) {
    throw new CryptoError("invalid_input", "associated data must be a non-empty string");
  }
  return concatBytes(Uint8Array.of(ENVELOPE_VERSION), utf8Encode(ad));
}

export async function sealBytes(plaintext: Uint8Array, key: Uint8Array, ad: string): Promise<Uint8Array> {
  const sodium = await loadSodium();
  assertLength(key, KEY_BYTES, "key");
  // A key wiped in memory (all zeros) while an async flow still held it must
  // never seal anything: the result would open for anyone.
  if (isAllZero(key)) throw new CryptoError("invalid_input", "the key has been wiped");
  if (!(plaintext instanceof Uint8Array)) throw new CryptoError("invalid_input", "plaintext must be bytes");
  const nonce = sodium.randombytes_buf(NONCE_BYTES);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, aeadData(ad), null, nonce, key);
  return concatBytes(Uint8Array.of(ENVELOPE_VERSION), nonce, ciphertext);
}

export async function openBytes(envelope: Uint8Array, key: Uint8Array, ad: string): Promise<Uint8Array> {
  const sodium = await loadSodium();
  assertLength(key, KEY_BYTES, "key");
  const data = aeadData(ad);
  if (!(envelope instanceof Uint8Array) || envelope.length < MIN_ENVELOPE_BYTES) {
    throw new CryptoError("damaged", "envelope too short");
  }
  if (envelope[0] !== ENVELOPE_VERSION) {
    throw new CryptoError("wrong_version", `unknown envelope version ${String(envelope[0])}`);
  }
  const nonce = envelope.subarray(1, 1 + NONCE_BYTES);
  const ciphertext = envelope.subarray(1 + NONCE_BYTES);
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, data, nonce, key);
  } catch (cause) {
    throw new CryptoError("damaged", "ciphertext cannot be opened with this key and associated data", { cause });
  }
}
