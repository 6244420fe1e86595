import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { addLink, addTestMember, authorsAt, caseEvents, caseSnapshot, expectAppError, expectAuditChainIntact, keyOf, newOrg, newUser, openTestCase, reenrol, removeTestMember, rotationWithout, teamLink, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { grantCaseKey, openCaseKey } from "../case-keys";
import { findCaseRole, getCaseDetail } from "../queries";
import { openRecord } from "../records-client";
import { personProfileSchema } from "../schema";
import { addMember, removeMember, reshareKey } from "./team";
import { resetAccount, setUserActive } from "@/lib/users/actions";
import { openKeyring } from "../open-case-client";
import { pinnedKeybook } from "@/lib/trust/keybook";
import { trustPeople } from "@/lib/trust/trusted-signers";

const { kind } = withTestDatabase();

let orgId: string;
let otherOrgId: string;

beforeAll(async () => {
  orgId = await newOrg();
  otherOrgId = await newOrg();
});

/** A coordinator's case with a caseworker and a lawyer on the team. */
async function teamOfThree() {
  const lead = await newUser(orgId, "coordinator");
  const caseworker = await newUser(orgId, "caseworker");
  const lawyer = await newUser(orgId, "lawyer");
  const kase = await openTestCase(lead);
  await addTestMember(kase, caseworker);
  await addTestMember(kase, lawyer, "reviewer");
  return { kase, lead, caseworker, lawyer };
}

/** What `user` sees of the case, and the current key they open from it (checked against the current members). */
async function openAs(kase: TestCase, user: TestUser) {
  const detail = await getCaseDetail(user.actor, kase.caseId);
  const epoch = detail.epochs.find((e) => e.epoch === detail.currentEpoch)!;
  const grant = detail.myGrants.find((g) => g.epoch === detail.currentEpoch)!;
  const signers = detail.people.filter((p) => detail.memberIds.includes(p.userId));
  const key = await openCaseKey({ caseId: kase.caseId, epoch, grant, me: user.account, signers });
  return { detail, key };
}

async function grantsOf(caseId: string) {
  const db = await getDb();
  return db.caseKeyGrant.findMany({ where: { caseId }, orderBy: [{ epoch: "asc" }, { recipientId: "asc" }] });
}

describe(`addMember (${kind})`, () => {
  it("adds a user with a grant for the current epoch; they read the case and open its profile", async () => {
    const lead = await newUser(orgId, "coordinator");
    const caseworker = await newUser(orgId, "caseworker");
    const kase = await openTestCase(lead);
    await addTestMember(kase, caseworker);

    expect(await findCaseRole(caseworker.actor, kase.caseId)).toBe("member");
    const { detail, key } = await openAs(kase, caseworker);
    expect(detail.myRole).toBe("member");
    expect(detail.myGrants).toEqual([expect.objectContaining({ epoch: 1, recipientId: caseworker.actor.userId, signerId: lead.actor.userId })]);
    const profile = await openRecord({ caseId: kase.caseId, record: detail.profile!, caseKey: key, schema: personProfileSchema, type: "person_profile", authors: await authorsAt(kase, 1) });
    expect(profile).toEqual(kase.profile);
  });

  it("a member added after a rotation gets every epoch's key and reads records written before it, as written", async () => {
    const { kase, lead, lawyer } = await teamOfThree();
    await removeTestMember(kase, lawyer);
    const newcomer = await newUser(orgId, "caseworker");
    // Only the current epoch's key is not enough: records stay under the epoch they were written in.
    const currentOnly = await grantCaseKey({ caseId: kase.caseId, epoch: 2, caseKey: keyOf(kase, 2), recipient: newcomer.keys, me: lead.account, keybook: pinnedKeybook([newcomer.keys]) });
    await expectAppError(addMember(lead.actor, { caseId: kase.caseId, userId: newcomer.actor.userId, role: "member", grants: [currentOnly], link: await addLink(kase, newcomer) }), "invalid_input", "case.keys");
    await addTestMember(kase, newcomer);
    const detail = await getCaseDetail(newcomer.actor, kase.caseId);
    const keyring = await openKeyring(detail, trustPeople(detail.people, pinnedKeybook(detail.people)).signers, newcomer.account);
    expect(keyring.epochs()).toEqual([1, 2]);
    expect(detail.profile?.epoch).toBe(1);
    const profile = await openRecord({ caseId: kase.caseId, record: detail.profile!, caseKey: keyring.get(1)!, schema: personProfileSchema, type: "person_profile", authors: await authorsAt(kase, 1) });
    expect(profile).toEqual(kase.profile);
    keyring.wipe();
  });

  it("writes a case.member_added event with the user, role and epoch", async () => {
    const { kase, lead, caseworker } = await teamOfThree();
    const [event] = await caseEvents(kase.caseId, "case.member_added");
    expect(event).toMatchObject({ actorId: lead.actor.userId, data: { userId: caseworker.actor.userId, role: "member", epoch: 1 } });
  });

  it("adding someone already on the team is a conflict", async () => {
    const { kase, caseworker } = await teamOfThree();
    const grant = await grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase), recipient: caseworker.keys, me: kase.lead.account, keybook: pinnedKeybook([caseworker.keys]) });
    await expectAppError(addMember(kase.lead.actor, { caseId: kase.caseId, userId: caseworker.actor.userId, role: "member", grants: [grant], link: await addLink(kase, caseworker) }), "conflict", "member.exists");
  });

  it("adding a user of another organisation is not_found", async () => {
    const lead = await newUser(orgId, "coordinator");
    const stranger = await newUser(otherOrgId, "caseworker");
    const kase = await openTestCase(lead);
    const grant = await grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase), recipient: stranger.keys, me: lead.account, keybook: pinnedKeybook([stranger.keys]) });
    await expectAppError(addMember(lead.actor, { caseId: kase.caseId, userId: stranger.actor.userId, role: "member", grants: [grant], link: await addLink(kase, stranger) }), "not_found");
    expect(await findCaseRole(stranger.actor, kase.caseId)).toBeNull();
  });

  it("a grant for an epoch a rotation replaced is invalid_input", async () => {
    const { kase, lawyer } = await teamOfThree();
    await removeTestMember(kase, lawyer);
    const newcomer = await newUser(orgId, "caseworker");
    const grant = await grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase, 1), recipient: newcomer.keys, me: kase.lead.account, keybook: pinnedKeybook([newcomer.keys]) });
    await expectAppError(addMember(kase.lead.actor, { caseId: kase.caseId, userId: newcomer.actor.userId, role: "member", grants: [grant], link: await addLink(kase, newcomer) }), "invalid_input", "case.keys");
  });
});

