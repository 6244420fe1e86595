import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { CaseKeyring } from "@/lib/cases/case-keys";
import { transitionCase } from "@/lib/cases/actions/transition";
import { getDb } from "@/lib/db/client";
import {
  addTestMember,
  caseSnapshot,
  expectAppError,
  expectAuditChainIntact,
  keyOf,
  newOrg,
  newUser,
  openTestCase,
  seal,
  type TestCase,
  type TestUser,
} from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { getTestimonyVersion, listTestimonies } from "../queries";
import type { Testimony } from "../schema";
import { openDraft, openTestimonyVersion, sealDraft, sealTestimonyVersion } from "../testimonies-client";
import { entry, sampleTestimony } from "../test-fixtures";
import { discardDraft, saveDraft } from "./drafts";
import { saveTestimonyVersion } from "./save-version";

withTestDatabase();

let orgId: string;
let coordinator: TestUser;
let caseworker: TestUser;
let lawyer: TestUser;

beforeAll(async () => {
  orgId = await newOrg();
  [coordinator, caseworker, lawyer] = await Promise.all([newUser(orgId, "coordinator"), newUser(orgId, "caseworker"), newUser(orgId, "lawyer")]);
}, 60_000);

/** A case the caseworker and lawyer are on, and the keyring their browsers would hold. */
async function teamCase(): Promise<{ kase: TestCase; keyring: CaseKeyring }> {
  const kase = await openTestCase(coordinator);
  await addTestMember(kase, caseworker, "member");
  await addTestMember(kase, lawyer, "reviewer");
  // The test holds the case key directly (grants are checked in lib/cases).
  const keyring = new CaseKeyring(kase.caseId);
  keyring.set(1, keyOf(kase));
  return { kase, keyring };
}

const signers = () => [caseworker.keys, lawyer.keys, coordinator.keys];

async function save(kase: TestCase, keyring: CaseKeyring, who: TestUser, testimonyId: string, version: number, value: Testimony, previous: Testimony | null = null, draftId: string | null = null) {
  const sealed = await sealTestimonyVersion({ caseId: kase.caseId, currentEpoch: kase.currentEpoch, keyring }, who.account, { testimonyId, version }, value, previous);
  return saveTestimonyVersion(who.actor, { caseId: kase.caseId, draftId, ...sealed });
}

const withLegalConsent = (t: Testimony): Testimony => ({ ...t, consent: [entry("documentation", "given"), entry("legal_proceedings", "given")] });

