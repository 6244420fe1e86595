/**
 * Byte helpers: base64url, UTF-8, hex, wipe (the byte-compare is lib/encoding/same-bytes.ts).
 *
 * Must always hold:
 * - Wire format for binary in JSON is base64url WITHOUT padding, byte-for-byte
 *   libsodium's URLSAFE_NO_PADDING variant (tested against it). Decoding is
 *   strict: any other alphabet, padding, or non-zero trailing bits is rejected,
 *   so each byte string has exactly one accepted encoding.
 * - UTF-8 decoding is fatal on malformed input (no U+FFFD substitution).
 * - These helpers are synchronous and need no WebAssembly, so they work before
 *   libsodium has loaded. `wipe` is the same plain loop as libsodium.js's
 *   memzero.
 */
import { CryptoError } from "./errors";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const value = code < 128 ? (DECODE[code] ?? -1) : -1;
  if (value < 0) throw new CryptoError("invalid_input", "invalid base64url character");
  return value;
}

function char(value: number): string {
  return ALPHABET.charAt(value & 63);
}

export function toBase64url(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += char(n >> 18) + char(n >> 12) + char(n >> 6) + char(n);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out += char(n >> 18) + char(n >> 12);
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += char(n >> 18) + char(n >> 12) + char(n >> 6);
  }
  return out;
}

export function fromBase64url(text: string): Uint8Array {
  const rest = text.length % 4;
  if (rest === 1) throw new CryptoError("invalid_input", "invalid base64url length");
  const out = new Uint8Array(((text.length - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  let o = 0;
  let i = 0;
  for (; i + 3 < text.length; i += 4) {
    const n = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6) | sextet(text, i + 3);
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  if (rest === 2) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    if ((b & 15) !== 0) throw new CryptoError("invalid_input", "non-canonical base64url");
    out[o] = (a << 2) | (b >> 4);
  } else if (rest === 3) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const c = sextet(text, i + 2);
    if ((c & 3) !== 0) throw new CryptoError("invalid_input", "non-canonical base64url");
    out[o++] = (a << 2) | (b >> 4);
    out[o] = ((b & 15) << 4) | (c >> 2);
  }
  return out;
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