describe(`removeMember (${kind})`, () => {
  it("starts epoch 2, sealed to exactly the remaining members, and makes it current", async () => {
    const { kase, lead, caseworker, lawyer } = await teamOfThree();
    await removeTestMember(kase, lawyer);

    const db = await getDb();
    expect((await db.case.findUniqueOrThrow({ where: { id: kase.caseId } })).currentEpoch).toBe(2);
    expect((await db.caseKeyEpoch.findMany({ where: { caseId: kase.caseId }, orderBy: { epoch: "asc" } })).map((e) => e.epoch)).toEqual([1, 2]);
    const epoch2 = (await grantsOf(kase.caseId)).filter((g) => g.epoch === 2);
    expect(epoch2.map((g) => g.recipientId).sort()).toEqual([lead.actor.userId, caseworker.actor.userId].sort());
    expect(epoch2.every((g) => g.signerId === lead.actor.userId)).toBe(true);
  });

  it("deletes every grant the removed member held, from every epoch", async () => {
    const { kase, caseworker, lawyer } = await teamOfThree();
    const fourth = await newUser(orgId, "caseworker");
    await addTestMember(kase, fourth);
    await removeTestMember(kase, fourth); // the lawyer now holds grants for epochs 1 and 2
    expect((await grantsOf(kase.caseId)).filter((g) => g.recipientId === lawyer.actor.userId).map((g) => g.epoch)).toEqual([1, 2]);

    await removeTestMember(kase, lawyer);
    const grants = await grantsOf(kase.caseId);
    expect(grants.filter((g) => g.recipientId === lawyer.actor.userId)).toEqual([]);
    expect(grants.filter((g) => g.epoch === 3).map((g) => g.recipientId).sort()).toEqual([kase.lead.actor.userId, caseworker.actor.userId].sort());
  });

  it("writes case.member_removed and case.key_rotated", async () => {
    const { kase, lead, lawyer } = await teamOfThree();
    await removeTestMember(kase, lawyer);
    const events = (await caseEvents(kase.caseId)).slice(-2);
    expect(events.map((e) => [e.action, e.actorId, e.data])).toEqual([
      ["case.member_removed", lead.actor.userId, { userId: lawyer.actor.userId }],
      ["case.key_rotated", lead.actor.userId, { epoch: 2, members: 2 }],
    ]);
  });

  it("the removed member's next read of the case is not_found", async () => {
    const { kase, lawyer } = await teamOfThree();
    await getCaseDetail(lawyer.actor, kase.caseId);
    await removeTestMember(kase, lawyer);
    expect(await findCaseRole(lawyer.actor, kase.caseId)).toBeNull();
    await expectAppError(getCaseDetail(lawyer.actor, kase.caseId), "not_found");
  });

  it("every remaining member opens the new key, and it is the one the remover made", async () => {
    const { kase, lead, caseworker, lawyer } = await teamOfThree();
    await removeTestMember(kase, lawyer);
    for (const member of [lead, caseworker]) {
      const { key } = await openAs(kase, member);
      expect(Buffer.from(key).equals(Buffer.from(keyOf(kase, 2)))).toBe(true);
    }
  });

  it("only a lead changes the team: a coordinator who is a plain member is refused, a co-lead is not", async () => {
    const { kase, lawyer, caseworker } = await teamOfThree();
    const coordinator = await newUser(orgId, "coordinator");
    await addTestMember(kase, coordinator);
    const byMember = await rotationWithout(kase, lawyer, coordinator);
    await expectAppError(removeMember(coordinator.actor, { caseId: kase.caseId, userId: lawyer.actor.userId, ...byMember }), "invalid_input", "case.chain");
    const coLead = await newUser(orgId, "coordinator");
    await addTestMember(kase, coLead, "lead");
    await removeTestMember(kase, lawyer, coLead);
    expect((await grantsOf(kase.caseId)).filter((g) => g.epoch === 2).every((g) => g.signerId === coLead.actor.userId)).toBe(true);
    expect((await getCaseDetail(caseworker.actor, kase.caseId)).memberIds).not.toContain(lawyer.actor.userId);
  });

  describe("refuses key material that does not fit the remaining team (invalid_input), and nothing changes", () => {
    it.each([
      ["grants that miss a remaining member", (t: Awaited<ReturnType<typeof teamOfThree>>) => [t.lead]],
      ["grants that include the removed member", (t: Awaited<ReturnType<typeof teamOfThree>>) => [t.lead, t.caseworker, t.lawyer]],
    ])("%s", async (_, recipients) => {
      const team = await teamOfThree();
      const { kase, lawyer } = team;
      const before = await caseSnapshot(kase.caseId);
      const { epoch, grants, link } = await rotationWithout(kase, lawyer, kase.lead, recipients(team));
      await expectAppError(removeMember(kase.lead.actor, { caseId: kase.caseId, userId: lawyer.actor.userId, epoch, grants, link }), "invalid_input", "case.keys");

      expect(await caseSnapshot(kase.caseId)).toEqual(before);
      expect(await findCaseRole(lawyer.actor, kase.caseId)).toBe("reviewer");
      expect(before.kase?.currentEpoch).toBe(1);
    });

    it("an epoch that is not the current one + 1", async () => {
      const { kase, lawyer } = await teamOfThree();
      const before = await caseSnapshot(kase.caseId);
      const { epoch, grants, link } = await rotationWithout({ ...kase, currentEpoch: 2 }, lawyer);
      await expectAppError(removeMember(kase.lead.actor, { caseId: kase.caseId, userId: lawyer.actor.userId, epoch, grants, link }), "invalid_input", "case.keys");
      expect(await caseSnapshot(kase.caseId)).toEqual(before);
    });
  });

  it("removing yourself is a conflict", async () => {
    const { kase, lead } = await teamOfThree();
    const { epoch, grants, link } = await rotationWithout(kase, lead);
    await expectAppError(removeMember(lead.actor, { caseId: kase.caseId, userId: lead.actor.userId, epoch, grants, link }), "conflict", "member.self");
    expect(await findCaseRole(lead.actor, kase.caseId)).toBe("lead");
  });
});

