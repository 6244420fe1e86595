import "server-only";
import { createHash } from "node:crypto";
import type { Actor } from "@/lib/auth/policy";
import { visibleCasesWhere } from "@/lib/cases/access";
import { blobStore, evidencePrefix } from "@/lib/blobs/store";
import { getDb, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { isCanonicalId } from "@/lib/ids/parse-id";

// Shared by the evidence actions. An upload in progress belongs to its
// uploader alone: anyone else (teammates included) gets "not found", as for
// an id of another case or a case they are not on.

export const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash("sha256").update(bytes).digest());

/** Ids that are not canonical lower-case UUIDs name nothing. */
export function checkIds(...ids: string[]): void {
  if (!ids.every(isCanonicalId)) throw new AppError("not_found");
}

/** `actor`'s own upload `evidenceId` on case `caseId` (any state), or not found. */
export function ownUploadWhere(actor: Actor, caseId: string, evidenceId: string) {
  return { id: evidenceId, caseId, uploaderId: actor.userId, case: visibleCasesWhere(actor) };
}

/** The actor's upload, read outside a transaction. */
export async function findOwnUpload(actor: Actor, caseId: string, evidenceId: string) {
  checkIds(caseId, evidenceId);
  const db = await getDb();
  const upload = await db.evidence.findFirst({ where: ownUploadWhere(actor, caseId, evidenceId) });
  if (!upload) throw new AppError("not_found");
  return upload;
}

/** The actor's upload, locked for this transaction (part writes, finalise and cancel of one upload run one at a time). */
export async function lockedOwnUpload(tx: Tx, actor: Actor, caseId: string, evidenceId: string) {
  await tx.$executeRaw`SELECT 1 FROM "Evidence" WHERE id = ${evidenceId}::uuid FOR UPDATE`;
  const upload = await tx.evidence.findFirst({ where: ownUploadWhere(actor, caseId, evidenceId) });
  if (!upload) throw new AppError("not_found");
  return upload;
}

/** Parts may be added, and the upload finalised or cancelled, only while it is uploading. */
export function requireUploading(upload: { state: string }): void {
  if (upload.state !== "uploading") throw new AppError("conflict", "evidence.finalised");
}

export type Plan = { id: string; size: number; partSize: number; partCount: number };

export function planOf(upload: { id: string; size: bigint; partSize: number; partCount: number }): Plan {
  return { id: upload.id, size: Number(upload.size), partSize: upload.partSize, partCount: upload.partCount };
}

/**
 * Removes an upload that never became evidence: its parts (cascade), its
 * sealed metadata and the row, inside `tx`. The blobs go afterwards
 * (`deleteUploadBlobs`), once the rows are gone and no part can be added.
 */
export async function deleteUploadRows(tx: Tx, upload: { id: string; caseId: string }): Promise<void> {
  await tx.caseRecord.deleteMany({ where: { id: upload.id, caseId: upload.caseId, type: "evidence_meta" } });
  await tx.evidence.delete({ where: { id: upload.id } });
}

/** Deletes every blob the upload wrote, recorded or not. Failures are logged, not thrown: the rows are already gone. */
export async function deleteUploadBlobs(plan: Pick<Plan, "id">): Promise<void> {
  try {
    await blobStore().deletePrefix(evidencePrefix(plan.id));
  } catch (error) {
    // The type only: messages may carry keys or endpoints.
    console.error(`[casevault] could not delete the blobs of a removed upload: ${error instanceof Error ? error.name : typeof error}`);
  }
}
