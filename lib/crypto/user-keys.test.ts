/**
 * User key pairs, the sealed private bundle (bound to the user), and the in-person fingerprint.
 */
import { describe, expect, it } from "vitest";
import { toHex } from "./encoding";
import { fingerprint } from "./fingerprint";
import { loadSodium } from "./sodium";
import { expectCryptoError, flipByte } from "./test-support";
import { generateUserKeyPairs, openPrivateBundle, publicKeysOf, sealPrivateBundle } from "./user-keys";
import { newAccountKey } from "./wrap-key";

describe("user key pairs and the private bundle", () => {
  it("generates X25519 and Ed25519 pairs of the right sizes", async () => {
    const pairs = await generateUserKeyPairs();
    expect(pairs.x25519.publicKey).toHaveLength(32);
    expect(pairs.x25519.privateKey).toHaveLength(32);
    expect(pairs.ed25519.publicKey).toHaveLength(32);
    expect(pairs.ed25519.privateKey).toHaveLength(64);
  });

  it("round-trips both private keys under the account key and recomputes the public keys", async () => {
    const sodium = await loadSodium();
    const pairs = await generateUserKeyPairs();
    const accountKey = await newAccountKey();
    const sealed = await sealPrivateBundle(pairs, accountKey, "user-1");
    expect(sealed).toHaveLength(1 + 24 + 64 + 16);
    const opened = await openPrivateBundle(sealed, accountKey, "user-1");
    expect(toHex(opened.x25519.privateKey)).toBe(toHex(pairs.x25519.privateKey));
    expect(toHex(opened.x25519.publicKey)).toBe(toHex(pairs.x25519.publicKey));
    expect(toHex(opened.ed25519.privateKey)).toBe(toHex(pairs.ed25519.privateKey));
    expect(toHex(opened.ed25519.publicKey)).toBe(toHex(pairs.ed25519.publicKey));
    // The reopened keys work: a signature verifies under the original public key.
    const signature = sodium.crypto_sign_detached(Uint8Array.of(1, 2, 3), opened.ed25519.privateKey);
    expect(sodium.crypto_sign_verify_detached(signature, Uint8Array.of(1, 2, 3), pairs.ed25519.publicKey)).toBe(true);
  });

  it("does not open for another user, another account key, or a flipped byte", async () => {
    const pairs = await generateUserKeyPairs();
    const accountKey = await newAccountKey();
    const sealed = await sealPrivateBundle(pairs, accountKey, "user-1");
    await expectCryptoError(openPrivateBundle(sealed, accountKey, "user-2"), "damaged");
    await expectCryptoError(openPrivateBundle(sealed, await newAccountKey(), "user-1"), "damaged");
    await expectCryptoError(openPrivateBundle(flipByte(sealed, 50), accountKey, "user-1"), "damaged");
    await expectCryptoError(openPrivateBundle(sealed.subarray(0, sealed.length - 2), accountKey, "user-1"), "damaged");
  });
});

describe("fingerprint", () => {
  it("is 8 groups of 5 digits, stable for the same keys", async () => {
    const keys = publicKeysOf(await generateUserKeyPairs());
    const a = await fingerprint(keys);
    expect(a).toMatch(/^\d{5}( \d{5}){7}$/);
    expect(await fingerprint({ x25519: keys.x25519.slice(), ed25519: keys.ed25519.slice() })).toBe(a);
  });

  it("changes when either public key changes, or when they are swapped", async () => {
    const keys = publicKeysOf(await generateUserKeyPairs());
    const base = await fingerprint(keys);
    expect(await fingerprint({ ...keys, x25519: flipByte(keys.x25519, 0) })).not.toBe(base);
    expect(await fingerprint({ ...keys, ed25519: flipByte(keys.ed25519, 31) })).not.toBe(base);
    expect(await fingerprint({ x25519: keys.ed25519, ed25519: keys.x25519 })).not.toBe(base);
  });

  it("is BLAKE2b-512 over the label and both keys, shown as 5-byte chunks mod 100000", async () => {
    const sodium = await loadSodium();
    const x25519 = new Uint8Array(32).fill(1);
    const ed25519 = new Uint8Array(32).fill(2);
    const label = new TextEncoder().encode("casevault:v1:fingerprint");
    const input = new Uint8Array([...label, 0, ...x25519, ...ed25519]);
    const hash = sodium.crypto_generichash(64, input, null);
    const first = hash.subarray(0, 5).reduce((n, byte) => n * 256 + byte, 0) % 100000;
    const shown = await fingerprint({ x25519, ed25519 });
    expect(shown.split(" ")[0]).toBe(String(first).padStart(5, "0"));
  });
});
