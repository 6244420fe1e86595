/**
 * The one base64url: strict unpadded codec and the zod schemas built on it,
 * for the browser (lib/crypto re-exports it) and the server alike.
 *
 * Must always hold:
 * - Binary travels in JSON as base64url WITHOUT padding, byte-for-byte
 *   libsodium's URLSAFE_NO_PADDING variant and Node's "base64url" encoder.
 * - Decoding is strict: any other alphabet, padding, whitespace, a length of
 *   1 mod 4 or non-zero trailing bits throws InvalidBase64urlError, so each
 *   byte string has exactly one accepted spelling (a server cannot store two
 *   spellings of one signature, a client cannot smuggle a second one past it).
 * - The schemas accept exactly what fromBase64url accepts, so a wire schema
 *   that passed never leads to a throwing decode (a 400, never a 500).
 * - Pure: no Buffer, no libsodium, no browser API.
 */
import { z } from "zod";

export class InvalidBase64urlError extends Error {
  override readonly name = "InvalidBase64urlError";
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const value = code < 128 ? (DECODE[code] ?? -1) : -1;
  if (value < 0) throw new InvalidBase64urlError("invalid base64url character");
  return value;
}

const CODES = new Uint8Array(64).map((_, i) => ALPHABET.charCodeAt(i));
// The encoded text is ASCII: written as bytes, then read as one string (far
// faster than adding to a string four characters at a time: 8 MiB in tens of
// milliseconds, not half a second, which matters for the server's answers).
const ascii = new TextDecoder("latin1");

export function toBase64url(bytes: Uint8Array): string {
  const rest = bytes.length % 3;
  const full = bytes.length - rest;
  const out = new Uint8Array((full / 3) * 4 + (rest === 0 ? 0 : rest + 1));
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out[o++] = CODES[n >> 18] ?? 0;
    out[o++] = CODES[(n >> 12) & 63] ?? 0;
    out[o++] = CODES[(n >> 6) & 63] ?? 0;
    out[o++] = CODES[n & 63] ?? 0;
  }
  if (rest > 0) {
    const n = ((bytes[full] ?? 0) << 16) | (rest === 2 ? (bytes[full + 1] ?? 0) << 8 : 0);
    out[o++] = CODES[n >> 18] ?? 0;
    out[o++] = CODES[(n >> 12) & 63] ?? 0;
    if (rest === 2) out[o] = CODES[(n >> 6) & 63] ?? 0;
  }
  return ascii.decode(out);
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const rest = text.length % 4;
  if (rest === 1) throw new InvalidBase64urlError("invalid base64url length");
  const out = new Uint8Array(decodedLength(text.length));
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
    if ((b & 15) !== 0) throw new InvalidBase64urlError("non-canonical base64url");
    out[o] = (a << 2) | (b >> 4);
  } else if (rest === 3) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const c = sextet(text, i + 2);
    if ((c & 3) !== 0) throw new InvalidBase64urlError("non-canonical base64url");
    out[o++] = (a << 2) | (b >> 4);
    out[o] = ((b & 15) << 4) | (c >> 2);
  }
  return out;
}

/** Bytes a well-formed text of this length decodes to (a length of 1 mod 4 is never well-formed). */
function decodedLength(chars: number): number {
  const rest = chars % 4;
  return ((chars - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1);
}

function decodes(text: string): boolean {
  try {
    fromBase64url(text);
    return true;
  } catch {
    return false;
  }
}

/** Canonical unpadded base64url of any length (the empty string included); add .min/.max as needed. */
export function base64urlSchema(message = "not base64url") {
  return z.string().refine(decodes, message);
}

/** Canonical unpadded base64url of exactly `bytes` bytes. */
export function base64urlOfBytes(bytes: number, message = "not base64url") {
  const chars = Math.ceil((bytes * 4) / 3);
  return z.string().refine((text) => text.length === chars && decodes(text), message);
}
