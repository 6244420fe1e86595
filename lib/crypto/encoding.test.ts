/**
 * Byte helpers: base64url (errors as CryptoError), fatal UTF-8, compare, wipe, release.
 */
import { describe, expect, it } from "vitest";
import {
  concatBytes,
  discard,
  fromBase64url,
  fromHex,
  isAllZero,
  releaseBuffer,
  toBase64url,
  toHex,
  utf8Decode,
  utf8Encode,
  wipe,
} from "./encoding";
import { expectCryptoError } from "./test-support";

// The codec itself is tested in lib/encoding/base64url.test.ts; here, that
// lib/crypto reports its refusals with the one crypto error type.
describe("base64url (no padding)", () => {
  it("round-trips through the shared codec", () => {
    expect(toBase64url(utf8Encode("foobar"))).toBe("Zm9vYmFy");
    expect(utf8Decode(fromBase64url("Zm9vYmE"))).toBe("fooba");
  });

  it("rejects padding, the standard alphabet, whitespace, bad lengths and non-canonical trailing bits as invalid_input", async () => {
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

  it("releaseBuffer detaches the buffer, so a later use sees no bytes", () => {
    const bytes = Uint8Array.of(1, 2, 3);
    releaseBuffer(bytes.buffer);
    expect(bytes.buffer.byteLength).toBe(0);
    expect(bytes.length).toBe(0);
    expect(() => releaseBuffer(bytes.buffer)).not.toThrow(); // twice is harmless
  });

  it("releaseBuffer uses ArrayBuffer.prototype.transfer(0) where the runtime has it (browsers: the memory goes at once)", () => {
    const buffer = new ArrayBuffer(4);
    const calls: unknown[][] = [];
    Object.defineProperty(buffer, "transfer", { value: (...args: unknown[]) => calls.push(args) });
    releaseBuffer(buffer);
    expect(calls).toEqual([[0]]);
  });

  it("discard wipes before it releases, and only wipes a view that is part of a larger buffer", () => {
    const whole = Uint8Array.of(7, 7, 7);
    let seen: number[] = [];
    Object.defineProperty(whole.buffer, "transfer", { value: () => (seen = [...whole]) });
    discard(whole);
    expect(seen).toEqual([0, 0, 0]);

    const buffer = Uint8Array.of(1, 2, 3, 4);
    discard(buffer.subarray(1, 3));
    expect([...buffer]).toEqual([1, 0, 0, 4]);
  });

  it("concatBytes joins in order", () => {
    expect(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))).toEqual(Uint8Array.of(1, 2, 3));
  });
});
