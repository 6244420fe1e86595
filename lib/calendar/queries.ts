import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { visibleCasesWhere } from "@/lib/cases/access";
import { getDb } from "@/lib/db/client";
import type { FeedDeadline } from "./ical";

// Calendar feed reads. The feed's token is its only credential, so every
// read re-checks what a session would: the feed is not revoked, its owner is
// still active, and each case is still one the owner is a member of.

/** What the account page shows about the user's feed (never the token: only its hash is stored). */
export type FeedStatus = { active: boolean; createdAt: string | null; lastUsedAt: string | null };

/** Finished deadlines stay this long, so a hearing marked done does not vanish from the calendar at once. */
const RECENT_DAYS = 30;
/** A bound on one response; far above any real caseload. */
const MAX_EVENTS = 2000;

export async function myFeedStatus(actor: Actor): Promise<FeedStatus> {
  const db = await getDb();
  const feed = await db.calendarFeed.findFirst({
    where: { userId: actor.userId, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true, lastUsedAt: true },
  });
  return { active: feed !== null, createdAt: feed?.createdAt.toISOString() ?? null, lastUsedAt: feed?.lastUsedAt?.toISOString() ?? null };
}

/**
 * The deadlines a feed shows, or null for an unknown or revoked token (or a
 * deactivated owner): open ones, and done or missed ones due in the last
 * RECENT_DAYS, on the owner's cases. Marks the feed used and records the read.
 */
export async function feedDeadlines(tokenHash: Uint8Array<ArrayBuffer>, now = new Date()): Promise<FeedDeadline[] | null> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    // Update first: the row lock orders this read after a concurrent revocation.
    const live = { tokenHash, revokedAt: null, user: { status: "active" as const } };
    const touched = await tx.calendarFeed.updateMany({ where: live, data: { lastUsedAt: now } });
    if (touched.count !== 1) return null;
    const feed = await tx.calendarFeed.findFirstOrThrow({ where: live, select: { id: true, user: { select: { id: true, orgId: true, role: true } } } });
    const owner: Actor = { userId: feed.user.id, orgId: feed.user.orgId, role: feed.user.role };

    const since = new Date(now.getTime() - RECENT_DAYS * 24 * 3600 * 1000);
    const rows = await tx.deadline.findMany({
      where: {
        case: visibleCasesWhere(owner),
        OR: [{ status: "open" }, { status: { in: ["done", "missed"] }, dueAt: { gte: since } }],
      },
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      take: MAX_EVENTS,
      select: { id: true, caseId: true, kind: true, dueAt: true, dateOnly: true, status: true, case: { select: { reference: true } } },
    });
    await appendAuditEvent(tx, { actorId: owner.userId, action: "calendar.feed_read", data: { feedId: feed.id, count: rows.length } });
    return rows.map((r) => ({ id: r.id, caseId: r.caseId, reference: r.case.reference, kind: r.kind, dueAt: r.dueAt, dateOnly: r.dateOnly, status: r.status }));
  });
}
