import "server-only";
import path from "node:path";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { checkLink, verifyRows } from "./chain";
import { type Checkpoint, checkpointDir, latestValidCheckpoint, readCheckpoints, writeCheckpoint } from "./checkpoints";
import { prismaRowSource } from "./queries";
import { parseId } from "@/lib/ids/parse-id";
import { type AuditAction, type AuditData, GENESIS_HASH, eventHash, isAuditData } from "./events";
import { auditKeys } from "./key";

// THE AUDIT APPENDER (DESIGN.md §6), and the checkpoint writer. Invariants:
// - Append-only: rows are only ever inserted (a trigger refuses UPDATE, DELETE
//   and TRUNCATE; on PostgreSQL the app's role may lack those rights too; the
//   keyed chain and the checkpoints expose whoever bypasses both).
// - Linear: seq is last seq + 1 and prevHash is the last hash, both read under
//   one transaction-scoped advisory lock, so concurrent appenders queue and
//   the chain never forks or skips a number. The lock is released at commit
//   or rollback; a rolled-back append leaves no gap.
// - Same transaction as the change it records: call appendAuditEvent with the
//   transaction that makes the change, so the change and its event commit or
//   fail together — there is no recorded change without its event, and no
//   event for a change that did not happen.
// - No plaintext: data holds ids, codes and counts only (see events.ts).

/** Any key works as long as every appender uses the same one; "casevaul" in ASCII. */
const AUDIT_LOCK_KEY = 0x6361_7365_7661_756cn;

export type AuditInput = {
  action: AuditAction;
  actorId?: string | null;
  caseId?: string | null;
  data?: AuditData;
};

export type AppendedAuditEvent = { seq: bigint; hash: Uint8Array };

// The columns are UUIDs: PostgreSQL stores the canonical (lower-case) form,
// so that is the form hashed here — the stored row always re-hashes to its
// hash. The policy door admits canonical ids only, so nothing but a bug
// reaches the refusal; it is "not found" (404), never a 500, if one does.
function uuidOrNull(value: string | null | undefined): string | null {
  if (value == null) return null;
  const id = parseId(value);
  if (id === null) throw new AppError("not_found");
  return id;
}

/** An event's columns as they are stored and hashed; refuses data that is not flat and ids that are not UUIDs. */
export function auditColumns(input: AuditInput): { action: AuditAction; actorId: string | null; caseId: string | null; data: AuditData } {
  const data = input.data ?? {};
  if (!isAuditData(data)) throw new AppError("invalid_input", "audit data must be flat: strings, numbers, booleans, null");
  return { action: input.action, actorId: uuidOrNull(input.actorId), caseId: uuidOrNull(input.caseId), data };
}

/** Takes the chain's lock until `tx` ends; taking it again in the same transaction is a no-op. */
export async function lockAuditChain(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
}

/**
 * Appends `inputs` in order inside `tx`, under the chain's lock: one read of
 * the head, then each event linked to the one before. `at` defaults to now,
 * taken under the lock, so it follows seq order (unless the clock steps
 * back); the sealer passes the time a read happened (sealer.ts).
 */
export async function appendAuditEvents(tx: Prisma.TransactionClient, inputs: (AuditInput & { at?: Date })[]): Promise<AppendedAuditEvent[]> {
  const columns = inputs.map(auditColumns);
  await lockAuditChain(tx);
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  let seq = last?.seq ?? 0n;
  let prevHash: Uint8Array = last?.hash ?? GENESIS_HASH;
  const now = new Date();
  const rows = columns.map((column, i) => {
    seq += 1n;
    const at = inputs[i]!.at ?? now;
    const hash = eventHash(auditKeys().chainKey, prevHash, { seq, at, ...column });
    const row = { seq, at, ...column, prevHash: new Uint8Array(prevHash), hash };
    prevHash = hash;
    return row;
  });
  if (rows.length === 1) await tx.auditEvent.create({ data: rows[0]!, select: { seq: true } });
  else if (rows.length > 1) await tx.auditEvent.createMany({ data: rows });
  return rows.map(({ seq, hash }) => ({ seq, hash }));
}

