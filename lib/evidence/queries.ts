import "server-only";
import { recordReadEvent } from "@/lib/audit/actions/inbox";
import type { Actor } from "@/lib/auth/policy";
import { blobStore, evidencePartKey } from "@/lib/blobs/store";
import { verifyingStream } from "@/lib/blobs/verifying-stream";
import { visibleCaseWhere, visibleCasesWhere } from "@/lib/cases/access";
import { recordWire } from "@/lib/cases/queries";
import { getDb } from "@/lib/db/client";
import { toBase64url } from "@/lib/encoding/base64url";
import { AppError } from "@/lib/errors/app-error";
import { isCanonicalId } from "@/lib/ids/parse-id";
import { type CustodyEvent, type EvidenceList, type EvidenceRow, type MyUpload, type UploadStatus } from "./wire";

// Evidence reads, scoped to the actor's cases. Ciphertext and sealed records
// leave as they are stored (the browser decrypts and checks them); every read
// of content is an audit event (ids and counts only). Unfinished uploads are
// their uploader's alone and never listed as evidence.

function checkIds(...ids: string[]): void {
  if (!ids.every(isCanonicalId)) throw new AppError("not_found");
}

async function visibleCase(actor: Actor, caseId: string): Promise<void> {
  checkIds(caseId);
  const db = await getDb();
  if (!(await db.case.findFirst({ where: visibleCaseWhere(actor, caseId), select: { id: true } }))) throw new AppError("not_found");
}

/** GET …/uploads/{id}: the plan and the parts stored so far (for resuming). The uploader's only. */
export async function getUploadStatus(actor: Actor, caseId: string, evidenceId: string): Promise<UploadStatus> {
  checkIds(caseId, evidenceId);
  const db = await getDb();
  const upload = await db.evidence.findFirst({
    where: { id: evidenceId, caseId, uploaderId: actor.userId, case: visibleCasesWhere(actor) },
    include: { parts: { orderBy: { partNumber: "asc" }, select: { partNumber: true, size: true, sha256: true } } },
  });
  if (!upload) throw new AppError("not_found");
  return {
    state: upload.state,
    size: Number(upload.size),
    partSize: upload.partSize,
    partCount: upload.partCount,
    parts: upload.parts.map((p) => ({ partNumber: p.partNumber, size: p.size, sha256: toBase64url(p.sha256) })),
  };
}

/**
 * GET …/{id}/content: the ciphertext of ready evidence as a stream, part by
 * part from the BlobStore (one part open at a time, streamed through). A GET
 * changes nothing — no custody event either: a cross-site link could
 * otherwise write "downloaded by <member>" into the chain of custody. The
 * browser records the preview or download (recordEvidenceAccess) once it has
 * checked the file. Each part is checked against its recorded size and
 * SHA-256 as it streams. A part whose blob is gone or of another size ends
 * the stream with an error, its last bytes held back, so a damaged file
 * never arrives looking complete. A part of the right size whose bytes
 * changed is logged with its number and still sent: the browser's
 * authenticated decryption refuses it and tells the user the file is
 * damaged, which says more than a broken connection would.
 */
export async function openEvidenceContent(actor: Actor, caseId: string, evidenceId: string): Promise<{ size: number; stream: ReadableStream<Uint8Array> }> {
  checkIds(caseId, evidenceId);
  const db = await getDb();
  const evidence = await db.evidence.findFirst({
    where: { id: evidenceId, caseId, state: "ready", case: visibleCasesWhere(actor) },
    select: { id: true, size: true, parts: { orderBy: { partNumber: "asc" }, select: { partNumber: true, size: true, sha256: true } } },
  });
  if (!evidence) throw new AppError("not_found");
  const parts = evidence.parts;
  let next = 0;
  let current: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const damaged = (partNumber: number) => new Error(`evidence part ${partNumber} missing or damaged`);
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          if (!current) {
            const part = parts[next++];
            if (!part) {
              controller.close();
              return;
            }
            const blob = await blobStore().get(evidencePartKey(evidence.id, part.partNumber, part.sha256));
            if (!blob) {
              console.error(`[casevault] ${damaged(part.partNumber).message}`);
              controller.error(damaged(part.partNumber));
              return;
            }
            const partNumber = part.partNumber;
            current = verifyingStream(blob, part.size, part.sha256, () => console.error(`[casevault] evidence part ${partNumber} does not match its recorded SHA-256`)).getReader();
            current.closed.catch(() => undefined);
          }
          try {
            const { done, value } = await current.read();
            if (!done) {
              controller.enqueue(value);
              return;
            }
            current = undefined;
          } catch {
            const partNumber = parts[next - 1]!.partNumber;
            console.error(`[casevault] ${damaged(partNumber).message}`);
            controller.error(damaged(partNumber));
            return;
          }
        }
      },
      async cancel(reason) {
        await current?.cancel(reason);
      },
    },
    // Read on only when the previous chunk is taken: memory stays flat.
    { highWaterMark: 0 },
  );
  return { size: Number(evidence.size), stream };
}

