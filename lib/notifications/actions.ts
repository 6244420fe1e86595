import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { faultPoint } from "@/lib/system/fault-points";
import { reminderMail } from "@/lib/mail/reminder-mail";
import { mailConfigured, sendMail } from "@/lib/mail/send";
import { noticeOf } from "./notice";
import { owedNotifications, type OwedNotification } from "./plan";

// The reminder tick and the user's own notification writes.
//
// Exactly once, across restarts and any number of app instances: all state is
// in the database. A tick computes what is owed from the deadlines (plan.ts)
// and inserts it with ON CONFLICT DO NOTHING on the unique (userId,
// deadlineId, key): whichever tick inserts a row first owns it, every other
// insert of it is a no-op. Mail goes out of the same rows, claimed with
// SELECT … FOR UPDATE SKIP LOCKED so two instances never take the same one.

const DAY_MS = 86_400_000;
const DEADLINE_PAGE = 500;
const INSERT_CHUNK = 1000;
/** A claimed mail not marked sent after this is taken again (its sender died or failed). */
const MAIL_LEASE_MS = 10 * 60_000;
/** A reminder mail more than a day late helps nobody; the in-app notification stays. */
const MAIL_GIVE_UP_MS = DAY_MS;
const MAIL_BATCH = 20;
const MAIL_MAX_PER_TICK = 200;

export type TickCounts = { deadlines: number; created: number; mailed: number; mailFailed: number };

/**
 * How far ahead a deadline can owe a reminder: the furthest reminder day of
 * any organisation (by default 14). Deadlines due later owe nothing yet.
 */
async function horizonMs(db: Db): Promise<number> {
  const orgs = await db.organisation.findMany({ select: { reminderDays: true } });
  return Math.max(0, ...orgs.flatMap((o) => o.reminderDays)) * DAY_MS;
}

/** Open deadlines that owe something at `now`, page by page, with their team and their organisation's reminder days. */
async function* openDeadlines(db: Db, now: Date) {
  const horizon = await horizonMs(db);
  let cursor: string | undefined;
  for (;;) {
    const page = await db.deadline.findMany({
      where: { status: "open", dueAt: { lte: new Date(now.getTime() + horizon) } },
      select: {
        id: true,
        dueAt: true,
        scheduledAt: true,
        status: true,
        assigneeId: true,
        case: {
          select: {
            org: { select: { reminderDays: true, reminderMail: true } },
            members: { select: { userId: true, role: true, user: { select: { role: true, status: true } } } },
          },
        },
      },
      orderBy: { id: "asc" },
      take: DEADLINE_PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (page.length === 0) return;
    yield page;
    cursor = page[page.length - 1]?.id;
    if (page.length < DEADLINE_PAGE) return;
  }
}

async function insertOwed(db: Db, owed: (OwedNotification & { mailWanted: boolean })[], now: Date): Promise<number> {
  let created = 0;
  for (let i = 0; i < owed.length; i += INSERT_CHUNK) {
    // skipDuplicates = INSERT … ON CONFLICT DO NOTHING: the unique key does the
    // exactly-once work, atomically per row, without a transaction of ours.
    const { count } = await db.notification.createMany({
      data: owed.slice(i, i + INSERT_CHUNK).map((n) => ({ ...n, createdAt: now })),
      skipDuplicates: true,
    });
    created += count;
  }
  return created;
}

/** Claims up to `limit` unsent mails; returns their ids. One statement, so the claim is atomic. */
async function claimMail(db: Db, now: Date, limit: number): Promise<string[]> {
  const nowIso = now.toISOString();
  const staleIso = new Date(now.getTime() - MAIL_LEASE_MS).toISOString();
  const oldestIso = new Date(now.getTime() - MAIL_GIVE_UP_MS).toISOString();
  // Timestamps go in as ISO text cast to timestamp(3): the columns hold UTC
  // without a zone, and this keeps the session's time zone out of it.
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Notification" SET "mailClaimedAt" = ${nowIso}::timestamp(3)
    WHERE id IN (
      SELECT id FROM "Notification"
      WHERE "mailWanted" AND "mailSentAt" IS NULL
        AND ("mailClaimedAt" IS NULL OR "mailClaimedAt" < ${staleIso}::timestamp(3))
        AND "createdAt" > ${oldestIso}::timestamp(3)
      ORDER BY "createdAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id`;
  return rows.map((r) => r.id);
}

/**
 * Sends the claimed mails. At least once, not exactly once: a process that
 * dies after the SMTP server accepted a mail but before mailSentAt is written
 * leaves the row claimed, and another tick sends it again once the lease
 * (10 min) has run out. A duplicate reminder is better than a lost one; the
 * window is one UPDATE long. A failed send is likewise retried after the lease.
 */
async function sendClaimed(db: Db, ids: string[], now: Date): Promise<{ mailed: number; failed: number }> {
  const rows = await db.notification.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      userId: true,
      key: true,
      at: true,
      user: { select: { email: true, status: true } },
      deadline: {
        select: {
          kind: true,
          dueAt: true,
          status: true,
          case: { select: { reference: true, org: { select: { reminderMail: true } }, members: { select: { userId: true } } } },
        },
      },
    },
  });
  const origin = env().NEXTAUTH_URL;
  const appUrl = origin ? new URL(origin).origin : null;
  let mailed = 0;
  let failed = 0;
  for (const row of rows) {
    const { deadline } = row;
    // Also re-read the organisation's switch: mail owed before an admin turned it off is not sent after.
    const stillWanted =
      deadline.case.org.reminderMail && row.user.status === "active" && deadline.status === "open" && deadline.case.members.some((m) => m.userId === row.userId);
    if (!stillWanted) {
      await db.notification.update({ where: { id: row.id }, data: { mailWanted: false } });
      continue;
    }
    const mail = reminderMail({ to: row.user.email, reference: deadline.case.reference, kind: deadline.kind, notice: noticeOf(row.key, row.at, deadline.dueAt), appUrl });
    if (await sendMail(mail)) {
      await db.notification.update({ where: { id: row.id }, data: { mailSentAt: now } });
      mailed++;
    } else {
      failed++;
    }
  }
  return { mailed, failed };
}

