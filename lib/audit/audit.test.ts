import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import { appendAuditEvent, recordAuditEvent } from "./actions";
import { type AuditChainReport, getAuditHead, verifyAuditChain } from "./queries";
import { GENESIS_HASH, eventHash, isAuditData, toHex } from "./events";

const { kind } = withTestDatabase();

// With DATABASE_URL, other test files of the run share this database, so
// nothing here assumes an empty log: counts and seqs are relative to the head
// found at the start, and tampering is rolled back (see tamperAndVerify).

class Rollback extends Error {
  constructor(readonly report: AuditChainReport) {
    super("rollback");
  }
}

/**
 * Tampers inside a transaction, as a superuser would: the append-only trigger
 * is disabled for the transaction only (ALTER TABLE is transactional), the
 * chain is verified as that transaction sees it, then everything is rolled
 * back, so the log stays intact for the next test and for other sessions.
 */
async function tamperAndVerify(tamper: (tx: Prisma.TransactionClient) => Promise<unknown>): Promise<AuditChainReport> {
  const db = await getDb();
  try {
    await db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
        await tamper(tx);
        await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
        throw new Rollback(await verifyAuditChain(tx));
      },
      { timeout: 30_000 },
    );
  } catch (error) {
    if (error instanceof Rollback) return error.report;
    throw error;
  }
  throw new Error("unreachable: the tamper transaction always rolls back");
}

async function expectIntact(): Promise<Extract<AuditChainReport, { ok: true }>> {
  const report = await verifyAuditChain();
  if (!report.ok) throw new Error(`chain broken: ${JSON.stringify(report, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v))}`);
  return report;
}

describe(`audit chain (${kind})`, () => {
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
      expect(toHex(eventHash(row.prevHash, { ...row, data: row.data }))).toBe(toHex(row.hash));
    });

    const report = await expectIntact();
    expect(report.count).toBe(before.count + 25);
    expect(report.head).toBe(toHex(rows.at(-1)!.hash));
    expect(await getAuditHead()).toMatchObject({ count: before.count + 25, seq: start + 25n, headHash: report.head });
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

describe(`audit chain tampering (${kind})`, () => {
  // Five events of our own; earlier rows (other test files) are intact, so the
  // first broken link is the one tampered with here.
  let seqs: bigint[] = [];
  beforeAll(async () => {
    seqs = [];
    for (let i = 0; i < 5; i++) seqs.push((await recordAuditEvent({ action: "case.content_read", caseId: randomUUID(), data: { n: i } })).seq);
  });
  const k = () => seqs[2]!;

  it("starts intact, and is intact again after every rolled-back tamper", async () => {
    await expectIntact();
  });

  it("finds an edited row at that row", async () => {
    const report = await tamperAndVerify((tx) => tx.$executeRaw`UPDATE "AuditEvent" SET data = '{"n": 99}'::jsonb WHERE seq = ${k()}`);
    expect(report).toMatchObject({ ok: false, brokenAt: { seq: k(), action: "case.content_read" }, reason: "hash_mismatch" });
    await expectIntact();
  });

  it("finds an edited row whose hash was recomputed at the next row", async () => {
    const db = await getDb();
    const row = await db.auditEvent.findUniqueOrThrow({ where: { seq: k() } });
    const forged = eventHash(row.prevHash, { ...row, data: { n: 99 } });
    const report = await tamperAndVerify(
      (tx) => tx.$executeRaw`UPDATE "AuditEvent" SET data = '{"n": 99}'::jsonb, hash = ${forged} WHERE seq = ${k()}`,
    );
    expect(report).toMatchObject({ ok: false, brokenAt: { seq: k() + 1n }, reason: "prev_hash_mismatch" });
    await expectIntact();
  });

  // Reported at k+1, the first row still there: that is where the walk notices
  // the missing number (its prevHash is also wrong, but seq is checked first).
  it("finds a deleted row at the row after it", async () => {
    const report = await tamperAndVerify((tx) => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE seq = ${k()}`);
    expect(report).toMatchObject({ ok: false, brokenAt: { seq: k() + 1n }, reason: "seq_gap" });
    await expectIntact();
  });

  it("finds two swapped rows at the first of them", async () => {
    const report = await tamperAndVerify(async (tx) => {
      // Three steps: seq is the primary key, checked row by row.
      await tx.$executeRaw`UPDATE "AuditEvent" SET seq = -1 WHERE seq = ${k()}`;
      await tx.$executeRaw`UPDATE "AuditEvent" SET seq = ${k()} WHERE seq = ${k() + 1n}`;
      await tx.$executeRaw`UPDATE "AuditEvent" SET seq = ${k() + 1n} WHERE seq = -1`;
    });
    expect(report).toMatchObject({ ok: false, brokenAt: { seq: k() }, reason: "prev_hash_mismatch" });
    await expectIntact();
  });

  it("finds an edited hash on the last event", async () => {
    const last = (await getAuditHead()).seq!;
    const report = await tamperAndVerify(
      (tx) => tx.$executeRaw`UPDATE "AuditEvent" SET hash = ${new Uint8Array(32).fill(7)} WHERE seq = ${last}`,
    );
    expect(report).toMatchObject({ ok: false, brokenAt: { seq: last }, reason: "hash_mismatch" });
    await expectIntact();
  });

  // A hash chain without a secret cannot see its tail cut off: the shorter
  // log is a valid chain. Only a head written down earlier (getAuditHead)
  // reveals it.
  it("cannot see the last event deleted, but the head changes", async () => {
    const head = await getAuditHead();
    const report = await tamperAndVerify((tx) => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE seq = ${head.seq!}`);
    expect(report.ok).toBe(true);
    expect(report).toMatchObject({ count: head.count - 1 });
    expect(report.ok && report.head).not.toBe(head.headHash);
  });

  it("refuses changes while the trigger is on", async () => {
    const db = await getDb();
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET data = '{}'::jsonb WHERE seq = ${k()}`).rejects.toThrow(/append-only/);
    await expectIntact();
  });
});
