/**
 * Byte helpers: base64url, UTF-8, hex, wipe (the byte-compare is lib/encoding/same-bytes.ts).
 *
 * Must always hold:
 * - Wire format for binary in JSON is base64url WITHOUT padding, byte-for-byte
 *   libsodium's URLSAFE_NO_PADDING variant (tested against it); the codec is
 *   lib/encoding/base64url.ts (shared with the server). Decoding is strict:
 *   any other alphabet, padding, or non-zero trailing bits is rejected as
 *   CryptoError("invalid_input"), so each byte string has exactly one
 *   accepted encoding.
 * - UTF-8 decoding is fatal on malformed input (no U+FFFD substitution).
 * - These helpers are synchronous and need no WebAssembly, so they work before
 *   libsodium has loaded. `wipe` is the same plain loop as libsodium.js's
 *   memzero.
 */
import { fromBase64url as decodeBase64url, InvalidBase64urlError } from "@/lib/encoding/base64url";
import { CryptoError } from "./errors";

export { toBase64url } from "@/lib/encoding/base64url";

/** The strict decoder of lib/encoding/base64url.ts, failing as CryptoError("invalid_input") like every helper here. */
export function fromBase64url(text: string): Uint8Array {
  try {
    return decodeBase64url(text);
  } catch (cause) {
    if (!(cause instanceof InvalidBase64urlError)) throw cause;
    throw new CryptoError("invalid_input", cause.message, { cause });
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

export function utf8Decode(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    throw new CryptoError("invalid_input", "invalid UTF-8", { cause });
  }
}

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new CryptoError("invalid_input", "invalid hex");
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Overwrite secrets we own with zeros once they are no longer needed. */
export function wipe(...buffers: (Uint8Array | undefined | null)[]): void {
  // A buffer transferred to a worker is detached (byteLength 0): nothing is
  // left here to wipe, and fill() would throw.
  for (const bytes of buffers) if (bytes && bytes.byteLength > 0) bytes.fill(0);
}

/**
 * Gives `buffer`'s memory back now instead of at the next garbage
 * collection: the buffer is detached (byteLength 0), so a later use sees
 * nothing. Why: Chromium counts unreachable ArrayBuffers in the page's heap
 * until a collection runs, and an upload passing 1 GiB through 4 MiB
 * buffers let them pile up to 330 MiB (npm run bench:upload). Where
 * ArrayBuffer.prototype.transfer is missing (Node 20), the buffer is
 * detached by transferring it into a clone that is dropped: the memory then
 * waits for the collector, but any use after release fails the same way.
 */
export function releaseBuffer(buffer: ArrayBuffer): void {
  if (buffer.byteLength === 0) return; // detached already (or empty)
  if (typeof buffer.transfer === "function") buffer.transfer(0);
  else structuredClone(buffer, { transfer: [buffer] });
}

/** Wipes bytes we own and releases their buffer (releaseBuffer), when the view spans all of it. */
export function discard(bytes: Uint8Array<ArrayBuffer>): void {
  wipe(bytes);
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) releaseBuffer(bytes.buffer);
}

export function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0;
  for (const byte of bytes) acc |= byte;
  return acc === 0;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Throws invalid_input unless `bytes` is a Uint8Array of exactly `length` bytes. */
export function assertLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new CryptoError("invalid_input", `${what} must be ${length} bytes`);
  }
}
