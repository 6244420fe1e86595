import "server-only";
import { createHash } from "node:crypto";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { blobStore, evidencePartKey } from "@/lib/blobs/store";
import { bytes, lockedCase, recordRow, type Tx } from "@/lib/cases/actions/shared";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { faultPoint } from "@/lib/system/fault-points";
import { parseWire, readCapped } from "../http";
import { finaliseWireSchema, partSizeOf, type StartUploadWire } from "../wire";
import {
  b64,
  checkIds,
  deleteUploadBlobs,
  deleteUploadRows,
  findOwnUpload,
  lockedOwnUpload,
  planOf,
  requireUploading,
  sameBytes,
  sha256,
  type Plan,
} from "./shared";

// Evidence uploads (DESIGN.md §7): the browser encrypts the file and sends
// its ciphertext in numbered parts; the server stores each part through the
// BlobStore with its SHA-256, and makes the item evidence only at finalise,
// once every part is present and the whole ciphertext hashes to what the
// browser computed. Until then it is the uploader's alone and listed nowhere.
//
// Invariants:
// - nothing stored half-way: a refused part leaves no EvidencePart row and no
//   blob; a refused finalise leaves the upload as it was (uploading);
// - a part once recorded is never replaced by different bytes (409);
// - blobs are written before their row and deleted after it, outside any
//   transaction (the embedded database has one connection; the S3 store is
//   not transactional) — a blob without a row is unreachable and removed with
//   the upload; a row without a good blob is caught at finalise.

/** How far a signature's time may run ahead of the server's clock. */
const CLOCK_SKEW_MS = 15 * 60_000;

/** POST …/uploads: plans the upload and stores its sealed metadata (version 1). */
export async function startUpload(actor: Actor, caseId: string, input: StartUploadWire): Promise<{ evidenceId: string }> {
  checkIds(caseId);
  if (input.size > env().EVIDENCE_MAX_BYTES) throw new AppError("too_large", "evidence.tooLarge");
  const { evidenceId, meta } = input;
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    // An id of another case names nothing here; in this case it is taken.
    const [evidence, record] = await Promise.all([
      tx.evidence.findUnique({ where: { id: evidenceId }, select: { caseId: true } }),
      tx.caseRecord.findFirst({ where: { id: evidenceId }, select: { caseId: true } }),
    ]);
    const taken = evidence ?? record;
    if (taken) throw taken.caseId === caseId ? new AppError("conflict", "evidence.idTaken") : new AppError("not_found");
    if (meta.epoch !== kase.currentEpoch) throw new AppError("conflict", "epoch.stale");
    await tx.evidence.create({
      data: { id: evidenceId, caseId, uploaderId: actor.userId, size: BigInt(input.size), partSize: input.partSize, partCount: input.partCount },
    });
    await tx.caseRecord.create({ data: recordRow(caseId, meta, actor.userId) });
    await appendAuditEvent(tx, {
      actorId: actor.userId,
      caseId,
      action: "evidence.upload_started",
      data: { evidenceId, size: input.size, parts: input.partCount },
    });
    return { evidenceId };
  });
}

export type PartInput = {
  caseId: string;
  evidenceId: string;
  /** As it came in the path: checked here, after the upload is found. */
  partNumber: string;
  /** The x-part-sha256 header. */
  sha256: string | null;
  contentLength: string | null;
  body: ReadableStream<Uint8Array> | null;
};

function partNumberOf(plan: Plan, raw: string): number {
  const n = /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= plan.partCount)) throw new AppError("invalid_input", "evidence.partNumber");
  return n;
}

/**
 * PUT …/parts/{n}: one part's ciphertext, exactly the planned size, hashing
 * to its x-part-sha256. Answers `created: false` for a part already stored
 * with the same hash (a retry); a different one is a conflict.
 */
