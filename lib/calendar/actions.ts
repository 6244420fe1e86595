import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { newFeedToken } from "./feed-token";

// A user's private calendar feed: at most one active at a time. The raw token
// is returned once and never stored (only its SHA-256); each change and its
// audit event commit together.


/** Two requests at once would otherwise both see the same active feeds and leave two active. */
async function lockUser(tx: Tx, actor: Actor): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM "User" WHERE id = ${actor.userId}::uuid FOR UPDATE`;
}

/** Revokes `userId`'s active feeds (but `replacement`), one audit event each by `actorId`; returns how many. */
async function revokeActiveOf(tx: Tx, userId: string, actorId: string, now: Date, extra: { replacedBy?: string; cause?: string } = {}): Promise<number> {
  const active = await tx.calendarFeed.findMany({
    where: { userId, revokedAt: null, ...(extra.replacedBy ? { id: { not: extra.replacedBy } } : {}) },
    select: { id: true },
  });
  if (active.length === 0) return 0;
  await tx.calendarFeed.updateMany({ where: { id: { in: active.map((f) => f.id) } }, data: { revokedAt: now } });
  for (const feed of active) {
    await appendAuditEvent(tx, { actorId, action: "calendar.feed_revoked", data: { feedId: feed.id, ...extra } });
  }
  return active.length;
}

const revokeActive = (tx: Tx, actor: Actor, now: Date, replacement?: string) =>
  revokeActiveOf(tx, actor.userId, actor.userId, now, replacement ? { replacedBy: replacement } : {});

/**
 * Inside the transaction that ends a user's access (admin reset, deactivation,
 * quick exit): their feed URL stops working with it. A feed is a credential
 * that outlives sessions — a copy on a seized phone's calendar app would
 * otherwise keep listing hearings. `cause` names the audit action that ended it.
 */
export function revokeFeedsOnAccessEnd(tx: Tx, userId: string, actorId: string, cause: string, now = new Date()): Promise<number> {
  return revokeActiveOf(tx, userId, actorId, now, { cause });
}

/** A new feed for the actor; any previous one stops working. The token is shown once. */
export async function createFeed(actor: Actor, now = new Date()): Promise<{ token: string; createdAt: Date }> {
  const db = await getDb();
  const { token, tokenHash } = newFeedToken();
  await db.$transaction(async (tx: Tx) => {
    await lockUser(tx, actor);
    const feed = await tx.calendarFeed.create({ data: { userId: actor.userId, tokenHash, createdAt: now }, select: { id: true } });
    await appendAuditEvent(tx, { actorId: actor.userId, action: "calendar.feed_created", data: { feedId: feed.id } });
    await revokeActive(tx, actor, now, feed.id);
  });
  return { token, createdAt: now };
}

/** Revokes the actor's feed; not_found when there is none. */
export async function revokeFeed(actor: Actor, now = new Date()): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx: Tx) => {
    await lockUser(tx, actor);
    if ((await revokeActive(tx, actor, now)) === 0) throw new AppError("not_found");
  });
}
