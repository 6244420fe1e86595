/**
 * Encrypted, resumable evidence uploads, in the browser (issue 6).
 *
 * A file is encrypted with its own random file key (sealed in the
 * "evidence_meta" record, version 1, that the server stores with the
 * upload) in 4 MiB segments, each its own secretstream with a fresh header
 * (lib/crypto/file-stream.ts, version 0x02), by a small pool of Web Workers
 * (encrypt-pool.ts). One segment's ciphertext is one upload part (part
 * number = segment index + 1), PUT up to `parallel` at a time, each retried
 * with exponential backoff; then the
 * upload is finalised with the part list's SHA-256 (part-list.ts), the uploader's
 * Ed25519 signature over { evidenceId, caseId, sha256, size, signedAt } (of
 * the plaintext) and the metadata version 2 (plaintext SHA-256 filled).
 *
 * Must always hold:
 * - Nothing but ciphertext, its hashes and sealed records leaves the browser;
 *   file names, types, descriptions and keys are never sent in the clear and
 *   never logged (this module logs nothing).
 * - No keystream is ever reused. A retry sends the SAME bytes of a part
 *   (never a re-encryption of a part that may have been recorded). Resuming
 *   (after a reload, a network cut, a server restart) skips the parts the
 *   server lists and encrypts the others afresh, under new headers, whatever
 *   the server claims. The plaintext's segment digests, sealed in metadata
 *   v1 before the first part is sent, are checked before any segment is
 *   encrypted, on the first pass and on every resume: a file that is not the
 *   same (size, or any segment) stops with "evidence.fileChanged" before a
 *   byte of the differing segment is encrypted, so a resume never splices
 *   two files (plain-segments.ts). Uploads begun in the old single-stream
 *   format (0x01, metadata with a streamHeader) cannot be resumed: they are
 *   refused ("evidence.invalidMeta") and must start again.
 * - Parts the server lists are taken as stored without re-reading them (they
 *   cannot be re-made: their headers were random); a wrong one shows at
 *   download, where each part authenticates alone and is named.
 * - Memory is flat: at most `parallel + 1` parts are being encrypted or
 *   waiting to be stored at once (the pool holds one segment per worker, at
 *   most 4 workers), and a part's buffer is dropped once stored.
 * - `done` resolves only after the server accepted the finalise (or reports
 *   the upload already ready); otherwise it rejects with an UploadError whose
 *   `code` is an i18n key under `errors.`. A failed upload is left on the
 *   server to be resumed (the server expires it); a cancelled one is deleted.
 */
import "client-only";
import { openRecord, sealRecord } from "@/lib/cases/records-client";
import type { SealedRecordWire } from "@/lib/cases/schema";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { toBase64url, wipe } from "@/lib/crypto/encoding";
import { newFileKey } from "@/lib/crypto/file-key";
import { fileSegmentDigests } from "./plain-segments";
import { cipherSize, SEGMENT_CIPHER_BYTES, evidenceDetailsSchema, evidenceMetaSchema, planParts, type EvidenceMeta } from "./schema";
import { UploadError } from "./upload-errors";
import type { KnownPart } from "./upload-parts";
import { currentKey, UploadRun, type UploadController, type UploadOptions, type UploadTarget } from "./upload-run";

// The pieces (upload-run.ts the run on the server, upload-parts.ts the pool and the PUTs, upload-http.ts the
// retried requests, upload-progress.ts speed and time left) are reached through this module.
export { isUploadError, UploadError } from "./upload-errors";
export type { EncryptWorker } from "./encrypt-pool";
export type { UploadProgress } from "./upload-progress";
export type { UploadController, UploadOptions, UploadTarget } from "./upload-run";

// ---- public types ----

export type EvidenceDetailsFields = {
  /** Defaults to file.name (path components are dropped). */
  name?: string;
  /** Defaults to file.type. */
  type?: string;
  capturedAt?: string;
  source?: string;
  description?: string;
  tags?: string[];
};

export type StartUploadInput = UploadOptions & {
  target: UploadTarget;
  file: File;
  details?: EvidenceDetailsFields;
  me: UnlockedAccount;
};

