/**
 * Case keys and grants: only a member-signed grant whose key matches the epoch's check value yields a case key.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { KEY_CHECK_BYTES, keyCheckValue, newCaseKey, openSealed, sealToMember } from "./case-key-seal";
import { utf8Decode, toHex } from "./encoding";
import {
  epochStatement,
  grantStatement,
  openGrant,
  signEpoch,
  signGrant,
  verifyEpoch,
  verifyGrant,
  type Grant,
} from "./grants";
import { loadSodium } from "./sodium";
import { expectCryptoError, flipByte } from "./test-support";
import { generateUserKeyPairs, type UserKeyPairs } from "./user-keys";

let lead: UserKeyPairs; // member who creates the epoch and grants access
let member: UserKeyPairs; // recipient
let outsider: UserKeyPairs; // not a member (or the server's own key)
let caseKey: Uint8Array;
let kcv: Uint8Array;
let grant: Grant;
let signature: Uint8Array;

beforeAll(async () => {
  [lead, member, outsider] = await Promise.all([generateUserKeyPairs(), generateUserKeyPairs(), generateUserKeyPairs()]);
  caseKey = await newCaseKey();
  kcv = await keyCheckValue(caseKey);
  grant = { caseId: "case-1", epoch: 2, recipientId: "member-1", sealedKey: await sealToMember(caseKey, member.x25519.publicKey) };
  signature = await signGrant(grant, lead.ed25519.privateKey);
});

describe("case keys", () => {
  it("newCaseKey gives fresh 32-byte keys", async () => {
    const a = await newCaseKey();
    expect(a).toHaveLength(32);
    expect(toHex(a)).not.toBe(toHex(await newCaseKey()));
  });

  it("sealToMember / openSealed round-trip only for the recipient", async () => {
    const opened = await openSealed(grant.sealedKey, member.x25519.publicKey, member.x25519.privateKey);
    expect(toHex(opened)).toBe(toHex(caseKey));
    await expectCryptoError(openSealed(grant.sealedKey, outsider.x25519.publicKey, outsider.x25519.privateKey), "damaged");
    await expectCryptoError(openSealed(flipByte(grant.sealedKey, 40), member.x25519.publicKey, member.x25519.privateKey), "damaged");
    await expectCryptoError(openSealed(grant.sealedKey.subarray(1), member.x25519.publicKey, member.x25519.privateKey), "damaged");
  });

  it("keyCheckValue is keyed BLAKE2b-256 of the fixed label, distinct per key", async () => {
    const sodium = await loadSodium();
    expect(kcv).toHaveLength(KEY_CHECK_BYTES);
    const expected = sodium.crypto_generichash(32, new TextEncoder().encode("casevault:v1:key-check"), caseKey);
    expect(toHex(kcv)).toBe(toHex(expected));
    expect(toHex(await keyCheckValue(await newCaseKey()))).not.toBe(toHex(kcv));
  });
});

describe("grant statements", () => {
  it("is canonical JSON over {type, caseId, epoch, recipientId, sealedKeyHash = BLAKE2b-256(sealedKey)}", async () => {
    const sodium = await loadSodium();
    const text = utf8Decode(await grantStatement(grant));
    const hash = Buffer.from(sodium.crypto_generichash(32, grant.sealedKey, null)).toString("base64url");
    expect(text).toBe(
      `{"caseId":"case-1","epoch":2,"recipientId":"member-1","sealedKeyHash":"${hash}","type":"casevault.case-key-grant.v1"}`,
    );
  });

  it("epoch statement covers the key check value", () => {
    const text = utf8Decode(epochStatement({ caseId: "case-1", epoch: 2, keyCheckValue: kcv }));
    expect(text).toBe(
      `{"caseId":"case-1","epoch":2,"keyCheckValue":"${Buffer.from(kcv).toString("base64url")}","type":"casevault.case-key-epoch.v1"}`,
    );
  });
});

describe("verifyGrant", () => {
  it("accepts a grant signed by a member whose key matches the check value", async () => {
    await expect(verifyGrant({ grant, signature, signerPublicKey: lead.ed25519.publicKey, caseKey, keyCheckValue: kcv })).resolves.toBeUndefined();
  });

  it("rejects a grant signed by a non-member key (the server slipping in its own key)", async () => {
    const forgedKey = await newCaseKey();
    const forged: Grant = { ...grant, sealedKey: await sealToMember(forgedKey, member.x25519.publicKey) };
    const forgedSignature = await signGrant(forged, outsider.ed25519.privateKey);
    await expectCryptoError(
      verifyGrant({ grant: forged, signature: forgedSignature, signerPublicKey: lead.ed25519.publicKey, caseKey: forgedKey, keyCheckValue: kcv }),
      "bad_signature",
    );
  });

  it("rejects a genuine signature moved onto another sealed key, case, epoch or recipient", async () => {
    const other = await sealToMember(caseKey, member.x25519.publicKey);
    const variants: Grant[] = [
      { ...grant, sealedKey: other },
      { ...grant, caseId: "case-2" },
      { ...grant, epoch: 3 },
      { ...grant, recipientId: "member-2" },
    ];
    for (const variant of variants) {
      await expectCryptoError(
        verifyGrant({ grant: variant, signature, signerPublicKey: lead.ed25519.publicKey, caseKey, keyCheckValue: kcv }),
        "bad_signature",
      );
    }
  });

  it("rejects a validly signed key that does not match the epoch's key check value", async () => {
    const wrongKey = await newCaseKey();
    const sneaky: Grant = { ...grant, sealedKey: await sealToMember(wrongKey, member.x25519.publicKey) };
    const sneakySignature = await signGrant(sneaky, lead.ed25519.privateKey);
    await expectCryptoError(
      verifyGrant({ grant: sneaky, signature: sneakySignature, signerPublicKey: lead.ed25519.publicKey, caseKey: wrongKey, keyCheckValue: kcv }),
      "bad_key_check",
    );
    await expectCryptoError(
      verifyGrant({ grant, signature, signerPublicKey: lead.ed25519.publicKey, caseKey, keyCheckValue: flipByte(kcv, 0) }),
      "bad_key_check",
    );
  });
});

describe("openGrant", () => {
  it("returns the case key for the addressed member when everything checks", async () => {
    const key = await openGrant({
      grant,
      signature,
      signerPublicKey: lead.ed25519.publicKey,
      keyCheckValue: kcv,
      recipient: { id: "member-1", x25519: member.x25519 },
    });
    expect(toHex(key)).toBe(toHex(caseKey));
  });

  it("returns nothing for a forged grant, a wrong check value or another recipient", async () => {
    const recipient = { id: "member-1", x25519: member.x25519 };
    await expectCryptoError(
      openGrant({ grant, signature, signerPublicKey: outsider.ed25519.publicKey, keyCheckValue: kcv, recipient }),
      "bad_signature",
    );
    await expectCryptoError(
      openGrant({ grant, signature, signerPublicKey: lead.ed25519.publicKey, keyCheckValue: await keyCheckValue(await newCaseKey()), recipient }),
      "bad_key_check",
    );
    await expectCryptoError(
      openGrant({ grant, signature, signerPublicKey: lead.ed25519.publicKey, keyCheckValue: kcv, recipient: { ...recipient, id: "member-2" } }),
      "bad_signature",
    );
  });
});

describe("epoch check values", () => {
  it("verify under the creator's key and fail under any other or when altered", async () => {
    const check = { caseId: "case-1", epoch: 2, keyCheckValue: kcv };
    const epochSignature = await signEpoch(check, lead.ed25519.privateKey);
    await expect(verifyEpoch(check, epochSignature, lead.ed25519.publicKey)).resolves.toBeUndefined();
    await expectCryptoError(verifyEpoch(check, epochSignature, outsider.ed25519.publicKey), "bad_signature");
    await expectCryptoError(verifyEpoch({ ...check, keyCheckValue: flipByte(kcv, 3) }, epochSignature, lead.ed25519.publicKey), "bad_signature");
    await expectCryptoError(verifyEpoch({ ...check, epoch: 1 }, epochSignature, lead.ed25519.publicKey), "bad_signature");
  });
});
