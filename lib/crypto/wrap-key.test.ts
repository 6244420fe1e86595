/**
 * Wrapped keys (account key under wrapKey, file key under case key) open only with the right key and AD.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { accountKeyAd } from "./ad";
import { toHex } from "./encoding";
import { newFileKey, openFileKey, sealFileKey } from "./file-key";
import { deriveKeys } from "./kdf";
import { loadSodium } from "./sodium";
import { expectCryptoError, flipByte } from "./test-support";
import { newAccountKey, unwrapKey, wrapKey } from "./wrap-key";

let wrappingKey: Uint8Array;
let otherKey: Uint8Array;

beforeAll(async () => {
  const sodium = await loadSodium();
  wrappingKey = sodium.randombytes_buf(32);
  otherKey = sodium.randombytes_buf(32);
});

describe("wrapKey / unwrapKey", () => {
  it("round-trips the account key under the passphrase-derived wrapKey", async () => {
    const { wrapKey: fromPassphrase } = await deriveKeys("Свидетельство о пытках", new Uint8Array(16).fill(7), {
      alg: "argon2id13",
      opsLimit: 1,
      memLimitBytes: 8 * 1024 * 1024,
    });
    const accountKey = await newAccountKey();
    const wrapped = await wrapKey(accountKey, fromPassphrase, accountKeyAd("user-1"));
    expect(wrapped).toHaveLength(1 + 24 + 32 + 16);
    expect(toHex(await unwrapKey(wrapped, fromPassphrase, accountKeyAd("user-1")))).toBe(toHex(accountKey));
  });

  it("passphrase change re-wraps only the account key", async () => {
    const ad = accountKeyAd("user-1");
    const accountKey = await newAccountKey();
    const underOld = await wrapKey(accountKey, wrappingKey, ad);
    const underNew = await wrapKey(await unwrapKey(underOld, wrappingKey, ad), otherKey, ad);
    expect(toHex(await unwrapKey(underNew, otherKey, ad))).toBe(toHex(accountKey));
    await expectCryptoError(unwrapKey(underNew, wrappingKey, ad), "damaged");
  });

  it("fails with the wrong key, another user's AD, a flipped byte, a wrong version or truncation", async () => {
    const wrapped = await wrapKey(await newAccountKey(), wrappingKey, accountKeyAd("user-1"));
    await expectCryptoError(unwrapKey(wrapped, otherKey, accountKeyAd("user-1")), "damaged");
    await expectCryptoError(unwrapKey(wrapped, wrappingKey, accountKeyAd("user-2")), "damaged");
    await expectCryptoError(unwrapKey(flipByte(wrapped, 40), wrappingKey, accountKeyAd("user-1")), "damaged");
    const wrongVersion = wrapped.slice();
    wrongVersion[0] = 9;
    await expectCryptoError(unwrapKey(wrongVersion, wrappingKey, accountKeyAd("user-1")), "wrong_version");
    await expectCryptoError(unwrapKey(wrapped.subarray(0, 50), wrappingKey, accountKeyAd("user-1")), "damaged");
  });

  it("wraps only 32-byte keys", async () => {
    await expectCryptoError(wrapKey(new Uint8Array(16), wrappingKey, "casevault:v1:x"), "invalid_input");
    await expectCryptoError(wrapKey(await newAccountKey(), wrappingKey, ""), "invalid_input");
  });
});

describe("sealFileKey / openFileKey", () => {
  it("round-trips a file key under the case key", async () => {
    const fileKey = await newFileKey();
    const sealed = await sealFileKey(fileKey, wrappingKey, "evidence-1");
    expect(toHex(await openFileKey(sealed, wrappingKey, "evidence-1"))).toBe(toHex(fileKey));
  });

  it("does not open for another evidence id or another case key", async () => {
    const sealed = await sealFileKey(await newFileKey(), wrappingKey, "evidence-1");
    await expectCryptoError(openFileKey(sealed, wrappingKey, "evidence-2"), "damaged");
    await expectCryptoError(openFileKey(sealed, otherKey, "evidence-1"), "damaged");
    await expectCryptoError(openFileKey(flipByte(sealed, -3), wrappingKey, "evidence-1"), "damaged");
  });
});