export type ResumeUploadInput = UploadOptions & {
  target: UploadTarget;
  /** The same file, picked again. */
  file: Blob;
  /** The upload's metadata record (version 1), as the server lists it. */
  metaRecord: SealedRecordWire;
  me: UnlockedAccount;
  /**
   * A previous controller's sentParts(). Not needed any more (a part the
   * server does not list is encrypted afresh); accepted so callers of the
   * old API keep working, and ignored.
   */
  sentParts?: KnownPart[];
};

// ---- entry points ----

/**
 * Validate the details, read the file once for its segment digests (progress
 * "reading"), make the file key and header, seal metadata v1, and start
 * uploading. Rejects (before any request) with "evidence.invalidDetails",
 * "evidence.noKey", "evidence.readFailed" or "evidence.fileChanged"; later
 * failures reject `done`.
 */
export async function startUpload(input: StartUploadInput): Promise<UploadController> {
  const { target, file, details = {} } = input;
  const caseKey = currentKey(target);
  const parsed = evidenceDetailsSchema.safeParse({
    name: details.name ?? file.name,
    type: details.type ?? file.type,
    capturedAt: details.capturedAt ?? "",
    source: details.source ?? "",
    description: details.description ?? "",
    tags: details.tags ?? [],
  });
  if (!parsed.success) {
    throw new UploadError("evidence.invalidDetails", { error: parsed.error.issues.map((i) => `${i.path.join(".")}:${i.message}`).join(",") });
  }
  // Sealed before the first part leaves: every later pass is held to these bytes (plain-segments.ts).
  const reading = (bytesRead: number) =>
    input.onProgress?.({ phase: "reading", bytesUploaded: 0, bytesTotal: cipherSize(file.size), readRatio: file.size > 0 ? bytesRead / file.size : 1, bytesEncrypted: 0, speed: 0, secondsLeft: null });
  let segments: string[] | null;
  try {
    segments = await fileSegmentDigests(file, reading);
  } catch (cause) {
    throw new UploadError("evidence.readFailed", { cause });
  }
  if (!segments) throw new UploadError("evidence.fileChanged");
  const fileKey = await newFileKey();
  let meta: EvidenceMeta;
  try {
    // No streamHeader: version 0x02 files have a fresh header per segment.
    meta = { ...parsed.data, fileKey: toBase64url(fileKey), size: file.size, sha256: "", segments };
  } finally {
    wipe(fileKey);
  }
  const evidenceId = crypto.randomUUID();
  const metaRecord = await sealRecord({
    caseId: target.caseId,
    type: "evidence_meta",
    id: evidenceId,
    version: 1,
    epoch: target.currentEpoch,
    caseKey,
    value: meta,
    signed: { author: input.me, prev: null },
  });
  const plan = planParts(cipherSize(meta.size), SEGMENT_CIPHER_BYTES);
  return new UploadRun({ ...input, evidenceId, meta, metaRecord, plan, mode: { kind: "start" } }).controller();
}

/**
 * Continue an upload with the same file: opens metadata v1 for its key and
 * header, asks the server which parts it holds, and sends the rest. Rejects
 * (before any request) with "evidence.noKey", "evidence.invalidMeta" or
 * "evidence.fileChanged" (another size); later failures reject `done`.
 */
export async function resumeUpload(input: ResumeUploadInput): Promise<UploadController> {
  const { target, file, metaRecord } = input;
  if (metaRecord.type !== "evidence_meta") throw new UploadError("evidence.invalidMeta");
  const key = target.keyring.get(metaRecord.epoch);
  if (!key) throw new UploadError("evidence.noKey");
  let meta: EvidenceMeta;
  try {
    meta = await openRecord({ caseId: target.caseId, record: metaRecord, caseKey: key, schema: evidenceMetaSchema, type: "evidence_meta", authors: target.keyring.authorsAt(metaRecord.epoch) });
  } catch (cause) {
    throw new UploadError("evidence.invalidMeta", { cause });
  }
  // An upload sealed without its segment digests cannot prove a file is the same one, and one begun as a
  // single 0x01 stream (streamHeader) could only continue under its one header: either must start again.
  if (!meta.segments || meta.streamHeader !== undefined) throw new UploadError("evidence.invalidMeta");
  if (file.size !== meta.size) throw new UploadError("evidence.fileChanged");
  const plan = { size: cipherSize(meta.size) };
  return new UploadRun({ ...input, evidenceId: metaRecord.id, meta, metaRecord, plan, mode: { kind: "resume" } }).controller();
}