const evidenceRow = (e: {
  id: string;
  uploaderId: string;
  size: bigint;
  partCount: number;
  sha256: Uint8Array | null;
  signature: Uint8Array | null;
  signedAt: Date | null;
  timestamp?: Uint8Array | null;
  reviewStatus: EvidenceRow["reviewStatus"];
  reviewedById: string | null;
  reviewedAt: Date | null;
  createdAt: Date;
  finalisedAt: Date | null;
}): EvidenceRow => ({
  id: e.id,
  uploaderId: e.uploaderId,
  size: Number(e.size),
  partCount: e.partCount,
  sha256: e.sha256 ? toBase64url(e.sha256) : "",
  signature: e.signature ? toBase64url(e.signature) : "",
  signedAt: e.signedAt?.toISOString() ?? "",
  timestamp: e.timestamp ? toBase64url(e.timestamp) : null,
  reviewStatus: e.reviewStatus,
  reviewedById: e.reviewedById,
  reviewedAt: e.reviewedAt?.toISOString() ?? null,
  createdAt: e.createdAt.toISOString(),
  finalisedAt: e.finalisedAt?.toISOString() ?? "",
});

/** The case's evidence (ready items only), the latest sealed metadata of each, and every review note. */
export async function listEvidence(actor: Actor, caseId: string): Promise<EvidenceList> {
  await visibleCase(actor, caseId);
  const db = await getDb();
  const [rows, notes] = await Promise.all([
    db.evidence.findMany({ where: { caseId, state: "ready" }, orderBy: [{ finalisedAt: "desc" }, { id: "asc" }] }),
    db.caseRecord.findMany({ where: { caseId, type: "review_note" }, orderBy: { createdAt: "asc" } }),
  ]);
  const ids = rows.map((r) => r.id);
  const metaRows = ids.length
    ? await db.caseRecord.findMany({ where: { caseId, type: "evidence_meta", id: { in: ids } }, orderBy: [{ id: "asc" }, { version: "desc" }] })
    : [];
  const latest = new Map<string, (typeof metaRows)[number]>();
  for (const m of metaRows) if (!latest.has(m.id)) latest.set(m.id, m);
  await recordReadEvent({ actorId: actor.userId, caseId, action: "case.content_read", data: { part: "evidence", count: rows.length } });
  return {
    evidence: rows.map(evidenceRow),
    meta: ids.flatMap((id) => {
      const m = latest.get(id);
      return m ? [recordWire(m)] : [];
    }),
    reviewNotes: notes.map(recordWire),
  };
}

/** The actor's unfinished uploads on the case, with the metadata sealed when each started (to resume them). */
export async function listMyUploads(actor: Actor, caseId: string): Promise<MyUpload[]> {
  await visibleCase(actor, caseId);
  const db = await getDb();
  const uploads = await db.evidence.findMany({
    where: { caseId, uploaderId: actor.userId, state: "uploading" },
    orderBy: { createdAt: "asc" },
    include: { parts: { select: { size: true } } },
  });
  const ids = uploads.map((u) => u.id);
  const metas = ids.length ? await db.caseRecord.findMany({ where: { caseId, type: "evidence_meta", version: 1, id: { in: ids } } }) : [];
  const metaOf = new Map(metas.map((m) => [m.id, m]));
  await recordReadEvent({ actorId: actor.userId, caseId, action: "case.content_read", data: { part: "evidence_uploads", count: uploads.length } });
  return uploads.map((u) => {
    const meta = metaOf.get(u.id);
    return {
      id: u.id,
      size: Number(u.size),
      partSize: u.partSize,
      partCount: u.partCount,
      storedParts: u.parts.length,
      storedBytes: u.parts.reduce((sum, p) => sum + p.size, 0),
      createdAt: u.createdAt.toISOString(),
      meta: meta ? recordWire(meta) : null,
    };
  });
}

/** An item's chain of custody: its slice of the audit log (who did what, when), oldest first. */
export async function evidenceCustody(actor: Actor, caseId: string, evidenceId: string): Promise<CustodyEvent[]> {
  await visibleCase(actor, caseId);
  checkIds(evidenceId);
  const db = await getDb();
  if (!(await db.evidence.findFirst({ where: { id: evidenceId, caseId, state: "ready" }, select: { id: true } }))) throw new AppError("not_found");
  const events = await db.auditEvent.findMany({
    where: { caseId, data: { path: ["evidenceId"], equals: evidenceId } },
    orderBy: { seq: "asc" },
    select: { seq: true, action: true, actorId: true, at: true },
  });
  // Reading who touched an item is itself a read (named apart, so it is not part of the item's own custody).
  await recordReadEvent({ actorId: actor.userId, caseId, action: "case.content_read", data: { part: "evidence_custody", custodyOf: evidenceId } });
  return events.map((e) => ({ seq: e.seq.toString(), action: e.action, actorId: e.actorId, at: e.at.toISOString() }));
}
