import "server-only";
import { recordReadEvent } from "@/lib/audit/actions/inbox";
import type { Actor } from "@/lib/auth/policy";
import { visibleCaseWhere, visibleCasesWhere } from "@/lib/cases/access";
import { listCaseSummaries, recordWire } from "@/lib/cases/queries";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { Dashboard, DeadlineKind, DeadlineStatus, DeadlineView } from "./schema";

// Deadline reads. Scoped by the case where-builder: a deadline of a case the
// actor is not on does not exist for them. The server sorts and filters by
// the plaintext it holds (due instant, kind, status, assignee); details go to
// the browser sealed, latest version only.

type DeadlineRow = {
  id: string;
  caseId: string;
  kind: DeadlineKind;
  dueAt: Date;
  dateOnly: boolean;
  assigneeId: string | null;
  status: DeadlineStatus;
  statusById: string | null;
  statusAt: Date | null;
  followUpOfId: string | null;
  createdById: string;
  createdAt: Date;
  detailsVersion: number;
};

/** The rows with their latest sealed details; a row whose details are missing is left out (never half-shown). */
async function withDetails(rows: DeadlineRow[]): Promise<DeadlineView[]> {
  if (rows.length === 0) return [];
  const db = await getDb();
  // Every version of these ids, latest picked here: a deadline has a handful,
  // and one IN list is far cheaper than an OR of (id, version) pairs.
  const records = await db.caseRecord.findMany({ where: { type: "deadline_details", id: { in: rows.map((r) => r.id) } } });
  const wanted = new Map(rows.map((r) => [r.id, r.detailsVersion]));
  const byId = new Map(records.filter((r) => wanted.get(r.id) === r.version).map((r) => [r.id, r]));
  return rows.flatMap((r) => {
    const details = byId.get(r.id);
    if (!details || details.caseId !== r.caseId) return [];
    return [
      {
        id: r.id,
        caseId: r.caseId,
        kind: r.kind,
        dueAt: r.dueAt.toISOString(),
        dateOnly: r.dateOnly,
        assigneeId: r.assigneeId,
        status: r.status,
        statusById: r.statusById,
        statusAt: r.statusAt?.toISOString() ?? null,
        followUpOfId: r.followUpOfId,
        createdById: r.createdById,
        createdAt: r.createdAt.toISOString(),
        details: recordWire(details),
      },
    ];
  });
}

/** Every deadline of one case, by due instant. */
export async function listCaseDeadlines(actor: Actor, caseId: string): Promise<DeadlineView[]> {
  const db = await getDb();
  const kase = await db.case.findFirst({ where: visibleCaseWhere(actor, caseId), select: { id: true } });
  if (!kase) throw new AppError("not_found");
  const rows = await db.deadline.findMany({ where: { caseId }, orderBy: [{ dueAt: "asc" }, { id: "asc" }] });
  await recordReadEvent({ actorId: actor.userId, caseId, action: "case.content_read", data: { part: "deadlines", count: rows.length } });
  return withDetails(rows);
}

/** `overdue`: the urgency list — open deadlines only, including every one past due. Otherwise a calendar window of every status. */
export type DashboardRange = { from: Date; to: Date; overdue: boolean };

/** Longest window one request may ask for: a month view with its leading and trailing weeks. */
export const maxDashboardDays = 45;

/**
 * Deadlines across the actor's cases due in [from, to) — or, for the urgency
 * list (`overdue`), every open one due before `to`. With the keys and profile of each case
 * named, so the browser decrypts the rows shown and nothing more.
 */
export async function listDashboard(actor: Actor, range: DashboardRange): Promise<Dashboard> {
  const span = range.to.getTime() - range.from.getTime();
  if (!(span > 0) || span > maxDashboardDays * 86_400_000) throw new AppError("invalid_input", "dashboard.range");
  const db = await getDb();
  const due = { gte: range.from, lt: range.to };
  const rows = await db.deadline.findMany({
    where: {
      case: visibleCasesWhere(actor),
      ...(range.overdue ? { status: "open" as const, dueAt: { lt: range.to } } : { dueAt: due }),
    },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take: 5000,
  });
  const caseIds = [...new Set(rows.map((r) => r.caseId))];
  const [deadlines, summaries] = await Promise.all([withDetails(rows), listCaseSummaries(actor, caseIds)]);
  await recordReadEvent({ actorId: actor.userId, action: "deadline.dashboard_read", data: { deadlines: deadlines.length, cases: caseIds.length } });
  return { ...summaries, deadlines };
}

