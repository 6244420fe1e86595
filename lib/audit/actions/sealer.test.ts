import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import { lockAuditChain, recordAuditEvent } from "../actions";
import { describeReport } from "../chain";
import { getAuditHead, verifyAuditChain } from "../queries";
import { recordReadEvent } from "./inbox";
import { InvalidInboxRowError, sealAuditInbox, sealInboxBatch } from "./sealer";

const { kind } = withTestDatabase();

// With DATABASE_URL other test files share the database (and its inbox), so
// every check here is scoped to this file's own actors, and counts of sealed
// rows are lower bounds.

async function expectIntact() {
  const report = await verifyAuditChain();
  expect(report, JSON.stringify(report)).toMatchObject({ ok: true, problem: null });
}

async function eventsOf(actorId: string) {
  const db = await getDb();
  return db.auditEvent.findMany({ where: { actorId }, orderBy: { seq: "asc" } });
}

async function inboxOf(actorId: string) {
  const db = await getDb();
  return db.auditInbox.findMany({ where: { actorId }, orderBy: { id: "asc" } });
}

class Rollback extends Error {}

describe(`audit inbox and sealer (${kind})`, () => {
  beforeAll(async () => {
    await getDb();
  });

  it("a read waits in the inbox, outside the chain, then is chained once, in order, with the time it happened", async () => {
    const reader = randomUUID();
    const caseId = randomUUID();
    const before = Date.now();
    for (let n = 0; n < 3; n++) await recordReadEvent({ actorId: reader, caseId, action: "case.content_read", data: { part: "case", n } });
    expect(await eventsOf(reader)).toEqual([]);
    const waiting = await inboxOf(reader);
    expect(waiting.map((row) => (row.data as { n: number }).n)).toEqual([0, 1, 2]);
    // audit:verify says they wait (not verified: not chained yet), and warns once no instance has sealed for 5 minutes.
    const report = await verifyAuditChain();
    expect(report.inbox?.waiting).toBeGreaterThanOrEqual(3);
    expect(Date.parse(report.inbox!.oldestAt!)).toBeLessThanOrEqual(waiting[0]!.at.getTime());
    expect(describeReport(report).at(-1)).toMatch(/^[\d,]+ read events waiting to be chained \(the oldest from .+ UTC\)\.$/);
    expect(describeReport(report, new Date(Date.now() + 6 * 60_000)).at(-1)).toContain("WARNING: waiting for more than 5 minutes");

    // A change appended meanwhile goes straight into the chain, as before.
    const writer = randomUUID();
    await recordAuditEvent({ actorId: writer, action: "auth.sign_out" });
    expect(await eventsOf(writer)).toHaveLength(1);

    if (kind === "PostgreSQL") {
      // The point of the inbox: a read is recorded while another transaction holds the chain's lock.
      const db = await getDb();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => (locked = resolve));
      const holder = db.$transaction(async (tx) => {
        await lockAuditChain(tx);
        locked();
        await held;
      }, { timeout: 30_000 });
      await lockTaken;
      const recorded = await Promise.race([
        recordReadEvent({ actorId: reader, caseId, action: "case.content_read", data: { part: "case", n: 3 } }).then(() => "recorded"),
        new Promise((resolve) => setTimeout(() => resolve("waited for the lock"), 5_000)),
      ]);
      release();
      await holder;
      expect(recorded).toBe("recorded");
    }

    const sealed = await sealAuditInbox();
    expect(sealed).toBeGreaterThanOrEqual(waiting.length);
    const chained = await eventsOf(reader);
    const expected = kind === "PostgreSQL" ? [0, 1, 2, 3] : [0, 1, 2];
    expect(chained.map((e) => (e.data as { n: number }).n)).toEqual(expected);
    expect(chained.every((e) => e.action === "case.content_read" && e.caseId === caseId)).toBe(true);
    // The time of the read, not of the sealing.
    expect(chained.slice(0, 3).map((e) => e.at.getTime())).toEqual(waiting.map((row) => row.at.getTime()));
    expect(chained[0]!.at.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(await inboxOf(reader)).toEqual([]);
    // Sealed once: a second run finds nothing of it.
    await sealAuditInbox();
    expect(await eventsOf(reader)).toHaveLength(expected.length);
    await expectIntact();
    const after = await verifyAuditChain();
    expect(after.inbox).toEqual({ waiting: 0, oldestAt: null });
    expect(describeReport(after).join("\n")).not.toContain("waiting to be chained");
  });

  it("two sealers at once chain every waiting read exactly once, in one gapless chain", async () => {
    const reader = randomUUID();
    const count = 1_100;
    for (let n = 0; n < count; n += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => recordReadEvent({ actorId: reader, action: "case.list_read", data: { count: n + i } })));
    }
    const head = (await getAuditHead()).seq ?? 0n;
    const [a, b] = await Promise.all([sealAuditInbox({ batch: 200 }), sealAuditInbox({ batch: 200 })]);
    expect(a + b).toBeGreaterThanOrEqual(count);
    const chained = await eventsOf(reader);
    expect(chained).toHaveLength(count);
    expect(new Set(chained.map((e) => (e.data as { count: number }).count)).size).toBe(count);
    expect(chained.every((e) => e.seq > head)).toBe(true);
    expect(await inboxOf(reader)).toEqual([]);
    await expectIntact();
  });

  it("a row the app could not have written stops the sealing of its batch, which changes nothing", async () => {
    const db = await getDb();
    const reader = randomUUID();
    await expect(
      db.$transaction(async (tx) => {
        await tx.auditInbox.create({ data: { actorId: reader, action: "case.content_read", data: { part: "case" } } });
        await tx.auditInbox.create({ data: { actorId: reader, action: "case.everything_deleted", data: {} } });
        const head = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
        await expect(sealInboxBatch(tx, 100_000)).rejects.toThrow(InvalidInboxRowError);
        expect(await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } })).toEqual(head);
        expect(await tx.auditInbox.count({ where: { actorId: reader } })).toBe(2);
        throw new Rollback(); // other test files share the inbox on PostgreSQL: the forged row never commits
      }),
    ).rejects.toThrow(Rollback);
    await expectIntact();
  });

  it("refuses data that is not flat and ids that are not canonical UUIDs, and writes nothing", async () => {
    const reader = randomUUID();
    await expect(recordReadEvent({ actorId: reader, action: "case.list_read", data: { nested: { text: "x" } } as never })).rejects.toThrow(/flat/);
    await expect(recordReadEvent({ actorId: "not-a-uuid", action: "case.list_read" })).rejects.toThrow();
    await expect(recordReadEvent({ actorId: reader, caseId: "../../etc", action: "case.content_read" })).rejects.toThrow();
    expect(await inboxOf(reader)).toEqual([]);
  });
});
