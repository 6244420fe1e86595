import { beforeAll, describe, expect, it } from "vitest";
import { rotateCaseKey, grantCaseKey } from "@/lib/cases/case-keys";
import { openKeyring } from "@/lib/cases/open-case-client";
import { getCaseDetail } from "@/lib/cases/queries";
import { reshareKey } from "@/lib/cases/actions/team";
import { keyCheckValue, newCaseKey, sealToMember } from "@/lib/crypto/case-keys";
import { signEpoch, signGrant } from "@/lib/crypto/grants";
import { expectCryptoError } from "@/lib/crypto/test-support";
import { generateUserKeyPairs } from "@/lib/crypto/user-keys";
import { getDb } from "@/lib/db/client";
import { addTestMember, keyOf, newOrg, newUser, openTestCase, reenrol, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { resetAccount } from "@/lib/users/actions";
import { emptyKeybook, pinnedKeybook, type Keybook } from "./keybook";
import { trustPeople } from "./trusted-signers";

// The server lies; the browser's keybook must not be fooled. Each attack has a
// control that shows the honest path still works (and, where it applies, that
// the attack got through when the server's word was trusted).

withTestDatabase();

let orgId: string;
beforeAll(async () => {
  orgId = await newOrg();
});

async function teamOfTwo() {
  const lead = await newUser(orgId, "coordinator");
  const caseworker = await newUser(orgId, "caseworker");
  const kase = await openTestCase(lead);
  await addTestMember(kase, caseworker);
  return { kase, lead, caseworker };
}

/** The server swaps `user`'s public keys for a pair the attacker holds. */
async function substituteKeys(user: TestUser) {
  const attacker = await generateUserKeyPairs();
  const db = await getDb();
  await db.user.update({
    where: { id: user.actor.userId },
    data: { boxPublicKey: new Uint8Array(attacker.x25519.publicKey), signPublicKey: new Uint8Array(attacker.ed25519.publicKey) },
  });
  return attacker;
}

function served(people: { userId: string }[], user: TestUser) {
  const person = people.find((p) => p.userId === user.actor.userId);
  if (!person) throw new Error("the server does not list this user");
  return person as (typeof people)[number] & { boxPublicKey: string; signPublicKey: string; displayName: string; orgRole: string; active: boolean };
}

describe("lying server: pinned keys", () => {
  it("substitutes a pinned colleague's public key on add: nothing is sealed to it", async () => {
    const lead = await newUser(orgId, "coordinator");
    const lawyer = await newUser(orgId, "lawyer");
    const kase = await openTestCase(lead);
    const leadsBook: Keybook = pinnedKeybook([lawyer.keys]);

    // Control: the honest key is sealed to.
    const honest = served((await getCaseDetail(lead.actor, kase.caseId)).people, lawyer);
    await expect(grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase), recipient: honest, me: lead.account, keybook: leadsBook })).resolves.toMatchObject({ recipientId: lawyer.actor.userId });

    await substituteKeys(lawyer);
    const forged = served((await getCaseDetail(lead.actor, kase.caseId)).people, lawyer);
    expect(trustPeople([forged], leadsBook).changed.map((c) => c.userId)).toEqual([lawyer.actor.userId]);
    await expectCryptoError(grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase), recipient: forged, me: lead.account, keybook: leadsBook }), "untrusted_key");
  });

  it("a colleague never pinned gets nothing until their safety number is confirmed", async () => {
    const lead = await newUser(orgId, "coordinator");
    const lawyer = await newUser(orgId, "lawyer");
    const kase = await openTestCase(lead);
    const person = served((await getCaseDetail(lead.actor, kase.caseId)).people, lawyer);
    await expectCryptoError(grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase), recipient: person, me: lead.account, keybook: emptyKeybook }), "untrusted_key");
    await expect(grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase), recipient: person, me: lead.account, keybook: pinnedKeybook([person]) })).resolves.toBeDefined();
  });

  it("injects a 'retired' signing key for the lead and forges the next epoch with it: members do not take that key", async () => {
    const { kase, lead, caseworker } = await teamOfTwo();
    const caseworkersBook = pinnedKeybook([lead.keys, caseworker.keys]);
    const db = await getDb();

    // The attacker's forged epoch 2: their own case key, "signed by the lead" with the injected key, granted to the caseworker.
    const attacker = await generateUserKeyPairs();
    await db.retiredSigningKey.create({ data: { userId: lead.actor.userId, signPublicKey: new Uint8Array(attacker.ed25519.publicKey) } });
    const forgedKey = await newCaseKey();
    const check = await keyCheckValue(forgedKey);
    const sealedKey = await sealToMember(forgedKey, caseworker.account.keys.x25519.publicKey);
    await db.caseKeyEpoch.create({
      data: { caseId: kase.caseId, epoch: 2, createdById: lead.actor.userId, keyCheckValue: new Uint8Array(check), signature: new Uint8Array(await signEpoch({ caseId: kase.caseId, epoch: 2, keyCheckValue: check }, attacker.ed25519.privateKey)) },
    });
    await db.caseKeyGrant.create({
      data: {
        caseId: kase.caseId,
        epoch: 2,
        recipientId: caseworker.actor.userId,
        sealedKey: new Uint8Array(sealedKey),
        signerId: lead.actor.userId,
        signature: new Uint8Array(await signGrant({ caseId: kase.caseId, epoch: 2, recipientId: caseworker.actor.userId, sealedKey }, attacker.ed25519.privateKey)),
      },
    });
    await db.case.update({ where: { id: kase.caseId }, data: { currentEpoch: 2 } });

    const detail = await getCaseDetail(caseworker.actor, kase.caseId);
    expect(detail.currentEpoch).toBe(2);
    // What the server's word alone would have let through (the attack is real):
    const believed = await openKeyring(detail, [...detail.people, ...detail.formerSigners], caseworker.account);
    expect(believed.has(2)).toBe(true);
    believed.wipe();
    // The keybook decides: no key for the forged epoch, so nothing gets sealed under it; epoch 1 still opens.
    const keyring = await openKeyring(detail, trustPeople(detail.people, caseworkersBook).signers, caseworker.account);
    expect(keyring.has(2)).toBe(false);
    expect(keyring.has(1)).toBe(true);
    keyring.wipe();
  });

  it("the admin who keeps a reset link and enrols as the user: teammates see a changed key, and no rotation or re-share reaches it", async () => {
    const { kase, lead, caseworker } = await teamOfTwo();
    const leadsBook = pinnedKeybook([caseworker.keys]);
    const admin = await newUser(orgId, "admin");
    await resetAccount(admin.actor, caseworker.actor.userId);
    const impostor = await reenrol(caseworker); // the admin's own key pairs under the caseworker's account

    const detail = await getCaseDetail(lead.actor, kase.caseId);
    const servedNow = served(detail.people, caseworker);
    const trust = trustPeople(detail.people, leadsBook);
    expect(trust.changed.map((c) => c.userId)).toEqual([caseworker.actor.userId]);
    // The caseworker's pinned (old) key still counts for what they signed before; the impostor's does not.
    expect(trust.signers).toContainEqual({ userId: caseworker.actor.userId, signPublicKey: caseworker.keys.signPublicKey });
    expect(trust.signers).not.toContainEqual({ userId: caseworker.actor.userId, signPublicKey: impostor.keys.signPublicKey });

    await expectCryptoError(grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase), recipient: servedNow, me: lead.account, keybook: leadsBook }), "untrusted_key");
    await expectCryptoError(rotateCaseKey({ caseId: kase.caseId, newEpoch: 2, remaining: [lead.keys, servedNow], me: lead.account, keybook: leadsBook }), "untrusted_key");
    // Control: after comparing safety numbers in person (the real caseworker re-enrolled), the lead re-pins and re-shares.
    const comparedBook = pinnedKeybook([servedNow]);
    const grant = await grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase), recipient: servedNow, me: lead.account, keybook: comparedBook });
    await reshareKey(lead.actor, { caseId: kase.caseId, userId: caseworker.actor.userId, grant });
    // ...and the re-enrolled caseworker, whose keybook starts empty, opens the case key.
    const theirs = await getCaseDetail(impostor.actor, kase.caseId);
    const keyring = await openKeyring(theirs, trustPeople(theirs.people, emptyKeybook).signers, impostor.account);
    expect(keyring.has(1)).toBe(true);
    keyring.wipe();
  });
});

