/**
 * Encrypted JSON records (person profile, testimony version, evidence
 * metadata, deadline details, notes, review notes).
 *
 * Must always hold:
 * - A record is sealed under its case key with AD = recordAd(place), so it
 *   opens only at the exact case/type/id/version it was written for.
 * - Only plain JSON goes in (canonical JSON rules: no undefined, NaN, Dates,
 *   class instances), so what is read back is exactly what was written.
 * - openJson returns the whole value or throws; the result is `unknown` and
 *   must be parsed with the record's zod schema before use.
 * - Envelopes travel as Uint8Array (Prisma Bytes) or base64url without padding.
 */
import { openBytes, sealBytes, MIN_ENVELOPE_BYTES } from "./aead";
import { canonicalBytes } from "./canonical-json";
import { CryptoError } from "./errors";
import { fromBase64url, toBase64url, utf8Decode, wipe } from "./encoding";

/** Encrypt a JSON value under `key` (a case key) bound to `ad` (use recordAd). */
export async function sealJson(value: unknown, key: Uint8Array, ad: string): Promise<Uint8Array> {
  const plaintext = canonicalBytes(value);
  try {
    return await sealBytes(plaintext, key, ad);
  } finally {
    wipe(plaintext);
  }
}

/** Decrypt and parse; throws CryptoError("damaged" | "wrong_version") and returns nothing on failure. */
export async function openJson(envelope: Uint8Array, key: Uint8Array, ad: string): Promise<unknown> {
  const plaintext = await openBytes(envelope, key, ad);
  try {
    return JSON.parse(utf8Decode(plaintext)) as unknown;
  } catch (cause) {
    // Authenticated but not JSON: written by something other than sealJson.
    throw new CryptoError("damaged", "record is not JSON", { cause });
  } finally {
    wipe(plaintext);
  }
}

export function envelopeToBase64url(envelope: Uint8Array): string {
  return toBase64url(envelope);
}

/** Decode a base64url envelope; malformed text is reported as "damaged", like a bad ciphertext. */
export function envelopeFromBase64url(text: string): Uint8Array {
  let envelope: Uint8Array;
  try {
    envelope = fromBase64url(text);
  } catch (cause) {
    throw new CryptoError("damaged", "envelope is not base64url", { cause });
  }
  if (envelope.length < MIN_ENVELOPE_BYTES) throw new CryptoError("damaged", "envelope too short");
  return envelope;
}
