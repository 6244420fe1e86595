import "server-only";
import path from "node:path";
import { getDb, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { type AuditVerifyReport, type RowSource, verifyRows } from "./chain";
import { checkpointDir, latestValidCheckpoint, readCheckpoints } from "./checkpoints";
import { type HashedEvent, isAuditData, toHex } from "./events";
import { auditKeys } from "./key";

// Reads of the audit log. None of these authorize: callers go through the
// policy door first (the log names who touched which case and when).

/** The app's (or a transaction's) view of the log, as the verifier reads it. */
/** Anything that reads the audit table: the client or a transaction of it. */
export type AuditReader = { auditEvent: Pick<Db["auditEvent"], "findMany"> };

export function prismaRowSource(db: AuditReader): RowSource {
  return (afterSeq, limit) => db.auditEvent.findMany({ where: { seq: { gt: afterSeq } }, orderBy: { seq: "asc" }, take: limit });
}

/**
 * Walks the whole log in seq order against the audit key and the signed
 * checkpoints in DATA_DIR, and reports the first event that does not match
 * (chain.ts). `client` defaults to the database; a transaction may be passed
 * to verify what it sees.
 */
export async function verifyAuditChain(client?: AuditReader): Promise<AuditVerifyReport> {
  const db = client ?? (await getDb());
  const keys = auditKeys();
  return verifyRows(prismaRowSource(db), keys.chainKey, readCheckpoints(checkpointDir(path.resolve(env().DATA_DIR)), keys));
}

/** The hash of event #seq as the log holds it now (hex), or null when there is no such event. */
export async function auditHashAt(seq: bigint): Promise<string | null> {
  const db = await getDb();
  const row = await db.auditEvent.findUnique({ where: { seq }, select: { hash: true } });
  return row ? toHex(row.hash) : null;
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

export type LatestCheckpoint = { seq: string; headHash: string; at: Date; publicKey: string };

/** The newest signed checkpoint in DATA_DIR, for the Audit page, with the key that signs them (hex). */
export function findLatestCheckpoint(): LatestCheckpoint | null {
  const keys = auditKeys();
  const latest = latestValidCheckpoint(readCheckpoints(checkpointDir(path.resolve(env().DATA_DIR)), keys));
  return latest ? { seq: latest.seq.toString(), headHash: latest.headHash, at: latest.at, publicKey: toHex(keys.publicKeyBytes) } : null;
}

export type SeenCheckpointCheck = "extends" | "checkpoint_missing" | "event_missing" | "event_differs";

/**
 * Whether today's log still extends a checkpoint an admin's browser saw
 * earlier: the signed checkpoint file is still there, and event #seq still
 * has that hash. Anything else means the log or its checkpoints were rewritten.
 */
export async function checkSeenCheckpoint(seen: { seq: bigint; headHash: string }): Promise<SeenCheckpointCheck> {
  const checkpoints = readCheckpoints(checkpointDir(path.resolve(env().DATA_DIR)), auditKeys());
  if (!checkpoints.some((c) => c.signatureValid && c.seq === seen.seq && c.headHash === seen.headHash)) return "checkpoint_missing";
  const hash = await auditHashAt(seen.seq);
  if (hash === null) return "event_missing";
  return hash === seen.headHash ? "extends" : "event_differs";
}
