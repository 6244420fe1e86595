import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import { recordAuditEvent, writeCheckpointIfDue } from "./actions";
import { type AuditSource, type AuditVerifyMode, type AuditVerifyReport, describeReport, verifyLog } from "./chain";
import { checkpointDir, readCheckpoints, writeCheckpoint } from "./checkpoints";
import { type AuditData, type HashedEvent, eventBytes, eventHash, toHex } from "./events";
import { auditKeys, deriveAuditKeys } from "./key";
import { pgAuditSource } from "./pg-source";
import { getAuditHead, prismaAuditSource, verifyAuditChain } from "./queries";

// Attacks on the audit log by someone who controls the database (owner or
// superuser: the append-only trigger is off for them) but not the audit key
// nor DATA_DIR's checkpoints. Each attack runs in a transaction that is
// verified as it sees itself and then rolled back, so the log is intact again
// for the next test (and, on PostgreSQL, for the other test files sharing it).

// Set before anything reads the environment (env() is parsed once).
process.env.AUDIT_CHECKPOINT_EVENTS = "3";

const { kind } = withTestDatabase();

type Sql = (text: string, params?: unknown[]) => Promise<void>;

class Rollback extends Error {
  constructor(readonly report: AuditVerifyReport) {
    super("rollback");
  }
}

const checkpointsNow = () => readCheckpoints(checkpointDir(process.env.DATA_DIR!), auditKeys());

/** Tampers as the table's owner (DATABASE_OWNER_URL on a restricted-role run), verifies in `mode`, rolls back. */
async function tamperAndVerify(tamper: (sql: Sql) => Promise<unknown>, mode: AuditVerifyMode = "full"): Promise<AuditVerifyReport> {
  const verify = (source: AuditSource) => verifyLog(source, auditKeys().chainKey, checkpointsNow(), mode);
  const url = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
      await tamper(async (text, params) => void (await client.query(text, params)));
      return await verify(pgAuditSource(client));
    } finally {
      await client.query("ROLLBACK");
      await client.end();
    }
  }
  const db = await getDb();
  try {
    await db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
        await tamper(async (text, params = []) => void (await tx.$executeRawUnsafe(text, ...params)));
        throw new Rollback(await verify(prismaAuditSource(tx)));
      },
      { timeout: 30_000 },
    );
  } catch (error) {
    if (error instanceof Rollback) return error.report;
    throw error;
  }
  throw new Error("unreachable: the tamper transaction always rolls back");
}

async function expectIntact(): Promise<AuditVerifyReport> {
  const report = await verifyAuditChain();
  expect(report, JSON.stringify(report)).toMatchObject({ ok: true, problem: null });
  return report;
}

type Row = HashedEvent & { prevHash: Uint8Array; hash: Uint8Array };

async function rowsFrom(seq: bigint): Promise<Row[]> {
  const db = await getDb();
  const rows = await db.auditEvent.findMany({ where: { seq: { gte: seq } }, orderBy: { seq: "asc" } });
  return rows.map((r) => ({ ...r, data: r.data as AuditData }));
}

/** What an attacker without the audit key can compute: plain SHA-256, or an HMAC under a key of their own. */
type Forge = (prevHash: Uint8Array, event: HashedEvent) => Uint8Array;
const unkeyed: Forge = (prev, event) => new Uint8Array(createHash("sha256").update(prev).update(eventBytes(event)).digest());
const attackerKey = deriveAuditKeys(new Uint8Array(randomBytes(32)));
const theirKey: Forge = (prev, event) => eventHash(attackerKey.chainKey, prev, event);