export async function storePart(actor: Actor, input: PartInput): Promise<{ partNumber: number; size: number; sha256: string; created: boolean }> {
  const upload = await findOwnUpload(actor, input.caseId, input.evidenceId);
  requireUploading(upload);
  const plan = planOf(upload);
  const partNumber = partNumberOf(plan, input.partNumber);
  if (!input.sha256 || !/^[A-Za-z0-9_-]{43}$/.test(input.sha256)) throw new AppError("invalid_input", "evidence.partHash");
  const expected = partSizeOf(plan, partNumber);
  const body = await readCapped(input.body, expected, { contentLength: input.contentLength, reason: "evidence.partSize" });
  if (body.length !== expected) throw new AppError("invalid_input", "evidence.partSize");
  const digest = sha256(body);
  if (!sameBytes(digest, bytes(input.sha256))) throw new AppError("invalid_input", "evidence.partHash");

  const db = await getDb();
  const stored = await db.evidencePart.findUnique({ where: { evidenceId_partNumber: { evidenceId: plan.id, partNumber } }, select: { sha256: true } });
  if (stored && !sameBytes(stored.sha256, digest)) throw new AppError("conflict", "evidence.partConflict");

  // The same bytes again rewrite the blob: that heals a part whose blob was lost.
  const key = evidencePartKey(plan.id, partNumber);
  await blobStore().put(key, body);
  const outcome = await db
    .$transaction(async (tx: Tx) => {
      const locked = await lockedOwnUpload(tx, actor, input.caseId, plan.id);
      requireUploading(locked);
      const current = await tx.evidencePart.findUnique({ where: { evidenceId_partNumber: { evidenceId: plan.id, partNumber } }, select: { sha256: true } });
      if (current) {
        // Another request recorded this part meanwhile (finalise catches a blob that no longer matches its row).
        if (!sameBytes(current.sha256, digest)) throw new AppError("conflict", "evidence.partConflict");
        return "existing" as const;
      }
      await tx.evidencePart.create({ data: { evidenceId: plan.id, partNumber, size: body.length, sha256: digest } });
      return "created" as const;
    })
    .catch(async (error: unknown) => {
      // The upload was cancelled or expired meanwhile: take the blob back with it.
      if (error instanceof AppError && error.code === "not_found") await blobStore().delete([key]).catch(() => undefined);
      throw error;
    });
  return { partNumber, size: body.length, sha256: b64(digest), created: outcome === "created" };
}

/**
 * Streams the stored parts in order through SHA-256, checking each against
 * its row. Returns the whole hash, or the part numbers whose blob is missing
 * or no longer matches what was recorded.
 */
async function hashStoredParts(plan: Plan, parts: { partNumber: number; size: number; sha256: Uint8Array }[]) {
  const whole = createHash("sha256");
  const damaged: number[] = [];
  for (const part of parts) {
    const data = await blobStore().get(evidencePartKey(plan.id, part.partNumber));
    if (!data || data.length !== part.size || !sameBytes(sha256(data), part.sha256)) damaged.push(part.partNumber);
    else whole.update(data);
  }
  return { damaged, digest: new Uint8Array(whole.digest()) };
}

/**
 * POST …/finalise: the upload becomes evidence, atomically. Every part must
 * be present with its planned size, and the stored ciphertext must hash to
 * `sha256`; then the state, the signature, the final metadata (version 2) and
 * the audit event commit together. A damaged part (its blob gone or altered)
 * is dropped, so the browser's resume sends it again. `body` reads the
 * request's JSON (a FinaliseWire).
 */
