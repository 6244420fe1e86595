import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "./policy";

// Server-side sessions (DESIGN.md §7: in the database, so every instance
// agrees). Invariants:
// - validateSession is the only way a request becomes an Actor; it re-reads
//   the session and the user each time, so revocation, idle timeout, expiry
//   and deactivation take effect on the very next request.
// - A session id is a bearer secret: it goes in the cookie and nowhere else
//   (not in logs, not in audit data).

/**
 * A session ends this long after sign-in, however active it is: a working day.
 * The most an organisation may allow (the cookie's JWT lives this long); its
 * own sessionHours setting may end sessions sooner, checked in validateSession.
 */
export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;
export const SESSION_ABSOLUTE_MS = SESSION_ABSOLUTE_SECONDS * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** …or after this long without a request (the browser's key auto-lock is shorter still). */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** lastSeenAt is written at most this often: a write per request would be pure load. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Dead session records are kept this long (they open nothing), then removed at a later sign-in. */
export const SESSION_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Creates a session inside the sign-in transaction; returns its id (the cookie's value). */
export async function createSession(tx: Prisma.TransactionClient, userId: string, now: Date): Promise<string> {
  const cutoff = new Date(now.getTime() - SESSION_RETENTION_MS);
  await tx.session.deleteMany({ where: { OR: [{ expiresAt: { lt: cutoff } }, { revokedAt: { lt: cutoff } }] } });
  const session = await tx.session.create({
    data: { userId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS) },
    select: { id: true },
  });
  return session.id;
}

/** The signed-in actor, or null when the session is unknown, revoked, expired, idle, or its user deactivated. */
export async function validateSession(sessionId: string, now: Date = new Date()): Promise<Actor | null> {
  // A cookie is attacker input; PostgreSQL would throw on a non-UUID.
  if (!uuidPattern.test(sessionId)) return null;
  const db = await getDb();
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      lastSeenAt: true,
      expiresAt: true,
      createdAt: true,
      revokedAt: true,
      user: { select: { id: true, orgId: true, role: true, status: true, org: { select: { sessionHours: true } } } },
    },
  });
  if (!session || session.revokedAt !== null) return null;
  const t = now.getTime();
  if (t >= session.expiresAt.getTime()) return null;
  // The organisation's session length, read on every request: lowering it
  // ends longer sessions at their next request, not only new ones.
  if (t - session.createdAt.getTime() >= session.user.org.sessionHours * HOUR_MS) return null;
  if (t - session.lastSeenAt.getTime() > SESSION_IDLE_MS) return null;
  if (session.user.status !== "active") return null;

  if (t - session.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS) {
    // Conditional, so concurrent requests write once and lastSeenAt never moves back.
    await db.session.updateMany({
      where: { id: sessionId, revokedAt: null, lastSeenAt: { lte: new Date(t - SESSION_TOUCH_INTERVAL_MS) } },
      data: { lastSeenAt: now },
    });
  }
  return { userId: session.user.id, orgId: session.user.orgId, role: session.user.role, sessionId };
}

/** Sign-out. True when a live session was revoked by this call. */
export async function revokeSession(sessionId: string, now: Date = new Date()): Promise<boolean> {
  if (!uuidPattern.test(sessionId)) return false;
  const db = await getDb();
  const { count } = await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
  return count > 0;
}

/**
 * Ends every session of a user: deactivation, admin reset, passphrase change.
 * Pass the transaction that makes that change, so both commit together.
 * Returns how many sessions were still open.
 */
export async function revokeAllSessions(client: Prisma.TransactionClient, userId: string, now: Date = new Date(), except?: string): Promise<number> {
  const { count } = await client.session.updateMany({
    where: { userId, revokedAt: null, ...(except ? { id: { not: except } } : {}) },
    data: { revokedAt: now },
  });
  return count;
}
