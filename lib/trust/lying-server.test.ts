import { beforeAll, describe, expect, it } from "vitest";
import { rotateCaseKey, grantCaseKey } from "@/lib/cases/case-keys";
import { checkCaseChain, openKeyring, openProfile, signedPrev } from "@/lib/cases/open-case-client";
import { saveProfile } from "@/lib/cases/actions/profile";
import { sealedRecordHash } from "@/lib/cases/record-signature";
import { getCaseDetail } from "@/lib/cases/queries";
import { addMember, reshareKey } from "@/lib/cases/actions/team";
import { canonicalBytes } from "@/lib/crypto/canonical-json";
import { fromBase64url, toBase64url } from "@/lib/crypto/encoding";
import { keyCheckValue, newCaseKey, sealToMember } from "@/lib/crypto/case-key-seal";
import { signEpoch, signGrant } from "@/lib/crypto/grants";
import { expectCryptoError } from "@/lib/crypto/test-support";
import { generateUserKeyPairs } from "@/lib/crypto/user-keys";
import { getDb } from "@/lib/db/client";
import { addTestMember, chainHeadOf, chainOf, keyOf, newOrg, newUser, openTestCase, profileWith, reenrol, profileSave, removeTestMember, seal, teamLink, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { resetAccount } from "@/lib/users/actions";
import { emptyKeybook, pinnedKeybook, pinning, type Keybook } from "./keybook";
import { chainKey, checkChain, checkRecord, emptyMarks, noting, recordKey } from "./marks";
import { chainMember, signNextLink, signTeamChange, verifyChain } from "./membership-chain";
import { markOf } from "./observe-marks";
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
    // Even a browser that believed every key the server calls "former" takes no key: epoch 2 is in no signed chain statement.
    const believed = await openKeyring(detail, [...detail.people, ...detail.formerSigners], caseworker.account);
    expect(believed.has(2)).toBe(false);
    believed.wipe();
    // The served epoch is not the signed chain's: an alert, and no key at all (nothing can be sealed under a forged epoch).
    const signers = trustPeople(detail.people, caseworkersBook).signers;
    expect(await checkCaseChain(detail, signers, caseworker.account)).toMatchObject({ ok: true, mismatch: { epoch: true } });
    const keyring = await openKeyring(detail, signers, caseworker.account);
    expect(keyring.epochs()).toEqual([]);
    keyring.wipe();
    // Control: with the forged epoch gone, the honest epoch 1 opens again.
    await db.case.update({ where: { id: kase.caseId }, data: { currentEpoch: 1 } });
    const restored = await openKeyring(await getCaseDetail(caseworker.actor, kase.caseId), signers, caseworker.account);
    expect(restored.epochs()).toEqual([1]);
    restored.wipe();
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
    expect(trust.signers).toContainEqual({ userId: caseworker.actor.userId, signPublicKey: caseworker.keys.signPublicKey, boxPublicKey: caseworker.keys.boxPublicKey });
    expect(trust.signers).not.toContainEqual(expect.objectContaining({ userId: caseworker.actor.userId, signPublicKey: impostor.keys.signPublicKey }));

    await expectCryptoError(grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase), recipient: servedNow, me: lead.account, keybook: leadsBook }), "untrusted_key");
    await expectCryptoError(rotateCaseKey({ caseId: kase.caseId, newEpoch: 2, remaining: [lead.keys, servedNow], me: lead.account, keybook: leadsBook }), "untrusted_key");
    // Control: after comparing safety numbers in person (the real caseworker re-enrolled), the lead re-pins and re-shares.
    const comparedBook = pinnedKeybook([servedNow]);
    const grant = await grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase), recipient: servedNow, me: lead.account, keybook: comparedBook });
    await reshareKey(lead.actor, { caseId: kase.caseId, userId: caseworker.actor.userId, grants: [grant], link: await teamLink(kase, { rekey: [servedNow] }) });
    // ...and the re-enrolled caseworker, whose keybook starts empty, opens the case key.
    const theirs = await getCaseDetail(impostor.actor, kase.caseId);
    const keyring = await openKeyring(theirs, trustPeople(theirs.people, emptyKeybook).signers, impostor.account);
    expect(keyring.has(1)).toBe(true);
    keyring.wipe();
  });
});

