/**
 * Case keys in the browser: round trips between members, and a server that
 * lies (forged, swapped, replayed or misaddressed grants and epochs) gets no key.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { keyCheckValue, newCaseKey, sealToMember } from "@/lib/crypto/case-key-seal";
import { fromBase64url, toBase64url, toHex } from "@/lib/crypto/encoding";
import { signEpoch, signGrant } from "@/lib/crypto/grants";
import { expectCryptoError, flipByte } from "@/lib/crypto/test-support";
import { generateUserKeyPairs } from "@/lib/crypto/user-keys";
import { newAccountKey } from "@/lib/crypto/wrap-key";
import { CaseKeyring, createCaseKeys, grantCaseKey, openCaseKey, rotateCaseKey } from "./case-keys";
import { epochWireSchema, grantWireSchema, type EpochWire, type GrantWire, type MemberKeys } from "./schema";
import { pinnedKeybook } from "@/lib/trust/keybook";

async function makeUser(): Promise<UnlockedAccount> {
  return { userId: crypto.randomUUID(), accountKey: await newAccountKey(), keys: await generateUserKeyPairs() };
}

function memberKeys(user: UnlockedAccount): MemberKeys {
  return {
    userId: user.userId,
    displayName: "Member",
    orgRole: "caseworker",
    active: true,
    boxPublicKey: toBase64url(user.keys.x25519.publicKey),
    signPublicKey: toBase64url(user.keys.ed25519.publicKey),
  };
}

let alice: UnlockedAccount; // creates the case
let bob: UnlockedAccount; // added by alice
let carol: UnlockedAccount; // added, later removed
let server: UnlockedAccount; // the server's own key pairs and a made-up user id
const caseId = crypto.randomUUID();
const otherCaseId = crypto.randomUUID();

let caseKey: Uint8Array;
let epoch1: EpochWire;
let aliceGrant: GrantWire;
let bobGrant: GrantWire;
let members: MemberKeys[];

beforeAll(async () => {
  [alice, bob, carol, server] = await Promise.all([makeUser(), makeUser(), makeUser(), makeUser()]);
  ({ caseKey, epoch: epoch1, grant: aliceGrant } = await createCaseKeys(caseId, alice));
  bobGrant = await grantCaseKey({ caseId, epoch: 1, caseKey, recipient: memberKeys(bob), me: alice, keybook: pinnedKeybook([memberKeys(bob)]) });
  members = [memberKeys(alice), memberKeys(bob)];
});

describe("round trips", () => {
  it("createCaseKeys: epoch 1 by me, a grant to me signed by me, in the wire format", async () => {
    expect(epochWireSchema.parse(epoch1)).toEqual(epoch1);
    expect(grantWireSchema.parse(aliceGrant)).toEqual(aliceGrant);
    expect(epoch1).toMatchObject({ epoch: 1, createdById: alice.userId });
    expect(aliceGrant).toMatchObject({ epoch: 1, recipientId: alice.userId, signerId: alice.userId });
    expect(toBase64url(await keyCheckValue(caseKey))).toBe(epoch1.keyCheckValue);
  });

  it("the creator opens their own grant", async () => {
    const key = await openCaseKey({ caseId, epoch: epoch1, grant: aliceGrant, me: alice, signers: [memberKeys(alice)] });
    expect(toHex(key)).toBe(toHex(caseKey));
  });

  it("a member granted by another member opens the same key", async () => {
    expect(grantWireSchema.parse(bobGrant)).toEqual(bobGrant);
    expect(bobGrant).toMatchObject({ recipientId: bob.userId, signerId: alice.userId });
    const key = await openCaseKey({ caseId, epoch: epoch1, grant: bobGrant, me: bob, signers: members });
    expect(toHex(key)).toBe(toHex(caseKey));
  });

  it("rotation: remaining members open the new key; the removed member has no grant and gets nothing", async () => {
    const carolGrant = await grantCaseKey({ caseId, epoch: 1, caseKey, recipient: memberKeys(carol), me: alice, keybook: pinnedKeybook([memberKeys(carol)]) });
    const carolOld = await openCaseKey({ caseId, epoch: epoch1, grant: carolGrant, me: carol, signers: [...members, memberKeys(carol)] });
    expect(toHex(carolOld)).toBe(toHex(caseKey));

    // Bob removes Carol.
    const rotated = await rotateCaseKey({ caseId, newEpoch: 2, remaining: members, me: bob, keybook: pinnedKeybook(members) });
    expect(epochWireSchema.parse(rotated.epoch)).toMatchObject({ epoch: 2, createdById: bob.userId });
    expect(rotated.grants.map((g) => grantWireSchema.parse(g).recipientId).sort()).toEqual([alice.userId, bob.userId].sort());
    expect(rotated.grants.every((g) => g.epoch === 2 && g.signerId === bob.userId)).toBe(true);
    expect(toHex(rotated.caseKey)).not.toBe(toHex(caseKey));

    for (const me of [alice, bob]) {
      const grant = rotated.grants.find((g) => g.recipientId === me.userId)!;
      const key = await openCaseKey({ caseId, epoch: rotated.epoch, grant, me, signers: members });
      expect(toHex(key)).toBe(toHex(rotated.caseKey));
    }
    // Carol has no grant for epoch 2: anyone else's is refused, and her old one is for epoch 1.
    for (const grant of rotated.grants) {
      await expectCryptoError(openCaseKey({ caseId, epoch: rotated.epoch, grant, me: carol, signers: members }), "bad_signature");
    }
    await expectCryptoError(
      openCaseKey({ caseId, epoch: rotated.epoch, grant: carolGrant, me: carol, signers: [...members, memberKeys(carol)] }),
      "bad_signature",
    );
  });

  it("rotation always seals to me with my own key, even if I am missing from the list or the server sent a wrong key for me", async () => {
    const wrongKeys = { ...memberKeys(alice), boxPublicKey: toBase64url(server.keys.x25519.publicKey) };
    for (const remaining of [[memberKeys(bob)], [wrongKeys, memberKeys(bob)]]) {
      const rotated = await rotateCaseKey({ caseId, newEpoch: 3, remaining, me: alice, keybook: pinnedKeybook(remaining) });
      expect(rotated.grants).toHaveLength(2);
      const mine = rotated.grants.find((g) => g.recipientId === alice.userId)!;
      const key = await openCaseKey({ caseId, epoch: rotated.epoch, grant: mine, me: alice, signers: members });
      expect(toHex(key)).toBe(toHex(rotated.caseKey));
    }
  });

  it("an older epoch opens against every known user's keys (re-encryption), not only the current members", async () => {
    const key = await openCaseKey({ caseId, epoch: epoch1, grant: bobGrant, me: bob, signers: [memberKeys(carol), ...members] });
    expect(toHex(key)).toBe(toHex(caseKey));
  });

  it("never hands out a wiped (all-zero) key: a flow that held a key across a re-render gets an error, not a grant", async () => {
    await expectCryptoError(grantCaseKey({ caseId, epoch: 1, caseKey: new Uint8Array(32), recipient: memberKeys(bob), me: alice, keybook: pinnedKeybook([memberKeys(bob)]) }), "invalid_input");
  });

  it("refuses a recipient whose keys are not pinned, or differ from the pinned ones, before sealing anything", async () => {
    await expectCryptoError(grantCaseKey({ caseId, epoch: 1, caseKey, recipient: memberKeys(bob), me: alice, keybook: pinnedKeybook([]) }), "untrusted_key");
    const forged = { ...memberKeys(bob), boxPublicKey: memberKeys(carol).boxPublicKey };
    await expectCryptoError(grantCaseKey({ caseId, epoch: 1, caseKey, recipient: forged, me: alice, keybook: pinnedKeybook([memberKeys(bob)]) }), "untrusted_key");
    await expectCryptoError(rotateCaseKey({ caseId, newEpoch: 2, remaining: [memberKeys(alice), forged], me: alice, keybook: pinnedKeybook([memberKeys(bob)]) }), "untrusted_key");
  });

  it("refuses malformed input to grant and rotate", async () => {
    await expectCryptoError(grantCaseKey({ caseId, epoch: 0, caseKey, recipient: memberKeys(bob), me: alice, keybook: pinnedKeybook([memberKeys(bob)]) }), "invalid_input");
    await expectCryptoError(
      grantCaseKey({ caseId, epoch: 1, caseKey, recipient: { ...memberKeys(bob), boxPublicKey: "AAAA" }, me: alice, keybook: pinnedKeybook([{ ...memberKeys(bob), boxPublicKey: "AAAA" }]) }),
      "invalid_input",
    );
    await expectCryptoError(rotateCaseKey({ caseId, newEpoch: 1, remaining: members, me: alice, keybook: pinnedKeybook(members) }), "invalid_input");
    await expectCryptoError(rotateCaseKey({ caseId, newEpoch: 2, remaining: [...members, memberKeys(bob)], me: alice, keybook: pinnedKeybook([...members, memberKeys(bob)]) }), "invalid_input");
  });
});

describe("a server that lies gets no key", () => {
  it("refuses a grant the server forged: its own key, sealed to me, signed by its own Ed25519 key", async () => {
    const forgedKey = await newCaseKey();
    const sealedKey = await sealToMember(forgedKey, bob.keys.x25519.publicKey);
    const signature = await signGrant({ caseId, epoch: 1, recipientId: bob.userId, sealedKey }, server.keys.ed25519.privateKey);
    const forged: GrantWire = { epoch: 1, recipientId: bob.userId, sealedKey: toBase64url(sealedKey), signerId: server.userId, signature: toBase64url(signature) };
    // Signed as itself: not a member.
    await expectCryptoError(openCaseKey({ caseId, epoch: epoch1, grant: forged, me: bob, signers: members }), "bad_signature");
    await expect(openCaseKey({ caseId, epoch: epoch1, grant: forged, me: bob, signers: members })).rejects.toThrow(/grant signer is not a member/);
    // Claiming to be Alice: the signature is not hers.
    await expectCryptoError(
      openCaseKey({ caseId, epoch: epoch1, grant: { ...forged, signerId: alice.userId }, me: bob, signers: members }),
      "bad_signature",
    );
    // With a forged epoch to match its key, claimed as Alice's.
    const check = await keyCheckValue(forgedKey);
    const forgedEpoch: EpochWire = {
      epoch: 1,
      createdById: alice.userId,
      keyCheckValue: toBase64url(check),
      signature: toBase64url(await signEpoch({ caseId, epoch: 1, keyCheckValue: check }, server.keys.ed25519.privateKey)),
    };
    await expectCryptoError(
      openCaseKey({ caseId, epoch: forgedEpoch, grant: { ...forged, signerId: alice.userId }, me: bob, signers: members }),
      "bad_signature",
    );
    // Even listing the server's own keys as a "member" under a made-up id does not help without the real epoch.
    const withServer = [...members, memberKeys(server)];
    await expectCryptoError(openCaseKey({ caseId, epoch: epoch1, grant: forged, me: bob, signers: withServer }), "bad_key_check");
  });

  it("refuses a grant whose sealed key was replaced", async () => {
    const otherKey = await newCaseKey();
    const swaps = [
      toBase64url(await sealToMember(otherKey, bob.keys.x25519.publicKey)), // a key of its own
      toBase64url(await sealToMember(caseKey, bob.keys.x25519.publicKey)), // even the right key, sealed afresh
    ];
    for (const sealedKey of swaps) {
      await expectCryptoError(openCaseKey({ caseId, epoch: epoch1, grant: { ...bobGrant, sealedKey }, me: bob, signers: members }), "bad_signature");
    }
    // Someone else's sealed key, or a flipped byte: cannot be opened at all.
    await expectCryptoError(
      openCaseKey({ caseId, epoch: epoch1, grant: { ...bobGrant, sealedKey: aliceGrant.sealedKey }, me: bob, signers: members }),
      "damaged",
    );
    const flipped = toBase64url(flipByte(fromBase64url(bobGrant.sealedKey), 40));
    await expectCryptoError(openCaseKey({ caseId, epoch: epoch1, grant: { ...bobGrant, sealedKey: flipped }, me: bob, signers: members }), "damaged");
  });

  it("refuses an epoch with a wrong key check value", async () => {
    const wrongCheck = await keyCheckValue(await newCaseKey());
    // Altered on the server: the creator's signature no longer matches.
    await expectCryptoError(
      openCaseKey({ caseId, epoch: { ...epoch1, keyCheckValue: toBase64url(wrongCheck) }, grant: bobGrant, me: bob, signers: members }),
      "bad_signature",
    );
    // Signed by a member but not the key the grant carries.
    const signedWrong: EpochWire = {
      ...epoch1,
      keyCheckValue: toBase64url(wrongCheck),
      signature: toBase64url(await signEpoch({ caseId, epoch: 1, keyCheckValue: wrongCheck }, alice.keys.ed25519.privateKey)),
    };
    await expectCryptoError(openCaseKey({ caseId, epoch: signedWrong, grant: bobGrant, me: bob, signers: members }), "bad_key_check");
  });

  it("refuses an epoch signed by a non-member", async () => {
    const check = fromBase64url(epoch1.keyCheckValue);
    const bySomeoneElse = async (signer: UnlockedAccount): Promise<EpochWire> => ({
      ...epoch1,
      createdById: signer.userId,
      signature: toBase64url(await signEpoch({ caseId, epoch: 1, keyCheckValue: check }, signer.keys.ed25519.privateKey)),
    });
    // The server's own key, and a removed member (Carol) who is no longer in the current signers.
    for (const signer of [server, carol]) {
      const epoch = await bySomeoneElse(signer);
      await expectCryptoError(openCaseKey({ caseId, epoch, grant: bobGrant, me: bob, signers: members }), "bad_signature");
      await expect(openCaseKey({ caseId, epoch, grant: bobGrant, me: bob, signers: members })).rejects.toThrow(/epoch creator is not a member/);
    }
    // Claiming a member made it, with the server's signature.
    const claimed = { ...(await bySomeoneElse(server)), createdById: alice.userId };
    await expectCryptoError(openCaseKey({ caseId, epoch: claimed, grant: bobGrant, me: bob, signers: members }), "bad_signature");
  });

  it("refuses a grant made for another case, epoch or recipient", async () => {
    // Another case: a genuine grant and epoch, Alice-signed, for a different case id.
    const other = await createCaseKeys(otherCaseId, alice);
    const otherBob = await grantCaseKey({ caseId: otherCaseId, epoch: 1, caseKey: other.caseKey, recipient: memberKeys(bob), me: alice, keybook: pinnedKeybook([memberKeys(bob)]) });
    await expectCryptoError(openCaseKey({ caseId, epoch: epoch1, grant: otherBob, me: bob, signers: members }), "bad_signature");
    await expectCryptoError(openCaseKey({ caseId, epoch: other.epoch, grant: otherBob, me: bob, signers: members }), "bad_signature");
    await expectCryptoError(openCaseKey({ caseId, epoch: other.epoch, grant: bobGrant, me: bob, signers: members }), "bad_signature");

    // Another epoch: an epoch-1 grant against epoch 2, or relabelled as epoch 2.
    const rotated = await rotateCaseKey({ caseId, newEpoch: 2, remaining: members, me: alice, keybook: pinnedKeybook(members) });
    await expectCryptoError(openCaseKey({ caseId, epoch: rotated.epoch, grant: bobGrant, me: bob, signers: members }), "bad_signature");
    await expectCryptoError(openCaseKey({ caseId, epoch: rotated.epoch, grant: { ...bobGrant, epoch: 2 }, me: bob, signers: members }), "bad_signature");

    // Another recipient: Alice's grant shown to Bob, or relabelled as Bob's.
    await expectCryptoError(openCaseKey({ caseId, epoch: epoch1, grant: aliceGrant, me: bob, signers: members }), "bad_signature");
    await expectCryptoError(
      openCaseKey({ caseId, epoch: epoch1, grant: { ...aliceGrant, recipientId: bob.userId }, me: bob, signers: members }),
      "damaged",
    );
    // A grant sealed to Bob's key but made out to Alice, relabelled as Bob's: the signature covers the recipient.
    const sealedKey = await sealToMember(caseKey, bob.keys.x25519.publicKey);
    const misaddressed: GrantWire = {
      ...bobGrant,
      recipientId: bob.userId,
      sealedKey: toBase64url(sealedKey),
      signature: toBase64url(await signGrant({ caseId, epoch: 1, recipientId: alice.userId, sealedKey }, alice.keys.ed25519.privateKey)),
    };
    await expectCryptoError(openCaseKey({ caseId, epoch: epoch1, grant: misaddressed, me: bob, signers: members }), "bad_signature");
  });

  it("refuses malformed wire fields", async () => {
    await expectCryptoError(openCaseKey({ caseId, epoch: { ...epoch1, keyCheckValue: "AA" }, grant: bobGrant, me: bob, signers: members }), "damaged");
    await expectCryptoError(openCaseKey({ caseId, epoch: epoch1, grant: { ...bobGrant, signature: "!!" }, me: bob, signers: members }), "damaged");
    await expectCryptoError(openCaseKey({ caseId, epoch: epoch1, grant: { ...bobGrant, sealedKey: "A" }, me: bob, signers: members }), "damaged");
  });

  it("accepts a signature by a key the signer held before a reset, and only by a key listed for them", async () => {
    // Alice was reset: her new signing key is `fresh`; what she signed before carries her former key.
    const fresh = toBase64url(server.keys.ed25519.publicKey);
    const afterReset = [...members.filter((m) => m.userId !== alice.userId), { ...memberKeys(alice), signPublicKey: fresh }];
    await expectCryptoError(openCaseKey({ caseId, epoch: epoch1, grant: bobGrant, me: bob, signers: afterReset }), "bad_signature");
    const withFormer = [...afterReset, { userId: alice.userId, signPublicKey: memberKeys(alice).signPublicKey }];
    expect(toHex(await openCaseKey({ caseId, epoch: epoch1, grant: bobGrant, me: bob, signers: withFormer }))).toBe(toHex(caseKey));
  });
});

describe("CaseKeyring", () => {
  it("opens once per epoch, keeps the key, and wipes every key", async () => {
    const ring = new CaseKeyring(caseId);
    const key = await ring.open({ epoch: epoch1, grant: bobGrant, me: bob, signers: members });
    expect(toHex(key)).toBe(toHex(caseKey));
    expect(await ring.open({ epoch: epoch1, grant: bobGrant, me: bob, signers: members })).toBe(key);
    const rotated = await rotateCaseKey({ caseId, newEpoch: 2, remaining: members, me: bob, keybook: pinnedKeybook(members) });
    ring.set(2, rotated.caseKey);
    expect(ring.epochs()).toEqual([1, 2]);
    expect(ring.get(2)).toBe(rotated.caseKey);
    expect(ring.has(3)).toBe(false);

    ring.wipe();
    expect(key.every((b) => b === 0)).toBe(true);
    expect(rotated.caseKey.every((b) => b === 0)).toBe(true);
    expect(ring.get(1)).toBeUndefined();
    expect(ring.epochs()).toEqual([]);
  });

  it("keeps nothing when a grant fails its checks", async () => {
    const ring = new CaseKeyring(caseId);
    await expectCryptoError(ring.open({ epoch: epoch1, grant: aliceGrant, me: bob, signers: members }), "bad_signature");
    expect(ring.has(1)).toBe(false);
  });

  it("replacing a key wipes the one it replaces", async () => {
    const ring = new CaseKeyring(caseId);
    const first = await newCaseKey();
    ring.set(1, first);
    ring.set(1, await newCaseKey());
    expect(first.every((b) => b === 0)).toBe(true);
    expect(() => ring.set(1, new Uint8Array(16))).toThrow();
  });
});