/** Rewrites rows from `rows[0]` on as the list says (seq may change), each linked to the previous forged hash. */
async function rewriteChain(sql: Sql, rows: Row[], prevHash: Uint8Array, forge: Forge): Promise<void> {
  await sql(`DELETE FROM "AuditEvent" WHERE seq >= $1`, [String(rows[0]!.seq)]);
  let prev = prevHash;
  for (const row of rows) {
    const hash = forge(prev, row);
    await sql(
      `INSERT INTO "AuditEvent" (seq, at, "actorId", action, "caseId", data, "prevHash", hash) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
      [String(row.seq), row.at, row.actorId, row.action, row.caseId, JSON.stringify(row.data), Buffer.from(prev), Buffer.from(hash)],
    );
    prev = hash;
  }
}

describe(`audit log tampering (${kind})`, () => {
  // Six events of our own and a signed checkpoint at the head; earlier rows
  // (other test files) are intact, so the first bad event is ours.
  let seqs: bigint[] = [];
  let head: bigint;
  beforeAll(async () => {
    seqs = [];
    for (let i = 0; i < 6; i++) seqs.push((await recordAuditEvent({ action: "case.content_read", caseId: randomUUID(), data: { n: i } })).seq);
    const latest = await getAuditHead();
    head = latest.seq!;
    writeCheckpoint(checkpointDir(process.env.DATA_DIR!), auditKeys(), { seq: head, headHash: latest.headHash!, at: new Date() });
  });
  const k = () => seqs[2]!;

  it("passes an untouched log, checkpoint included", async () => {
    const report = await expectIntact();
    expect(report.checkpoints.latest).toMatchObject({ seq: String(head) });
    expect(report.head?.seq).toBe(String(head));
  });

  it("reports truncation (the newest events deleted) at the first missing event", async () => {
    const report = await tamperAndVerify((sql) => sql(`DELETE FROM "AuditEvent" WHERE seq > $1`, [String(head - 2n)]));
    expect(report.problem).toEqual({ kind: "truncated", seq: String(head - 1n), action: null, intactUpTo: String(head - 2n) });
    await expectIntact();
  });

  it("reports truncation followed by new events the app chained itself (with the key) at the checkpoint", async () => {
    // Read before the tamper transaction: on PGlite (one connection) a read outside it would wait for it.
    const rows = await rowsFrom(head - 1n);
    const before = (await rowsFrom(head - 2n))[0]!.hash;
    const keyed: Forge = (prev, event) => eventHash(auditKeys().chainKey, prev, event);
    const report = await tamperAndVerify(async (sql) => {
      await rewriteChain(sql, rows.map((r) => ({ ...r, action: "auth.sign_out", data: {} })), before, keyed);
    });
    expect(report.problem).toMatchObject({ kind: "checkpoint_mismatch", seq: String(head), action: "auth.sign_out" });
  });

  it.each([
    ["unkeyed SHA-256", unkeyed],
    ["an HMAC under the attacker's own key", theirKey],
  ])("reports an edit whose chain was re-hashed from there with %s at the edited event", async (_, forge) => {
    const rows = await rowsFrom(k());
    rows[0] = { ...rows[0]!, data: { n: 99 } };
    const report = await tamperAndVerify((sql) => rewriteChain(sql, rows, rows[0]!.prevHash, forge));
    expect(report.problem).toEqual({ kind: "hash_mismatch", seq: String(k()), action: "case.content_read", intactUpTo: String(k() - 1n) });
  });

  it("reports an edit without re-hashing at the edited event", async () => {
    const report = await tamperAndVerify((sql) => sql(`UPDATE "AuditEvent" SET data = '{"n": 99}'::jsonb WHERE seq = $1`, [String(k())]));
    expect(report.problem).toMatchObject({ kind: "hash_mismatch", seq: String(k()) });
  });

  it.each([
    ["re-hashed with unkeyed SHA-256", unkeyed, "hash_mismatch"],
    ["re-hashed under the attacker's key", theirKey, "hash_mismatch"],
    ["links left as they were", null, "prev_hash_mismatch"],
  ] as const)("reports a deleted event with the rest renumbered (%s) at the deleted number", async (_, forge, expected) => {
    const rows = await rowsFrom(k());
    const report = await tamperAndVerify(async (sql) => {
      const renumbered = rows.slice(1).map((r) => ({ ...r, seq: r.seq - 1n }));
      if (forge) {
        await rewriteChain(sql, renumbered, rows[0]!.prevHash, forge);
      } else {
        await sql(`DELETE FROM "AuditEvent" WHERE seq = $1`, [String(k())]);
        await sql(`UPDATE "AuditEvent" SET seq = seq - 1 WHERE seq > $1`, [String(k())]);
      }
    });
    expect(report.problem).toMatchObject({ kind: expected, seq: String(k()), intactUpTo: String(k() - 1n) });
  });

  it("reports a deleted middle event (not renumbered) at the event after the gap", async () => {
    const report = await tamperAndVerify((sql) => sql(`DELETE FROM "AuditEvent" WHERE seq = $1`, [String(k())]));
    expect(report.problem).toEqual({ kind: "seq_gap", seq: String(k() + 1n), action: "case.content_read", intactUpTo: String(k() - 1n) });
  });

  it("reports a checkpoint file signed with another key", async () => {
    const dir = checkpointDir(process.env.DATA_DIR!);
    const forged = head + 100n;
    writeCheckpoint(dir, attackerKey, { seq: forged, headHash: "ab".repeat(32), at: new Date() });
    try {
      const report = await verifyAuditChain();
      expect(report.problem).toMatchObject({ kind: "checkpoint_invalid", seq: String(forged) });
    } finally {
      fs.rmSync(path.join(dir, `${String(forged).padStart(20, "0")}.json`));
    }
    await expectIntact();
  });

  it("never overwrites a checkpoint, and refuses a second head for the same seq", () => {
    const dir = checkpointDir(process.env.DATA_DIR!);
    const existing = checkpointsNow().find((c) => c.seq === head)!;
    expect(writeCheckpoint(dir, auditKeys(), { seq: head, headHash: existing.headHash, at: new Date() })).toBe(false);
    expect(() => writeCheckpoint(dir, auditKeys(), { seq: head, headHash: "cd".repeat(32), at: new Date() })).toThrow(/different audit checkpoint/);
    expect(checkpointsNow().find((c) => c.seq === head)).toMatchObject({ headHash: existing.headHash, signatureValid: true });
    expect(fs.readdirSync(dir).filter((name) => name.startsWith(".tmp-"))).toEqual([]);
  });

  it("writes a checkpoint once AUDIT_CHECKPOINT_EVENTS (3 here) events are new, not before", async () => {
    expect(await writeCheckpointIfDue()).toBeNull(); // nothing new since the checkpoint at the head
    await recordAuditEvent({ action: "auth.sign_out" });
    await recordAuditEvent({ action: "auth.sign_out" });
    expect(await writeCheckpointIfDue()).toBeNull();
    const third = await recordAuditEvent({ action: "auth.sign_out" });
    const written = await writeCheckpointIfDue();
    expect(written).toMatchObject({ seq: third.seq, headHash: toHex(third.hash) });
    const report = await expectIntact();
    expect(report.checkpoints.latest?.seq).toBe(String(third.seq));
  });

  it("writes one after AUDIT_CHECKPOINT_MINUTES even for a single new event", async () => {
    const one = await recordAuditEvent({ action: "auth.sign_out" });
    expect(await writeCheckpointIfDue()).toBeNull();
    expect(await writeCheckpointIfDue(new Date(Date.now() + 61 * 60_000))).toMatchObject({ seq: one.seq });
  });
});

// `npm run audit:verify` without --full: every checkpoint's signature, every
// checkpointed event by its seq, then the walk from the newest checkpoint on.
describe(`incremental audit verification (${kind})`, () => {
  // Four events, a signed checkpoint at the fourth (C), five events after it.
  let c: bigint;
  let headSeq: bigint;
  const incremental = (tamper: (sql: Sql) => Promise<unknown>) => tamperAndVerify(tamper, "incremental");
  beforeAll(async () => {
    for (let i = 0; i < 4; i++) await recordAuditEvent({ action: "case.content_read", caseId: randomUUID(), data: { before: i } });
    const at = await getAuditHead();
    c = at.seq!;
    writeCheckpoint(checkpointDir(process.env.DATA_DIR!), auditKeys(), { seq: c, headHash: at.headHash!, at: new Date("2030-01-02T03:04:05Z") });
    for (let i = 0; i < 5; i++) await recordAuditEvent({ action: "case.list_read", data: { after: i } });
    headSeq = (await getAuditHead()).seq!;
  });

  it("walks only the events after the newest signed checkpoint, and says so", async () => {
    const report = await verifyAuditChain(undefined, "incremental");
    expect(report, JSON.stringify(report)).toMatchObject({ ok: true, mode: "incremental", count: 5, from: { seq: String(c) }, head: { seq: String(headSeq) } });
    // Every valid checkpoint (the first describe's and this one) was read back by its seq.
    expect(report.checkpoints.checked).toBe(checkpointsNow().filter((cp) => cp.signatureValid).length);
    expect(report.checkpoints.checked).toBeGreaterThan(1);
    const n = (x: bigint) => x.toLocaleString("en-US");
    expect(describeReport(report)[0]).toBe(
      `OK: checked events ${n(c + 1n)}–${n(headSeq)} after signed checkpoint #${n(c)} of 2030-01-02 03:04 UTC ` +
        `(and ${report.checkpoints.checked} checkpointed events against their signatures); use --full to check from the first event.`,
    );
    const full = await verifyAuditChain(undefined, "full");
    expect(full).toMatchObject({ ok: true, mode: "full", from: null, count: Number(headSeq) });
    expect(describeReport(full)[0]).toBe(`OK: checked events 1–${n(headSeq)} from the first event.`);
  });

  it("names an edited event after the checkpoint", async () => {
    const edited = c + 2n;
    const report = await incremental((sql) => sql(`UPDATE "AuditEvent" SET data = '{"after": 99}'::jsonb WHERE seq = $1`, [String(edited)]));
    expect(report.problem).toEqual({ kind: "hash_mismatch", seq: String(edited), action: "case.list_read", intactUpTo: String(edited - 1n) });
    expect(report.mode).toBe("incremental");
  });

  it("reads a row whose text fields carry tabs and line breaks as one event (the page format cannot be split)", async () => {
    const edited = c + 1n;
    const forged = `case.list_read\t\n${edited + 1n}\tfake`;
    const edit = (sql: Sql) => sql(`UPDATE "AuditEvent" SET action = $1, data = $2::jsonb WHERE seq = $3`, [forged, JSON.stringify({ x: "\t\n" }), String(edited)]);
    for (const mode of ["incremental", "full"] as const) {
      const report = await tamperAndVerify(edit, mode);
      expect(report.problem).toEqual({ kind: "hash_mismatch", seq: String(edited), action: forged, intactUpTo: String(edited - 1n) });
    }
  });

  it("reports an event after the checkpoint deleted, and the checkpoint's successor re-linked by an attacker", async () => {
    const rows = await rowsFrom(c + 1n);
    const report = await incremental((sql) => rewriteChain(sql, rows.slice(1).map((r) => ({ ...r, seq: r.seq - 1n })), rows[0]!.prevHash, theirKey));
    expect(report.problem).toMatchObject({ kind: "hash_mismatch", seq: String(c + 1n), intactUpTo: String(c) });
  });

  it("reports truncation into the checkpointed events at the newest checkpoint", async () => {
    const report = await incremental((sql) => sql(`DELETE FROM "AuditEvent" WHERE seq > $1`, [String(c - 2n)]));
    expect(report.problem).toEqual({ kind: "truncated", seq: String(c), action: null, intactUpTo: null });
  });

  it("reports the checkpointed event deleted alone, though the event after it still links to the signed hash", async () => {
    // The naive resume — start after the checkpoint's hash — would pass this log.
    const report = await incremental((sql) => sql(`DELETE FROM "AuditEvent" WHERE seq = $1`, [String(c)]));
    expect(report.problem).toEqual({ kind: "checkpoint_mismatch", seq: String(c), action: null, intactUpTo: null });
  });

  it.each([
    ["unkeyed SHA-256", unkeyed],
    ["an HMAC under the attacker's own key", theirKey],
  ])("reports history before the checkpoint rewritten through it (re-hashed with %s) at the checkpointed event", async (_, forge) => {
    const rows = await rowsFrom(c - 2n);
    rows[0] = { ...rows[0]!, data: { before: 99 } };
    const report = await incremental((sql) => rewriteChain(sql, rows, rows[0]!.prevHash, forge));
    expect(report.problem).toMatchObject({ kind: "hash_mismatch", seq: String(c), intactUpTo: null });
  });

  it("reports the checkpointed row with another hash, even one the app chained itself", async () => {
    // Truncated to before the checkpoint and re-appended with the key (the app kept running):
    // every HMAC holds, but the event at the checkpoint's seq is not the one signed.
    const rows = await rowsFrom(c - 1n);
    const before = (await rowsFrom(c - 2n))[0]!.hash;
    const keyed: Forge = (prev, event) => eventHash(auditKeys().chainKey, prev, event);
    const report = await incremental((sql) => rewriteChain(sql, rows.map((r) => ({ ...r, action: "auth.sign_out", data: {} })), before, keyed));
    expect(report.problem).toEqual({ kind: "checkpoint_mismatch", seq: String(c), action: "auth.sign_out", intactUpTo: null });
    const overwritten = await incremental((sql) => sql(`UPDATE "AuditEvent" SET hash = $1 WHERE seq = $2`, [randomBytes(32), String(c)]));
    expect(overwritten.problem).toMatchObject({ kind: "hash_mismatch", seq: String(c) });
  });

  it("reports an edit of an older checkpointed event", async () => {
    const older = checkpointsNow().find((cp) => cp.signatureValid && cp.seq < c)!;
    const report = await incremental((sql) => sql(`UPDATE "AuditEvent" SET "actorId" = $1 WHERE seq = $2`, [randomUUID(), String(older.seq)]));
    expect(report.problem).toMatchObject({ kind: "hash_mismatch", seq: String(older.seq), intactUpTo: null });
  });

  it("leaves an in-place edit between checkpoints to --full (the documented limit), which names it", async () => {
    const edited = c - 2n;
    const edit = (sql: Sql) => sql(`UPDATE "AuditEvent" SET data = '{"before": 99}'::jsonb WHERE seq = $1`, [String(edited)]);
    expect(await incremental(edit)).toMatchObject({ ok: true, mode: "incremental" });
    expect((await tamperAndVerify(edit, "full")).problem).toEqual({ kind: "hash_mismatch", seq: String(edited), action: "case.content_read", intactUpTo: String(edited - 1n) });
  });

  it("cannot see events after the newest checkpoint cut off, nor can --full (the documented limit)", async () => {
    const cut = (sql: Sql) => sql(`DELETE FROM "AuditEvent" WHERE seq > $1`, [String(c + 2n)]);
    expect(await incremental(cut)).toMatchObject({ ok: true, count: 2, head: { seq: String(c + 2n) } });
    expect(await tamperAndVerify(cut, "full")).toMatchObject({ ok: true, head: { seq: String(c + 2n) } });
  });

  describe("checkpoint files", () => {
    const dir = () => checkpointDir(process.env.DATA_DIR!);
    const file = (seq: bigint) => path.join(dir(), `${String(seq).padStart(20, "0")}.json`);
    const withFile = async (seq: bigint, write: () => void) => {
      write();
      try {
        return await verifyAuditChain(undefined, "incremental");
      } finally {
        fs.rmSync(file(seq));
      }
    };

    it("reports a checkpoint signed with another key, after or before the newest valid one", async () => {
      for (const seq of [headSeq + 100n, c - 1n]) {
        const report = await withFile(seq, () => writeCheckpoint(dir(), attackerKey, { seq, headHash: "ab".repeat(32), at: new Date() }));
        expect(report.problem).toMatchObject({ kind: "checkpoint_invalid", seq: String(seq) });
      }
    });

    it("reports a genuine checkpoint file copied to a later seq (a replayed signature)", async () => {
      const later = c + 3n;
      const report = await withFile(later, () => fs.copyFileSync(file(c), file(later)));
      expect(report.problem).toMatchObject({ kind: "checkpoint_invalid", seq: String(later) });
    });

    it("reports a hand-edited checkpoint (its head hash changed, signature kept)", async () => {
      const later = c + 4n;
      const real = (await rowsFrom(later))[0]!;
      const body = JSON.parse(fs.readFileSync(file(c), "utf8")) as Record<string, string>;
      const forged = { ...body, seq: String(later), headHash: toHex(real.hash) };
      const report = await withFile(later, () => fs.writeFileSync(file(later), JSON.stringify(forged)));
      expect(report.problem).toMatchObject({ kind: "checkpoint_invalid", seq: String(later) });
      await expect(verifyAuditChain(undefined, "incremental")).resolves.toMatchObject({ ok: true, from: { seq: String(c) } });
    });
  });
});
