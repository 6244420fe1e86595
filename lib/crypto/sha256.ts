/**
 * SHA-256, one-shot and incremental (for files too large to hash in one
 * buffer: Web Crypto's digest is not incremental).
 *
 * Must always hold: the same bytes give the same 32-byte digest however they
 * are split across update() calls; a finished hasher cannot be reused.
 */
import { toBase64url } from "./encoding";
import { CryptoError } from "./errors";
import { loadSodium } from "./sodium";

/**
 * SHA-256 of one large buffer (an upload part, a plaintext segment) with the
 * platform's native Web Crypto, off the libsodium heap; base64url.
 */
export async function nativeSha256Base64url(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_hash_sha256(bytes);
}

export type Sha256 = {
  update(bytes: Uint8Array): void;
  /** The digest; the hasher cannot be used afterwards. */
  digest(): Uint8Array;
};

export async function createSha256(): Promise<Sha256> {
  const sodium = await loadSodium();
  const state = sodium.crypto_hash_sha256_init();
  let finished = false;
  const assertOpen = () => {
    if (finished) throw new CryptoError("invalid_input", "SHA-256 hasher already finished");
  };
  return {
    update(bytes) {
      assertOpen();
      sodium.crypto_hash_sha256_update(state, bytes);
    },
    digest() {
      assertOpen();
      finished = true;
      return sodium.crypto_hash_sha256_final(state);
    },
  };
}
