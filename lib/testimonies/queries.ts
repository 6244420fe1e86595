import "server-only";
import { recordReadEvent } from "@/lib/audit/actions/inbox";
import type { Actor } from "@/lib/auth/policy";
import { visibleCaseWhere } from "@/lib/cases/access";
import { recordWire } from "@/lib/cases/queries";
import { getDb } from "@/lib/db/client";
import { toBase64url } from "@/lib/encoding/base64url";
import { AppError } from "@/lib/errors/app-error";
import type { SealedRecordView } from "@/lib/cases/schema";
import type { TestimonyList, TestimonyVersionMeta } from "./wire";

// Testimony reads, scoped to the actor's cases. Content leaves sealed; every
// read is an audit event (counts and ids only).

async function visibleCase(actor: Actor, caseId: string): Promise<void> {
  const db = await getDb();
  if (!(await db.case.findFirst({ where: visibleCaseWhere(actor, caseId), select: { id: true } }))) throw new AppError("not_found");
}

export async function listTestimonies(actor: Actor, caseId: string): Promise<TestimonyList> {
  await visibleCase(actor, caseId);
  const db = await getDb();
  const [versions, sizes, drafts] = await Promise.all([
    db.testimonyVersion.findMany({ where: { caseId }, orderBy: [{ testimonyId: "asc" }, { version: "desc" }] }),
    db.caseRecord.findMany({ where: { caseId, type: "testimony" }, select: { id: true, version: true, size: true } }),
    db.caseRecord.findMany({ where: { caseId, type: "testimony_draft", authorId: actor.userId }, orderBy: { updatedAt: "desc" } }),
  ]);
  const sizeOf = new Map(sizes.map((s) => [`${s.id}:${s.version}`, s.size]));
  const latestVersion = new Map<string, number>();
  for (const v of versions) if (!latestVersion.has(v.testimonyId)) latestVersion.set(v.testimonyId, v.version);
  const latest = latestVersion.size
    ? await db.caseRecord.findMany({ where: { caseId, type: "testimony", OR: [...latestVersion].map(([id, version]) => ({ id, version })) } })
    : [];
  await recordReadEvent({ actorId: actor.userId, caseId, action: "case.content_read", data: { part: "testimonies", count: latest.length } });
  return {
    versions: versions.map(
      (v): TestimonyVersionMeta => ({
        testimonyId: v.testimonyId,
        version: v.version,
        authorId: v.authorId,
        signedAt: v.signedAt.toISOString(),
        signature: toBase64url(v.signature),
        legalUseConsent: v.legalUseConsent,
        size: sizeOf.get(`${v.testimonyId}:${v.version}`) ?? 0,
        createdAt: v.createdAt.toISOString(),
      }),
    ),
    latest: latest.map(recordWire),
    drafts: drafts.map((d) => ({ ...recordWire(d), updatedAt: d.updatedAt.toISOString() })),
  };
}

/** One version's sealed content, for the history view and the diff. */
export async function getTestimonyVersion(actor: Actor, caseId: string, testimonyId: string, version: number): Promise<SealedRecordView> {
  await visibleCase(actor, caseId);
  const db = await getDb();
  const row = await db.caseRecord.findFirst({ where: { id: testimonyId, version, caseId, type: "testimony" } });
  if (!row) throw new AppError("not_found");
  await recordReadEvent({ actorId: actor.userId, caseId, action: "case.content_read", data: { part: "testimony", testimonyId, version } });
  return recordWire(row);
}

/** Testimonies whose latest version records consent to use in legal proceedings (the legal_review guard). */
export async function countConsentedTestimonies(db: Pick<Awaited<ReturnType<typeof getDb>>, "testimonyVersion">, caseId: string): Promise<number> {
  const versions = await db.testimonyVersion.findMany({ where: { caseId }, select: { testimonyId: true, version: true, legalUseConsent: true }, orderBy: { version: "desc" } });
  const latest = new Map<string, boolean>();
  for (const v of versions) if (!latest.has(v.testimonyId)) latest.set(v.testimonyId, v.legalUseConsent);
  return [...latest.values()].filter(Boolean).length;
}
