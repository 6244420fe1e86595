import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { authorize, isAllowed } from "@/lib/auth/policy";
import { openRecord } from "@/lib/cases/records-client";
import { getDb } from "@/lib/db/client";
import { evidenceCustody } from "@/lib/evidence/queries";
import { addTestMember, authorsAt, caseEvents, caseSnapshot, expectAppError, expectAuditChainIntact, keyOf, newOrg, newUser, openTestCase, seal, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { insertConsentedTestimony } from "@/lib/testing/testimony-fixtures";
import { listBundles } from "../queries";
import { bundleMetaSchema, saveBundleWireSchema, type BundleItemWire, type BundleMeta } from "../schema";
import { recordBundleExport } from "./export";
import { saveBundle } from "./save";

withTestDatabase();

let orgId: string;
let coordinator: TestUser;
let lawyer: TestUser;

beforeAll(async () => {
  orgId = await newOrg();
  coordinator = await newUser(orgId, "coordinator");
  lawyer = await newUser(orgId, "lawyer");
});

async function teamCase(): Promise<TestCase> {
  const kase = await openTestCase(coordinator);
  await addTestMember(kase, lawyer, "member");
  return kase;
}

/** A finished upload, inserted directly (its bytes are not this file's business). */
async function insertEvidence(kase: TestCase, state: "ready" | "uploading" = "ready"): Promise<string> {
  const db = await getDb();
  const id = randomUUID();
  await db.evidence.create({
    data: {
      id,
      caseId: kase.caseId,
      uploaderId: kase.lead.actor.userId,
      state,
      size: BigInt(1000),
      partSize: 1024 * 1024,
      partCount: 1,
      ...(state === "ready" ? { sha256: new Uint8Array(randomBytes(32)), signature: new Uint8Array(randomBytes(64)), signedAt: new Date(), finalisedAt: new Date() } : {}),
    },
  });
  return id;
}

/** A second testimony version, with or without legal-use consent. */
async function addTestimonyVersion(kase: TestCase, testimonyId: string, version: number, legalUseConsent: boolean): Promise<void> {
  const db = await getDb();
  const contentSealed = new Uint8Array(randomBytes(128));
  const authorId = kase.lead.actor.userId;
  await db.caseRecord.create({ data: { id: testimonyId, version, caseId: kase.caseId, type: "testimony", epoch: kase.currentEpoch, authorId, contentSealed, size: contentSealed.length } });
  await db.testimonyVersion.create({ data: { testimonyId, version, caseId: kase.caseId, authorId, signedAt: new Date(), signature: new Uint8Array(randomBytes(64)), legalUseConsent } });
}

const meta = (name: string, extra: Partial<BundleMeta> = {}): BundleMeta => ({ name, hearing: "District court, 20 Jan 2027", notes: "", ...extra });

async function bundleInput(kase: TestCase, items: BundleItemWire[], opts: { bundleId?: string; version?: number; name?: string } = {}) {
  const bundleId = opts.bundleId ?? randomUUID();
  const sealed = await seal(kase, { type: "bundle_meta", id: bundleId, version: opts.version ?? 1, value: meta(opts.name ?? "Bundle for the hearing") });
  return { caseId: kase.caseId, bundleId, meta: sealed, items };
}

describe("the bundle wire schema", () => {
  it("refuses an item naming both or neither, duplicates, and a meta record of another type or id", async () => {
    const kase = await teamCase();
    const e = randomUUID();
    const ok = await bundleInput(kase, [{ evidenceId: e }, { testimonyId: randomUUID() }]);
    expect(saveBundleWireSchema.safeParse(ok).success).toBe(true);
    expect(saveBundleWireSchema.safeParse({ ...ok, items: [{ evidenceId: e, testimonyId: randomUUID() }] }).success).toBe(false);
    expect(saveBundleWireSchema.safeParse({ ...ok, items: [{}] }).success).toBe(false);
    expect(saveBundleWireSchema.safeParse({ ...ok, items: [{ evidenceId: e }, { evidenceId: e }] }).success).toBe(false);
    expect(saveBundleWireSchema.safeParse({ ...ok, bundleId: randomUUID() }).success).toBe(false);
    expect(saveBundleWireSchema.safeParse({ ...ok, items: Array.from({ length: 501 }, () => ({ evidenceId: randomUUID() })) }).success).toBe(false);
  });

  it("the meta form needs a name and caps the lengths with i18n keys", () => {
    const empty = bundleMetaSchema.safeParse(meta("  "));
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.message).toBe("bundle.nameRequired");
    expect(bundleMetaSchema.safeParse(meta("x", { hearing: "h".repeat(501) })).error?.issues[0]?.message).toBe("text.tooLong");
  });
});

