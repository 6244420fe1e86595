/**
 * ../crypto.mjs for the browser page (verify.html): the same exports, from
 * WebCrypto (Ed25519) and @noble/hashes (SHA-256 and BLAKE2b, incremental,
 * so a multi-gigabyte exhibit is hashed slice by slice; WebCrypto's digest
 * takes the whole input at once). CRC-32 is a table, as zlib computes it.
 * scripts/build-verifier-page.mjs puts this file in ../crypto.mjs's place.
 */
import { blake2b } from "@noble/hashes/blake2.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";

export function sha256() {
  const hash = nobleSha256.create();
  return {
    update(chunk) {
      hash.update(chunk);
    },
    digest() {
      return hash.digest();
    },
  };
}

export function blake2b512(parts) {
  const hash = blake2b.create({ dkLen: 64 });
  for (const part of parts) hash.update(part);
  return hash.digest();
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(chunk, previous = 0) {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < chunk.length; i++) c = CRC_TABLE[(c ^ chunk[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function toBase64url(bytes) {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** Lenient like Node's: stops at the first character outside the alphabet; callers check the round trip. */
export function fromBase64url(text) {
  const out = [];
  let bits = 0;
  let value = 0;
  for (const c of text) {
    const v = VALUE.get(c);
    if (v === undefined) break;
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

export function concatBytes(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** WebCrypto has no synchronous verify: this fails closed. Nothing the page runs calls it. */
export function ed25519VerifySync() {
  return false;
}

export async function ed25519Verify(message, signature, publicKey) {
  try {
    const key = await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
    return await crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
  } catch {
    return false;
  }
}