describe("testimony versions", () => {
  it("saves signed versions that a teammate opens and verifies; a 200 KB Cyrillic narrative round-trips", async () => {
    const { kase, keyring } = await teamCase();
    const id = randomUUID();
    const v1 = sampleTestimony();
    await save(kase, keyring, caseworker, id, 1, v1);
    const v2: Testimony = { ...v1, narrative: "Меня задержали ночью. ".repeat(10_000) };
    expect(v2.narrative.length).toBeGreaterThan(200_000);
    await save(kase, keyring, caseworker, id, 2, v2, v1);

    const list = await listTestimonies(lawyer.actor, kase.caseId);
    expect(list.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(list.latest).toHaveLength(1);
    const opened = await openTestimonyVersion(kase.caseId, list.latest[0]!, list.versions[0]!, keyring, signers());
    expect(opened.signature).toBe("valid");
    expect(opened.content.ok && opened.content.value.narrative).toBe(v2.narrative.trim());

    const older = await getTestimonyVersion(lawyer.actor, kase.caseId, id, 1);
    const openedOlder = await openTestimonyVersion(kase.caseId, older, list.versions[1]!, keyring, signers());
    expect(openedOlder).toMatchObject({ signature: "valid", content: { ok: true, value: { narrative: v1.narrative } } });
    await expectAuditChainIntact();
  });

  it("never overwrites: a stale or skipped version number is a conflict and changes nothing", async () => {
    const { kase, keyring } = await teamCase();
    const id = randomUUID();
    await save(kase, keyring, caseworker, id, 1, sampleTestimony());
    const before = await caseSnapshot(kase.caseId);
    await expectAppError(save(kase, keyring, caseworker, id, 1, sampleTestimony()), "conflict", "testimony.version");
    await expectAppError(save(kase, keyring, caseworker, id, 3, sampleTestimony()), "conflict", "testimony.version");
    expect(await caseSnapshot(kase.caseId)).toEqual(before);
  });

  it("refuses a version whose consent log drops an earlier entry (withdrawal is a new entry)", async () => {
    const { kase, keyring } = await teamCase();
    const v1 = withLegalConsent(sampleTestimony());
    const dropped: Testimony = { ...v1, consent: v1.consent.slice(1) };
    await expect(sealTestimonyVersion({ caseId: kase.caseId, currentEpoch: 1, keyring }, caseworker.account, { testimonyId: randomUUID(), version: 2 }, dropped, v1)).rejects.toThrow(/consent log/);
  });

  it("a reviewer and a non-member cannot write; a non-member cannot read (not found)", async () => {
    const { kase, keyring } = await teamCase();
    const stranger = await newUser(orgId, "caseworker");
    await expectAppError(save(kase, keyring, stranger, randomUUID(), 1, sampleTestimony()), "not_found");
    await expectAppError(listTestimonies(stranger.actor, kase.caseId), "not_found");
  });

  it("tamper: an altered signature or ciphertext shows as broken, never as valid", async () => {
    const { kase, keyring } = await teamCase();
    const id = randomUUID();
    await save(kase, keyring, caseworker, id, 1, sampleTestimony());
    const db = await getDb();
    const row = await db.testimonyVersion.findUniqueOrThrow({ where: { testimonyId_version: { testimonyId: id, version: 1 } } });
    const signature = new Uint8Array(row.signature);
    signature[10] = signature[10]! ^ 1;
    await db.testimonyVersion.update({ where: { testimonyId_version: { testimonyId: id, version: 1 } }, data: { signature } });
    let list = await listTestimonies(lawyer.actor, kase.caseId);
    expect((await openTestimonyVersion(kase.caseId, list.latest[0]!, list.versions[0]!, keyring, signers())).signature).toBe("broken");

    // A signature by someone else than the recorded author does not count either.
    await db.testimonyVersion.update({ where: { testimonyId_version: { testimonyId: id, version: 1 } }, data: { signature: row.signature, authorId: lawyer.actor.userId } });
    list = await listTestimonies(lawyer.actor, kase.caseId);
    expect((await openTestimonyVersion(kase.caseId, list.latest[0]!, list.versions[0]!, keyring, signers())).signature).toBe("broken");

    await db.testimonyVersion.update({ where: { testimonyId_version: { testimonyId: id, version: 1 } }, data: { authorId: caseworker.actor.userId } });
    const record = await db.caseRecord.findUniqueOrThrow({ where: { id_version: { id, version: 1 } } });
    const sealed = new Uint8Array(record.contentSealed);
    sealed[sealed.length - 5] = sealed[sealed.length - 5]! ^ 1;
    await db.caseRecord.update({ where: { id_version: { id, version: 1 } }, data: { contentSealed: sealed } });
    list = await listTestimonies(lawyer.actor, kase.caseId);
    const opened = await openTestimonyVersion(kase.caseId, list.latest[0]!, list.versions[0]!, keyring, signers());
    expect(opened).toEqual({ content: { ok: false, problem: "damaged" }, signature: "broken" });
  });
});

describe("drafts", () => {
  it("are overwritten in place, seen only by their author, and removed by the version saved from them", async () => {
    const { kase, keyring } = await teamCase();
    const target = { caseId: kase.caseId, currentEpoch: 1, keyring };
    const draftId = randomUUID();
    const testimonyId = randomUUID();
    const first = { testimonyId, baseVersion: 0, value: { ...sampleTestimony(), narrative: "Начало" } };
    await saveDraft(caseworker.actor, { caseId: kase.caseId, record: await sealDraft(target, draftId, first) });
    const second = { ...first, value: { ...first.value, narrative: "Начало и продолжение" } };
    await saveDraft(caseworker.actor, { caseId: kase.caseId, record: await sealDraft(target, draftId, second) });

    const mine = await listTestimonies(caseworker.actor, kase.caseId);
    expect(mine.drafts).toHaveLength(1);
    const opened = await openDraft(kase.caseId, mine.drafts[0]!, keyring);
    expect(opened.ok && opened.value.value.narrative).toBe("Начало и продолжение");
    expect((await listTestimonies(lawyer.actor, kase.caseId)).drafts).toEqual([]);
    // Another member cannot overwrite or discard it.
    await expectAppError(saveDraft(coordinator.actor, { caseId: kase.caseId, record: await sealDraft(target, draftId, first) }), "conflict", "record.idTaken");
    expect(await discardDraft(coordinator.actor, { caseId: kase.caseId, draftId })).toEqual({ discarded: false });

    await save(kase, keyring, caseworker, testimonyId, 1, second.value as Testimony, null, draftId);
    expect((await listTestimonies(caseworker.actor, kase.caseId)).drafts).toEqual([]);
  });
});

describe("the legal_review guard", () => {
  it("needs a testimony whose latest version records consent to use in legal proceedings", async () => {
    const { kase, keyring } = await teamCase();
    const db = await getDb();
    await db.case.update({ where: { id: kase.caseId }, data: { state: "documentation" } });
    const review = () => transitionCase(coordinator.actor, "lead", { caseId: kase.caseId, transition: "request_legal_review", reason: null });
    await expectAppError(review(), "conflict", "workflow.needs_consented_testimony");

    const id = randomUUID();
    const documentationOnly: Testimony = { ...sampleTestimony(), consent: [entry("documentation", "given")] };
    await save(kase, keyring, caseworker, id, 1, documentationOnly);
    await expectAppError(review(), "conflict", "workflow.needs_consented_testimony");
    const consented: Testimony = { ...documentationOnly, consent: [...documentationOnly.consent, entry("legal_proceedings", "given")] };
    await save(kase, keyring, caseworker, id, 2, consented, documentationOnly);
    // Withdrawn in a later version: the latest version counts.
    const withdrawn: Testimony = { ...consented, consent: [...consented.consent, entry("legal_proceedings", "withdrawn", "2024-04-01")] };
    await save(kase, keyring, caseworker, id, 3, withdrawn, consented);
    await expectAppError(review(), "conflict", "workflow.needs_consented_testimony");
    const again: Testimony = { ...withdrawn, consent: [...withdrawn.consent, entry("legal_proceedings", "given", "2024-05-01")] };
    await save(kase, keyring, caseworker, id, 4, again, withdrawn);
    await expect(review()).resolves.toEqual({ state: "legal_review" });
  });
});

// Sealing a record in the draft's place is refused for another type of record too.
it("a draft id cannot be a record of another type", async () => {
  const { kase, keyring } = await teamCase();
  const id = randomUUID();
  await save(kase, keyring, caseworker, id, 1, sampleTestimony());
  const draft = await seal(kase, { type: "testimony_draft", id, version: 1, value: { testimonyId: id, baseVersion: 1, value: sampleTestimony() } });
  await expectAppError(saveDraft(caseworker.actor, { caseId: kase.caseId, record: draft }), "conflict", "record.idTaken");
});
