import "server-only";
import { invitationExpiry, newInvitationToken } from "@/lib/account/invitation-token";
import { appendAuditEvent } from "@/lib/audit/actions";
import { revokeAllSessions } from "@/lib/auth/session-store";
import type { Actor } from "@/lib/auth/policy";
import { revokeFeedsOnAccessEnd } from "@/lib/calendar/actions";
import type { OrgRole } from "@/lib/auth/roles";
import { getDb, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { invitationMail } from "@/lib/mail/invitation-mail";
import { sendMail } from "@/lib/mail/send";
import type { InviteInput } from "./schema";

// Admin changes to people. Each change and its audit event share one
// transaction; every lookup is scoped to the admin's organisation, so another
// organisation's ids answer not_found.


async function orgUser(tx: Tx, actor: Actor, userId: string) {
  const user = await tx.user.findFirst({ where: { id: userId, orgId: actor.orgId } });
  if (!user) throw new AppError("not_found");
  return user;
}

/** The organisation must keep one active admin, and an admin cannot lock themselves out. */
async function assertNotLastAdmin(tx: Tx, actor: Actor, userId: string) {
  if (userId === actor.userId) throw new AppError("conflict", "users.self");
  // Two admins demoting each other at once: the organisation row lock makes the second see the first.
  await tx.$executeRaw`SELECT 1 FROM "Organisation" WHERE id = ${actor.orgId}::uuid FOR UPDATE`;
  const target = await orgUser(tx, actor, userId);
  if (target.role !== "admin") return;
  const admins = await tx.user.count({ where: { orgId: actor.orgId, role: "admin", status: "active", id: { not: userId } } });
  if (admins === 0) throw new AppError("conflict", "users.lastAdmin");
}

export type IssuedLink = { token: string; mailed: boolean };

/** After the invitation is committed: mail the link when SMTP is configured. */
async function mailLink(email: string, token: string): Promise<IssuedLink> {
  const mail = invitationMail(email, token);
  return { token, mailed: mail ? await sendMail(mail) : false };
}

/** Returns the token once; only its hash is stored. */
export async function createInvitation(actor: Actor, input: InviteInput, now = new Date()): Promise<IssuedLink> {
  const db = await getDb();
  const { token, tokenHash } = newInvitationToken();
  await db.$transaction(async (tx: Tx) => {
    if (await tx.user.findUnique({ where: { email: input.email } })) throw new AppError("conflict", "email.taken");
    const invitation = await tx.invitation.create({
      data: { orgId: actor.orgId, email: input.email, role: input.role, tokenHash, invitedById: actor.userId, expiresAt: invitationExpiry(now) },
    });
    await appendAuditEvent(tx, { actorId: actor.userId, action: "invitation.created", data: { invitationId: invitation.id, role: input.role } });
  });
  return mailLink(input.email, token);
}

export async function revokeInvitation(actor: Actor, invitationId: string, now = new Date()): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx: Tx) => {
    const revoked = await tx.invitation.updateMany({ where: { id: invitationId, orgId: actor.orgId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
    if (revoked.count !== 1) throw new AppError("not_found");
    await appendAuditEvent(tx, { actorId: actor.userId, action: "invitation.revoked", data: { invitationId } });
  });
}

/** A new link for the same invitee; the old link stops working. */
export async function reissueInvitation(actor: Actor, invitationId: string, now = new Date()): Promise<IssuedLink> {
  const db = await getDb();
  const { token, tokenHash } = newInvitationToken();
  const email = await db.$transaction(async (tx: Tx) => {
    const old = await tx.invitation.findFirst({ where: { id: invitationId, orgId: actor.orgId, acceptedAt: null } });
    if (!old) throw new AppError("not_found");
    await tx.invitation.updateMany({ where: { id: old.id, revokedAt: null }, data: { revokedAt: now } });
    const fresh = await tx.invitation.create({
      data: { orgId: old.orgId, email: old.email, role: old.role, userId: old.userId, tokenHash, invitedById: actor.userId, expiresAt: invitationExpiry(now) },
    });
    await appendAuditEvent(tx, { actorId: actor.userId, action: "invitation.created", data: { invitationId: fresh.id, replaces: old.id, role: old.role } });
    return old.email;
  });
  return mailLink(email, token);
}

export async function changeRole(actor: Actor, userId: string, role: OrgRole): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx: Tx) => {
    if (role !== "admin") await assertNotLastAdmin(tx, actor, userId);
    const user = await orgUser(tx, actor, userId);
    if (user.role === role) return;
    await tx.user.update({ where: { id: userId }, data: { role } });
    await appendAuditEvent(tx, { actorId: actor.userId, action: "user.role_changed", data: { userId, from: user.role, to: role } });
  });
}

/** Deactivation ends every session of the user at once (checked on each request). */
export async function setUserActive(actor: Actor, userId: string, active: boolean): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx: Tx) => {
    if (!active) await assertNotLastAdmin(tx, actor, userId);
    await orgUser(tx, actor, userId);
    await tx.user.update({ where: { id: userId }, data: { status: active ? "active" : "deactivated" } });
    if (!active) {
      await revokeAllSessions(tx, userId);
      await revokeFeedsOnAccessEnd(tx, userId, actor.userId, "user.deactivated");
    }
    await appendAuditEvent(tx, { actorId: actor.userId, action: active ? "user.reactivated" : "user.deactivated", data: { userId } });
  });
}

/**
 * For a user who lost their passphrase: their key material is removed (no
 * escrow: nothing here can open their old keys), every session ends, and a
 * re-enrolment link is issued. Teammates re-share case keys to the new
 * public key (the cases feature marks the memberships).
 */
export async function resetAccount(actor: Actor, userId: string, now = new Date()): Promise<IssuedLink> {
  const db = await getDb();
  const { token, tokenHash } = newInvitationToken();
  const email = await db.$transaction(async (tx: Tx) => {
    if (userId === actor.userId) throw new AppError("conflict", "users.self");
    const user = await orgUser(tx, actor, userId);
    // Their past signatures on case keys must stay checkable by teammates.
    if (user.signPublicKey) await tx.retiredSigningKey.create({ data: { userId, signPublicKey: user.signPublicKey } });
    await tx.user.update({
      where: { id: userId },
      data: {
        kdfSalt: null,
        kdfOpsLimit: null,
        kdfMemLimit: null,
        authKeyHash: null,
        boxPublicKey: null,
        signPublicKey: null,
        accountKeyWrapped: null,
        privateKeysSealed: null,
        totpSecret: null,
        totpLastStep: null,
      },
    });
    await revokeAllSessions(tx, userId);
    await revokeFeedsOnAccessEnd(tx, userId, actor.userId, "user.reset", now);
    // Their grants were sealed to keys that no longer exist: teammates re-share.
    await tx.caseKeyGrant.deleteMany({ where: { recipientId: userId } });
    // Their keybook and marks were sealed under the account key that is gone.
    await tx.trustDocument.deleteMany({ where: { userId } });
    await tx.caseMember.updateMany({ where: { userId }, data: { needsKeyShare: true } });
    await tx.invitation.updateMany({ where: { userId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
    await tx.invitation.create({
      data: { orgId: actor.orgId, email: user.email, role: user.role, userId, tokenHash, invitedById: actor.userId, expiresAt: invitationExpiry(now) },
    });
    await appendAuditEvent(tx, { actorId: actor.userId, action: "user.reset", data: { userId } });
    return user.email;
  });
  return mailLink(email, token);
}