describe(`deactivation (${kind})`, () => {
  it("a deactivated member gets no key of a new epoch, and a lead removes them in turn", async () => {
    const { kase, lead, caseworker, lawyer } = await teamOfThree();
    const admin = await newUser(orgId, "admin");
    await setUserActive(admin.actor, lawyer.actor.userId, false);
    // Sealing the next epoch to the deactivated lawyer too is refused...
    const toAll = await rotationWithout(kase, caseworker, lead, [lead, lawyer]);
    await expectAppError(removeMember(lead.actor, { caseId: kase.caseId, userId: caseworker.actor.userId, epoch: toAll.epoch, grants: toAll.grants, link: toAll.link }), "invalid_input", "case.keys");
    // ...sealing it to the active members only is what the server takes; the lawyer stays on the signed team until removed.
    const toActive = await rotationWithout(kase, caseworker, lead, [lead]);
    await removeMember(lead.actor, { caseId: kase.caseId, userId: caseworker.actor.userId, epoch: toActive.epoch, grants: toActive.grants, link: toActive.link });
    expect((await grantsOf(kase.caseId)).filter((g) => g.epoch === 2).map((g) => g.recipientId)).toEqual([lead.actor.userId]);
    kase.currentEpoch = 2;
    const last = await rotationWithout(kase, lawyer, lead, [lead]);
    await removeMember(lead.actor, { caseId: kase.caseId, userId: lawyer.actor.userId, epoch: last.epoch, grants: last.grants, link: last.link });
    expect((await getCaseDetail(lead.actor, kase.caseId)).memberIds).toEqual([lead.actor.userId]);
  });
});

