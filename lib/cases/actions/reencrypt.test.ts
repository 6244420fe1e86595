import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { expectCryptoError } from "@/lib/crypto/test-support";
import { getDb } from "@/lib/db/client";
import {
  addTestMember,
  caseEvents,
  expectAppError,
  expectAuditChainIntact,
  keyOf,
  newOrg,
  newUser,
  openTestCase,
  profileWith,
  removeTestMember,
  seal,
  type TestCase,
  type TestUser,
} from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { findStaleRecords, getCaseDetail, getProfileVersion } from "../queries";
import { openRecord, reencryptRecord } from "../records-client";
import { personProfileSchema, transitionReasonSchema, type SealedRecordWire } from "../schema";
import { saveProfile } from "./profile";
import { reencryptRecords } from "./reencrypt";
import { transitionCase } from "./transition";

const { kind } = withTestDatabase();

let orgId: string;
let lead: TestUser;
let caseworker: TestUser;

beforeAll(async () => {
  orgId = await newOrg();
  lead = await newUser(orgId, "coordinator");
  caseworker = await newUser(orgId, "caseworker");
});

/**
 * A case whose epoch-1 content is two profile versions and a hold reason,
 * rotated to epoch 2 by removing a member. Returns what each record holds.
 */
async function rotatedCase() {
  const kase = await openTestCase(lead, profileWith("v1"));
  await saveProfile(lead.actor, { caseId: kase.caseId, record: await seal(kase, { type: "person_profile", id: kase.profileId, version: 2, value: profileWith("v2") }) });
  const reasonId = randomUUID();
  const reason = await seal(kase, { type: "transition_reason", id: reasonId, version: 1, value: { reason: "paused" } });
  await transitionCase(lead.actor, "lead", { caseId: kase.caseId, transition: "hold", reason });
  await transitionCase(lead.actor, "lead", { caseId: kase.caseId, transition: "resume", reason: null });
  const leaving = await newUser(orgId, "lawyer");
  await addTestMember(kase, caseworker);
  await addTestMember(kase, leaving);
  await removeTestMember(kase, leaving);
  const expected = new Map<string, unknown>([
    [`${kase.profileId}:1`, profileWith("v1")],
    [`${kase.profileId}:2`, profileWith("v2")],
    [`${reasonId}:1`, { reason: "paused" }],
  ]);
  return { kase, expected };
}

const keyOfRecord = (r: { id: string; version: number }) => `${r.id}:${r.version}`;

/** Re-seals a batch under the current epoch, as the browser does in the background. */
function moveToCurrent(kase: TestCase, records: SealedRecordWire[]) {
  return Promise.all(records.map((record) => reencryptRecord({ caseId: kase.caseId, record, fromKey: keyOf(kase, record.epoch), toKey: keyOf(kase), toEpoch: kase.currentEpoch })));
}

function openAny(kase: TestCase, record: SealedRecordWire, caseKey: Uint8Array) {
  const schema = record.type === "person_profile" ? personProfileSchema : transitionReasonSchema;
  return openRecord({ caseId: kase.caseId, record, caseKey, schema, type: record.type });
}

async function storedRecords(caseId: string) {
  const db = await getDb();
  return db.caseRecord.findMany({ where: { caseId }, orderBy: [{ id: "asc" }, { version: "asc" }] });
}

