import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { SaveBundleWire } from "../schema";
import { lockedCase } from "@/lib/records/locked-case";
import { recordRow } from "@/lib/records/rows";

// Creating or changing a court bundle, in one transaction with its audit
// events. The server checks what it can see: every evidence item is READY
// evidence of this case; every testimony is on this case and its LATEST
// version records consent to use in legal proceedings (a bundle is how a
// testimony leaves the NGO: lib/testimonies/consent.ts allowsLegalUse); the
// sealed meta names the bundle, sits in the current epoch and follows the
// last version (a stale save is a conflict, nothing is overwritten).
//
// Custody: besides the bundle's own event, each evidence item added, moved to
// another exhibit number or removed gets an event naming it (`evidenceId`),
// which is how lib/evidence/queries.ts evidenceCustody finds an item's events.

export type SaveBundleResult = { bundleId: string; version: number; created: boolean; items: number };

export async function saveBundle(actor: Actor, input: SaveBundleWire): Promise<SaveBundleResult> {
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, input.caseId);
    const existing = await tx.bundle.findUnique({ where: { id: input.bundleId }, include: { items: { orderBy: { position: "asc" } } } });
    // A bundle of another case does not exist for this one.
    if (existing && existing.caseId !== kase.id) throw new AppError("not_found");
    if (!existing && (await tx.caseRecord.findFirst({ where: { id: input.bundleId }, select: { id: true } }))) throw new AppError("conflict", "record.idTaken");

    const latest = existing
      ? await tx.caseRecord.findFirst({ where: { id: input.bundleId, caseId: kase.id, type: "bundle_meta" }, orderBy: { version: "desc" }, select: { version: true } })
      : null;
    const { meta } = input;
    if (meta.type !== "bundle_meta" || meta.id !== input.bundleId) throw new AppError("invalid_input", "bundle.meta");
    if (meta.epoch !== kase.currentEpoch) throw new AppError("conflict", "epoch.stale");
    // Someone saved meanwhile: the browser reloads, nothing is overwritten.
    if (meta.version !== (latest?.version ?? 0) + 1) throw new AppError("conflict", "bundle.version");

    await checkItems(tx, kase.id, input.items);

    await tx.caseRecord.create({ data: recordRow(kase.id, meta, actor.userId) });
    if (existing) {
      await tx.bundle.update({ where: { id: existing.id }, data: { updatedAt: new Date() } });
      await tx.bundleItem.deleteMany({ where: { bundleId: existing.id } });
    } else {
      await tx.bundle.create({ data: { id: input.bundleId, caseId: kase.id, createdById: actor.userId } });
    }
    if (input.items.length > 0) {
      await tx.bundleItem.createMany({
        data: input.items.map((item, index) => ({
          bundleId: input.bundleId,
          position: index + 1,
          evidenceId: item.evidenceId ?? null,
          testimonyId: item.testimonyId ?? null,
        })),
      });
    }

    const evidenceCount = input.items.filter((i) => i.evidenceId).length;
    const action = existing ? "bundle.updated" : "bundle.created";
    await appendAuditEvent(tx, {
      actorId: actor.userId,
      caseId: kase.id,
      action,
      data: { bundleId: input.bundleId, version: meta.version, items: input.items.length, evidence: evidenceCount, testimonies: input.items.length - evidenceCount },
    });

    // Per evidence item, for its chain of custody: added, renumbered, removed.
    const before = new Map<string, number>();
    for (const row of existing?.items ?? []) if (row.evidenceId) before.set(row.evidenceId, row.position);
    const after = new Map<string, number>();
    input.items.forEach((item, index) => item.evidenceId && after.set(item.evidenceId, index + 1));
    for (const [evidenceId, exhibit] of after) {
      const was = before.get(evidenceId);
      if (was === exhibit) continue;
      await appendAuditEvent(tx, {
        actorId: actor.userId,
        caseId: kase.id,
        action,
        data: { bundleId: input.bundleId, evidenceId, exhibit, change: was === undefined ? "added" : "renumbered" },
      });
    }
    for (const [evidenceId] of before) {
      if (after.has(evidenceId)) continue;
      await appendAuditEvent(tx, { actorId: actor.userId, caseId: kase.id, action, data: { bundleId: input.bundleId, evidenceId, exhibit: null, change: "removed" } });
    }

    return { bundleId: input.bundleId, version: meta.version, created: !existing, items: input.items.length };
  });
}

/** Every exhibit may go into a court bundle: ready evidence of this case; testimonies of this case whose latest version consents to legal use. */
async function checkItems(tx: Tx, caseId: string, items: SaveBundleWire["items"]): Promise<void> {
  const evidenceIds = items.flatMap((i) => (i.evidenceId ? [i.evidenceId] : []));
  const testimonyIds = items.flatMap((i) => (i.testimonyId ? [i.testimonyId] : []));
  if (evidenceIds.length > 0) {
    const ready = await tx.evidence.findMany({ where: { id: { in: evidenceIds }, caseId, state: "ready" }, select: { id: true } });
    // An unfinished upload and another case's item are refused alike (nothing about the latter is confirmed).
    if (ready.length !== new Set(evidenceIds).size) throw new AppError("invalid_input", "bundle.evidenceUnavailable");
  }
  if (testimonyIds.length > 0) {
    const versions = await tx.testimonyVersion.findMany({
      where: { testimonyId: { in: testimonyIds }, caseId },
      orderBy: [{ testimonyId: "asc" }, { version: "desc" }],
      select: { testimonyId: true, version: true, legalUseConsent: true },
    });
    const latest = new Map<string, boolean>();
    for (const v of versions) if (!latest.has(v.testimonyId)) latest.set(v.testimonyId, v.legalUseConsent);
    for (const id of testimonyIds) {
      const consent = latest.get(id);
      if (consent === undefined) throw new AppError("invalid_input", "bundle.testimonyUnavailable");
      if (!consent) throw new AppError("conflict", "bundle.testimonyNoConsent");
    }
  }
}
