import "server-only";
import type { z } from "zod";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import type { CaseRole } from "@/lib/auth/roles";
import { getDb, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { faultPoint } from "@/lib/system/fault-points";
import type { addMemberWireSchema, GrantWire, removeMemberWireSchema, reshareWireSchema } from "../schema";
import { appendChainLink } from "./chain";
import { epochRow, grantRow } from "@/lib/records/rows";
import { lockedCase } from "@/lib/records/locked-case";

const teamOf = (kase: { members: { userId: string; role: CaseRole }[] }) => kase.members.map((m) => ({ userId: m.userId, role: m.role }));

/**
 * Records stay sealed under the epoch they were written in (nothing is ever
 * re-encrypted), so a member joining, or re-joining after a reset, gets the
 * key of every epoch from 1 to the current one: one grant each, to them, by the actor.
 */
function assertEveryEpoch(grants: GrantWire[], userId: string, actorId: string, currentEpoch: number): void {
  const epochs = grants.map((g) => g.epoch).sort((a, b) => a - b);
  const complete = epochs.length === currentEpoch && epochs.every((e, i) => e === i + 1);
  if (!complete || grants.some((g) => g.recipientId !== userId || g.signerId !== actorId)) throw new AppError("invalid_input", "case.keys");
}

// Team changes. Removing a member deletes their grants and starts a new key
// epoch in the same transaction: their very next request for the case is a 404.

export async function addMember(actor: Actor, input: z.infer<typeof addMemberWireSchema>): Promise<void> {
  const { caseId, userId, role, grants, link } = input;
  const db = await getDb();
  await db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    const user = await tx.user.findFirst({ where: { id: userId, orgId: actor.orgId, status: "active", boxPublicKey: { not: null } } });
    if (!user) throw new AppError("not_found");
    if (kase.members.some((m) => m.userId === userId)) throw new AppError("conflict", "member.exists");
    assertEveryEpoch(grants, userId, actor.userId, kase.currentEpoch);
    await tx.caseMember.create({ data: { caseId, userId, role, addedById: actor.userId } });
    await tx.caseKeyGrant.createMany({ data: grants.map((g) => grantRow(caseId, g)) });
    await appendChainLink(tx, caseId, actor.userId, link, { epoch: kase.currentEpoch, members: [...teamOf(kase), { userId, role }] });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.member_added", data: { userId, role, epoch: kase.currentEpoch } });
  });
}

/**
 * Removes a member and rotates the case key: their grants go, a new epoch
 * begins, sealed to exactly the remaining members.
 */
export async function removeMember(actor: Actor, input: z.infer<typeof removeMemberWireSchema>): Promise<{ epoch: number }> {
  const { caseId, userId, epoch, grants, link } = input;
  const db = await getDb();
  const rotated = await db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    if (userId === actor.userId) throw new AppError("conflict", "member.self");
    if (!kase.members.some((m) => m.userId === userId)) throw new AppError("not_found");
    // Members whose keys an admin reset hold no key to seal to: they stay
    // members, marked for re-share, and get the new key that way. A
    // deactivated member gets no new key either (a lead's browser removes them next).
    const remaining = kase.members.filter((m) => m.userId !== userId && m.user.boxPublicKey && m.user.status === "active").map((m) => m.userId).sort();
    const next = kase.currentEpoch + 1;
    const recipients = grants.map((g) => g.recipientId).sort();
    const wellFormed =
      epoch.epoch === next &&
      epoch.createdById === actor.userId &&
      grants.every((g) => g.epoch === next && g.signerId === actor.userId) &&
      JSON.stringify(recipients) === JSON.stringify(remaining);
    if (!wellFormed) throw new AppError("invalid_input", "case.keys");

    await tx.caseMember.delete({ where: { caseId_userId: { caseId, userId } } });
    await tx.caseKeyGrant.deleteMany({ where: { caseId, recipientId: userId } });
    faultPoint("member.remove.in-tx");
    await tx.caseKeyEpoch.create({ data: epochRow(caseId, epoch) });
    await tx.caseKeyGrant.createMany({ data: grants.map((g) => grantRow(caseId, g)) });
    await appendChainLink(tx, caseId, actor.userId, link, { epoch: next, members: teamOf(kase).filter((m) => m.userId !== userId) });
    // Everyone sealed to now holds the current key, re-enrolled members included.
    await tx.caseMember.updateMany({ where: { caseId, userId: { in: remaining } }, data: { needsKeyShare: false } });
    await tx.case.update({ where: { id: caseId }, data: { currentEpoch: next } });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.member_removed", data: { userId } });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.key_rotated", data: { epoch: next, members: remaining.length } });
    return { epoch: next };
  });
  faultPoint("member.remove.after-commit");
  return rotated;
}

/** After an admin reset: seal the current case key to the member's new public key. */
export async function reshareKey(actor: Actor, input: z.infer<typeof reshareWireSchema>): Promise<void> {
  const { caseId, userId, grants, link } = input;
  const db = await getDb();
  await db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    const member = kase.members.find((m) => m.userId === userId);
    if (!member) throw new AppError("not_found");
    // Only a member marked by an admin reset is re-shared to: anything else
    // would let one member overwrite another's working grant.
    if (!member.needsKeyShare || !member.user.boxPublicKey) throw new AppError("conflict", "member.keyShareNotNeeded");
    assertEveryEpoch(grants, userId, actor.userId, kase.currentEpoch);
    await tx.caseKeyGrant.deleteMany({ where: { caseId, recipientId: userId } });
    await tx.caseKeyGrant.createMany({ data: grants.map((g) => grantRow(caseId, g)) });
    await appendChainLink(tx, caseId, actor.userId, link, { epoch: kase.currentEpoch, members: teamOf(kase) });
    await tx.caseMember.update({ where: { caseId_userId: { caseId, userId } }, data: { needsKeyShare: false } });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.key_reshared", data: { userId, epoch: kase.currentEpoch } });
  });
}