export async function finaliseUpload(actor: Actor, caseId: string, evidenceId: string, body: () => Promise<unknown>): Promise<{ evidenceId: string }> {
  const upload = await findOwnUpload(actor, caseId, evidenceId);
  requireUploading(upload);
  // Read only once the upload is found: for anyone else every answer is "not found".
  const input = parseWire(finaliseWireSchema, await body());
  if (input.meta.id !== evidenceId) throw new AppError("invalid_input", "evidence.meta");
  const signedAt = new Date(input.signedAt);
  if (signedAt.getTime() - Date.now() > CLOCK_SKEW_MS) throw new AppError("invalid_input", "evidence.clock");
  const plan = planOf(upload);

  const db = await getDb();
  // Cheap refusals first: hashing may read gigabytes.
  const kase = await db.case.findUnique({ where: { id: caseId }, select: { currentEpoch: true } });
  if (input.meta.epoch !== kase?.currentEpoch) throw new AppError("conflict", "epoch.stale");
  const parts = await db.evidencePart.findMany({ where: { evidenceId }, orderBy: { partNumber: "asc" }, select: { partNumber: true, size: true, sha256: true } });
  const complete = parts.length === plan.partCount && parts.every((p, i) => p.partNumber === i + 1 && p.size === partSizeOf(plan, p.partNumber));
  if (!complete) throw new AppError("conflict", "evidence.partsMissing");

  const { damaged, digest } = await hashStoredParts(plan, parts);
  if (damaged.length > 0) {
    await db.$transaction(async (tx: Tx) => {
      const locked = await lockedOwnUpload(tx, actor, caseId, evidenceId);
      if (locked.state === "uploading") await tx.evidencePart.deleteMany({ where: { evidenceId, partNumber: { in: damaged } } });
    });
    throw new AppError("conflict", "evidence.hashMismatch");
  }
  if (!sameBytes(digest, bytes(input.sha256))) throw new AppError("conflict", "evidence.hashMismatch");

  const finalised = await db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    const locked = await lockedOwnUpload(tx, actor, caseId, evidenceId);
    requireUploading(locked);
    // What was hashed is still what is recorded (rows only change under this lock).
    const now = await tx.evidencePart.findMany({ where: { evidenceId }, orderBy: { partNumber: "asc" }, select: { partNumber: true, sha256: true } });
    if (now.length !== parts.length || now.some((p, i) => !sameBytes(p.sha256, parts[i]!.sha256))) throw new AppError("conflict", "evidence.partsMissing");
    if (input.meta.epoch !== kase.currentEpoch) throw new AppError("conflict", "epoch.stale");
    const latest = await tx.caseRecord.findFirst({ where: { id: evidenceId }, orderBy: { version: "desc" }, select: { version: true, caseId: true, type: true } });
    if (!latest || latest.caseId !== caseId || latest.type !== "evidence_meta" || latest.version !== 1) throw new AppError("conflict", "evidence.meta");
    await tx.caseRecord.create({ data: recordRow(caseId, input.meta, actor.userId) });
    faultPoint("evidence.finalise.in-tx");
    const finalisedAt = new Date();
    await tx.evidence.update({
      where: { id: evidenceId },
      data: { state: "ready", sha256: digest, signature: bytes(input.signature), signedAt, finalisedAt },
    });
    await tx.case.update({ where: { id: caseId }, data: { updatedAt: finalisedAt } });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "evidence.uploaded", data: { evidenceId, size: plan.size, parts: plan.partCount } });
    return { evidenceId };
  });
  faultPoint("evidence.finalise.after-commit");
  return finalised;
}

/** DELETE …/uploads/{id}: the uploader gives up; the parts, the metadata and the row go. */
export async function cancelUpload(actor: Actor, caseId: string, evidenceId: string): Promise<{ evidenceId: string }> {
  checkIds(caseId, evidenceId);
  const db = await getDb();
  const plan = await db.$transaction(async (tx: Tx) => {
    const upload = await lockedOwnUpload(tx, actor, caseId, evidenceId);
    requireUploading(upload);
    await deleteUploadRows(tx, upload);
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "evidence.upload_cancelled", data: { evidenceId } });
    return planOf(upload);
  });
  await deleteUploadBlobs(plan);
  return { evidenceId };
}
