/**
 * Per-file keys, sealed under the case key.
 *
 * Must always hold:
 * - Every file gets its own random 32-byte secretstream key (never reused).
 * - The file key is stored only as an AEAD envelope under the case key with
 *   AD = fileKeyAd(evidenceId), so a sealed file key moved to another evidence
 *   item does not open.
 */
import { KEY_BYTES } from "./aead";
import { fileKeyAd } from "./ad";
import { loadSodium } from "./sodium";
import { unwrapKey, wrapKey } from "./wrap-key";

export async function newFileKey(): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.randombytes_buf(KEY_BYTES);
}

export async function sealFileKey(fileKey: Uint8Array, caseKey: Uint8Array, evidenceId: string): Promise<Uint8Array> {
  return wrapKey(fileKey, caseKey, fileKeyAd(evidenceId));
}

export async function openFileKey(sealed: Uint8Array, caseKey: Uint8Array, evidenceId: string): Promise<Uint8Array> {
  return unwrapKey(sealed, caseKey, fileKeyAd(evidenceId));
}
