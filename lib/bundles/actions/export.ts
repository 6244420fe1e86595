import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { lockedCase } from "@/lib/records/locked-case";

// A bundle was exported (the ZIP is built and decrypted in the browser; the
// server never sees it). Recorded as one event for the bundle and one per
// evidence item in it, naming the item (`evidenceId`) so the export shows in
// that item's chain of custody. Audit data is flat: ids, numbers, counts.

export async function recordBundleExport(actor: Actor, input: { caseId: string; bundleId: string }): Promise<{ bundleId: string; items: number }> {
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, input.caseId);
    const bundle = await tx.bundle.findFirst({ where: { id: input.bundleId, caseId: kase.id }, include: { items: { orderBy: { position: "asc" } } } });
    if (!bundle) throw new AppError("not_found");
    const evidence = bundle.items.filter((i) => i.evidenceId);
    const version = await tx.caseRecord.findFirst({ where: { id: bundle.id, caseId: kase.id, type: "bundle_meta" }, orderBy: { version: "desc" }, select: { version: true } });
    await appendAuditEvent(tx, {
      actorId: actor.userId,
      caseId: kase.id,
      action: "bundle.exported",
      data: { bundleId: bundle.id, version: version?.version ?? null, items: bundle.items.length, evidence: evidence.length, testimonies: bundle.items.length - evidence.length },
    });
    for (const item of evidence) {
      await appendAuditEvent(tx, { actorId: actor.userId, caseId: kase.id, action: "bundle.exported", data: { bundleId: bundle.id, evidenceId: item.evidenceId, exhibit: item.position } });
    }
    return { bundleId: bundle.id, items: bundle.items.length };
  });
}
