/**
 * A case does not exist for anyone outside its team: every read and every
 * action answers not_found (never forbidden, never an empty result), and
 * nothing changes. Outsiders bring their own well-formed key material — they
 * have no case key — so each refusal is the door's, not the input's.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import {
  addTestMember,
  caseEvents,
  caseSnapshot,
  expectAppError,
  expectAuditChainIntact,
  newOrg,
  newUser,
  openTestCase,
  profileSave,
  profileWith,
  removeTestMember,
  teamLink,
  type TestCase,
  type TestUser,
} from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { createCaseKeys, grantCaseKey, rotateCaseKey } from "../case-keys";
import { findCaseRole, getCaseDetail, getProfileVersion } from "../queries";
import { sealRecord } from "../records-client";
import { saveProfile } from "./profile";
import { reportSecurityAlert } from "@/lib/trust/actions";
import { addMember, removeMember, reshareKey } from "./team";
import { transitionCase } from "./transition";
import { pinnedKeybook } from "@/lib/trust/keybook";

const { kind } = withTestDatabase();

let kase: TestCase;
let member: TestUser;
let newcomer: TestUser;
let before: Awaited<ReturnType<typeof caseSnapshot>>;
const outsiders: Record<string, TestUser> = {};
const forgedProfile = profileWith("written by an outsider");

const labels = {
  sameOrg: "a same-org caseworker not on the team",
  otherOrg: "a coordinator of another org",
  // A membership row pointing across organisations (a data error) still opens nothing.
  strayMember: "an other-org user on the team by error",
} as const;
type Outsider = keyof typeof labels;

beforeAll(async () => {
  const orgId = await newOrg();
  const otherOrgId = await newOrg();
  const lead = await newUser(orgId, "coordinator");
  member = await newUser(orgId, "caseworker");
  const leaving = await newUser(orgId, "caseworker");
  newcomer = await newUser(orgId, "caseworker");
  outsiders.sameOrg = await newUser(orgId, "caseworker");
  outsiders.otherOrg = await newUser(otherOrgId, "coordinator");
  outsiders.strayMember = await newUser(otherOrgId, "coordinator");

  // A case at epoch 2 with a stale epoch-1 profile, so "nothing to show" can't pass for a refusal.
  kase = await openTestCase(lead);
  await addTestMember(kase, member);
  await addTestMember(kase, leaving);
  await removeTestMember(kase, leaving);
  const db = await getDb();
  await db.caseMember.create({ data: { caseId: kase.caseId, userId: outsiders.strayMember.actor.userId, role: "lead", addedById: lead.actor.userId } });
  before = await caseSnapshot(kase.caseId);
});

/** Key material an outsider can make for the case id: their own key, their own signatures. */
async function forgedKeys(who: TestUser) {
  const { caseKey, grant } = await createCaseKeys(kase.caseId, who.account);
  return { caseKey, grant };
}

const cases = (Object.keys(labels) as Outsider[]).map((which) => ({ which, label: labels[which] }));

describe.each(cases)(`$label (${kind})`, ({ which }) => {
  const who = () => outsiders[which]!;

  it("has no role on the case", async () => {
    expect(await findCaseRole(who().actor, kase.caseId)).toBeNull();
  });

  it("getCaseDetail is not_found", async () => {
    await expectAppError(getCaseDetail(who().actor, kase.caseId), "not_found");
  });

  it("getProfileVersion is not_found", async () => {
    await expectAppError(getProfileVersion(who().actor, kase.caseId, 1), "not_found");
  });

  it("saveProfile is not_found", async () => {
    const { caseKey } = await forgedKeys(who());
    const record = await sealRecord({ caseId: kase.caseId, type: "person_profile", id: kase.profileId, version: 2, epoch: 2, caseKey, value: forgedProfile, signed: { author: who().account, prev: "0".repeat(43) } });
    await expectAppError(saveProfile(who().actor, await profileSave(kase, record)), "not_found");
  });

  it("addMember is not_found", async () => {
    const { caseKey } = await forgedKeys(who());
    const grant = await grantCaseKey({ caseId: kase.caseId, epoch: 2, caseKey, recipient: newcomer.keys, me: who().account, keybook: pinnedKeybook([newcomer.keys]) });
    await expectAppError(addMember(who().actor, { caseId: kase.caseId, userId: newcomer.actor.userId, role: "member", grants: [grant], link: await teamLink(kase, {}, who()) }), "not_found");
  });

  it("removeMember is not_found", async () => {
    const { epoch, grants } = await rotateCaseKey({ caseId: kase.caseId, newEpoch: 3, remaining: [kase.lead.keys, who().keys], me: who().account, keybook: pinnedKeybook([kase.lead.keys, who().keys]) });
    await expectAppError(removeMember(who().actor, { caseId: kase.caseId, userId: member.actor.userId, epoch, grants, link: await teamLink(kase, {}, who()) }), "not_found");
  });

  it("reportSecurityAlert is not_found, and no event is written", async () => {
    const before = (await caseEvents(kase.caseId, "security.alert")).length;
    await expectAppError(reportSecurityAlert(who().actor, { caseId: kase.caseId, kind: "member_hidden", userIds: [member.actor.userId] }), "not_found");
    expect((await caseEvents(kase.caseId, "security.alert")).length).toBe(before);
  });

  it("reshareKey is not_found", async () => {
    const { caseKey } = await forgedKeys(who());
    const grant = await grantCaseKey({ caseId: kase.caseId, epoch: 2, caseKey, recipient: member.keys, me: who().account, keybook: pinnedKeybook([member.keys]) });
    await expectAppError(reshareKey(who().actor, { caseId: kase.caseId, userId: member.actor.userId, grants: [grant], link: await teamLink(kase, {}, who()) }), "not_found");
  });

  it("transitionCase is not_found, even when told the actor is the lead", async () => {
    await expectAppError(transitionCase(who().actor, "lead", { caseId: kase.caseId, transition: "start_documentation", reason: null }), "not_found");
  });
});

describe("after every refusal", () => {
  it("the case, its team, keys, records, transitions and events are exactly as before", async () => {
    expect(await caseSnapshot(kase.caseId)).toEqual(before);
  });

  it("no outsider was recorded reading case content", async () => {
    const ids = new Set(Object.values(outsiders).map((o) => o.actor.userId));
    expect((await caseEvents(kase.caseId)).filter((e) => e.actorId && ids.has(e.actorId))).toEqual([]);
  });

  it("a case id that does not exist answers the same as a case one may not see", async () => {
    const ghost = randomUUID();
    expect(await findCaseRole(outsiders.sameOrg!.actor, ghost)).toBeNull();
    await expectAppError(getCaseDetail(outsiders.sameOrg!.actor, ghost), "not_found");
  });

  it("a malformed case id is no role, not an error (the page answers 404, not 500)", async () => {
    for (const bad of ["-".repeat(36), "0".repeat(36), "not-a-uuid", ""]) {
      expect(await findCaseRole(outsiders.sameOrg!.actor, bad)).toBeNull();
    }
  });

  it("leaves the audit chain intact", async () => {
    await expectAuditChainIntact();
  });
});