describe(`re-encryption after a rotation (${kind})`, () => {
  it("findStaleRecords lists every record still sealed under epoch 1", async () => {
    const { kase, expected } = await rotatedCase();
    const stale = await findStaleRecords(lead.actor, kase.caseId);
    expect(stale.map(keyOfRecord).sort()).toEqual([...expected.keys()].sort());
    expect(stale.every((r) => r.epoch === 1)).toBe(true);
  });

  it("getCaseDetail counts them as stale", async () => {
    const { kase } = await rotatedCase();
    expect((await getCaseDetail(lead.actor, kase.caseId)).staleRecords).toBe(3);
  });

  it("reencryptRecords moves them to epoch 2, and nothing is stale afterwards", async () => {
    const { kase } = await rotatedCase();
    const batch = await moveToCurrent(kase, await findStaleRecords(lead.actor, kase.caseId));
    expect(await reencryptRecords(lead.actor, { caseId: kase.caseId, fromEpoch: 1, records: batch })).toEqual({ updated: 3 });

    expect(await findStaleRecords(lead.actor, kase.caseId)).toEqual([]);
    const rows = await storedRecords(kase.caseId);
    expect(rows.every((r) => r.epoch === 2 && r.size === r.contentSealed.length)).toBe(true);
  });

  it("the moved ciphertext opens with the epoch-2 key to the same content, and no longer with the epoch-1 key", async () => {
    const { kase, expected } = await rotatedCase();
    const batch = await moveToCurrent(kase, await findStaleRecords(lead.actor, kase.caseId));
    await reencryptRecords(lead.actor, { caseId: kase.caseId, fromEpoch: 1, records: batch });

    const detail = await getCaseDetail(lead.actor, kase.caseId);
    const stored = [detail.profile!, await getProfileVersion(lead.actor, kase.caseId, 1), ...detail.records];
    expect(stored.map(keyOfRecord).sort()).toEqual([...expected.keys()].sort());
    for (const record of stored) {
      expect(record.epoch).toBe(2);
      expect(await openAny(kase, record, keyOf(kase, 2))).toEqual(expected.get(keyOfRecord(record)));
      await expectCryptoError(openAny(kase, record, keyOf(kase, 1)), "damaged");
    }
  });

  it("writes case.records_reencrypted with the epochs and the count", async () => {
    const { kase } = await rotatedCase();
    const batch = await moveToCurrent(kase, await findStaleRecords(lead.actor, kase.caseId));
    await reencryptRecords(lead.actor, { caseId: kase.caseId, fromEpoch: 1, records: batch });
    const [event] = await caseEvents(kase.caseId, "case.records_reencrypted");
    expect(event).toMatchObject({ actorId: lead.actor.userId, data: { fromEpoch: 1, toEpoch: 2, count: 3 } });
  });

  it("running the same batch again updates nothing", async () => {
    const { kase } = await rotatedCase();
    const batch = await moveToCurrent(kase, await findStaleRecords(lead.actor, kase.caseId));
    await reencryptRecords(lead.actor, { caseId: kase.caseId, fromEpoch: 1, records: batch });
    const after = await storedRecords(kase.caseId);
    expect(await reencryptRecords(lead.actor, { caseId: kase.caseId, fromEpoch: 1, records: batch })).toEqual({ updated: 0 });
    expect(await storedRecords(kase.caseId)).toEqual(after);
  });

  it("a second browser moving the same records later does not clobber the first one's ciphertext", async () => {
    const { kase } = await rotatedCase();
    const stale = await findStaleRecords(lead.actor, kase.caseId);
    const [first, second] = [await moveToCurrent(kase, stale), await moveToCurrent(kase, stale)];
    expect(first[0]!.contentSealed).not.toBe(second[0]!.contentSealed);

    await reencryptRecords(lead.actor, { caseId: kase.caseId, fromEpoch: 1, records: first });
    expect(await reencryptRecords(caseworker.actor, { caseId: kase.caseId, fromEpoch: 1, records: second })).toEqual({ updated: 0 });
    const stored = new Map((await storedRecords(kase.caseId)).map((r) => [keyOfRecord(r), Buffer.from(r.contentSealed).toString("base64url")]));
    for (const record of first) expect(stored.get(keyOfRecord(record))).toBe(record.contentSealed);
  });

  it.each([2, 3])("a batch claiming fromEpoch %i (not older than the current epoch 2) is invalid_input", async (fromEpoch) => {
    const { kase } = await rotatedCase();
    const batch = await moveToCurrent(kase, await findStaleRecords(lead.actor, kase.caseId));
    await expectAppError(reencryptRecords(lead.actor, { caseId: kase.caseId, fromEpoch, records: batch }), "invalid_input", "epoch");
    expect(await findStaleRecords(lead.actor, kase.caseId)).toHaveLength(3);
  });

  it("a batch with a record not sealed under the current epoch is invalid_input", async () => {
    const { kase } = await rotatedCase();
    const stale = await findStaleRecords(lead.actor, kase.caseId);
    await expectAppError(reencryptRecords(lead.actor, { caseId: kase.caseId, fromEpoch: 1, records: stale }), "invalid_input", "epoch");
  });

  it("a batch for one case that names another case's records changes none of them", async () => {
    const mine = await rotatedCase();
    const other = await rotatedCase();
    const foreign = await moveToCurrent(other.kase, await findStaleRecords(lead.actor, other.kase.caseId));
    const before = await storedRecords(other.kase.caseId);
    expect(await reencryptRecords(lead.actor, { caseId: mine.kase.caseId, fromEpoch: 1, records: foreign })).toEqual({ updated: 0 });
    expect(await storedRecords(other.kase.caseId)).toEqual(before);
  });
});

describe("audit log", () => {
  it("leaves the audit chain intact", async () => {
    await expectAuditChainIntact();
  });
});
