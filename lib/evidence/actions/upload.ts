import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { BlobRejected } from "@/lib/blobs/blob-store";
import { blobStore, evidencePartKey, evidencePrefix } from "@/lib/blobs/store";
import { getDb, type Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { faultPoint } from "@/lib/system/fault-points";
import { parseWire } from "@/lib/http/request";
import { parseToken } from "@/lib/bundles/verify/timestamp.mjs";
import { partListBytes } from "../part-list";
import { finaliseWireSchema, partSizeOf, sha256Wire, type StartUploadWire } from "../wire";
import { recordRow } from "@/lib/records/rows";
import { fromBase64url, toBase64url } from "@/lib/encoding/base64url";
import { sameBytes } from "@/lib/encoding/same-bytes";
import { lockedCase } from "@/lib/records/locked-case";
import {
  checkIds,
  deleteUploadBlobs,
  deleteUploadRows,
  findOwnUpload,
  lockedOwnUpload,
  planOf,
  requireUploading,
  sha256,
  type Plan,
} from "./shared";

// Evidence uploads (DESIGN.md §7): the browser encrypts the file and sends
// its ciphertext in numbered parts; the server streams each part into the
// BlobStore, checking its SHA-256, and makes the item evidence only at
// finalise, once every part is present and the part list hashes to what the
// browser computed. Until then it is the uploader's alone and listed nowhere.
//
// Invariants:
// - nothing stored half-way: a refused part leaves no EvidencePart row and no
//   blob; a refused finalise leaves the upload as it was (uploading);
// - a part once recorded is never replaced by different bytes (409), and a
//   blob is never overwritten by other bytes: its key names its hash;
// - blobs are written before their row and deleted after it, outside any
//   transaction (the embedded database has one connection; the file and S3
//   stores are not transactional) — a blob without a row is unreachable and
//   removed with the upload or at finalise; a row without its blob is caught
//   at finalise.

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

/** What a refused write means for the uploader. */
function partRefusal(error: BlobRejected): AppError {
  if (error.reason === "too_long") return new AppError("too_large", "evidence.partSize");
  return new AppError("invalid_input", error.reason === "hash" ? "evidence.partHash" : "evidence.partSize");
}

/**
 * PUT …/parts/{n}: one part's ciphertext, exactly the planned size, hashing
 * to its x-part-sha256, streamed into the BlobStore (never whole in memory)
 * under a key that names its hash. Answers `created: false` for a part
 * already stored with the same hash (a retry: the body is not read); a
 * different one is a conflict.
 */
export async function storePart(actor: Actor, input: PartInput): Promise<{ partNumber: number; size: number; sha256: string; created: boolean }> {
  const upload = await findOwnUpload(actor, input.caseId, input.evidenceId);
  requireUploading(upload);
  const plan = planOf(upload);
  const partNumber = partNumberOf(plan, input.partNumber);
  if (input.sha256 === null || !sha256Wire.safeParse(input.sha256).success) throw new AppError("invalid_input", "evidence.partHash");
  const digest = fromBase64url(input.sha256);
  const expected = partSizeOf(plan, partNumber);
  const declared = input.contentLength !== null && /^\d+$/.test(input.contentLength) ? Number(input.contentLength) : null;
  if ((declared !== null && declared !== expected) || !input.body) {
    await input.body?.cancel().catch(() => undefined);
    throw declared !== null && declared > expected ? new AppError("too_large", "evidence.partSize") : new AppError("invalid_input", "evidence.partSize");
  }

  const db = await getDb();
  const key = evidencePartKey(plan.id, partNumber, digest);
  const stored = await db.evidencePart.findUnique({ where: { evidenceId_partNumber: { evidenceId: plan.id, partNumber } }, select: { sha256: true } });
  if (stored && !sameBytes(stored.sha256, digest)) throw new AppError("conflict", "evidence.partConflict");
  if (stored && (await blobStore().size(key)) === expected) {
    await input.body.cancel().catch(() => undefined);
    return { partNumber, size: expected, sha256: toBase64url(digest), created: false };
  }

  // The blob before its row, outside any transaction: a crash between the
  // two leaves a blob no row names, removed with the upload (or at finalise).
  try {
    await blobStore().put({ key, body: input.body, size: expected, sha256: digest });
  } catch (error) {
    if (error instanceof BlobRejected) throw partRefusal(error);
    throw error;
  }
  const outcome = await db
    .$transaction(async (tx: Tx) => {
      const locked = await lockedOwnUpload(tx, actor, input.caseId, plan.id);
      requireUploading(locked);
      const current = await tx.evidencePart.findUnique({ where: { evidenceId_partNumber: { evidenceId: plan.id, partNumber } }, select: { sha256: true } });
      if (current) {
        // Another request recorded this part meanwhile; other bytes went under another key and stay unnamed.
        if (!sameBytes(current.sha256, digest)) throw new AppError("conflict", "evidence.partConflict");
        return "existing" as const;
      }
      await tx.evidencePart.create({ data: { evidenceId: plan.id, partNumber, size: expected, sha256: digest } });
      return "created" as const;
    })
    .catch(async (error: unknown) => {
      // Refused after the blob was written (the upload was cancelled, expired
      // or finalised meanwhile, or another body was recorded for this part):
      // take the blob back unless a row names it. Finalise removes unnamed
      // blobs only once, so a late write would otherwise stay for good.
      if (error instanceof AppError) await removeIfUnnamed(plan.id, partNumber, digest, key);
      throw error;
    });
  return { partNumber, size: expected, sha256: toBase64url(digest), created: outcome === "created" };
}

/**
 * Deletes `key` unless the part's row names it. Called only once the upload
 * refuses new rows for this part (it is gone, finished, or holds other bytes
 * for it), so no row naming the key can appear after the check.
 */
async function removeIfUnnamed(evidenceId: string, partNumber: number, digest: Uint8Array, key: string): Promise<void> {
  const db = await getDb();
  const row = await db.evidencePart.findUnique({ where: { evidenceId_partNumber: { evidenceId, partNumber } }, select: { sha256: true } }).catch(() => undefined);
  if (row === undefined || (row && sameBytes(row.sha256, digest))) return;
  await blobStore().delete([key]).catch(() => undefined);
}

/** The recorded parts whose blob is missing or of another size (a few at a time: one size check each, no bytes read). */
async function missingBlobs(plan: Plan, parts: { partNumber: number; size: number; sha256: Uint8Array }[]): Promise<number[]> {
  const missing: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < parts.length) {
      const part = parts[next++]!;
      if ((await blobStore().size(evidencePartKey(plan.id, part.partNumber, part.sha256))) !== part.size) missing.push(part.partNumber);
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, parts.length) }, worker));
  return missing.sort((a, b) => a - b);
}

