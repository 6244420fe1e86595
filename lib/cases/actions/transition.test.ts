import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { addTestMember, authorsAt, caseEvents, caseSnapshot, expectAppError, expectAuditChainIntact, keyOf, newOrg, newUser, openTestCase, removeTestMember, seal, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { insertConsentedTestimony } from "@/lib/testing/testimony-fixtures";
import { getCaseDetail } from "../queries";
import { openRecord } from "../records-client";
import { transitionReasonSchema } from "../schema";
import { transitionCase } from "./transition";

const { kind } = withTestDatabase();

let orgId: string;
let lead: TestUser;

beforeAll(async () => {
  orgId = await newOrg();
  lead = await newUser(orgId, "coordinator");
});

/** A reason sealed in the browser under the current epoch. */
function sealedReason(kase: TestCase, reason: string, epoch?: number) {
  return seal(kase, { type: "transition_reason", id: randomUUID(), version: 1, value: { reason }, epoch });
}

/** The lead makes `transition` (with an optional sealed reason). */
async function move(kase: TestCase, transition: string, reason?: string) {
  return transitionCase(lead.actor, "lead", { caseId: kase.caseId, transition, reason: reason ? await sealedReason(kase, reason) : null });
}

/** A case with a caseworker member, moved by the lead to `resolved`. */
async function resolvedCaseWithCaseworker() {
  const kase = await openTestCase(lead);
  const caseworker = await newUser(orgId, "caseworker");
  await addTestMember(kase, caseworker);
  await insertConsentedTestimony(kase);
  for (const step of ["start_documentation", "request_legal_review", "start_proceedings", "resolve"]) await move(kase, step);
  return { kase, caseworker };
}

async function stateOf(caseId: string) {
  const db = await getDb();
  return db.case.findUniqueOrThrow({ where: { id: caseId }, select: { state: true, heldFrom: true } });
}

describe(`transitionCase (${kind})`, () => {
  it("the lead starts documentation: intake → documentation", async () => {
    const kase = await openTestCase(lead);
    expect(await move(kase, "start_documentation")).toEqual({ state: "documentation" });
    expect(await stateOf(kase.caseId)).toEqual({ state: "documentation", heldFrom: null });
  });

  it("records who moved the case, from where to where, in the case history", async () => {
    const kase = await openTestCase(lead);
    await move(kase, "start_documentation");
    const { transitions } = await getCaseDetail(lead.actor, kase.caseId);
    expect(transitions).toEqual([
      expect.objectContaining({ transition: "start_documentation", fromState: "intake", toState: "documentation", actorId: lead.actor.userId, reasonRecordId: null }),
    ]);
  });

  it("each transition writes case.transitioned with its from and to", async () => {
    const kase = await openTestCase(lead);
    await move(kase, "start_documentation");
    await move(kase, "hold", "waiting for the client");
    await move(kase, "resume");
    const events = await caseEvents(kase.caseId, "case.transitioned");
    expect(events.map((e) => [e.actorId, e.data])).toEqual([
      [lead.actor.userId, { transition: "start_documentation", from: "intake", to: "documentation" }],
      [lead.actor.userId, { transition: "hold", from: "documentation", to: "on_hold" }],
      [lead.actor.userId, { transition: "resume", from: "on_hold", to: "documentation" }],
    ]);
  });

  it("a caseworker member's close from intake is refused first for the state (workflow.not_from_this_state)", async () => {
    const kase = await openTestCase(lead);
    const caseworker = await newUser(orgId, "caseworker");
    await addTestMember(kase, caseworker);
    await expectAppError(
      transitionCase(caseworker.actor, "member", { caseId: kase.caseId, transition: "close", reason: await sealedReason(kase, "done") }),
      "conflict",
      "workflow.not_from_this_state",
    );
  });

  it("a caseworker member's close from resolved is refused for the role (workflow.not_allowed_for_role)", async () => {
    const { kase, caseworker } = await resolvedCaseWithCaseworker();
    await expectAppError(
      transitionCase(caseworker.actor, "member", { caseId: kase.caseId, transition: "close", reason: await sealedReason(kase, "done") }),
      "conflict",
      "workflow.not_allowed_for_role",
    );
    expect(await stateOf(kase.caseId)).toEqual({ state: "resolved", heldFrom: null });
  });

  it("hold without a reason is refused (workflow.needs_reason)", async () => {
    const kase = await openTestCase(lead);
    await move(kase, "start_documentation");
    await expectAppError(move(kase, "hold"), "conflict", "workflow.needs_reason");
  });

  it("an unknown transition is invalid_input", async () => {
    const kase = await openTestCase(lead);
    await expectAppError(move(kase, "teleport"), "invalid_input", "workflow.unknown");
  });

  it("a refused transition changes nothing and writes no event", async () => {
    const kase = await openTestCase(lead);
    await move(kase, "start_documentation");
    const before = await caseSnapshot(kase.caseId);
    await expectAppError(move(kase, "hold"), "conflict");
    await expectAppError(move(kase, "close", "too early"), "conflict");
    expect(await caseSnapshot(kase.caseId)).toEqual(before);
  });

  it("hold with a sealed reason remembers the held-from state, and resume returns to it", async () => {
    const kase = await openTestCase(lead);
    await move(kase, "start_documentation");
    await insertConsentedTestimony(kase);
    await move(kase, "request_legal_review");
    expect(await move(kase, "hold", "client in hospital")).toEqual({ state: "on_hold" });
    expect(await stateOf(kase.caseId)).toEqual({ state: "on_hold", heldFrom: "legal_review" });
    expect(await move(kase, "resume")).toEqual({ state: "legal_review" });
    expect(await stateOf(kase.caseId)).toEqual({ state: "legal_review", heldFrom: null });
  });

  it("a reason sealed under an epoch a rotation replaced is a conflict", async () => {
    const kase = await openTestCase(lead);
    const leaving = await newUser(orgId, "caseworker");
    await addTestMember(kase, leaving);
    await removeTestMember(kase, leaving);
    const stale = await sealedReason(kase, "old key", 1);
    await expectAppError(transitionCase(lead.actor, "lead", { caseId: kase.caseId, transition: "hold", reason: stale }), "conflict", "epoch.stale");
    expect(await stateOf(kase.caseId)).toEqual({ state: "intake", heldFrom: null });
  });
});

describe(`the transition reason (${kind})`, () => {
  const text = `Moved to a safe house on ${randomUUID()}`;
  let kase: TestCase;
  let reasonId: string;

  beforeAll(async () => {
    kase = await openTestCase(lead);
    const reason = await sealedReason(kase, text);
    reasonId = reason.id;
    await transitionCase(lead.actor, "lead", { caseId: kase.caseId, transition: "hold", reason });
  });

  it("is stored as a transition_reason record, version 1, under the current epoch, by the actor", async () => {
    const db = await getDb();
    const row = await db.caseRecord.findUniqueOrThrow({ where: { id_version: { id: reasonId, version: 1 } } });
    expect(row).toMatchObject({ caseId: kase.caseId, type: "transition_reason", epoch: 1, authorId: lead.actor.userId, size: row.contentSealed.length });
  });

  it("is linked from the transition and served to members, opening to the text", async () => {
    const detail = await getCaseDetail(lead.actor, kase.caseId);
    expect(detail.transitions.at(-1)?.reasonRecordId).toBe(reasonId);
    const record = detail.records.find((r) => r.id === reasonId)!;
    const opened = await openRecord({ caseId: kase.caseId, record, caseKey: keyOf(kase), schema: transitionReasonSchema, type: "transition_reason", authors: await authorsAt(kase, record.epoch) });
    expect(opened.reason).toBe(text);
  });

  it("holds no plaintext: the text is in no byte of its row, the transition row or the case's events", async () => {
    const db = await getDb();
    const rows = await db.$queryRaw<{ row: string }[]>`
      SELECT r::text AS row FROM "CaseRecord" r WHERE r."caseId" = ${kase.caseId}::uuid
      UNION ALL SELECT t::text FROM "CaseTransition" t WHERE t."caseId" = ${kase.caseId}::uuid
      UNION ALL SELECT a::text FROM "AuditEvent" a WHERE a."caseId" = ${kase.caseId}::uuid`;
    expect(rows.filter(({ row }) => row.includes(reasonId)).length).toBe(2); // the record and the transition naming it
    const needles = [text, Buffer.from(text).toString("hex"), Buffer.from(text).toString("base64url")];
    for (const { row } of rows) for (const needle of needles) expect(row.toLowerCase()).not.toContain(needle.toLowerCase());

    const record = await db.caseRecord.findUniqueOrThrow({ where: { id_version: { id: reasonId, version: 1 } } });
    expect(Buffer.from(record.contentSealed).includes(Buffer.from(text))).toBe(false);
  });
});

describe("audit log", () => {
  it("leaves the audit chain intact", async () => {
    await expectAuditChainIntact();
  });
});
