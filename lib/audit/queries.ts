import "server-only";
import path from "node:path";
import { getDb, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { isCanonicalId } from "@/lib/ids/parse-id";
import { env } from "@/lib/env";
import { type AuditSource, type AuditVerifyMode, type AuditVerifyReport, type InboxBacklog, type RowSource, verifyLog } from "./chain";
import { checkpointDir, latestValidCheckpoint, readCheckpoints } from "./checkpoints";
import { actionsOfKind } from "./describe";
import { type HashedEvent, isAuditData, toHex } from "./events";
import { INBOX_BACKLOG_SQL, PAGE_AFTER_SQL, PAGE_AT_SQL, type PageResult, parsePage } from "./page-query";
import { AUDIT_PAGE_SIZE, type AuditFilter, auditTimeRange } from "./filter";
import { auditKeys } from "./key";

// Reads of the audit log. None of these authorize: callers go through the
// policy door first (the log names who touched which case and when).

/** What the verifier reads through: the client or a transaction of it (page-query.ts says why raw SQL). */
export type AuditReader = Pick<Db, "$queryRawUnsafe">;

export function prismaRowSource(db: AuditReader): RowSource {
  return async (afterSeq, limit) => parsePage(await db.$queryRawUnsafe<PageResult>(PAGE_AFTER_SQL, afterSeq.toString(), limit));
}

export function prismaAuditSource(db: AuditReader): AuditSource {
  return {
    rowsAfter: prismaRowSource(db),
    rowsAt: async (seqs) => parsePage(await db.$queryRawUnsafe<PageResult>(PAGE_AT_SQL, JSON.stringify(seqs.map(String)))),
  };
}

/**
 * Checks the log against the audit key and the signed checkpoints in
 * DATA_DIR, and reports the first event that does not match (chain.ts).
 * "full" (the default: the Audit page's button) walks from event #1;
 * "incremental" from the newest signed checkpoint (`npm run audit:verify`).
 * `client` defaults to the database; a transaction may be passed to verify
 * what it sees.
 */
export async function verifyAuditChain(client?: AuditReader, mode: AuditVerifyMode = "full"): Promise<AuditVerifyReport> {
  const db = client ?? (await getDb());
  const keys = auditKeys();
  const report = await verifyLog(prismaAuditSource(db), keys.chainKey, readCheckpoints(checkpointDir(path.resolve(env().DATA_DIR)), keys), mode);
  const [inbox] = await db.$queryRawUnsafe<InboxBacklog[]>(INBOX_BACKLOG_SQL);
  return { ...report, inbox };
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

export type AuditSearchResult = {
  events: AuditEventView[];
  /** Exact number of events the filter matches. */
  total: number;
  /** The page shown (clamped to the last page) and how many there are (at least 1). */
  page: number;
  pageCount: number;
  /** When the filter names a case by reference: whether it matched none, some, or too many cases to list. */
  caseMatch: "none" | "some" | "too_many" | null;
  /** case.id → case.reference for the cases the shown events name. */
  references: Map<string, string>;
};

/** A case reference filter matches at most this many cases; more is "type more of the reference". */
const MAX_CASE_MATCHES = 100;

/**
 * The Audit page's view: events matching the filter, newest first, 50 a
 * page, with the exact total. Served by the primary key walked backwards
 * (seq) and the (actorId, seq) and (caseId, seq) indexes; `at` follows seq,
 * so a date range only narrows that walk. Reads metadata only: the log holds
 * no content. No authorization here: the page passes the policy door first.
 */
export async function searchAuditEvents(filter: AuditFilter): Promise<AuditSearchResult> {
  const db = await getDb();
  let caseIds: string[] | undefined;
  let caseMatch: AuditSearchResult["caseMatch"] = null;
  if (filter.caseReference) {
    const cases = await db.case.findMany({
      where: { reference: { contains: filter.caseReference, mode: "insensitive" } },
      select: { id: true },
      orderBy: { reference: "asc" },
      take: MAX_CASE_MATCHES + 1,
    });
    caseMatch = cases.length === 0 ? "none" : cases.length > MAX_CASE_MATCHES ? "too_many" : "some";
    caseIds = caseMatch === "some" ? cases.map((c) => c.id) : [];
  }
  const range = auditTimeRange(filter);
  const where: Prisma.AuditEventWhereInput = {
    actorId: filter.actorId,
    caseId: caseIds === undefined ? undefined : caseIds.length === 1 ? caseIds[0] : { in: caseIds },
    action: filter.kind ? { in: actionsOfKind(filter.kind) } : undefined,
    at: range.gte || range.lt ? range : undefined,
  };
  const total = caseIds?.length === 0 ? 0 : await db.auditEvent.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(filter.page, pageCount);
  const rows =
    total === 0
      ? []
      : await db.auditEvent.findMany({ where, orderBy: { seq: "desc" }, skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE });
  const events = rows.map((row) => ({
    seq: row.seq,
    at: row.at,
    actorId: row.actorId,
    action: row.action,
    caseId: row.caseId,
    data: isAuditData(row.data) ? row.data : {},
    hash: toHex(row.hash),
  }));
  // The references of the cases the page names: the event's case, or the case a refusal was about.
  const named = new Set<string>();
  for (const event of events) {
    if (event.caseId) named.add(event.caseId);
    const requested = event.data.requestedCaseId;
    if (typeof requested === "string" && isCanonicalId(requested)) named.add(requested);
  }
  const cases = named.size ? await db.case.findMany({ where: { id: { in: [...named] } }, select: { id: true, reference: true } }) : [];
  return { events, total, page, pageCount, caseMatch, references: new Map(cases.map((c) => [c.id, c.reference])) };
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