describe("saving bundles", () => {
  it("creates, lists (meta sealed), re-orders and updates a bundle, with audit events", async () => {
    const kase = await teamCase();
    const [a, b, c] = [await insertEvidence(kase), await insertEvidence(kase), await insertEvidence(kase)];
    const t = await insertConsentedTestimony(kase, true);
    const first = await bundleInput(kase, [{ evidenceId: a }, { testimonyId: t }, { evidenceId: b }], { name: "Appeal bundle" });
    await expect(saveBundle(lawyer.actor, first)).resolves.toEqual({ bundleId: first.bundleId, version: 1, created: true, items: 3 });

    let [listed] = await listBundles(lawyer.actor, kase.caseId);
    expect(listed!.items).toEqual([
      { position: 1, evidenceId: a, testimonyId: null },
      { position: 2, evidenceId: null, testimonyId: t },
      { position: 3, evidenceId: b, testimonyId: null },
    ]);
    const opened = await openRecord({ caseId: kase.caseId, record: listed!.meta, caseKey: keyOf(kase), schema: bundleMetaSchema, type: "bundle_meta", authors: await authorsAt(kase, listed!.meta.epoch) });
    expect(opened.name).toBe("Appeal bundle");

    // Re-order, drop one, add one: the next meta version.
    const second = await bundleInput(kase, [{ evidenceId: b }, { evidenceId: c }, { testimonyId: t }], { bundleId: first.bundleId, version: 2, name: "Appeal bundle v2" });
    await expect(saveBundle(lawyer.actor, second)).resolves.toMatchObject({ version: 2, created: false });
    [listed] = await listBundles(lawyer.actor, kase.caseId);
    expect(listed!.items.map((i) => i.evidenceId ?? i.testimonyId)).toEqual([b, c, t]);
    expect(listed!.meta.version).toBe(2);

    const created = await caseEvents(kase.caseId, "bundle.created");
    expect(created[0]!.data).toEqual({ bundleId: first.bundleId, version: 1, items: 3, evidence: 2, testimonies: 1 });
    const updated = await caseEvents(kase.caseId, "bundle.updated");
    expect(updated.map((e) => e.data)).toEqual([
      { bundleId: first.bundleId, version: 2, items: 3, evidence: 2, testimonies: 1 },
      { bundleId: first.bundleId, evidenceId: b, exhibit: 1, change: "renumbered" },
      { bundleId: first.bundleId, evidenceId: c, exhibit: 2, change: "added" },
      { bundleId: first.bundleId, evidenceId: a, exhibit: null, change: "removed" },
    ]);
    expect((await caseEvents(kase.caseId, "case.content_read")).some((e) => (e.data as { part?: string }).part === "bundles")).toBe(true);
    await expectAuditChainIntact();
  });

  it("refuses a stale meta version, a stale epoch and a taken id, changing nothing", async () => {
    const kase = await teamCase();
    const a = await insertEvidence(kase);
    const first = await bundleInput(kase, [{ evidenceId: a }]);
    await saveBundle(lawyer.actor, first);
    const before = await caseSnapshot(kase.caseId);
    await expectAppError(saveBundle(lawyer.actor, await bundleInput(kase, [], { bundleId: first.bundleId, version: 1 })), "conflict", "bundle.version");
    await expectAppError(saveBundle(lawyer.actor, await bundleInput(kase, [], { bundleId: first.bundleId, version: 3 })), "conflict", "bundle.version");
    const wrongEpoch = { ...(await bundleInput(kase, [], { bundleId: first.bundleId, version: 2 })) };
    await expectAppError(saveBundle(lawyer.actor, { ...wrongEpoch, meta: { ...wrongEpoch.meta, epoch: 2 } }), "conflict", "epoch.stale");
    // A new bundle may not take the id of another record.
    await expectAppError(saveBundle(lawyer.actor, await bundleInput(kase, [], { bundleId: kase.profileId })), "conflict", "record.idTaken");
    expect(await caseSnapshot(kase.caseId)).toEqual(before);
  });

  it("refuses evidence that is not ready or belongs to another case", async () => {
    const kase = await teamCase();
    const other = await teamCase();
    const uploading = await insertEvidence(kase, "uploading");
    const foreign = await insertEvidence(other);
    const ready = await insertEvidence(kase);
    const before = await caseSnapshot(kase.caseId);
    await expectAppError(saveBundle(lawyer.actor, await bundleInput(kase, [{ evidenceId: ready }, { evidenceId: uploading }])), "invalid_input", "bundle.evidenceUnavailable");
    await expectAppError(saveBundle(lawyer.actor, await bundleInput(kase, [{ evidenceId: foreign }])), "invalid_input", "bundle.evidenceUnavailable");
    await expectAppError(saveBundle(lawyer.actor, await bundleInput(kase, [{ evidenceId: randomUUID() }])), "invalid_input", "bundle.evidenceUnavailable");
    expect(await caseSnapshot(kase.caseId)).toEqual(before);
    const db = await getDb();
    expect(await db.bundle.count({ where: { caseId: kase.caseId } })).toBe(0);
  });

  it("refuses a testimony without legal-use consent, accepts it after a consenting version, refuses it again once withdrawn", async () => {
    const kase = await teamCase();
    const other = await teamCase();
    const t = await insertConsentedTestimony(kase, false);
    const foreign = await insertConsentedTestimony(other, true);
    await expectAppError(saveBundle(lawyer.actor, await bundleInput(kase, [{ testimonyId: t }])), "conflict", "bundle.testimonyNoConsent");
    await expectAppError(saveBundle(lawyer.actor, await bundleInput(kase, [{ testimonyId: foreign }])), "invalid_input", "bundle.testimonyUnavailable");

    await addTestimonyVersion(kase, t, 2, true);
    const input = await bundleInput(kase, [{ testimonyId: t }]);
    await expect(saveBundle(lawyer.actor, input)).resolves.toMatchObject({ created: true });

    // Consent withdrawn in a later version: the next save including it is refused.
    await addTestimonyVersion(kase, t, 3, false);
    await expectAppError(saveBundle(lawyer.actor, await bundleInput(kase, [{ testimonyId: t }], { bundleId: input.bundleId, version: 2 })), "conflict", "bundle.testimonyNoConsent");
    await expect(saveBundle(lawyer.actor, await bundleInput(kase, [], { bundleId: input.bundleId, version: 2 }))).resolves.toMatchObject({ items: 0 });
  });

  it("a non-member neither reads, saves nor exports a case's bundles (not found); a bundle id of another case is not found", async () => {
    const kase = await teamCase();
    const input = await bundleInput(kase, [{ evidenceId: await insertEvidence(kase) }]);
    await saveBundle(lawyer.actor, input);
    const stranger = await newUser(orgId, "lawyer");
    await expectAppError(listBundles(stranger.actor, kase.caseId), "not_found");
    await expectAppError(saveBundle(stranger.actor, await bundleInput(kase, [])), "not_found");
    await expectAppError(recordBundleExport(stranger.actor, { caseId: kase.caseId, bundleId: input.bundleId }), "not_found");

    const other = await teamCase();
    await expectAppError(saveBundle(lawyer.actor, await bundleInput(other, [], { bundleId: input.bundleId, version: 2 })), "not_found");
    await expectAppError(recordBundleExport(lawyer.actor, { caseId: other.caseId, bundleId: input.bundleId }), "not_found");
  });
});

