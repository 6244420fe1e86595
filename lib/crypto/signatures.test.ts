/**
 * Signatures over canonical JSON: key order does not matter, any change or other key is bad_signature.
 */
import { describe, expect, it } from "vitest";
import { canonicalBytes } from "./canonical-json";
import { fromHex, toHex } from "./encoding";
import { signCanonical, verifyCanonical } from "./signatures";
import { loadSodium } from "./sodium";
import { expectCryptoError, flipByte } from "./test-support";
import { generateUserKeyPairs } from "./user-keys";

const evidence = {
  evidenceId: "e-1",
  caseId: "c-1",
  sha256: "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg",
  size: 1_048_576,
  signedAt: "2024-05-01T12:00:00.000Z",
};

describe("signCanonical / verifyCanonical", () => {
  it("signs the canonical bytes, whatever the key order", async () => {
    const sodium = await loadSodium();
    const { ed25519 } = await generateUserKeyPairs();
    const signature = await signCanonical(evidence, ed25519.privateKey);
    expect(signature).toHaveLength(64);
    const reordered = { signedAt: evidence.signedAt, size: evidence.size, sha256: evidence.sha256, caseId: evidence.caseId, evidenceId: evidence.evidenceId };
    await verifyCanonical(reordered, signature, ed25519.publicKey);
    // A court can verify with any Ed25519 implementation over canonical JSON.
    expect(sodium.crypto_sign_verify_detached(signature, canonicalBytes(evidence), ed25519.publicKey)).toBe(true);
  });

  it("is deterministic Ed25519 (RFC 8032 TEST 1 key over canonical JSON)", async () => {
    const sodium = await loadSodium();
    const pair = sodium.crypto_sign_seed_keypair(fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    const a = await signCanonical({ b: 1, a: [2] }, pair.privateKey);
    const b = await signCanonical({ a: [2], b: 1 }, pair.privateKey);
    expect(toHex(a)).toBe(toHex(b));
  });

  it("rejects a changed value, another key, a flipped signature or malformed inputs with bad_signature", async () => {
    const { ed25519 } = await generateUserKeyPairs();
    const other = await generateUserKeyPairs();
    const signature = await signCanonical(evidence, ed25519.privateKey);
    await expectCryptoError(verifyCanonical({ ...evidence, size: 1 }, signature, ed25519.publicKey), "bad_signature");
    await expectCryptoError(verifyCanonical(evidence, signature, other.ed25519.publicKey), "bad_signature");
    await expectCryptoError(verifyCanonical(evidence, flipByte(signature, 10), ed25519.publicKey), "bad_signature");
    await expectCryptoError(verifyCanonical(evidence, signature.subarray(0, 63), ed25519.publicKey), "bad_signature");
    await expectCryptoError(verifyCanonical(evidence, signature, new Uint8Array(31)), "bad_signature");
    await expectCryptoError(verifyCanonical(evidence, new Uint8Array(64), ed25519.publicKey), "bad_signature");
  });

  it("refuses to sign values that are not plain JSON", async () => {
    const { ed25519 } = await generateUserKeyPairs();
    await expectCryptoError(signCanonical({ at: new Date() }, ed25519.privateKey), "invalid_input");
    await expectCryptoError(signCanonical(evidence, new Uint8Array(32)), "invalid_input");
  });
});
