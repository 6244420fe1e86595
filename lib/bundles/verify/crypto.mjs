/**
 * The primitives the offline verifier hashes and checks with, for Node
 * (node:crypto, node:zlib). The page in the bundle (verify.html) is built
 * with web/crypto.mjs in this file's place (scripts/build-verifier-page.mjs):
 * same exports, WebCrypto and @noble/hashes instead. Keeping them here, and
 * nowhere else, is what lets one verifier run in both.
 *
 * Must always hold:
 * - Both files export the same names with the same results; a unit test
 *   (web/crypto.test.ts) compares them.
 * - ed25519Verify is asynchronous (WebCrypto is); ed25519VerifySync exists
 *   only where a synchronous check is possible and, elsewhere, returns false
 *   (fails closed, never "valid").
 */
import { createHash, verify } from "node:crypto";
import { crc32 as zlibCrc32 } from "node:zlib";

/** An incremental SHA-256: update(chunk) as often as needed, then digest() once. */
export function sha256() {
  const hash = createHash("sha256");
  return {
    update(chunk) {
      hash.update(chunk);
    },
    digest() {
      return new Uint8Array(hash.digest());
    },
  };
}

/** BLAKE2b-512 over the parts, one after another. */
export function blake2b512(parts) {
  const hash = createHash("blake2b512");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** CRC-32 of chunk, continuing from `previous` (0 to start). */
export function crc32(chunk, previous = 0) {
  return zlibCrc32(chunk, previous);
}

/** Base64url without padding. */
export function toBase64url(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}

/** Lenient base64url decoding (callers check the round trip). */
export function fromBase64url(text) {
  return new Uint8Array(Buffer.from(text, "base64url"));
}

/** Pieces joined into one byte array (a Buffer here, so Node callers keep Buffer methods). */
export function concatBytes(parts) {
  return Buffer.concat(parts);
}

/** Ed25519 over `message` with the raw 32-byte `publicKey`; false on anything malformed. */
export function ed25519VerifySync(message, signature, publicKey) {
  try {
    return verify(null, message, { key: { kty: "OKP", crv: "Ed25519", x: toBase64url(publicKey) }, format: "jwk" }, signature);
  } catch {
    return false;
  }
}

export async function ed25519Verify(message, signature, publicKey) {
  return ed25519VerifySync(message, signature, publicKey);
}
