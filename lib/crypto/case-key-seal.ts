/**
 * Case keys: one random 32-byte key per case and epoch, sealed to each member.
 *
 * Must always hold:
 * - A case key is delivered only as crypto_box_seal to a member's X25519
 *   public key; opening needs that member's private key.
 * - An opened value that is not a 32-byte key is rejected ("damaged").
 * - keyCheckValue(caseKey) = BLAKE2b-256 keyed with the case key over the fixed
 *   label "casevault:v1:key-check". It identifies the key without revealing it,
 *   so a client can tell whether a key it was handed is the epoch's real key.
 */
import { KEY_BYTES } from "./aead";
import { CryptoError } from "./errors";
import { assertLength, utf8Encode, wipe } from "./encoding";
import { loadSodium } from "./sodium";

export const KEY_CHECK_BYTES = 32;
const KEY_CHECK_LABEL = utf8Encode("casevault:v1:key-check");

export async function newCaseKey(): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.randombytes_buf(KEY_BYTES);
}

/** Seal a case key to one member's X25519 public key (anonymous sender; authenticity comes from the grant signature). */
export async function sealToMember(caseKey: Uint8Array, recipientX25519PublicKey: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  assertLength(caseKey, KEY_BYTES, "caseKey");
  assertLength(recipientX25519PublicKey, 32, "X25519 public key");
  return sodium.crypto_box_seal(caseKey, recipientX25519PublicKey);
}

/** Open a sealed case key with the member's own X25519 key pair. Check the grant before using it (openGrant). */
export async function openSealed(
  sealed: Uint8Array,
  x25519PublicKey: Uint8Array,
  x25519PrivateKey: Uint8Array,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  assertLength(x25519PublicKey, 32, "X25519 public key");
  assertLength(x25519PrivateKey, 32, "X25519 private key");
  if (!(sealed instanceof Uint8Array) || sealed.length !== KEY_BYTES + sodium.crypto_box_SEALBYTES) {
    throw new CryptoError("damaged", "sealed key has the wrong size");
  }
  let key: Uint8Array;
  try {
    key = sodium.crypto_box_seal_open(sealed, x25519PublicKey, x25519PrivateKey);
  } catch (cause) {
    throw new CryptoError("damaged", "sealed key cannot be opened with this key pair", { cause });
  }
  if (key.length !== KEY_BYTES) {
    wipe(key);
    throw new CryptoError("damaged", "sealed value is not a 32-byte key");
  }
  return key;
}

export async function keyCheckValue(caseKey: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  assertLength(caseKey, KEY_BYTES, "caseKey");
  return sodium.crypto_generichash(KEY_CHECK_BYTES, KEY_CHECK_LABEL, caseKey);
}
