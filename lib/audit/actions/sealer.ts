import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { appendAuditEvents, lockAuditChain } from "../actions";
import { type AuditAction, type AuditData, isAuditAction, isAuditData } from "../events";

// Moves read events from the inbox (inbox.ts) into the hash chain, oldest
// first, in batches: each batch is chained and deleted from the inbox in one
// transaction, under the chain's lock, so an event is sealed exactly once
// even when several instances seal at the same time (the second waits for
// the lock, then finds the rows gone). A crash before the commit leaves the
// batch in the inbox for the next run.

const BATCH = 500;

type InboxRow = { id: bigint; at: Date; actorId: string | null; action: string; caseId: string | null; data: unknown };

export class InvalidInboxRowError extends Error {
  override readonly name = "InvalidInboxRowError";
}

/** Only recordReadEvent writes the inbox; a row it could not have written stops the sealer, loudly, rather than be chained or dropped. */
function asEvent(row: InboxRow): { at: Date; action: AuditAction; actorId: string | null; caseId: string | null; data: AuditData } {
  if (!isAuditAction(row.action) || !isAuditData(row.data)) throw new InvalidInboxRowError(`audit inbox row ${row.id} is not an event the app writes`);
  return { at: row.at, action: row.action, actorId: row.actorId, caseId: row.caseId, data: row.data };
}

/**
 * Chains the oldest `batch` inbox rows inside `tx` and deletes them there;
 * returns how many. The chain's lock is taken before the rows are read:
 * another instance may be sealing them.
 */
export async function sealInboxBatch(tx: Prisma.TransactionClient, batch: number = BATCH): Promise<number> {
  await lockAuditChain(tx);
  const rows = await tx.auditInbox.findMany({ orderBy: { id: "asc" }, take: batch });
  if (rows.length === 0) return 0;
  await appendAuditEvents(tx, rows.map(asEvent));
  // By id, not by range: a row with a lower id may commit after these were read.
  await tx.auditInbox.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } });
  return rows.length;
}

/** Seals every event in the inbox now, a batch per transaction; returns how many. */
export async function sealAuditInbox({ batch = BATCH }: { batch?: number } = {}): Promise<number> {
  const db = await getDb();
  let sealed = 0;
  for (;;) {
    const count = await db.$transaction((tx) => sealInboxBatch(tx, batch));
    sealed += count;
    if (count < batch) return sealed;
  }
}

/**
 * Seals the inbox every `intervalMs` in this process (unref'd; runs never
 * overlap). Every instance runs one; the lock makes them take turns.
 */
export function startAuditSealer({ intervalMs = 1_000 }: { intervalMs?: number } = {}): { stop: () => void } {
  let busy = false;
  const run = async () => {
    if (busy) return;
    busy = true;
    try {
      await sealAuditInbox();
    } catch (error) {
      // Type and our own message only: a driver's message can carry query parameters.
      console.error(`[casevault] audit inbox not sealed: ${error instanceof InvalidInboxRowError ? error.message : error instanceof Error ? error.name : typeof error}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
