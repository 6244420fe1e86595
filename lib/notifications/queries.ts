import "server-only";
import type { Actor } from "@/lib/auth/policy";
import { visibleCasesWhere } from "@/lib/cases/access";
import { getDb } from "@/lib/db/client";
import { noticeOf } from "./notice";
import type { NotificationView } from "./schema";

// The actor's own notifications. A notification of a case the actor is no
// longer on (or of another organisation) does not exist for them: the
// reference code of a case you left is none of your business any more.

const mine = (actor: Actor) => ({ userId: actor.userId, deadline: { case: visibleCasesWhere(actor) } });

/** Newest first. */
export async function listMyNotifications(actor: Actor, limit = 20): Promise<NotificationView[]> {
  const db = await getDb();
  const rows = await db.notification.findMany({
    where: mine(actor),
    orderBy: [{ createdAt: "desc" }, { at: "desc" }, { id: "asc" }],
    take: limit,
    select: {
      id: true,
      key: true,
      at: true,
      readAt: true,
      deadline: { select: { kind: true, dueAt: true, caseId: true, case: { select: { reference: true } } } },
    },
  });
  return rows.map((n) => ({
    id: n.id,
    caseId: n.deadline.caseId,
    reference: n.deadline.case.reference,
    kind: n.deadline.kind,
    dueAt: n.deadline.dueAt.toISOString(),
    notice: noticeOf(n.key, n.at, n.deadline.dueAt),
    at: n.at.toISOString(),
    read: n.readAt !== null,
  }));
}

export async function unreadCount(actor: Actor): Promise<number> {
  const db = await getDb();
  return db.notification.count({ where: { ...mine(actor), readAt: null } });
}