describe("keybook storage", () => {
  it("is compare-and-swap: a stale save is a conflict and the version never goes down; a reset drops it", async () => {
    const { saveTrustDocument } = await import("./actions");
    const { getTrustDocument } = await import("./queries");
    const saveKeybook = (actor: TestUser["actor"], input: { replaces: number; sealed: string }) => saveTrustDocument(actor, { kind: "keybook", ...input });
    const getKeybook = (actor: TestUser["actor"]) => getTrustDocument(actor, "keybook");
    const user = await newUser(orgId, "lawyer");
    expect(await getKeybook(user.actor)).toEqual({ version: 0, sealed: null });
    const blob = (n: number) => Buffer.from(new Uint8Array(64).fill(n)).toString("base64url");
    await saveKeybook(user.actor, { replaces: 0, sealed: blob(1) });
    await saveKeybook(user.actor, { replaces: 1, sealed: blob(2) });
    await expect(saveKeybook(user.actor, { replaces: 1, sealed: blob(3) })).rejects.toMatchObject({ code: "conflict" });
    await expect(saveKeybook(user.actor, { replaces: 0, sealed: blob(4) })).rejects.toMatchObject({ code: "conflict" });
    expect(await getKeybook(user.actor)).toEqual({ version: 2, sealed: blob(2) });
    // Each user reaches only their own: a colleague gets none, and their save does not touch this one.
    const colleague = await newUser(orgId, "lawyer");
    expect(await getKeybook(colleague.actor)).toEqual({ version: 0, sealed: null });
    await saveKeybook(colleague.actor, { replaces: 0, sealed: blob(9) });
    expect(await getKeybook(user.actor)).toEqual({ version: 2, sealed: blob(2) });

    const admin = await newUser(orgId, "admin");
    await resetAccount(admin.actor, user.actor.userId);
    expect(await getKeybook(user.actor)).toEqual({ version: 0, sealed: null });
  });
});
