/**
 * Test-only helpers for lib/crypto's Vitest suites (never imported by app code).
 */
import { expect } from "vitest";
import { CryptoError, type CryptoErrorCode } from "./errors";

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
