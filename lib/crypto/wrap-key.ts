/**
 * Keys wrapping keys: the account key under wrapKey (and any other 32-byte key
 * under another).
 *
 * Must always hold:
 * - Only 32-byte keys are wrapped and only 32-byte keys come out; anything
 *   else is "invalid_input" on the way in and "damaged" on the way out.
 * - Same envelope as records (version ‖ nonce ‖ ciphertext+tag), with an AD
 *   naming what the key is for (accountKeyAd(userId)), so a wrapped key cannot
 *   be swapped between users.
 * - Changing the passphrase re-wraps only the account key: nothing else
 *   depends on wrapKey.
 */
import { KEY_BYTES, openBytes, sealBytes } from "./aead";
import { CryptoError } from "./errors";
import { assertLength, wipe } from "./encoding";
import { loadSodium } from "./sodium";

/** A fresh random 32-byte account key. */
export async function newAccountKey(): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.randombytes_buf(KEY_BYTES);
}

export async function wrapKey(keyToWrap: Uint8Array, wrappingKey: Uint8Array, ad: string): Promise<Uint8Array> {
  assertLength(keyToWrap, KEY_BYTES, "keyToWrap");
  return sealBytes(keyToWrap, wrappingKey, ad);
}

export async function unwrapKey(wrapped: Uint8Array, wrappingKey: Uint8Array, ad: string): Promise<Uint8Array> {
  const key = await openBytes(wrapped, wrappingKey, ad);
  if (key.length !== KEY_BYTES) {
    wipe(key);
    throw new CryptoError("damaged", "wrapped value is not a 32-byte key");
  }
  return key;
}