/** Blobs under the upload's prefix that no recorded part names (bytes a refused or superseded write left): removed, best effort. */
async function removeUnnamedBlobs(evidenceId: string, parts: { partNumber: number; sha256: Uint8Array }[]): Promise<void> {
  const named = new Set(parts.map((p) => evidencePartKey(evidenceId, p.partNumber, p.sha256)));
  try {
    const unnamed = (await blobStore().list(evidencePrefix(evidenceId))).filter((key) => !named.has(key));
    await blobStore().delete(unnamed);
  } catch (error) {
    console.error(`[casevault] could not remove unnamed blobs of an upload: ${error instanceof Error ? error.name : typeof error}`);
  }
}

/**
 * POST …/finalise: the upload becomes evidence, atomically. Every part must
 * be recorded with its planned size and its blob present, and the part list
 * (part-list.ts) must hash to `sha256` — O(number of parts): each part's
 * bytes were hashed as they arrived, none is read again here; then the state, the signature, the final metadata (version 2) and
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
  // Stored only if it is a timestamp token at all; what it stamps is checked by the exporter and the verifier.
  const timestamp = input.timestamp === undefined ? null : fromBase64url(input.timestamp);
  if (timestamp && parseToken(timestamp).problem !== undefined) throw new AppError("invalid_input", "evidence.timestamp");
  const plan = planOf(upload);

  const db = await getDb();
  // Cheap refusals first.
  const kase = await db.case.findUnique({ where: { id: caseId }, select: { currentEpoch: true } });
  if (input.meta.epoch !== kase?.currentEpoch) throw new AppError("conflict", "epoch.stale");
  const parts = await db.evidencePart.findMany({ where: { evidenceId }, orderBy: { partNumber: "asc" }, select: { partNumber: true, size: true, sha256: true } });
  const complete = parts.length === plan.partCount && parts.every((p, i) => p.partNumber === i + 1 && p.size === partSizeOf(plan, p.partNumber));
  if (!complete) throw new AppError("conflict", "evidence.partsMissing");

  const damaged = await missingBlobs(plan, parts);
  if (damaged.length > 0) {
    const dropped = await db.$transaction(async (tx: Tx) => {
      const locked = await lockedOwnUpload(tx, actor, caseId, evidenceId);
      if (locked.state !== "uploading") return false;
      await tx.evidencePart.deleteMany({ where: { evidenceId, partNumber: { in: damaged } } });
      return true;
    });
    // Their blobs too (after the rows: a blob no row names is unreachable), so the part sent again is written afresh.
    if (dropped) await blobStore().delete(parts.filter((p) => damaged.includes(p.partNumber)).map((p) => evidencePartKey(evidenceId, p.partNumber, p.sha256))).catch(() => undefined);
    throw new AppError("conflict", "evidence.hashMismatch");
  }
  const digest = sha256(partListBytes(parts.map((p) => p.sha256)));
  if (!sameBytes(digest, fromBase64url(input.sha256))) throw new AppError("conflict", "evidence.hashMismatch");

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
      data: { state: "ready", sha256: digest, signature: fromBase64url(input.signature), signedAt, timestamp, finalisedAt },
    });
    await tx.case.update({ where: { id: caseId }, data: { updatedAt: finalisedAt } });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "evidence.uploaded", data: { evidenceId, size: plan.size, parts: plan.partCount } });
    return { evidenceId };
  });
  faultPoint("evidence.finalise.after-commit");
  await removeUnnamedBlobs(evidenceId, parts);
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
