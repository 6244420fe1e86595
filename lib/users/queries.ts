import "server-only";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db/client";
import type { InvitationRow, UserRow } from "./schema";

// Admin reads, always scoped to the actor's organisation.

export async function listUsers(actor: Actor): Promise<UserRow[]> {
  const db = await getDb();
  // The verifier and the TOTP secret are read only to say whether they are set; neither leaves this function.
  const users = await db.user.findMany({
    where: { orgId: actor.orgId },
    orderBy: [{ status: "asc" }, { displayName: "asc" }],
    select: { id: true, email: true, displayName: true, role: true, status: true, lastSignInAt: true, authKeyHash: true, totpSecret: true },
  });
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    status: u.status,
    keys: u.authKeyHash ? "enrolled" : "reset_pending",
    secondFactor: Boolean(u.totpSecret),
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
  }));
}

export async function listInvitations(actor: Actor, now = new Date()): Promise<InvitationRow[]> {
  const db = await getDb();
  const rows = await db.invitation.findMany({ where: { orgId: actor.orgId }, orderBy: { createdAt: "desc" }, take: 100 });
  return rows.map((i) => ({
    id: i.id,
    email: i.email,
    role: i.role,
    reset: i.userId !== null,
    state: i.acceptedAt ? "accepted" : i.revokedAt ? "revoked" : i.expiresAt <= now ? "expired" : "open",
    expiresAt: i.expiresAt.toISOString(),
    createdAt: i.createdAt.toISOString(),
  }));
}
