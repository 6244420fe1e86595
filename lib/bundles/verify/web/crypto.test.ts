/**
 * The page's primitives (web/crypto.mjs: WebCrypto, @noble/hashes, a CRC
 * table) give exactly what the CLI's (../crypto.mjs: node:crypto, node:zlib)
 * give, on the same inputs: otherwise the page and the CLI could disagree
 * about a bundle.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as node from "../crypto.mjs";
import * as web from "./crypto.mjs";

function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const SIZES = [0, 1, 2, 3, 55, 56, 63, 64, 65, 127, 128, 129, 1000, 70_000];

describe("web/crypto.mjs against ../crypto.mjs", () => {
  it("SHA-256 fed in uneven slices equals node:crypto's", () => {
    for (const size of SIZES) {
      const data = bytes(size, size + 1);
      const a = node.sha256();
      const b = web.sha256();
      a.update(data);
      for (let at = 0; at < size; at += 1 + (at % 7) * 1000) b.update(data.subarray(at, at + 1 + (at % 7) * 1000));
      expect(node.toBase64url(b.digest())).toBe(node.toBase64url(a.digest()));
    }
  });

  it("BLAKE2b-512 over parts, and CRC-32 continued across chunks", () => {
    for (const size of SIZES) {
      const data = bytes(size, size + 7);
      const parts = [data.subarray(0, size >> 1), Uint8Array.of(0), data.subarray(size >> 1)];
      expect(Array.from(web.blake2b512(parts))).toEqual(Array.from(node.blake2b512(parts)));
      let crc = 0;
      for (let at = 0; at < size; at += 333) crc = web.crc32(data.subarray(at, at + 333), crc);
      expect(crc).toBe(node.crc32(data));
    }
  });

  it("base64url: same text out, same bytes back; the strict round trip callers check accepts the same texts", () => {
    for (const size of SIZES.slice(0, 10)) {
      const data = bytes(size, 3 * size + 1);
      expect(web.toBase64url(data)).toBe(node.toBase64url(data));
      expect(Array.from(web.fromBase64url(node.toBase64url(data)))).toEqual(Array.from(data));
    }
    const strict = (impl: typeof node, text: string) => impl.toBase64url(impl.fromBase64url(text)) === text;
    for (const text of ["", "A", "AB", "AC", "AB=", "AB+/", "ab$cd", "AAAA AAAA", "_-_-", "AAB", "AAC"]) {
      expect(strict(web, text), text).toBe(strict(node, text));
    }
  });

  it("Ed25519: WebCrypto accepts what node:crypto accepts and rejects a changed byte, a wrong key, malformed input", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const other = generateKeyPairSync("ed25519").publicKey;
    const raw = (k: typeof publicKey) => node.fromBase64url(k.export({ format: "jwk" }).x ?? "");
    const message = bytes(500, 9);
    const signature = new Uint8Array(sign(null, message, privateKey));
    const changed = message.slice();
    changed[17] = changed[17]! ^ 1;
    const cases: [Uint8Array, Uint8Array, Uint8Array, boolean][] = [
      [message, signature, raw(publicKey), true],
      [changed, signature, raw(publicKey), false],
      [message, signature, raw(other), false],
      [message, signature.subarray(0, 63), raw(publicKey), false],
      [message, signature, raw(publicKey).subarray(0, 31), false],
    ];
    for (const [m, s, k, valid] of cases) {
      expect(await web.ed25519Verify(m, s, k)).toBe(valid);
      expect(await node.ed25519Verify(m, s, k)).toBe(valid);
    }
    // No synchronous check in a browser: it fails closed.
    expect(web.ed25519VerifySync(message, signature, raw(publicKey))).toBe(false);
    expect(node.ed25519VerifySync(message, signature, raw(publicKey))).toBe(true);
  });
});