describe("who may manage bundles (case.bundle_manage)", () => {
  it("lawyers in any case role, including reviewer; other staff only as case lead; never admins", () => {
    const actor = (role: TestUser["actor"]["role"]) => ({ userId: randomUUID(), orgId: randomUUID(), role });
    expect(isAllowed(actor("lawyer"), "case.bundle_manage", { caseRole: "reviewer" })).toBe(true);
    expect(isAllowed(actor("lawyer"), "case.bundle_manage", { caseRole: "member" })).toBe(true);
    expect(isAllowed(actor("caseworker"), "case.bundle_manage", { caseRole: "reviewer" })).toBe(false);
    expect(isAllowed(actor("caseworker"), "case.bundle_manage", { caseRole: "member" })).toBe(false);
    expect(isAllowed(actor("coordinator"), "case.bundle_manage", { caseRole: "member" })).toBe(false);
    expect(isAllowed(actor("coordinator"), "case.bundle_manage", { caseRole: "lead" })).toBe(true);
    expect(isAllowed(actor("admin"), "case.bundle_manage", { caseRole: "lead" })).toBe(false);
    expect(() => authorize(actor("caseworker"), "case.bundle_manage", { caseRole: "reviewer" })).toThrow("not_found");
    // Reviewers read bundles like every member.
    expect(isAllowed(actor("caseworker"), "case.read", { caseRole: "reviewer" })).toBe(true);
  });

  it("a lawyer who is a reviewer on the case builds and exports a bundle", async () => {
    const kase = await openTestCase(coordinator);
    const reviewer = await newUser(orgId, "lawyer");
    await addTestMember(kase, reviewer, "reviewer");
    const input = await bundleInput(kase, [{ evidenceId: await insertEvidence(kase) }]);
    await expect(saveBundle(reviewer.actor, input)).resolves.toMatchObject({ created: true });
    await expect(recordBundleExport(reviewer.actor, { caseId: kase.caseId, bundleId: input.bundleId })).resolves.toEqual({ bundleId: input.bundleId, items: 1 });
  });
});

