import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import { appendAuditEvent, recordAuditEvent } from "./actions";
import type { AuditVerifyReport } from "./chain";
import { GENESIS_HASH, eventHash, isAuditData, toHex } from "./events";
import { auditKeys } from "./key";
import { getAuditHead, verifyAuditChain } from "./queries";

const { kind } = withTestDatabase();

// With DATABASE_URL, other test files of the run share this database, so
// nothing here assumes an empty log: counts and seqs are relative to the head
// found at the start. The tamper tests are in tamper.test.ts.

async function expectIntact(): Promise<AuditVerifyReport> {
  const report = await verifyAuditChain();
  expect(report, JSON.stringify(report)).toMatchObject({ ok: true, problem: null });
  return report;
}

describe(`audit chain (${kind})`, () => {
  // Creating and migrating a fresh database takes a while on a busy machine: a hook's timeout, not a test's.
  beforeAll(async () => {
    await getDb();
  });

  it("appends concurrent events as one gapless, linked chain", async () => {
    const db = await getDb();
    const before = await getAuditHead();
    await expectIntact();

    const appended = await Promise.all(
      Array.from({ length: 25 }, (_, i) => recordAuditEvent({ action: "case.list_read", actorId: randomUUID(), data: { i } })),
    );

    const start = before.seq ?? 0n;
    const rows = await db.auditEvent.findMany({ where: { seq: { gt: start } }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 25 }, (_, i) => start + BigInt(i + 1)));
    expect(appended.map((a) => a.seq).sort((a, b) => (a < b ? -1 : 1))).toEqual(rows.map((r) => r.seq));
    const startHash = before.headHash ?? toHex(GENESIS_HASH);
    rows.forEach((row, i) => {
      expect(toHex(row.prevHash)).toBe(i === 0 ? startHash : toHex(rows[i - 1]!.hash));
      if (!isAuditData(row.data)) throw new Error("data not flat");
      expect(toHex(eventHash(auditKeys().chainKey, row.prevHash, { ...row, data: row.data }))).toBe(toHex(row.hash));
    });

    const report = await expectIntact();
    expect(report.count).toBe(before.count + 25);
    expect(report.head).toEqual({ seq: String(start + 25n), hash: toHex(rows.at(-1)!.hash) });
    expect(await getAuditHead()).toMatchObject({ count: before.count + 25, seq: start + 25n, headHash: report.head?.hash });
  });

  it("rolls the event back with the change when the transaction fails", async () => {
    const db = await getDb();
    const before = await getAuditHead();
    const name = `audit-rollback-${randomUUID()}`;
    await expect(
      db.$transaction(async (tx) => {
        const org = await tx.organisation.create({ data: { name } });
        await appendAuditEvent(tx, { action: "setup.completed", data: { orgId: org.id } });
        throw new Error("later step fails");
      }),
    ).rejects.toThrow("later step fails");
    expect(await db.organisation.count({ where: { name } })).toBe(0);
    expect(await getAuditHead()).toEqual(before);
    // The rolled-back seq is reused: no gap.
    const next = await recordAuditEvent({ action: "auth.sign_out" });
    expect(next.seq).toBe((before.seq ?? 0n) + 1n);
    await expectIntact();
  });

  it("rolls the change back when the audit append is refused", async () => {
    const db = await getDb();
    const before = await getAuditHead();
    const name = `audit-refused-${randomUUID()}`;
    await expect(
      db.$transaction(async (tx) => {
        await tx.organisation.create({ data: { name } });
        // A NUL byte is no UUID: refused as "not found" before PostgreSQL sees it.
        await appendAuditEvent(tx, { action: "setup.completed", actorId: `${randomUUID().slice(0, 35)}\u0000` });
      }),
    ).rejects.toThrow(/not_found/);
    expect(await db.organisation.count({ where: { name } })).toBe(0);
    expect(await getAuditHead()).toEqual(before);
  });

  it("hashes an upper-case id in the lower-case form PostgreSQL stores, so the chain stays intact", async () => {
    const db = await getDb();
    const actorId = randomUUID();
    const { seq } = await recordAuditEvent({ action: "case.list_read", actorId: actorId.toUpperCase() });
    const row = await db.auditEvent.findUniqueOrThrow({ where: { seq } });
    expect(row.actorId).toBe(actorId);
    await expectIntact();
  });
});

