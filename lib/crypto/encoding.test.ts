/**
 * Byte helpers: strict unpadded base64url (same as libsodium's URLSAFE_NO_PADDING), fatal UTF-8, compare, wipe.
 */
import { describe, expect, it } from "vitest";
import {
  concatBytes,
  fromBase64url,
  fromHex,
  isAllZero,
  toBase64url,
  toHex,
  utf8Decode,
  utf8Encode,
  wipe,
} from "./encoding";
import { expectCryptoError } from "./test-support";

describe("base64url (no padding)", () => {
  it("encodes RFC 4648 §10 vectors in the URL-safe alphabet without padding", () => {
    const cases: [string, string][] = [
      ["", ""],
      ["f", "Zg"],
      ["fo", "Zm8"],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg"],
      ["fooba", "Zm9vYmE"],
      ["foobar", "Zm9vYmFy"],
    ];
    for (const [plain, encoded] of cases) {
      expect(toBase64url(utf8Encode(plain))).toBe(encoded);
      expect(utf8Decode(fromBase64url(encoded))).toBe(plain);
    }
    expect(toBase64url(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe("-_-_");
  });

  // libsodium's URLSAFE_NO_PADDING and Node's "base64url" are both RFC 4648 §5
  // without padding; Node's encoder is the independent reference here (only
  // sodium.ts may import libsodium).
  it("matches Node's base64url encoder for every length 0..300", () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      const ours = toBase64url(bytes);
      expect(ours).toBe(Buffer.from(bytes).toString("base64url"));
      expect(fromBase64url(ours)).toEqual(bytes);
    }
  });

  it("rejects padding, the standard alphabet, whitespace, bad lengths and non-canonical trailing bits", async () => {
    for (const bad of ["Zg==", "Zm9v+A", "Zm9v/A", "Zm 9v", "Z", "Zm9vY", "Zh", "Zm9", "é"]) {
      await expectCryptoError(() => fromBase64url(bad), "invalid_input");
    }
  });
});

describe("utf8", () => {
  it("round-trips Cyrillic and emoji", () => {
    for (const text of ["Свидетельство о пытках", "🔒📁👩🏽‍⚖️", "plain ascii"]) {
      expect(utf8Decode(utf8Encode(text))).toBe(text);
    }
  });

  it("rejects malformed UTF-8 instead of substituting U+FFFD", async () => {
    await expectCryptoError(() => utf8Decode(Uint8Array.of(0xc3, 0x28)), "invalid_input");
  });
});

describe("hex, compare, wipe", () => {
  it("hex round-trips and rejects odd or non-hex input", async () => {
    expect(toHex(fromHex("00ff10Ab"))).toBe("00ff10ab");
    await expectCryptoError(() => fromHex("abc"), "invalid_input");
    await expectCryptoError(() => fromHex("zz"), "invalid_input");
  });


  it("wipe skips a buffer already transferred to a worker (detached)", () => {
    const sent = Uint8Array.of(1, 2, 3);
    structuredClone(sent.buffer, { transfer: [sent.buffer] });
    expect(sent.byteLength).toBe(0);
    expect(() => wipe(sent)).not.toThrow();
  });

  it("wipe zeroes every buffer it is given and skips missing ones", () => {
    const a = Uint8Array.of(1, 2, 3);
    const b = Uint8Array.of(9);
    wipe(a, undefined, b, null);
    expect(isAllZero(a) && isAllZero(b)).toBe(true);
  });

  it("concatBytes joins in order", () => {
    expect(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))).toEqual(Uint8Array.of(1, 2, 3));
  });
});
