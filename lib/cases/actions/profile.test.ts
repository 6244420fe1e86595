import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { addTestMember, authorsAt, caseEvents, expectAppError, expectAuditChainIntact, keyOf, newOrg, newUser, openTestCase, profileSave, profileWith, removeTestMember, seal, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { getCaseDetail, getProfileVersion } from "../queries";
import { openRecord } from "../records-client";
import { personProfileSchema, type SealedRecordWire } from "../schema";
import { saveProfile } from "./profile";

const { kind } = withTestDatabase();

let lead: TestUser;
let caseworker: TestUser;

beforeAll(async () => {
  const orgId = await newOrg();
  lead = await newUser(orgId, "coordinator");
  caseworker = await newUser(orgId, "caseworker");
});

/** The profile's next version, sealed by the browser (current epoch unless told). */
function nextProfile(kase: TestCase, version: number, marker: string = randomUUID(), epoch?: number) {
  return seal(kase, { type: "person_profile", id: kase.profileId, version, value: profileWith(marker), epoch });
}

async function openProfile(kase: TestCase, record: SealedRecordWire) {
  return openRecord({ caseId: kase.caseId, record, caseKey: keyOf(kase, record.epoch), schema: personProfileSchema, type: "person_profile", authors: await authorsAt(kase, record.epoch) });
}

describe(`saveProfile (${kind})`, () => {
  it("saves version 2, which becomes the latest profile of the case", async () => {
    const kase = await openTestCase(lead);
    const v2 = await nextProfile(kase, 2, "second version");
    expect(await saveProfile(lead.actor, await profileSave(kase, v2))).toEqual({ version: 2 });

    const detail = await getCaseDetail(lead.actor, kase.caseId);
    expect(detail.profile).toMatchObject({ id: kase.profileId, version: 2, epoch: 1, authorId: lead.actor.userId });
    expect(detail.profileVersions.map((v) => v.version)).toEqual([2, 1]);
    expect(await openProfile(kase, detail.profile!)).toEqual(profileWith("second version"));
  });

  it("a case member who is not the lead saves a version too, as its author", async () => {
    const kase = await openTestCase(lead);
    await addTestMember(kase, caseworker);
    await saveProfile(caseworker.actor, await profileSave(kase, await nextProfile(kase, 2)));
    expect((await getCaseDetail(caseworker.actor, kase.caseId)).profile).toMatchObject({ version: 2, authorId: caseworker.actor.userId });
  });

  it("writes a case.content_written event with the record id and version", async () => {
    const kase = await openTestCase(lead);
    await saveProfile(lead.actor, await profileSave(kase, await nextProfile(kase, 2)));
    const [event] = await caseEvents(kase.caseId, "case.content_written");
    expect(event).toMatchObject({ actorId: lead.actor.userId, data: { type: "person_profile", recordId: kase.profileId, version: 2 } });
  });

  it("saving version 2 again is a conflict, and the first version 2 stays", async () => {
    const kase = await openTestCase(lead);
    const first = await nextProfile(kase, 2, "first writer");
    await saveProfile(lead.actor, await profileSave(kase, first));
    await expectAppError(saveProfile(lead.actor, await profileSave(kase, await nextProfile(kase, 2, "second writer"))), "conflict", "profile.version");

    const db = await getDb();
    const rows = await db.caseRecord.findMany({ where: { caseId: kase.caseId, type: "person_profile" }, orderBy: { version: "asc" } });
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
    expect(Buffer.from(rows[1]!.contentSealed).toString("base64url")).toBe(first.contentSealed);
  });

  it("skipping a version is a conflict", async () => {
    const kase = await openTestCase(lead);
    await expectAppError(saveProfile(lead.actor, await profileSave(kase, await nextProfile(kase, 3))), "conflict", "profile.version");
  });

  it("a record id other than the profile's is invalid_input", async () => {
    const kase = await openTestCase(lead);
    const record = await seal(kase, { type: "person_profile", id: randomUUID(), version: 2, value: profileWith("x") });
    await expectAppError(saveProfile(lead.actor, await profileSave(kase, record)), "invalid_input", "profile.id");
  });

  it("a record of another type is invalid_input", async () => {
    const kase = await openTestCase(lead);
    const record = await seal(kase, { type: "transition_reason", id: kase.profileId, version: 2, value: { reason: "x" } });
    await expectAppError(saveProfile(lead.actor, await profileSave(kase, record)), "invalid_input");
  });

  it("a version sealed under an epoch a rotation replaced is a conflict; under the new epoch it saves", async () => {
    const kase = await openTestCase(lead);
    await addTestMember(kase, caseworker);
    await removeTestMember(kase, caseworker);
    expect(kase.currentEpoch).toBe(2);

    await expectAppError(saveProfile(lead.actor, await profileSave(kase, await nextProfile(kase, 2, "stale", 1))), "conflict", "epoch.stale");
    expect(await saveProfile(lead.actor, await profileSave(kase, await nextProfile(kase, 2, "fresh")))).toEqual({ version: 2 });
  });

  it("writes the person's label with each version: under the case's label id, as its next version", async () => {
    const kase = await openTestCase(lead);
    const v2 = await nextProfile(kase, 2);
    const good = await profileSave(kase, v2);
    const otherId = await seal(kase, { type: "person_label", id: randomUUID(), version: 2, value: good.label });
    await expectAppError(saveProfile(lead.actor, { ...good, label: otherId }), "invalid_input", "profile.label");
    await expectAppError(saveProfile(lead.actor, { ...good, label: { ...good.label, type: "person_profile" } }), "invalid_input", "profile.label");
    await expectAppError(saveProfile(lead.actor, { ...good, label: { ...good.label, version: 3 } }), "conflict", "profile.version");
    await expectAppError(saveProfile(lead.actor, { ...good, label: { ...good.label, epoch: 2 } }), "conflict", "epoch.stale");
    expect(await saveProfile(lead.actor, good)).toEqual({ version: 2 });
    const detail = await getCaseDetail(lead.actor, kase.caseId);
    expect(detail.personLabel).toMatchObject({ id: kase.labelId, version: 2, contentSealed: good.label.contentSealed });
  });

  it("a case last saved before labels gets its first label, under a new id, with the next profile version", async () => {
    const kase = await openTestCase(lead);
    const db = await getDb();
    await db.caseRecord.deleteMany({ where: { caseId: kase.caseId, type: "person_label" } });
    expect((await getCaseDetail(lead.actor, kase.caseId)).personLabel).toBeNull();
    const v2 = await nextProfile(kase, 2);
    const first = await seal(kase, { type: "person_label", id: randomUUID(), version: 1, value: { fullName: "A", aliases: [], riskLevel: "low" } });
    // Its id may not be the profile's, nor one a record already has.
    await expectAppError(saveProfile(lead.actor, { caseId: kase.caseId, record: v2, label: { ...first, id: kase.profileId } }), "invalid_input", "profile.label");
    const elsewhere = await openTestCase(lead);
    await expectAppError(saveProfile(lead.actor, { caseId: kase.caseId, record: v2, label: { ...first, id: elsewhere.labelId } }), "conflict", "record.idTaken");
    expect(await saveProfile(lead.actor, { caseId: kase.caseId, record: v2, label: first })).toEqual({ version: 2 });
    expect((await getCaseDetail(lead.actor, kase.caseId)).personLabel).toMatchObject({ id: first.id, version: 1 });
  });

  it("refused saves change nothing", async () => {
    const kase = await openTestCase(lead);
    const db = await getDb();
    await expectAppError(saveProfile(lead.actor, await profileSave(kase, await nextProfile(kase, 3))), "conflict");
    expect(await db.caseRecord.count({ where: { caseId: kase.caseId } })).toBe(2); // profile and label, version 1
    expect((await caseEvents(kase.caseId)).map((e) => e.action)).toEqual(["case.created"]);
  });
});

describe(`getProfileVersion (${kind})`, () => {
  it("returns version 1 and version 2, each opening to what was saved", async () => {
    const kase = await openTestCase(lead, profileWith("version one"));
    await saveProfile(lead.actor, await profileSave(kase, await nextProfile(kase, 2, "version two")));

    const v1 = await getProfileVersion(lead.actor, kase.caseId, 1);
    const v2 = await getProfileVersion(lead.actor, kase.caseId, 2);
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(await openProfile(kase, v1)).toEqual(profileWith("version one"));
    expect(await openProfile(kase, v2)).toEqual(profileWith("version two"));
  });

  it("a version that does not exist is not_found", async () => {
    const kase = await openTestCase(lead);
    await expectAppError(getProfileVersion(lead.actor, kase.caseId, 2), "not_found");
  });
});

describe(`reads of case content are audited (${kind})`, () => {
  const marker = `marker-${randomUUID()}`;
  let kase: TestCase;

  beforeAll(async () => {
    kase = await openTestCase(lead, profileWith(marker));
    await saveProfile(lead.actor, await profileSave(kase, await nextProfile(kase, 2, marker)));
  });

  it.each([
    ["getCaseDetail", () => getCaseDetail(lead.actor, kase.caseId), { part: "case" }],
    ["getProfileVersion", () => getProfileVersion(lead.actor, kase.caseId, 1), { part: "profile", version: 1 }],
  ] as const)("%s writes one case.content_read event for the reader and the case", async (_, read, data) => {
    const before = await caseEvents(kase.caseId, "case.content_read");
    await read();
    const after = await caseEvents(kase.caseId, "case.content_read");
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ actorId: lead.actor.userId, caseId: kase.caseId, data });
  });

  it("no event of the case holds any of the profile's plaintext", async () => {
    const events = await caseEvents(kase.caseId);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(JSON.stringify(event.data)).not.toContain(marker);
  });
});

describe("audit log", () => {
  it("leaves the audit chain intact", async () => {
    await expectAuditChainIntact();
  });
});
