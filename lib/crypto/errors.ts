import { ClientError } from "@/lib/errors/client-error";

/**
 * The one error type thrown by lib/crypto (a ClientError, lib/errors/client-error.ts).
 *
 * Must always hold: every failure of this module surfaces as a CryptoError
 * with a stable `code` (never a thrown string, never a libsodium message the
 * UI has to parse), and a failed open/verify returns nothing at all.
 * Messages never contain key material, plaintext or passphrases.
 */

export type CryptoErrorCode =
  /** libsodium could not be loaded (no WebAssembly, blocked by CSP, ...). */
  | "unavailable"
  /** Authentication failed: altered byte, wrong key or wrong associated data (indistinguishable by design). */
  | "damaged"
  /** The envelope's version byte is not one this code understands. */
  | "wrong_version"
  /** A file stream ended before its FINAL chunk. */
  | "truncated"
  /** Argon2id returned all zeros (reported in browsers under memory pressure). */
  | "weak_kdf_output"
  /** Argon2id failed (out of memory, worker crashed). */
  | "kdf_failed"
  /** KDF parameters are malformed or outside the accepted range. */
  | "invalid_kdf_params"
  /** KDF parameters are below the floor this client accepts (a server trying to downgrade). */
  | "weak_kdf_params"
  /** A signature does not verify under the given public key. */
  | "bad_signature"
  /** A case key does not match its epoch's key check value. */
  | "bad_key_check"
  /** The caller passed something malformed (wrong key length, non-canonical JSON value, bad encoding). */
  | "invalid_input"
  /** A recipient's or signer's public key is not the one this browser has pinned for them (or none is pinned yet). */
  | "untrusted_key"
  /** This browser holds no verified key for the case's current epoch, so it cannot seal anything for it. */
  | "no_key";

export const CRYPTO_ERROR_CODES: readonly CryptoErrorCode[] = [
  "unavailable",
  "damaged",
  "wrong_version",
  "truncated",
  "weak_kdf_output",
  "kdf_failed",
  "invalid_kdf_params",
  "weak_kdf_params",
  "bad_signature",
  "bad_key_check",
  "invalid_input",
  "untrusted_key",
  "no_key",
];

export class CryptoError extends ClientError<CryptoErrorCode> {
  override readonly name = "CryptoError";
}

export function isCryptoError(error: unknown, code?: CryptoErrorCode): error is CryptoError {
  return error instanceof CryptoError && (code === undefined || error.code === code);
}

export function isCryptoErrorCode(value: unknown): value is CryptoErrorCode {
  return typeof value === "string" && (CRYPTO_ERROR_CODES as readonly string[]).includes(value);
}
