/**
 * A user's key pairs and their encrypted private bundle.
 *
 * Must always hold:
 * - X25519 (crypto_box_keypair) receives sealed case keys; Ed25519
 *   (crypto_sign_keypair) signs grants, evidence and testimony versions.
 * - Public keys are plaintext on the server; private keys exist outside memory
 *   only inside the sealed bundle, encrypted under the account key with
 *   AD = privateKeysAd(userId), so one user's bundle cannot be passed off as another's.
 * - The bundle plaintext is 64 bytes: X25519 private key ‖ Ed25519 seed. Public
 *   keys are recomputed from them on open, so an opened bundle is always a
 *   consistent pair of key pairs. The plaintext buffer is wiped after use.
 */
import { KEY_BYTES, openBytes, sealBytes } from "./aead";
import { privateKeysAd } from "./ad";
import { CryptoError } from "./errors";
import { assertLength, concatBytes, wipe } from "./encoding";
import { loadSodium } from "./sodium";

export type KeyPair = { publicKey: Uint8Array; privateKey: Uint8Array };
export type UserKeyPairs = { x25519: KeyPair; ed25519: KeyPair };
export type UserPublicKeys = { x25519: Uint8Array; ed25519: Uint8Array };

const X25519_KEY_BYTES = 32;
const ED25519_SEED_BYTES = 32;
const ED25519_PRIVATE_KEY_BYTES = 64;
const BUNDLE_BYTES = X25519_KEY_BYTES + ED25519_SEED_BYTES;

export async function generateUserKeyPairs(): Promise<UserKeyPairs> {
  const sodium = await loadSodium();
  const box = sodium.crypto_box_keypair();
  const sign = sodium.crypto_sign_keypair();
  return {
    x25519: { publicKey: box.publicKey, privateKey: box.privateKey },
    ed25519: { publicKey: sign.publicKey, privateKey: sign.privateKey },
  };
}

export function publicKeysOf(pairs: UserKeyPairs): UserPublicKeys {
  return { x25519: pairs.x25519.publicKey, ed25519: pairs.ed25519.publicKey };
}

/** Encrypt the user's private keys under the account key. */
export async function sealPrivateBundle(bundle: UserKeyPairs, accountKey: Uint8Array, userId: string): Promise<Uint8Array> {
  const sodium = await loadSodium();
  assertLength(accountKey, KEY_BYTES, "accountKey");
  assertLength(bundle.x25519.privateKey, X25519_KEY_BYTES, "X25519 private key");
  assertLength(bundle.ed25519.privateKey, ED25519_PRIVATE_KEY_BYTES, "Ed25519 private key");
  const seed = sodium.crypto_sign_ed25519_sk_to_seed(bundle.ed25519.privateKey);
  const plaintext = concatBytes(bundle.x25519.privateKey, seed);
  try {
    return await sealBytes(plaintext, accountKey, privateKeysAd(userId));
  } finally {
    wipe(seed, plaintext);
  }
}

/** Decrypt a private bundle; throws CryptoError("damaged" | "wrong_version") and returns nothing on failure. */
export async function openPrivateBundle(sealed: Uint8Array, accountKey: Uint8Array, userId: string): Promise<UserKeyPairs> {
  const sodium = await loadSodium();
  const plaintext = await openBytes(sealed, accountKey, privateKeysAd(userId));
  try {
    if (plaintext.length !== BUNDLE_BYTES) throw new CryptoError("damaged", "private bundle has the wrong size");
    const boxPrivate = plaintext.slice(0, X25519_KEY_BYTES);
    const seed = plaintext.subarray(X25519_KEY_BYTES);
    const sign = sodium.crypto_sign_seed_keypair(seed);
    return {
      x25519: { publicKey: sodium.crypto_scalarmult_base(boxPrivate), privateKey: boxPrivate },
      ed25519: { publicKey: sign.publicKey, privateKey: sign.privateKey },
    };
  } finally {
    wipe(plaintext);
  }
}
