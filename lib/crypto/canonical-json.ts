/**
 * Canonical JSON for lib/crypto: the exact bytes that signatures cover.
 *
 * Must always hold:
 * - There is ONE canonical JSON implementation in the repo,
 *   lib/encoding/canonical-json.ts (neutral, shared with server-side audit
 *   hashing); this module only re-exposes it with lib/crypto's error type, so
 *   a signature made in the browser and an audit hash made on the server cover
 *   byte-identical serialisations.
 * - Anything that is not plain JSON (undefined, NaN/Infinity, functions,
 *   Dates, class instances, holes, cycles...) is CryptoError("invalid_input").
 */
import {
  CanonicalJsonError,
  canonicalJson as sharedCanonicalJson,
  type JsonValue,
} from "@/lib/encoding/canonical-json";
import { CryptoError } from "./errors";
import { utf8Encode } from "./encoding";

export type { JsonValue };

/** Canonical JSON text of `value`; throws CryptoError("invalid_input") on anything that is not plain JSON. */
export function canonicalJson(value: unknown): string {
  try {
    return sharedCanonicalJson(value);
  } catch (error) {
    if (error instanceof CanonicalJsonError) throw new CryptoError("invalid_input", error.message, { cause: error });
    throw error;
  }
}

/** UTF-8 bytes of the canonical JSON text: what gets signed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return utf8Encode(canonicalJson(value));
}
