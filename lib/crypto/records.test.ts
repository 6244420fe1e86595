/**
 * Records: JSON round trips (ASCII, Cyrillic, emoji, empty, 1 MB) and tamper cases that must fail with a CryptoError and no output.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { recordAd, type RecordPlace } from "./ad";
import { envelopeFromBase64url, envelopeToBase64url, openJson, sealJson } from "./records";
import { loadSodium } from "./sodium";
import { expectCryptoError, flipByte } from "./test-support";

const place: RecordPlace = {
  caseId: "3f1c2a9e-6b7d-4c1e-9a0b-1d2e3f4a5b6c",
  recordType: "testimony",
  recordId: "8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d",
  version: 3,
};
const AD = recordAd(place);
let caseKey: Uint8Array;
let otherKey: Uint8Array;

beforeAll(async () => {
  const sodium = await loadSodium();
  caseKey = sodium.randombytes_buf(32);
  otherKey = sodium.randombytes_buf(32);
});

describe("sealJson / openJson round trips", () => {
  const cases: [string, unknown][] = [
    ["ASCII", { name: "John Doe", note: "Detained 2023-04-01 at the central station." }],
    ["Cyrillic", { title: "Свидетельство о пытках", body: "Меня держали трое суток без воды." }],
    ["emoji", { mood: "😶‍🌫️", flags: ["🇷🇺", "🇬🇪"], lock: "🔒" }],
    ["empty object", {}],
    ["nested arrays and numbers", { a: [1, [2, [3, { b: -0.5 }]]], n: null, t: true }],
  ];
  for (const [name, value] of cases) {
    it(name, async () => {
      const envelope = await sealJson(value, caseKey, AD);
      expect(envelope[0]).toBe(1);
      expect(await openJson(envelope, caseKey, AD)).toEqual(value);
    });
  }

  it("large (1 MB) JSON", async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({ i, text: `запись ${i} — ${"x".repeat(70)}` }));
    const value = { items };
    const envelope = await sealJson(value, caseKey, AD);
    expect(envelope.length).toBeGreaterThan(1_000_000);
    expect(await openJson(envelope, caseKey, AD)).toEqual(value);
  });

  it("uses a fresh nonce every time", async () => {
    const a = await sealJson({ same: 1 }, caseKey, AD);
    const b = await sealJson({ same: 1 }, caseKey, AD);
    expect(Buffer.from(a.subarray(1, 25)).equals(Buffer.from(b.subarray(1, 25)))).toBe(false);
  });

  it("round-trips through base64url without padding", async () => {
    const envelope = await sealJson({ x: "y" }, caseKey, AD);
    const text = envelopeToBase64url(envelope);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await openJson(envelopeFromBase64url(text), caseKey, AD)).toEqual({ x: "y" });
  });

  it("refuses values that are not plain JSON before encrypting", async () => {
    await expectCryptoError(sealJson({ when: new Date() }, caseKey, AD), "invalid_input");
    await expectCryptoError(sealJson({ n: NaN }, caseKey, AD), "invalid_input");
    await expectCryptoError(sealJson({ u: undefined }, caseKey, AD), "invalid_input");
  });
});

describe("a wiped key", () => {
  it("seals nothing: an all-zero key is refused before encryption", async () => {
    await expectCryptoError(sealJson({ a: 1 }, new Uint8Array(32), recordAd({ caseId: "c", recordType: "person", recordId: "r", version: 1 })), "invalid_input");
  });
});

describe("tampering: every case fails with a CryptoError and returns nothing", () => {
  let envelope: Uint8Array;
  beforeAll(async () => {
    envelope = await sealJson({ secret: "Свидетельство о пытках" }, caseKey, AD);
  });

  it("flipped byte in the nonce", async () => {
    await expectCryptoError(openJson(flipByte(envelope, 5), caseKey, AD), "damaged");
  });

  it("flipped byte in the ciphertext", async () => {
    await expectCryptoError(openJson(flipByte(envelope, 30), caseKey, AD), "damaged");
  });

  it("flipped byte in the tag", async () => {
    await expectCryptoError(openJson(flipByte(envelope, -1), caseKey, AD), "damaged");
  });

  it("record moved to another case", async () => {
    await expectCryptoError(openJson(envelope, caseKey, recordAd({ ...place, caseId: "other-case" })), "damaged");
  });

  it("record moved to another record id", async () => {
    await expectCryptoError(openJson(envelope, caseKey, recordAd({ ...place, recordId: "other-record" })), "damaged");
  });

  it("record moved to another version", async () => {
    await expectCryptoError(openJson(envelope, caseKey, recordAd({ ...place, version: 2 })), "damaged");
  });

  it("record moved to another record type", async () => {
    await expectCryptoError(openJson(envelope, caseKey, recordAd({ ...place, recordType: "note" })), "damaged");
  });

  it("wrong version byte", async () => {
    const wrong = envelope.slice();
    wrong[0] = 2;
    await expectCryptoError(openJson(wrong, caseKey, AD), "wrong_version");
    wrong[0] = 0;
    await expectCryptoError(openJson(wrong, caseKey, AD), "wrong_version");
  });

  it("wrong key", async () => {
    await expectCryptoError(openJson(envelope, otherKey, AD), "damaged");
  });

  it("truncated input (tag cut, nonce cut, empty)", async () => {
    await expectCryptoError(openJson(envelope.subarray(0, envelope.length - 1), caseKey, AD), "damaged");
    await expectCryptoError(openJson(envelope.subarray(0, 20), caseKey, AD), "damaged");
    await expectCryptoError(openJson(new Uint8Array(0), caseKey, AD), "damaged");
  });

  it("extra bytes appended", async () => {
    const longer = new Uint8Array(envelope.length + 1);
    longer.set(envelope);
    await expectCryptoError(openJson(longer, caseKey, AD), "damaged");
  });

  it("malformed base64url envelope text", async () => {
    await expectCryptoError(() => envelopeFromBase64url("not base64!"), "damaged");
    await expectCryptoError(() => envelopeFromBase64url("AAAA"), "damaged");
  });

  it("a key of the wrong size is a caller error", async () => {
    await expectCryptoError(openJson(envelope, caseKey.subarray(0, 31), AD), "invalid_input");
    await expectCryptoError(sealJson({}, new Uint8Array(16), AD), "invalid_input");
  });
});