describe("lying server: membership chain", () => {
  const trustedBy = (people: readonly TestUser[]) => trustPeople(people.map((p) => p.keys), pinnedKeybook(people.map((p) => p.keys))).signers;

  it("hides a member who still holds the key: the signed team names them", async () => {
    const { kase, lead, caseworker } = await teamOfTwo();
    const signers = trustedBy([lead, caseworker]);
    const before = await checkCaseChain(await getCaseDetail(lead.actor, kase.caseId), signers, lead.account);
    expect(before).toMatchObject({ ok: true, mismatch: { hidden: [], extra: [], epoch: false } });
    const db = await getDb();
    await db.caseMember.delete({ where: { caseId_userId: { caseId: kase.caseId, userId: caseworker.actor.userId } } });
    const after = await checkCaseChain(await getCaseDetail(lead.actor, kase.caseId), signers, lead.account);
    expect(after).toMatchObject({ ok: true, mismatch: { hidden: [caseworker.actor.userId], extra: [] } });
  });

  it("adds a member no lead signed onto the team: named as extra", async () => {
    const { kase, lead, caseworker } = await teamOfTwo();
    const stranger = await newUser(orgId, "lawyer");
    const db = await getDb();
    await db.caseMember.create({ data: { caseId: kase.caseId, userId: stranger.actor.userId, role: "member", addedById: lead.actor.userId } });
    const detail = await getCaseDetail(caseworker.actor, kase.caseId);
    const check = await checkCaseChain(detail, trustedBy([lead, caseworker]), caseworker.account);
    expect(check).toMatchObject({ ok: true, mismatch: { hidden: [], extra: [stranger.actor.userId] } });
  });

  it("appends a statement signed with an injected key: the chain is broken and no key opens", async () => {
    const { kase, lead, caseworker } = await teamOfTwo();
    const attacker = await generateUserKeyPairs();
    const head = await chainHeadOf(kase.caseId);
    const forged = await signTeamChange({
      caseId: kase.caseId,
      head,
      change: { add: { userId: (await newUser(orgId, "lawyer")).actor.userId, role: "member", boxPublicKey: toBase64url(attacker.x25519.publicKey), signPublicKey: toBase64url(attacker.ed25519.publicKey) } },
      me: { ...lead.account, keys: attacker },
    });
    const db = await getDb();
    await db.caseChainLink.create({ data: { caseId: kase.caseId, seq: forged.statement.seq, statement: new Uint8Array(canonicalBytes(forged.statement)), signature: new Uint8Array(fromBase64url(forged.signature)), signerId: lead.actor.userId } });
    const detail = await getCaseDetail(caseworker.actor, kase.caseId);
    const signers = trustedBy([lead, caseworker]);
    expect(await checkCaseChain(detail, signers, caseworker.account)).toEqual({ ok: false, problem: "broken_chain", seq: forged.statement.seq });
    expect((await openKeyring(detail, signers, caseworker.account)).epochs()).toEqual([]);
  });

  it("rolls the chain and the epoch back after a removal: the marks see a shorter chain", async () => {
    const { kase, lead, caseworker } = await teamOfTwo();
    const lawyer = await newUser(orgId, "lawyer");
    await addTestMember(kase, lawyer);
    await removeTestMember(kase, lawyer);
    const signers = trustedBy([lead, caseworker, lawyer]);
    const seen = await checkCaseChain(await getCaseDetail(caseworker.actor, kase.caseId), signers, caseworker.account);
    if (!seen.ok) throw new Error("the honest chain must verify");
    const marks = noting({ records: [[chainKey(kase.caseId), { version: seen.head.seq, epoch: seen.head.statement.epoch, hash: seen.head.hash }]] })(emptyMarks);
    expect(checkChain(marks, kase.caseId, seen.head.hashes)).toBe("same");

    // The server undoes the removal: the last statement, epoch 2 and its grants go; the lawyer is back.
    const db = await getDb();
    await db.caseChainLink.delete({ where: { caseId_seq: { caseId: kase.caseId, seq: seen.head.seq } } });
    await db.caseKeyGrant.deleteMany({ where: { caseId: kase.caseId, epoch: 2 } });
    await db.caseKeyEpoch.delete({ where: { caseId_epoch: { caseId: kase.caseId, epoch: 2 } } });
    await db.case.update({ where: { id: kase.caseId }, data: { currentEpoch: 1 } });
    await db.caseMember.create({ data: { caseId: kase.caseId, userId: lawyer.actor.userId, role: "member", addedById: lead.actor.userId } });
    const rolledBack = await checkCaseChain(await getCaseDetail(caseworker.actor, kase.caseId), signers, caseworker.account);
    // Consistent in itself (a chain that stops earlier verifies), so only the mark can tell:
    expect(rolledBack).toMatchObject({ ok: true, mismatch: { hidden: [], extra: [], epoch: false } });
    if (!rolledBack.ok) return;
    expect(checkChain(marks, kase.caseId, rolledBack.head.hashes)).toBe("rolled_back");
  });

  it("replays an old grant as the current epoch's: that epoch's key does not open (control: the honest grant does)", async () => {
    const { kase, lead, caseworker } = await teamOfTwo();
    const lawyer = await newUser(orgId, "lawyer");
    await addTestMember(kase, lawyer);
    await removeTestMember(kase, lawyer); // epoch 2
    const signers = trustedBy([lead, caseworker, lawyer]);
    const honest = await openKeyring(await getCaseDetail(caseworker.actor, kase.caseId), signers, caseworker.account);
    expect(honest.epochs()).toEqual([1, 2]);

    const db = await getDb();
    const where = (epoch: number) => ({ caseId_epoch_recipientId: { caseId: kase.caseId, epoch, recipientId: caseworker.actor.userId } });
    const old = await db.caseKeyGrant.findUniqueOrThrow({ where: where(1) });
    await db.caseKeyGrant.update({ where: where(2), data: { sealedKey: old.sealedKey, signature: old.signature, signerId: old.signerId } });
    const replayed = await openKeyring(await getCaseDetail(caseworker.actor, kase.caseId), signers, caseworker.account);
    expect(replayed.epochs()).toEqual([1]);
  });

  it("serves a case without a chain (as an earlier version made them): nothing opens", async () => {
    const { kase, lead, caseworker } = await teamOfTwo();
    const db = await getDb();
    await db.caseChainLink.deleteMany({ where: { caseId: kase.caseId } });
    const detail = await getCaseDetail(caseworker.actor, kase.caseId);
    const signers = trustedBy([lead, caseworker]);
    expect(await checkCaseChain(detail, signers, caseworker.account)).toEqual({ ok: false, problem: "no_chain" });
    expect((await openKeyring(detail, signers, caseworker.account)).epochs()).toEqual([]);
    // And the server refuses to start a chain on it with a team change (only opening a case makes statement 1).
    const lawyer = await newUser(orgId, "lawyer");
    const grant = await grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase), recipient: lawyer.keys, me: lead.account, keybook: pinnedKeybook([lawyer.keys]) });
    const first = await signNextLink({ caseId: kase.caseId, head: null, epoch: 1, keyCheckValue: detail.epochs[0]!.keyCheckValue, members: [chainMember(lead.keys, "lead"), chainMember(caseworker.keys, "member"), chainMember(lawyer.keys, "member")], me: lead.account });
    await expect(addMember(lead.actor, { caseId: kase.caseId, userId: lawyer.actor.userId, role: "member", grants: [grant], link: first })).rejects.toMatchObject({ code: "invalid_input", message: "case.chain" });
  });

  it("the server stores only a statement that follows the chain and describes the change", async () => {
    const { kase, lead } = await teamOfTwo();
    const lawyer = await newUser(orgId, "lawyer");
    const grant = await grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase), recipient: lawyer.keys, me: lead.account, keybook: pinnedKeybook([lawyer.keys]) });
    const leftOut = await teamLink(kase, {});
    await expect(addMember(lead.actor, { caseId: kase.caseId, userId: lawyer.actor.userId, role: "member", grants: [grant], link: leftOut })).rejects.toMatchObject({ code: "invalid_input", message: "case.chain" });
    expect((await chainOf(kase.caseId)).length).toBe(2);
    await addMember(lead.actor, { caseId: kase.caseId, userId: lawyer.actor.userId, role: "member", grants: [grant], link: await teamLink(kase, { add: chainMember(lawyer.keys, "member") }) });
    expect((await chainOf(kase.caseId)).length).toBe(3);
  });
});

