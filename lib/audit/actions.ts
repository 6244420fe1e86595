import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { parseId } from "@/lib/ids/parse-id";
import { type AuditAction, type AuditData, GENESIS_HASH, eventHash, isAuditData } from "./events";

// THE AUDIT APPENDER (DESIGN.md §6). Invariants:
// - Append-only: rows are only ever inserted (a trigger refuses UPDATE, DELETE
//   and TRUNCATE; the hash chain exposes whoever bypasses it).
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

/**
 * Appends one event inside `tx`, the interactive transaction that makes the
 * change being recorded. If anything in that transaction fails, the event is
 * rolled back with the change; if the append fails, so does the change.
 */
export async function appendAuditEvent(tx: Prisma.TransactionClient, input: AuditInput): Promise<AppendedAuditEvent> {
  const data = input.data ?? {};
  if (!isAuditData(data)) throw new AppError("invalid_input", "audit data must be flat: strings, numbers, booleans, null");
  const actorId = uuidOrNull(input.actorId);
  const caseId = uuidOrNull(input.caseId);

  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const seq = (last?.seq ?? 0n) + 1n;
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Taken under the lock, so `at` follows seq order (unless the clock steps back).
  const at = new Date();
  const hash = eventHash(prevHash, { seq, at, actorId, action: input.action, caseId, data });
  await tx.auditEvent.create({
    data: { seq, at, actorId, action: input.action, caseId, data, prevHash: new Uint8Array(prevHash), hash },
    select: { seq: true },
  });
  return { seq, hash };
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
