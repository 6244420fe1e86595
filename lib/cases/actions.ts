import "server-only";
import type { z } from "zod";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { visibleCaseWhere } from "./access";
import { newCaseReference } from "./reference";
import type {
  addMemberWireSchema,
  EpochWire,
  GrantWire,
  OpenCaseWire,
  reencryptWireSchema,
  removeMemberWireSchema,
  reshareWireSchema,
  saveProfileWireSchema,
  SealedRecordWire,
} from "./schema";

// Case changes. Invariants:
// - every change and its audit event commit together, or neither does;
// - the server checks what it can see (membership, epochs, versions, who
//   signed what); the browser checks the signatures themselves before it
//   trusts a key (the server holds no decrypting code);
// - removing a member deletes their grants and starts a new epoch in the
//   same transaction: their very next request for the case is a 404.

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "base64url"));

function epochRow(caseId: string, e: EpochWire) {
  return { caseId, epoch: e.epoch, createdById: e.createdById, keyCheckValue: bytes(e.keyCheckValue), signature: bytes(e.signature) };
}
function grantRow(caseId: string, g: GrantWire) {
  return { caseId, epoch: g.epoch, recipientId: g.recipientId, sealedKey: bytes(g.sealedKey), signerId: g.signerId, signature: bytes(g.signature) };
}
function recordRow(caseId: string, r: SealedRecordWire, authorId: string) {
  const contentSealed = bytes(r.contentSealed);
  return { id: r.id, version: r.version, caseId, type: r.type, epoch: r.epoch, authorId, contentSealed, size: contentSealed.length };
}

async function lockedCase(tx: Tx, actor: Actor, caseId: string) {
  // Row lock: concurrent team changes and saves on one case run one at a time.
  await tx.$executeRaw`SELECT 1 FROM "Case" WHERE id = ${caseId}::uuid FOR UPDATE`;
  const kase = await tx.case.findFirst({ where: visibleCaseWhere(actor, caseId), include: { members: true } });
  if (!kase) throw new AppError("not_found");
  return kase;
}

export async function openCase(actor: Actor, input: OpenCaseWire): Promise<{ caseId: string; reference: string }> {
  const { caseId, epoch, grant, profile } = input;
  if (epoch.createdById !== actor.userId || grant.signerId !== actor.userId || grant.recipientId !== actor.userId || grant.epoch !== 1) {
    throw new AppError("invalid_input", "case.keys");
  }
  const db = await getDb();
  for (let attempt = 0; ; attempt++) {
    const reference = newCaseReference();
    try {
      await db.$transaction(async (tx: Tx) => {
        await tx.case.create({
          data: {
            id: caseId,
            orgId: actor.orgId,
            reference,
            createdById: actor.userId,
            members: { create: { userId: actor.userId, role: "lead", addedById: actor.userId } },
          },
        });
        await tx.caseKeyEpoch.create({ data: epochRow(caseId, epoch) });
        await tx.caseKeyGrant.create({ data: grantRow(caseId, grant) });
        await tx.caseRecord.create({ data: recordRow(caseId, profile, actor.userId) });
        await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.created", data: { reference } });
      });
      return { caseId, reference };
    } catch (error) {
      // A reference collision (1 in ~10^12) gets a new code; anything else is real.
      const unique = (error as { code?: string }).code === "P2002";
      if (!unique || attempt >= 3) throw unique ? new AppError("conflict") : error;
    }
  }
}

/** A new version of the person profile, sealed under the current epoch. */
export async function saveProfile(actor: Actor, input: z.infer<typeof saveProfileWireSchema>): Promise<{ version: number }> {
  const { caseId, record } = input;
  if (record.type !== "person_profile") throw new AppError("invalid_input");
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    const latest = await tx.caseRecord.findFirst({ where: { caseId, type: "person_profile" }, orderBy: { version: "desc" } });
    if (!latest || latest.id !== record.id) throw new AppError("invalid_input", "profile.id");
    // Someone saved meanwhile: the browser reloads and merges, nothing is overwritten.
    if (record.version !== latest.version + 1) throw new AppError("conflict", "profile.version");
    if (record.epoch !== kase.currentEpoch) throw new AppError("conflict", "epoch.stale");
    await tx.caseRecord.create({ data: recordRow(caseId, record, actor.userId) });
    await tx.case.update({ where: { id: caseId }, data: { updatedAt: new Date() } });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.content_written", data: { type: "person_profile", recordId: record.id, version: record.version } });
    return { version: record.version };
  });
}

