/**
 * Test-only helpers for lib/crypto's Vitest suites (never imported by app code).
 */
import { expect } from "vitest";
import { concatBytes } from "./encoding";
import { CryptoError, type CryptoErrorCode } from "./errors";
import { loadSodium } from "./sodium";

/** Asserts that `action` fails with CryptoError(`code`) and produced no value. */
export async function expectCryptoError(action: Promise<unknown> | (() => unknown), code: CryptoErrorCode): Promise<void> {
  let produced: unknown;
  let caught: unknown;
  try {
    produced = typeof action === "function" ? await action() : await action;
  } catch (error) {
    caught = error;
  }
  expect(produced, "no output may be returned on failure").toBeUndefined();
  expect(caught).toBeInstanceOf(CryptoError);
  expect((caught as CryptoError).code).toBe(code);
}

/** A copy of `bytes` with one bit flipped at `index` (negative counts from the end). */
export function flipByte(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  const i = index < 0 ? copy.length + index : index;
  copy[i] = (copy[i] ?? 0) ^ 0x01;
  return copy;
}

/**
 * A file in the old stream version 0x01 (one secretstream over the whole
 * file, no additional data), as files uploaded before version 0x02 are
 * stored: only to check they still decrypt. No app code writes 0x01.
 */
export async function encryptFileV1ForTests(plaintext: Uint8Array, fileKey: Uint8Array): Promise<{ ciphertext: Uint8Array; header: Uint8Array }> {
  const sodium = await loadSodium();
  const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
  const fullHeader = concatBytes(Uint8Array.of(0x01), header);
  const pieces: Uint8Array[] = [fullHeader];
  let offset = 0;
  do {
    const end = Math.min(plaintext.length, offset + 64 * 1024);
    const final = end === plaintext.length;
    const tag = final ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    pieces.push(sodium.crypto_secretstream_xchacha20poly1305_push(state, plaintext.subarray(offset, end), null, tag));
    offset = end;
  } while (offset < plaintext.length);
  return { ciphertext: concatBytes(...pieces), header: fullHeader };
}