/**
 * Appends one event inside `tx`, the interactive transaction that makes the
 * change being recorded. If anything in that transaction fails, the event is
 * rolled back with the change; if the append fails, so does the change.
 */
export async function appendAuditEvent(tx: Prisma.TransactionClient, input: AuditInput): Promise<AppendedAuditEvent> {
  const [appended] = await appendAuditEvents(tx, [input]);
  return appended!;
}

/**
 * For events that accompany no change of their own: failed sign-ins,
 * refusals, reads. Runs its own short transaction, so never call it inside
 * another one: on PGlite (one connection) it would wait for that transaction
 * forever; on PostgreSQL it would commit apart from it.
 */
export async function recordAuditEvent(input: AuditInput): Promise<AppendedAuditEvent> {
  const db = await getDb();
  return db.$transaction((tx) => appendAuditEvent(tx, input));
}

/**
 * Writes a signed checkpoint of the log's head when AUDIT_CHECKPOINT_EVENTS
 * events were appended since the newest one, or AUDIT_CHECKPOINT_MINUTES
 * passed (whichever first), or there is none yet. Only a log that verifies
 * from the previous checkpoint on is signed: a checkpoint vouches for
 * everything before it. Returns the checkpoint written, or null.
 */
export async function writeCheckpointIfDue(now: Date = new Date()): Promise<Checkpoint | null> {
  const { DATA_DIR, AUDIT_CHECKPOINT_EVENTS, AUDIT_CHECKPOINT_MINUTES } = env();
  const dir = checkpointDir(path.resolve(DATA_DIR));
  const keys = auditKeys();
  const checkpoints = readCheckpoints(dir, keys);
  const latest = latestValidCheckpoint(checkpoints);
  const db = await getDb();
  const last = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  if (!last || (latest && last.seq <= latest.seq)) return null;
  const due =
    !latest ||
    last.seq - latest.seq >= BigInt(AUDIT_CHECKPOINT_EVENTS) ||
    now.getTime() - latest.at.getTime() >= AUDIT_CHECKPOINT_MINUTES * 60_000;
  if (!due) return null;
  const start = latest ? { seq: latest.seq, hash: Buffer.from(latest.headHash, "hex") } : undefined;
  const report = await verifyRows(prismaRowSource(db), keys.chainKey, checkpoints, start);
  if (!report.ok || !report.head) {
    // Ids and codes only: the report holds no content.
    console.error(`[casevault] audit log does not verify (${report.problem?.kind} at event #${report.problem?.seq}); no checkpoint written. Run npm run audit:verify.`);
    return null;
  }
  const checkpoint: Checkpoint = { seq: BigInt(report.head.seq), headHash: report.head.hash, at: now };
  return writeCheckpoint(dir, keys, checkpoint) ? checkpoint : null;
}

export class AuditKeyMismatchError extends Error {
  override readonly name = "AuditKeyMismatchError";
}

/**
 * At start: the newest event must carry this process's HMAC. Otherwise this
 * instance has another audit key than the one the log was written with (a
 * second instance without the shared AUDIT_KEY, a lost key file) — or the
 * newest event was tampered with — and appending would fork the chain.
 */
export async function assertKeyMatchesChain(): Promise<void> {
  const db = await getDb();
  const last = await db.auditEvent.findFirst({ orderBy: { seq: "desc" } });
  if (!last) return;
  if (checkLink(auditKeys().chainKey, last, last.seq - 1n, last.prevHash) !== null) {
    throw new AuditKeyMismatchError(
      `The audit key does not match the audit log (event #${last.seq}). Every instance must use the same key: ` +
        `set AUDIT_KEY, or restore DATA_DIR/audit-key from your backup. If neither changed, run npm run audit:verify: the log may have been tampered with.`,
    );
  }
}
