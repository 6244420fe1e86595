import "server-only";
import { recordReadEvent } from "@/lib/audit/actions/inbox";
import type { Actor } from "@/lib/auth/policy";
import { visibleCaseWhere } from "@/lib/cases/access";
import { recordWire } from "@/lib/cases/queries";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { BundleView } from "./schema";

// Bundle reads, scoped to the actor's cases: membership and order as stored,
// the latest sealed "bundle_meta" record of each (the browser opens it).

/** The case's bundles, newest change first; a bundle whose meta is missing is left out (never half-shown). */
export async function listBundles(actor: Actor, caseId: string): Promise<BundleView[]> {
  const db = await getDb();
  const kase = await db.case.findFirst({ where: visibleCaseWhere(actor, caseId), select: { id: true } });
  if (!kase) throw new AppError("not_found");
  const bundles = await db.bundle.findMany({
    where: { caseId },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    include: { items: { orderBy: { position: "asc" } } },
  });
  const ids = bundles.map((b) => b.id);
  const metas = ids.length
    ? await db.caseRecord.findMany({ where: { caseId, type: "bundle_meta", id: { in: ids } }, orderBy: [{ id: "asc" }, { version: "desc" }] })
    : [];
  const latest = new Map<string, (typeof metas)[number]>();
  for (const m of metas) if (!latest.has(m.id)) latest.set(m.id, m);
  await recordReadEvent({ actorId: actor.userId, caseId, action: "case.content_read", data: { part: "bundles", count: bundles.length } });
  return bundles.flatMap((b) => {
    const meta = latest.get(b.id);
    if (!meta) return [];
    return [
      {
        id: b.id,
        caseId: b.caseId,
        createdById: b.createdById,
        createdAt: b.createdAt.toISOString(),
        updatedAt: b.updatedAt.toISOString(),
        items: b.items.map((i) => ({ position: i.position, evidenceId: i.evidenceId, testimonyId: i.testimonyId })),
        meta: recordWire(meta),
      },
    ];
  });
}