/** One pass of the scheduler at `now` (the caller's clock). Safe to run anywhere, any number of times at once. */
export async function runReminderTick(now: Date): Promise<TickCounts> {
  const db = await getDb();
  const mailOn = mailConfigured();
  const counts: TickCounts = { deadlines: 0, created: 0, mailed: 0, mailFailed: 0 };

  for await (const page of openDeadlines(db, now)) {
    counts.deadlines += page.length;
    const owed = page.flatMap((d) =>
      owedNotifications(
        {
          id: d.id,
          dueAt: d.dueAt,
          scheduledAt: d.scheduledAt,
          status: d.status,
          assigneeId: d.assigneeId,
          members: d.case.members.map((m) => ({ userId: m.userId, caseRole: m.role, orgRole: m.user.role, active: m.user.status === "active" })),
          reminderDays: d.case.org.reminderDays,
        },
        now,
        // The organisation's switch: off means in-app notifications only.
      ).map((n) => ({ ...n, mailWanted: mailOn && d.case.org.reminderMail })),
    );
    counts.created += await insertOwed(db, owed, now);
    faultPoint("reminders.tick.after-insert");
  }

  if (mailOn) {
    while (counts.mailed + counts.mailFailed < MAIL_MAX_PER_TICK) {
      const ids = await claimMail(db, now, MAIL_BATCH);
      if (ids.length === 0) break;
      const { mailed, failed } = await sendClaimed(db, ids, now);
      counts.mailed += mailed;
      counts.mailFailed += failed;
    }
  }
  return counts;
}

/** Marks the actor's own notifications read (all, or the ids given); other users' ids are ignored. */
export async function markRead(actor: Actor, ids: readonly string[] | "all"): Promise<{ count: number }> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const { count } = await tx.notification.updateMany({
      where: { userId: actor.userId, readAt: null, ...(ids === "all" ? {} : { id: { in: [...ids] } }) },
      data: { readAt: new Date() },
    });
    // Counts only; nothing to record when nothing changed.
    if (count > 0) await appendAuditEvent(tx, { action: "notification.read", actorId: actor.userId, data: { count, all: ids === "all" } });
    return { count };
  });
}
