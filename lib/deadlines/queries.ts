import "server-only";
import { recordReadEvent } from "@/lib/audit/actions/inbox";
import type { Actor } from "@/lib/auth/policy";
import { visibleCaseWhere, visibleCasesWhere } from "@/lib/cases/access";
import { listCaseRefs, recordWire } from "@/lib/cases/queries";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { timeIdCursor, type TimeIdCursor } from "@/lib/paging/cursor";
import type { SealedRecordWire } from "@/lib/cases/schema";
import type { DashboardFilters, DashboardPage, DashboardRowWire, DeadlineKind, DeadlineStatus, DeadlineView } from "./schema";

// Deadline reads. Scoped by the case where-builder: a deadline of a case the
// actor is not on does not exist for them. The server sorts and filters by
// the plaintext it holds (due instant, kind, status, assignee); details go to
// the browser sealed, latest version only; the dashboard gets the small label
// (title and zone) instead of the details.

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
  labelId: string | null;
  labelVersion: number | null;
};

type LatestVersion = { id: string; version: number };

/**
 * The named versions of records of one type, by id. Every version of these
 * ids is read and the named one picked here: a deadline has a handful, and
 * one IN list is far cheaper than an OR of (id, version) pairs.
 */
async function latestRecords(type: "deadline_details" | "deadline_label", caseIdOf: Map<string, string>, wanted: LatestVersion[]) {
  if (wanted.length === 0) return new Map<string, ReturnType<typeof recordWire>>();
  const db = await getDb();
  const versions = new Map(wanted.map((w) => [w.id, w.version]));
  const records = await db.caseRecord.findMany({ where: { type, id: { in: wanted.map((w) => w.id) } } });
  // A record of another case under a known id is not this deadline's.
  const picked = records.filter((r) => versions.get(r.id) === r.version && caseIdOf.get(r.id) === r.caseId);
  return new Map(picked.map((r) => [r.id, recordWire(r)]));
}

const labelOf = (r: DeadlineRow) => (r.labelId && r.labelVersion ? [{ id: r.labelId, version: r.labelVersion }] : []);

/** The rows with their latest sealed details and label; a row whose details are missing is left out (never half-shown). */
async function withDetails(rows: DeadlineRow[]): Promise<DeadlineView[]> {
  const caseIdOf = new Map(rows.flatMap((r) => [[r.id, r.caseId] as const, ...labelOf(r).map((l) => [l.id, r.caseId] as const)]));
  const [details, labels] = await Promise.all([
    latestRecords("deadline_details", caseIdOf, rows.map((r) => ({ id: r.id, version: r.detailsVersion }))),
    latestRecords("deadline_label", caseIdOf, rows.flatMap(labelOf)),
  ]);
  return rows.flatMap((r) => {
    const sealed = details.get(r.id);
    if (!sealed) return [];
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
        details: sealed,
        label: (r.labelId && labels.get(r.labelId)) || null,
      },
    ];
  });
}

/**
 * Dashboard rows: what the page shows and the label — the details only for
 * a deadline written before labels (the label is not there to send).
 */
async function withLabels(rows: DeadlineRow[]): Promise<DashboardRowWire[]> {
  const caseIdOf = new Map(rows.map((r) => (r.labelId ? [r.labelId, r.caseId] : [r.id, r.caseId])));
  const [labels, details] = await Promise.all([
    latestRecords("deadline_label", caseIdOf, rows.flatMap(labelOf)),
    latestRecords("deadline_details", caseIdOf, rows.filter((r) => !r.labelId).map((r) => ({ id: r.id, version: r.detailsVersion }))),
  ]);
  return rows.flatMap((r): DashboardRowWire[] => {
    const shown = { id: r.id, caseId: r.caseId, kind: r.kind, dueAt: r.dueAt.toISOString(), dateOnly: r.dateOnly, assigneeId: r.assigneeId, status: r.status };
    const label = r.labelId ? labels.get(r.labelId) : undefined;
    if (label) return [{ ...shown, label: stripMeta(label) }];
    const sealed = r.labelId ? undefined : details.get(r.id);
    return sealed ? [{ ...shown, details: stripMeta(sealed) }] : [];
  });
}