describe("exporting", () => {
  it("writes the bundle's export event and one per evidence item, which its chain of custody shows", async () => {
    const kase = await teamCase();
    const [a, b] = [await insertEvidence(kase), await insertEvidence(kase)];
    const t = await insertConsentedTestimony(kase, true);
    const input = await bundleInput(kase, [{ evidenceId: a }, { testimonyId: t }, { evidenceId: b }]);
    await saveBundle(lawyer.actor, input);
    await expect(recordBundleExport(lawyer.actor, { caseId: kase.caseId, bundleId: input.bundleId })).resolves.toEqual({ bundleId: input.bundleId, items: 3 });

    const exported = await caseEvents(kase.caseId, "bundle.exported");
    expect(exported.map((e) => e.data)).toEqual([
      { bundleId: input.bundleId, version: 1, items: 3, evidence: 2, testimonies: 1 },
      { bundleId: input.bundleId, evidenceId: a, exhibit: 1 },
      { bundleId: input.bundleId, evidenceId: b, exhibit: 3 },
    ]);
    expect(exported.every((e) => e.actorId === lawyer.actor.userId)).toBe(true);

    const custody = await evidenceCustody(lawyer.actor, kase.caseId, b);
    expect(custody.map((e) => e.action)).toEqual(["bundle.created", "bundle.exported"]);
    expect((await evidenceCustody(lawyer.actor, kase.caseId, a)).map((e) => e.action)).toEqual(["bundle.created", "bundle.exported"]);
    await expectAuditChainIntact();
  });
});