describe("retired keys", () => {
  it("after a teammate re-pins a reset case creator, the chain and the creator's old signatures still verify; the old key signs nothing newer", async () => {
    const { kase, lead, caseworker } = await teamOfTwo();
    const before = pinnedKeybook([lead.keys, caseworker.keys], new Date(Date.now() - 60_000));
    const admin = await newUser(orgId, "admin");
    await resetAccount(admin.actor, lead.actor.userId);
    const renewed = await reenrol(lead);
    // The caseworker compares safety numbers with the re-enrolled lead and re-pins them: the old key is retired now.
    const after = pinning([renewed.keys], "compared")(before);
    const detail = await getCaseDetail(caseworker.actor, kase.caseId);
    const signers = trustPeople(detail.people, after).signers;
    expect(signers).toContainEqual({ userId: lead.actor.userId, signPublicKey: lead.keys.signPublicKey, boxPublicKey: lead.keys.boxPublicKey, until: expect.any(String) });
    // Statement 1 was signed by the lead's old key before its retirement: the case still opens.
    expect(await checkCaseChain(detail, signers, caseworker.account)).toMatchObject({ ok: true });
    // A "statement 1" the old key signs after its retirement (the key was on a seized laptop) does not anchor a chain.
    const seized = await signNextLink({ caseId: kase.caseId, head: null, epoch: 1, keyCheckValue: (await chainOf(kase.caseId))[0]!.statement.keyCheckValue, members: [chainMember(lead.keys, "lead")], me: lead.account, now: new Date(Date.now() + 60_000) });
    expect(await verifyChain(kase.caseId, [seized], signers)).toEqual({ ok: false, problem: "broken_chain", seq: 1 });
    // Without the retired key (a keybook that forgot it), the honest chain does not verify either: the window is what lets it through.
    const forgetful = signers.filter((s) => s.until === undefined);
    expect(await checkCaseChain(detail, forgetful, caseworker.account)).toMatchObject({ ok: false, problem: "broken_chain" });
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

describe("lying server: signed record versions", () => {
  const trustedBy = (people: readonly TestUser[]) => trustPeople(people.map((p) => p.keys), pinnedKeybook(people.map((p) => p.keys))).signers;
  const profileKey = (caseId: string, profileId: string) => recordKey(caseId, "person_profile", profileId);

  /** What `who`'s browser opens of the case's current profile, with its keyring built from the verified chain. */
  async function openServedProfile(caseId: string, who: TestUser, team: readonly TestUser[]) {
    const detail = await getCaseDetail(who.actor, caseId);
    const keyring = await openKeyring(detail, trustedBy(team), who.account);
    return { detail, opened: await openProfile(detail, detail.profile, keyring) };
  }

  it("attributes a caseworker's profile version to the lead: the browser shows who signed it", async () => {
    const { kase, lead, caseworker } = await teamOfTwo();
    const v1 = (await getCaseDetail(lead.actor, kase.caseId)).profile!;
    await saveProfile(caseworker.actor, await profileSave(kase, await seal(kase, { type: "person_profile", id: kase.profileId, version: 2, value: profileWith("by the caseworker"), author: caseworker, previous: v1 })));
    const db = await getDb();
    await db.caseRecord.update({ where: { id_version: { id: kase.profileId, version: 2 } }, data: { authorId: lead.actor.userId } });
    const { opened } = await openServedProfile(kase.caseId, lead, [lead, caseworker]);
    expect(opened).toMatchObject({ ok: true, signed: { author: caseworker.actor.userId, prev: await sealedRecordHash(v1.contentSealed) } });
  });

  it("a version written with the case key by someone the chain never listed does not open (control: the same by a member opens)", async () => {
    const { kase, lead, caseworker } = await teamOfTwo();
    const outsider = await newUser(orgId, "lawyer"); // e.g. holds a leaked case key, helped by the server
    const v1 = (await getCaseDetail(lead.actor, kase.caseId)).profile!;
    const forged = await seal(kase, { type: "person_profile", id: kase.profileId, version: 2, value: profileWith("forged"), author: outsider, previous: v1 });
    const db = await getDb();
    await db.caseRecord.create({ data: { id: kase.profileId, version: 2, caseId: kase.caseId, type: "person_profile", epoch: 1, authorId: lead.actor.userId, contentSealed: new Uint8Array(fromBase64url(forged.contentSealed)), size: 1 } });
    expect((await openServedProfile(kase.caseId, caseworker, [lead, caseworker])).opened).toEqual({ ok: false, problem: "forged" });

    const honest = await seal(kase, { type: "person_profile", id: kase.profileId, version: 2, value: profileWith("honest"), author: lead, previous: v1 });
    await db.caseRecord.update({ where: { id_version: { id: kase.profileId, version: 2 } }, data: { contentSealed: new Uint8Array(fromBase64url(honest.contentSealed)) } });
    expect((await openServedProfile(kase.caseId, caseworker, [lead, caseworker])).opened).toMatchObject({ ok: true, value: { fullName: "Name honest" } });
  });

  it("deletes the version a browser saw and serves a successor of the one before: a rewrite (control: the honest successor is ahead)", async () => {
    const { kase, lead, caseworker } = await teamOfTwo();
    const v1 = (await getCaseDetail(lead.actor, kase.caseId)).profile!;
    const v2 = await seal(kase, { type: "person_profile", id: kase.profileId, version: 2, value: profileWith("seen"), author: lead, previous: v1 });
    await saveProfile(lead.actor, await profileSave(kase, v2));
    const marks = noting({ records: [[profileKey(kase.caseId, kase.profileId), await markOf(v2)]] })(emptyMarks);

    // An insider and the server splice history: v2 goes, a v3 that follows v1 takes its place.
    const db = await getDb();
    await db.caseRecord.delete({ where: { id_version: { id: kase.profileId, version: 2 } } });
    const spliced = await seal(kase, { type: "person_profile", id: kase.profileId, version: 3, value: profileWith("spliced"), author: caseworker, previous: v1 });
    await db.caseRecord.create({ data: { id: kase.profileId, version: 3, caseId: kase.caseId, type: "person_profile", epoch: 1, authorId: caseworker.actor.userId, contentSealed: new Uint8Array(fromBase64url(spliced.contentSealed)), size: 1 } });
    const { detail, opened } = await openServedProfile(kase.caseId, lead, [lead, caseworker]);
    expect(opened.ok).toBe(true); // its signature is fine: only the history tells
    expect(checkRecord(marks, profileKey(kase.caseId, kase.profileId), await markOf(detail.profile!), signedPrev(opened))).toBe("rewritten");

    const honest = await seal(kase, { type: "person_profile", id: kase.profileId, version: 3, value: profileWith("honest"), author: caseworker, previous: v2 });
    expect(checkRecord(marks, profileKey(kase.caseId, kase.profileId), await markOf(honest), await sealedRecordHash(v2.contentSealed))).toBe("ahead");
  });

  it("a removed member writes a new version with their old epoch's key: a rewrite for anyone who saw the current one", async () => {
    const { kase, lead, caseworker } = await teamOfTwo();
    const lawyer = await newUser(orgId, "lawyer");
    await addTestMember(kase, lawyer);
    await removeTestMember(kase, lawyer); // epoch 2, without the lawyer
    const v1 = (await getCaseDetail(lead.actor, kase.caseId)).profile!;
    const v2 = await seal(kase, { type: "person_profile", id: kase.profileId, version: 2, value: profileWith("epoch two"), author: lead, previous: v1 });
    await saveProfile(lead.actor, await profileSave(kase, v2));
    const marks = noting({ records: [[profileKey(kase.caseId, kase.profileId), await markOf(v2)]] })(emptyMarks);
    const late = await seal(kase, { type: "person_profile", id: kase.profileId, version: 3, value: profileWith("late"), author: lawyer, previous: v2, epoch: 1 });
    const db = await getDb();
    await db.caseRecord.create({ data: { id: kase.profileId, version: 3, caseId: kase.caseId, type: "person_profile", epoch: 1, authorId: lawyer.actor.userId, contentSealed: new Uint8Array(fromBase64url(late.contentSealed)), size: 1 } });
    const { detail, opened } = await openServedProfile(kase.caseId, caseworker, [lead, caseworker, lawyer]);
    expect(opened.ok).toBe(true); // the lawyer was on the team in epoch 1
    expect(checkRecord(marks, profileKey(kase.caseId, kase.profileId), await markOf(detail.profile!), signedPrev(opened))).toBe("rewritten");
  });
});
