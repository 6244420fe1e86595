import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { type AuditData, GENESIS_HASH, type HashedEvent, eventHash, isAuditData, toHex } from "./events";

// Reads of the audit log. None of these authorize: callers go through the
// policy door first (the log names who touched which case and when).

const BATCH = 1000;

export type AuditChainBreak =
  /** seq is not the previous seq + 1 (or the first is not 1): a row was deleted. */
  | "seq_gap"
  /** prevHash is not the previous row's hash: rows were deleted, reordered or rewritten. */
  | "prev_hash_mismatch"
  /** The row does not hash to its stored hash: its fields or its hash were edited. */
  | "hash_mismatch"
  /** data is not a flat record, so it was not written by the appender. */
  | "malformed_event";

export type AuditChainReport =
  | { ok: true; count: number; head: string | null }
  /** count: the events before brokenAt, all intact. */
  | { ok: false; count: number; brokenAt: { seq: bigint; action: string }; reason: AuditChainBreak };

type Row = { seq: bigint; at: Date; actorId: string | null; action: string; caseId: string | null; data: unknown; prevHash: Uint8Array; hash: Uint8Array };

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Why `row` does not follow the event with `prevSeq` and `prevHash`, or null if it does. */
function checkLink(row: Row, prevSeq: bigint, prevHash: Uint8Array): AuditChainBreak | null {
  if (row.seq !== prevSeq + 1n) return "seq_gap";
  if (!sameBytes(row.prevHash, prevHash)) return "prev_hash_mismatch";
  if (!isAuditData(row.data)) return "malformed_event";
  const data: AuditData = row.data;
  return sameBytes(eventHash(row.prevHash, { ...row, data }), row.hash) ? null : "hash_mismatch";
}

/**
 * Walks the whole log in seq order and reports the first broken link. It
 * cannot see events cut off the end: compare the head with one written down
 * earlier (getAuditHead) for that. `client` defaults to the database; a
 * transaction may be passed to verify what it sees.
 */
export async function verifyAuditChain(client?: Prisma.TransactionClient): Promise<AuditChainReport> {
  const db = client ?? (await getDb());
  let prevSeq = 0n;
  let prevHash: Uint8Array = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows: Row[] = await db.auditEvent.findMany({ where: { seq: { gt: prevSeq } }, orderBy: { seq: "asc" }, take: BATCH });
    for (const row of rows) {
      const reason = checkLink(row, prevSeq, prevHash);
      if (reason) return { ok: false, count, brokenAt: { seq: row.seq, action: row.action }, reason };
      prevSeq = row.seq;
      prevHash = row.hash;
      count++;
    }
    if (rows.length < BATCH) break;
  }
  return { ok: true, count, head: count === 0 ? null : toHex(prevHash) };
}

export type AuditHead = { count: number; seq: bigint | null; headHash: string | null; at: Date | null };

/** What an admin writes down to detect later truncation or rewriting of the log. */
export async function getAuditHead(): Promise<AuditHead> {
  const db = await getDb();
  const [count, last] = await Promise.all([
    db.auditEvent.count(),
    db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true, at: true } }),
  ]);
  return { count, seq: last?.seq ?? null, headHash: last ? toHex(last.hash) : null, at: last?.at ?? null };
}

export type AuditEventView = HashedEvent & { hash: string };

export type AuditEventPage = { events: AuditEventView[]; nextBefore: bigint | null };

const MAX_PAGE = 200;

/** Newest first. Pass the page's nextBefore as `before` for the next (older) page. */
export async function findAuditEvents(filter: {
  caseId?: string;
  actorId?: string;
  limit: number;
  before?: bigint;
}): Promise<AuditEventPage> {
  const db = await getDb();
  const take = Math.min(Math.max(1, Math.trunc(filter.limit)), MAX_PAGE);
  const rows = await db.auditEvent.findMany({
    where: {
      caseId: filter.caseId,
      actorId: filter.actorId,
      seq: filter.before === undefined ? undefined : { lt: filter.before },
    },
    orderBy: { seq: "desc" },
    take: take + 1,
  });
  const page = rows.slice(0, take);
  return {
    events: page.map((row) => ({
      seq: row.seq,
      at: row.at,
      actorId: row.actorId,
      action: row.action,
      caseId: row.caseId,
      data: isAuditData(row.data) ? row.data : {},
      hash: toHex(row.hash),
    })),
    nextBefore: rows.length > take ? (page.at(-1)?.seq ?? null) : null,
  };
}