/** The sealed record without who stored it when: the dashboard does not show it. */
const stripMeta = ({ id, version, type, epoch, contentSealed }: SealedRecordWire): SealedRecordWire => ({ id, version, type, epoch, contentSealed });

/** Every deadline of one case, by due instant. */
export async function listCaseDeadlines(actor: Actor, caseId: string): Promise<DeadlineView[]> {
  const db = await getDb();
  const kase = await db.case.findFirst({ where: visibleCaseWhere(actor, caseId), select: { id: true } });
  if (!kase) throw new AppError("not_found");
  const rows = await db.deadline.findMany({ where: { caseId }, orderBy: [{ dueAt: "asc" }, { id: "asc" }] });
  await recordReadEvent({ actorId: actor.userId, caseId, action: "case.content_read", data: { part: "deadlines", count: rows.length } });
  return withDetails(rows);
}

/** What one dashboard page asks for (GET /api/dashboard, lib/deadlines/schema.ts). */
export type DashboardPageQuery = DashboardFilters & {
  from?: Date;
  to: Date;
  open: boolean;
  after?: TimeIdCursor;
  limit: number;
};

/** Longest window one request may ask for: a month view with its leading and trailing weeks. */
export const maxDashboardDays = 45;

function dashboardWhere(actor: Actor, query: DashboardPageQuery) {
  if (query.from) {
    const span = query.to.getTime() - query.from.getTime();
    if (!(span > 0) || span > maxDashboardDays * 86_400_000) throw new AppError("invalid_input", "dashboard.range");
  } else if (!query.open) {
    // Without a start only the open ones: every status since the beginning is not a view anyone reads.
    throw new AppError("invalid_input", "dashboard.range");
  }
  return {
    case: { ...visibleCasesWhere(actor), ...(query.caseState ? { state: query.caseState } : {}) },
    dueAt: { ...(query.from ? { gte: query.from } : {}), lt: query.to },
    ...(query.open ? { status: "open" as const } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.assignee ? { assigneeId: query.assignee } : {}),
  };
}

/**
 * One page of the deadlines across the actor's cases that match the query,
 * by due instant: at most `limit` rows after the cursor, the exact number of
 * all matching rows (nothing is dropped unseen: the rest is "show more"),
 * and for each case named its epoch, chain head and profile version — its
 * keys and profile the browser fetches only when it does not hold them.
 */
export async function listDashboardPage(actor: Actor, query: DashboardPageQuery): Promise<DashboardPage> {
  const where = dashboardWhere(actor, query);
  const after = query.after ? { OR: [{ dueAt: { gt: query.after.at } }, { dueAt: query.after.at, id: { gt: query.after.id } }] } : {};
  const db = await getDb();
  const [total, rows] = await Promise.all([
    db.deadline.count({ where }),
    db.deadline.findMany({ where: { AND: [where, after] }, orderBy: [{ dueAt: "asc" }, { id: "asc" }], take: query.limit + 1 }),
  ]);
  const page = rows.slice(0, query.limit);
  const caseIds = [...new Set(page.map((r) => r.caseId))];
  const assigneeIds = [...new Set(page.flatMap((r) => (r.assigneeId ? [r.assigneeId] : [])))];
  const [deadlines, cases, assignees] = await Promise.all([
    withLabels(page),
    listCaseRefs(actor, caseIds),
    assigneeIds.length === 0 ? [] : db.user.findMany({ where: { orgId: actor.orgId, id: { in: assigneeIds } }, select: { id: true, displayName: true } }),
  ]);
  await recordReadEvent({ actorId: actor.userId, action: "deadline.dashboard_read", data: { deadlines: deadlines.length, cases: caseIds.length, total } });
  const last = page.at(-1);
  return {
    total,
    deadlines,
    next: rows.length > query.limit && last ? timeIdCursor(last.dueAt, last.id) : null,
    cases,
    assignees: assignees.map((u) => ({ userId: u.id, displayName: u.displayName })),
  };
}