describe(`reshareKey after an admin reset (${kind})`, () => {
  /** What resetAccount leaves behind, done directly: no grants, marked for re-share, new keys once re-enrolled. */
  async function resetAndReenrol(kase: TestCase, user: TestUser): Promise<TestUser> {
    const db = await getDb();
    await db.caseKeyGrant.deleteMany({ where: { caseId: kase.caseId, recipientId: user.actor.userId } });
    await db.caseMember.update({ where: { caseId_userId: { caseId: kase.caseId, userId: user.actor.userId } }, data: { needsKeyShare: true } });
    return reenrol(user);
  }

  it("the reset member shows as needing a key share and holds no grant", async () => {
    const { kase, lead, caseworker } = await teamOfThree();
    const renewed = await resetAndReenrol(kase, caseworker);
    expect((await getCaseDetail(lead.actor, kase.caseId)).members.find((m) => m.userId === caseworker.actor.userId)?.needsKeyShare).toBe(true);
    expect((await getCaseDetail(renewed.actor, kase.caseId)).myGrants).toEqual([]);
  });

  it("a teammate's re-share restores a grant the member opens with their new keys, and clears needsKeyShare", async () => {
    const { kase, lead, caseworker } = await teamOfThree();
    const renewed = await resetAndReenrol(kase, caseworker);
    const grant = await grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase), recipient: renewed.keys, me: lead.account, keybook: pinnedKeybook([renewed.keys]) });
    await reshareKey(lead.actor, { caseId: kase.caseId, userId: caseworker.actor.userId, grants: [grant], link: await teamLink(kase, { rekey: [renewed.keys] }) });

    const { detail, key } = await openAs(kase, renewed);
    expect(detail.members.find((m) => m.userId === caseworker.actor.userId)?.needsKeyShare).toBe(false);
    expect(Buffer.from(key).equals(Buffer.from(keyOf(kase)))).toBe(true);
    const [event] = await caseEvents(kase.caseId, "case.key_reshared");
    expect(event).toMatchObject({ actorId: lead.actor.userId, data: { userId: caseworker.actor.userId, epoch: 1 } });
  });

  it("a rotation leaves out a reset member who has no keys yet; they stay marked for re-share", async () => {
    const { kase, lead, caseworker, lawyer } = await teamOfThree();
    const db = await getDb();
    await db.caseKeyGrant.deleteMany({ where: { caseId: kase.caseId, recipientId: caseworker.actor.userId } });
    await db.caseMember.update({ where: { caseId_userId: { caseId: kase.caseId, userId: caseworker.actor.userId } }, data: { needsKeyShare: true } });
    await db.user.update({ where: { id: caseworker.actor.userId }, data: { boxPublicKey: null, signPublicKey: null } });

    // The browser seals only to people with keys (listOrgPeople leaves the reset member out).
    const { epoch, grants, link } = await rotationWithout(kase, lawyer, lead, [lead]);
    await removeMember(lead.actor, { caseId: kase.caseId, userId: lawyer.actor.userId, epoch, grants, link });
    expect((await grantsOf(kase.caseId)).map((g) => [g.epoch, g.recipientId])).toEqual([
      [1, lead.actor.userId],
      [2, lead.actor.userId],
    ]);
    expect((await getCaseDetail(lead.actor, kase.caseId)).members.find((m) => m.userId === caseworker.actor.userId)?.needsKeyShare).toBe(true);
  });

  it("resetting the member who made the case key keeps the case readable for a teammate who had pinned their key", async () => {
    const { kase, lead, caseworker } = await teamOfThree();
    const pinnedBefore = pinnedKeybook([lead.keys, caseworker.keys]);
    const admin = await newUser(orgId, "admin");
    await resetAccount(admin.actor, lead.actor.userId);

    const detail = await getCaseDetail(caseworker.actor, kase.caseId);
    // The lead's signing key is gone from the people list; the key pinned in the caseworker's keybook still counts.
    expect(detail.people.some((p) => p.userId === lead.actor.userId)).toBe(false);
    const keyring = await openKeyring(detail, trustPeople(detail.people, pinnedBefore).signers, caseworker.account);
    expect(keyring.has(detail.currentEpoch)).toBe(true);
    keyring.wipe();
    // A teammate who never pinned the lead has only the server's word ("former signer"): that counts for nothing.
    expect(detail.formerSigners.map((f) => f.userId)).toContain(lead.actor.userId);
    const unpinned = await openKeyring(detail, trustPeople(detail.people, pinnedKeybook([caseworker.keys])).signers, caseworker.account);
    expect(unpinned.has(detail.currentEpoch)).toBe(false);
  });

  it("a re-share to a member who needs none is refused, and their working grant stays", async () => {
    const { kase, lead, caseworker } = await teamOfThree();
    const junk = await grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: new Uint8Array(32).fill(7), recipient: lead.keys, me: caseworker.account, keybook: pinnedKeybook([lead.keys]) });
    await expectAppError(reshareKey(caseworker.actor, { caseId: kase.caseId, userId: lead.actor.userId, grants: [junk], link: await teamLink(kase, {}, caseworker) }), "conflict", "member.keyShareNotNeeded");
    const { key } = await openAs(kase, lead);
    expect(Buffer.from(key).equals(Buffer.from(keyOf(kase)))).toBe(true);
  });

  it("a rotation that seals to a re-enrolled member clears their re-share mark", async () => {
    const { kase, lead, caseworker, lawyer } = await teamOfThree();
    const renewed = await resetAndReenrol(kase, caseworker);
    const { epoch, grants, link } = await rotationWithout(kase, lawyer, lead, [lead, renewed]);
    await removeMember(lead.actor, { caseId: kase.caseId, userId: lawyer.actor.userId, epoch, grants, link });
    expect((await getCaseDetail(lead.actor, kase.caseId)).members.find((m) => m.userId === caseworker.actor.userId)?.needsKeyShare).toBe(false);
  });

  it("a re-share for an epoch other than the current one is invalid_input", async () => {
    const { kase, lead, caseworker, lawyer } = await teamOfThree();
    await removeTestMember(kase, lawyer);
    const renewed = await resetAndReenrol(kase, caseworker);
    const grant = await grantCaseKey({ caseId: kase.caseId, epoch: 1, caseKey: keyOf(kase, 1), recipient: renewed.keys, me: lead.account, keybook: pinnedKeybook([renewed.keys]) });
    await expectAppError(reshareKey(lead.actor, { caseId: kase.caseId, userId: caseworker.actor.userId, grants: [grant], link: await teamLink(kase, { rekey: [renewed.keys] }) }), "invalid_input", "case.keys");
  });
});

describe("audit log", () => {
  it("leaves the audit chain intact", async () => {
    await expectAuditChainIntact();
  });
});
