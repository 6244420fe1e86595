import { describe, expect, it } from "vitest";
import { enrolAccount, kdfParamsOf, rewrapAccount, unlockAccount } from "./account";
import { fromBase64url, toBase64url } from "./encoding";
import { deriveKeys, type KdfParams } from "./kdf";
import { expectCryptoError } from "./test-support";

// Low parameters: these tests check composition, not Argon2id's cost.
const fast: KdfParams = { alg: "argon2id13", opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 };
const deriveWith = (passphrase: string) => (salt: Uint8Array) => deriveKeys(passphrase, salt, fast);
const userId = "0b6f8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

describe("account keys", () => {
  it("enrols, then unlocks with the same passphrase to the same keys", async () => {
    const { stored, authKey, unlocked } = await enrolAccount(userId, deriveWith("correct horse battery staple"));
    expect(fromBase64url(authKey)).toHaveLength(32);
    const { salt } = kdfParamsOf(stored);
    const { wrapKey, authKey: again } = await deriveWith("correct horse battery staple")(salt);
    expect(toBase64url(again)).toBe(authKey);
    const opened = await unlockAccount(userId, stored, wrapKey);
    expect(opened.keys.ed25519.publicKey).toEqual(unlocked.keys.ed25519.publicKey);
    expect(opened.keys.x25519.privateKey).toEqual(unlocked.keys.x25519.privateKey);
    expect(opened.accountKey).toEqual(unlocked.accountKey);
  });

  it("stores neither wrapKey nor the account key", async () => {
    const { stored, unlocked } = await enrolAccount(userId, deriveWith("passphrase one two"));
    const text = JSON.stringify(stored);
    expect(text).not.toContain(toBase64url(unlocked.accountKey));
    expect(text).not.toContain(toBase64url(unlocked.keys.x25519.privateKey));
  });

  it("refuses a wrong passphrase", async () => {
    const { stored } = await enrolAccount(userId, deriveWith("the right passphrase"));
    const { wrapKey } = await deriveWith("the wrong passphrase")(kdfParamsOf(stored).salt);
    await expectCryptoError(unlockAccount(userId, stored, wrapKey), "damaged");
  });

  it("refuses key material moved to another user", async () => {
    const { stored } = await enrolAccount(userId, deriveWith("moved between users"));
    const { wrapKey } = await deriveWith("moved between users")(kdfParamsOf(stored).salt);
    await expectCryptoError(unlockAccount("6a1c0c0e-0000-4000-8000-000000000001", stored, wrapKey), "damaged");
  });

  it("re-wraps on a passphrase change: the old passphrase stops working, keys stay", async () => {
    const { stored, unlocked } = await enrolAccount(userId, deriveWith("old passphrase here"));
    const changed = await rewrapAccount(unlocked, deriveWith("new passphrase here"));
    const next = { ...stored, kdf: changed.kdf, accountKeyWrapped: changed.accountKeyWrapped };
    const newKeys = await deriveWith("new passphrase here")(kdfParamsOf(next).salt);
    expect(toBase64url(newKeys.authKey)).toBe(changed.authKey);
    const opened = await unlockAccount(userId, next, newKeys.wrapKey);
    expect(opened.keys.ed25519.publicKey).toEqual(unlocked.keys.ed25519.publicKey);
    const oldKeys = await deriveWith("old passphrase here")(kdfParamsOf(next).salt);
    await expectCryptoError(unlockAccount(userId, next, oldKeys.wrapKey), "damaged");
  });
});