export async function addMember(actor: Actor, input: z.infer<typeof addMemberWireSchema>): Promise<void> {
  const { caseId, userId, role, grant } = input;
  const db = await getDb();
  await db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    const user = await tx.user.findFirst({ where: { id: userId, orgId: actor.orgId, status: "active", boxPublicKey: { not: null } } });
    if (!user) throw new AppError("not_found");
    if (kase.members.some((m) => m.userId === userId)) throw new AppError("conflict", "member.exists");
    if (grant.recipientId !== userId || grant.signerId !== actor.userId || grant.epoch !== kase.currentEpoch) throw new AppError("invalid_input", "case.keys");
    await tx.caseMember.create({ data: { caseId, userId, role, addedById: actor.userId } });
    await tx.caseKeyGrant.create({ data: grantRow(caseId, grant) });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.member_added", data: { userId, role, epoch: grant.epoch } });
  });
}

/**
 * Removes a member and rotates the case key: their grants go, a new epoch
 * begins, sealed to exactly the remaining members.
 */
export async function removeMember(actor: Actor, input: z.infer<typeof removeMemberWireSchema>): Promise<{ epoch: number }> {
  const { caseId, userId, epoch, grants } = input;
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    if (userId === actor.userId) throw new AppError("conflict", "member.self");
    if (!kase.members.some((m) => m.userId === userId)) throw new AppError("not_found");
    const remaining = kase.members.filter((m) => m.userId !== userId).map((m) => m.userId).sort();
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
    await tx.caseKeyEpoch.create({ data: epochRow(caseId, epoch) });
    await tx.caseKeyGrant.createMany({ data: grants.map((g) => grantRow(caseId, g)) });
    await tx.case.update({ where: { id: caseId }, data: { currentEpoch: next } });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.member_removed", data: { userId } });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.key_rotated", data: { epoch: next, members: remaining.length } });
    return { epoch: next };
  });
}

/** After an admin reset: seal the current case key to the member's new public key. */
export async function reshareKey(actor: Actor, input: z.infer<typeof reshareWireSchema>): Promise<void> {
  const { caseId, userId, grant } = input;
  const db = await getDb();
  await db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    const member = kase.members.find((m) => m.userId === userId);
    if (!member) throw new AppError("not_found");
    if (grant.recipientId !== userId || grant.signerId !== actor.userId || grant.epoch !== kase.currentEpoch) throw new AppError("invalid_input", "case.keys");
    await tx.caseKeyGrant.upsert({
      where: { caseId_epoch_recipientId: { caseId, epoch: grant.epoch, recipientId: userId } },
      create: grantRow(caseId, grant),
      update: grantRow(caseId, grant),
    });
    await tx.caseMember.update({ where: { caseId_userId: { caseId, userId } }, data: { needsKeyShare: false } });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.key_reshared", data: { userId, epoch: grant.epoch } });
  });
}

/**
 * Background re-encryption after a rotation: records move from an old epoch
 * to the current one. Each row changes only if it is still at `fromEpoch`,
 * so two browsers doing it at once, or a retry, never clobber each other.
 */
export async function reencryptRecords(actor: Actor, input: z.infer<typeof reencryptWireSchema>): Promise<{ updated: number }> {
  const { caseId, fromEpoch, records } = input;
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    if (fromEpoch >= kase.currentEpoch || records.some((r) => r.epoch !== kase.currentEpoch)) throw new AppError("invalid_input", "epoch");
    let updated = 0;
    for (const r of records) {
      const contentSealed = bytes(r.contentSealed);
      const result = await tx.caseRecord.updateMany({
        where: { id: r.id, version: r.version, caseId, type: r.type, epoch: fromEpoch },
        data: { epoch: r.epoch, contentSealed, size: contentSealed.length },
      });
      updated += result.count;
    }
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.records_reencrypted", data: { fromEpoch, toEpoch: kase.currentEpoch, count: updated } });
    return { updated };
  });
}

