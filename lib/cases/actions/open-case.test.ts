import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { authorsAt, caseEvents, expectAppError, expectAuditChainIntact, newOrg, newUser, openTestCase, profileWith, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { createCaseKeys, grantCaseKey, openCaseKey } from "../case-keys";
import { getCaseDetail } from "../queries";
import { sealFirstProfile } from "../open-case-client";
import { openRecord } from "../records-client";
import { personProfileSchema, type OpenCaseWire } from "../schema";
import { openCase } from "./open-case";
import { pinnedKeybook } from "@/lib/trust/keybook";

const { kind } = withTestDatabase();

let coordinator: TestUser;
let colleague: TestUser;

beforeAll(async () => {
  const orgId = await newOrg();
  coordinator = await newUser(orgId, "coordinator");
  colleague = await newUser(orgId, "coordinator");
});

/** Everything openCase needs, made by `me` in the browser. */
async function openInput(me: TestUser) {
  const caseId = randomUUID();
  const keys = await createCaseKeys(caseId, me.account);
  const sealed = await sealFirstProfile({ caseId, caseKey: keys.caseKey, profile: profileWith("open"), author: me.account });
  const input: OpenCaseWire = { caseId, epoch: keys.epoch, grant: keys.grant, link: keys.link, ...sealed };
  return { input, caseKey: keys.caseKey };
}

describe(`openCase (${kind})`, () => {
  it("creates the case in intake, at epoch 1, in the actor's organisation", async () => {
    const kase = await openTestCase(coordinator);
    const db = await getDb();
    const row = await db.case.findUniqueOrThrow({ where: { id: kase.caseId } });
    expect(row).toMatchObject({ orgId: coordinator.actor.orgId, state: "intake", heldFrom: null, currentEpoch: 1, createdById: coordinator.actor.userId, reference: kase.reference });
  });

  it("makes the creator the case lead and its only member", async () => {
    const kase = await openTestCase(coordinator);
    const db = await getDb();
    const members = await db.caseMember.findMany({ where: { caseId: kase.caseId } });
    expect(members).toEqual([expect.objectContaining({ userId: coordinator.actor.userId, role: "lead", needsKeyShare: false, addedById: coordinator.actor.userId })]);
  });

  it("stores epoch 1 and the creator's own grant, both made by the creator", async () => {
    const kase = await openTestCase(coordinator);
    const db = await getDb();
    const me = coordinator.actor.userId;
    expect(await db.caseKeyEpoch.findMany({ where: { caseId: kase.caseId } })).toEqual([expect.objectContaining({ epoch: 1, createdById: me })]);
    expect(await db.caseKeyGrant.findMany({ where: { caseId: kase.caseId } })).toEqual([expect.objectContaining({ epoch: 1, recipientId: me, signerId: me })]);
  });

  it("stores the sealed profile and the person's label as version 1 under epoch 1, with their ciphertext sizes", async () => {
    const kase = await openTestCase(coordinator);
    const db = await getDb();
    const records = await db.caseRecord.findMany({ where: { caseId: kase.caseId }, orderBy: { type: "asc" } });
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ id: kase.labelId, version: 1, type: "person_label", epoch: 1, authorId: coordinator.actor.userId });
    expect(records[1]).toMatchObject({ id: kase.profileId, version: 1, type: "person_profile", epoch: 1, authorId: coordinator.actor.userId });
    for (const record of records) expect(record.size).toBe(record.contentSealed.length);
  });

  it("writes a case.created event naming the reference", async () => {
    const kase = await openTestCase(coordinator);
    const events = await caseEvents(kase.caseId);
    expect(events.map((e) => e.action)).toEqual(["case.created"]);
    expect(events[0]).toMatchObject({ actorId: coordinator.actor.userId, caseId: kase.caseId, data: { reference: kase.reference } });
  });

  it("gives each case a random reference like CV-7Q3K-9XPA", async () => {
    const [a, b] = [await openTestCase(coordinator), await openTestCase(coordinator)];
    for (const { reference } of [a, b]) expect(reference).toMatch(/^CV-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(a.reference).not.toBe(b.reference);
  });

  it("round trip: the creator opens their grant from the case detail and reads the profile back", async () => {
    const profile = profileWith(randomUUID());
    const kase = await openTestCase(coordinator, profile);
    const detail = await getCaseDetail(coordinator.actor, kase.caseId);
    const epoch = detail.epochs.find((e) => e.epoch === 1)!;
    const key = await openCaseKey({ caseId: kase.caseId, epoch, grant: detail.myGrants[0]!, me: coordinator.account, signers: detail.people });
    const opened = await openRecord({ caseId: kase.caseId, record: detail.profile!, caseKey: key, schema: personProfileSchema, type: "person_profile", authors: await authorsAt(kase, 1) });
    expect(opened).toEqual(profile);
  });

  describe("refuses key material the actor did not make (invalid_input) and stores nothing", () => {
    const cases: [string, (input: OpenCaseWire, caseKey: Uint8Array) => Promise<OpenCaseWire>][] = [
      ["an epoch created by someone else", async (input) => ({ ...input, epoch: (await createCaseKeys(input.caseId, colleague.account)).epoch })],
      [
        "a grant signed by someone else",
        async (input, caseKey) => ({ ...input, grant: await grantCaseKey({ caseId: input.caseId, epoch: 1, caseKey, recipient: coordinator.keys, me: colleague.account, keybook: pinnedKeybook([coordinator.keys]) }) }),
      ],
      [
        "a grant addressed to someone else",
        async (input, caseKey) => ({ ...input, grant: await grantCaseKey({ caseId: input.caseId, epoch: 1, caseKey, recipient: colleague.keys, me: coordinator.account, keybook: pinnedKeybook([colleague.keys]) }) }),
      ],
      [
        "a grant for another epoch",
        async (input, caseKey) => ({ ...input, grant: await grantCaseKey({ caseId: input.caseId, epoch: 2, caseKey, recipient: coordinator.keys, me: coordinator.account, keybook: pinnedKeybook([coordinator.keys]) }) }),
      ],
    ];

    it.each(cases)("%s", async (_, tamper) => {
      const { input, caseKey } = await openInput(coordinator);
      await expectAppError(openCase(coordinator.actor, await tamper(input, caseKey)), "invalid_input", "case.keys");
      const db = await getDb();
      expect(await db.case.findUnique({ where: { id: input.caseId } })).toBeNull();
      expect(await db.caseRecord.count({ where: { id: input.profile.id } })).toBe(0);
      expect(await caseEvents(input.caseId)).toEqual([]);
    });
  });

  it("opening a case under an id already taken is a conflict and leaves the existing case as it was", async () => {
    const existing = await openTestCase(colleague);
    const { input } = await openInput(coordinator);
    const db = await getDb();
    const before = await db.case.findUniqueOrThrow({ where: { id: existing.caseId }, include: { members: true, grants: true, records: true } });
    await expectAppError(openCase(coordinator.actor, { ...input, caseId: existing.caseId }), "conflict");
    expect(await db.case.findUniqueOrThrow({ where: { id: existing.caseId }, include: { members: true, grants: true, records: true } })).toEqual(before);
  });

  it("leaves the audit chain intact", async () => {
    await expectAuditChainIntact();
  });
});
