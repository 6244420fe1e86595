import { z } from "zod";
import { base64urlOfBytes } from "@/lib/encoding/base64url";

// Evidence files (issue 6): the sealed metadata, the ciphertext layout and its
// upload parts, and the statement an uploader signs (DESIGN.md §2 Files,
// Signatures). Pure and server-safe: no lib/crypto import, so route handlers
// may use cipherSize/planParts to check what a browser announces.
//
// Must always hold:
// - Everything about a file that is not in DESIGN.md §3's allow-list lives in
//   the sealed "evidence_meta" record (id = evidence id): the file key (and,
//   for a 0x01 file, its stream header), the original name, type, plaintext size and SHA-256,
//   capture date, source, description, tags. Version 1 is sealed when the
//   upload starts (sha256 ""), version 2 at finalise (sha256 filled).
// - cipherSize() is the exact length of lib/crypto/file-stream.ts's output
//   (version 0x02): the plaintext in segments of 4 MiB (the last 0..4 MiB,
//   at least one segment), each segment a version byte + 24-byte header,
//   then one chunk per 64 KiB of it (at least one), each 17 bytes longer
//   than its plaintext. legacyCipherSize() is version 0x01's (one header,
//   then the chunks), for files stored before. The constants are copied here
//   (this file must not import lib/crypto) and a test pins them to
//   file-stream.ts.
// - Parts are consecutive ranges of the CIPHERTEXT, numbered from 1, all
//   `partSize` long but the last. A new upload's part is one segment
//   (partSize = SEGMENT_CIPHER_BYTES), so each part authenticates alone and
//   is encrypted by any worker of the pool.
// - The uploader's statement is exactly { type, evidenceId, caseId, sha256,
//   size, signedAt } with the PLAINTEXT's SHA-256 and size, so a court checks
//   a decrypted file against it without the server. `type` stops the
//   signature being replayed as another kind of statement.
// - Error messages are i18n keys under `errors.`.

const MIB = 1024 * 1024;

/** Mirrors lib/crypto/file-stream.ts (pinned by schema.test.ts). */
export const STREAM_HEADER_BYTES = 25;
export const STREAM_CHUNK_BYTES = 64 * 1024;
export const STREAM_CHUNK_OVERHEAD = 17;
/** Plaintext per segment (version 0x02), the same 4 MiB as the segment digests sealed in metadata v1. */
export const SEGMENT_CHUNKS = 64;
export const SEGMENT_BYTES = SEGMENT_CHUNKS * STREAM_CHUNK_BYTES;
/** A full segment's ciphertext: one upload part. */
export const SEGMENT_CIPHER_BYTES = STREAM_HEADER_BYTES + SEGMENT_CHUNKS * (STREAM_CHUNK_BYTES + STREAM_CHUNK_OVERHEAD);

/** Part size of a new upload (one segment), and the largest the client sends (the server takes up to 8 MiB). */
export const DEFAULT_PART_BYTES = SEGMENT_CIPHER_BYTES;
export const MAX_PART_BYTES = SEGMENT_CIPHER_BYTES;
/** The server takes parts of 1–8 MiB (lib/evidence/wire.ts). */
export const MIN_PART_BYTES = MIB;

export const EVIDENCE_NAME_MAX = 500;
export const EVIDENCE_TYPE_MAX = 200;
export const EVIDENCE_SOURCE_MAX = 2000;
export const EVIDENCE_DESCRIPTION_MAX = 20000;
export const EVIDENCE_TAGS_MAX = 50;
export const EVIDENCE_TAG_MAX = 100;
/** Plaintext segments listed in metadata version 1: 4 MiB each, so 256 GiB. */
export const EVIDENCE_SEGMENTS_MAX = 65_536;

/** What a browser reports for a file it has no type for. */
export const UNKNOWN_TYPE = "application/octet-stream";

// ---- sizes and parts ----

function assertSize(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer`);
}

/** One stream's ciphertext bytes (a 0x02 segment, or a whole 0x01 file): header + plaintext + 17 per chunk. */
function streamBytes(plainSize: number): number {
  return STREAM_HEADER_BYTES + plainSize + Math.max(1, Math.ceil(plainSize / STREAM_CHUNK_BYTES)) * STREAM_CHUNK_OVERHEAD;
}

/** Segments of a `plainSize`-byte file (an empty file has one, empty). */
export function segmentCount(plainSize: number): number {
  assertSize(plainSize, "plainSize");
  return Math.max(1, Math.ceil(plainSize / SEGMENT_BYTES));
}

/** Ciphertext bytes (version 0x02) for a file of `plainSize` bytes: its full segments, then the last. */
export function cipherSize(plainSize: number): number {
  const full = segmentCount(plainSize) - 1;
  return full * SEGMENT_CIPHER_BYTES + streamBytes(plainSize - full * SEGMENT_BYTES);
}

/** Ciphertext bytes of a file stored in version 0x01 (one stream over the whole file). */
export function legacyCipherSize(plainSize: number): number {
  assertSize(plainSize, "plainSize");
  return streamBytes(plainSize);
}

/** The plaintext size whose ciphertext (version 0x02) is `size` bytes, or null if no plaintext encrypts to that length. */
export function plainSizeOf(size: number): number | null {
  assertSize(size, "cipherSize");
  const full = Math.max(0, Math.ceil(size / SEGMENT_CIPHER_BYTES) - 1);
  const body = size - full * SEGMENT_CIPHER_BYTES - STREAM_HEADER_BYTES;
  if (body < STREAM_CHUNK_OVERHEAD) return null;
  const chunks = Math.max(1, Math.ceil(body / (STREAM_CHUNK_BYTES + STREAM_CHUNK_OVERHEAD)));
  const plain = full * SEGMENT_BYTES + body - chunks * STREAM_CHUNK_OVERHEAD;
  return plain >= 0 && cipherSize(plain) === size ? plain : null;
}

export type PartRange = { partNumber: number; offset: number; size: number };
export type PartPlan = { size: number; partSize: number; partCount: number; parts: PartRange[] };

/** Cut `size` ciphertext bytes into parts of `partSize` (the last one shorter), numbered from 1. */
export function planParts(size: number, partSize: number = DEFAULT_PART_BYTES): PartPlan {
  assertSize(size, "cipherSize");
  if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_BYTES || partSize > MAX_PART_BYTES) {
    throw new RangeError(`partSize must be an integer between ${MIN_PART_BYTES} and ${MAX_PART_BYTES}`);
  }
  if (size < STREAM_HEADER_BYTES + STREAM_CHUNK_OVERHEAD) throw new RangeError("cipherSize is smaller than any ciphertext");
  const partCount = Math.ceil(size / partSize);
  const parts: PartRange[] = [];
  for (let i = 0; i < partCount; i++) {
    const offset = i * partSize;
    parts.push({ partNumber: i + 1, offset, size: Math.min(partSize, size - offset) });
  }
  return { size, partSize, partCount, parts };
}

// ---- the sealed metadata ----

export const sha256Base64urlSchema = base64urlOfBytes(32, "evidence.hashFormat");

const text = (max: number) => z.string().trim().max(max, "text.tooLong");

/**
 * The original file name, as the last segment of whatever path came with it
 * (browsers give a bare name, but a dropped "C:\\dir\\x.jpg" or "../x" must
 * not become a path when the file is saved again). Never empty, ".", "..",
 * nor with control characters.
 */
export const evidenceNameSchema = z
  .string()
  .transform((name) => (name.split(/[/\\]/).pop() ?? "").trim())
  .pipe(
    z
      .string()
      .min(1, "evidence.nameRequired")
      .max(EVIDENCE_NAME_MAX, "text.tooLong")
      .refine((name) => name !== "." && name !== "..", "evidence.nameRequired")
      .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), "evidence.nameInvalid"),
  );

/** A MIME type as browsers report it; "" (unknown) becomes application/octet-stream. */
export const evidenceTypeSchema = z
  .string()
  .trim()
  .max(EVIDENCE_TYPE_MAX, "text.tooLong")
  .transform((type) => (type === "" ? UNKNOWN_TYPE : type.toLowerCase()))
  .pipe(z.string().regex(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;.*)?$/, "evidence.typeFormat"));

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && year <= 2100 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const capturedAtSchema = z
  .string()
  .trim()
  .refine((value) => value === "" || isCalendarDate(value), "evidence.dateFormat");

export const evidenceTagsSchema = z
  .array(z.string().trim().min(1, "evidence.tagEmpty").max(EVIDENCE_TAG_MAX, "text.tooLong"))
  .max(EVIDENCE_TAGS_MAX, "evidence.tooManyTags")
  // Same tag twice says nothing more; keep the first spelling.
  .transform((tags) => [...new Set(tags)]);

/** What the uploader types or picks about a file (the form), before the upload adds keys and hashes. */
export const evidenceDetailsSchema = z.object({
  name: evidenceNameSchema,
  type: evidenceTypeSchema,
  capturedAt: capturedAtSchema,
  source: text(EVIDENCE_SOURCE_MAX),
  description: text(EVIDENCE_DESCRIPTION_MAX),
  tags: evidenceTagsSchema,
});
export type EvidenceDetailsInput = z.input<typeof evidenceDetailsSchema>;
export type EvidenceDetails = z.output<typeof evidenceDetailsSchema>;

export const emptyEvidenceDetails = { capturedAt: "", source: "", description: "", tags: [] as string[] } as const;

/** The plaintext of an "evidence_meta" record. */
export const evidenceMetaSchema = evidenceDetailsSchema.extend({
  /** The file's secretstream key (32 bytes). */
  fileKey: base64urlOfBytes(32, "evidence.keyFormat"),
  /**
   * Files stored in version 0x01 only: their 25-byte header (version byte +
   * secretstream header), which the download checks. Absent: version 0x02,
   * whose every segment has its own fresh header (lib/crypto/file-stream.ts).
   */
  streamHeader: base64urlOfBytes(STREAM_HEADER_BYTES, "evidence.keyFormat").optional(),
  /** Plaintext bytes. */
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** SHA-256 of the plaintext; "" until finalised (version 1). */
  sha256: z.union([z.literal(""), sha256Base64urlSchema]),
  /** Version 1 of an upload from the browser: the plaintext's segment digests (plain-segments.ts), checked before any segment is encrypted, on every pass, so a resume never splices another file into this one. Not kept in version 2. */
  segments: z.array(sha256Base64urlSchema).min(1).max(EVIDENCE_SEGMENTS_MAX).optional(),
});
export type EvidenceMetaInput = z.input<typeof evidenceMetaSchema>;
export type EvidenceMeta = z.output<typeof evidenceMetaSchema>;

/** Finalised metadata (version 2): the plaintext hash is known. */
export const finalEvidenceMetaSchema = evidenceMetaSchema.extend({ sha256: sha256Base64urlSchema });

// ---- the uploader's signed statement ----

// v2 names the uploader inside what they sign (issue 13): a statement re-signed
// by another member no longer passes as the uploader's. v1 (without it) is
// not accepted anywhere: no deployment holds evidence signed before.
export const EVIDENCE_STATEMENT_TYPE = "casevault.evidence.v2";

export const evidenceStatementSchema = z.strictObject({
  type: z.literal(EVIDENCE_STATEMENT_TYPE),
  evidenceId: z.uuid(),
  caseId: z.uuid(),
  /** The signer: the user who uploaded the file. */
  uploaderId: z.string().min(1).max(128),
  /** SHA-256 of the plaintext, base64url. */
  sha256: sha256Base64urlSchema,
  /** Plaintext bytes. */
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  signedAt: z.iso.datetime({ offset: false }),
});
export type EvidenceStatement = z.infer<typeof evidenceStatementSchema>;

export class EvidenceStatementError extends Error {
  override readonly name = "EvidenceStatementError";
}

/** The statement to sign (canonical JSON, lib/crypto/signatures.ts). Throws EvidenceStatementError on malformed input. */
export function evidenceStatement(input: Omit<EvidenceStatement, "type">): EvidenceStatement {
  const parsed = evidenceStatementSchema.safeParse({
    type: EVIDENCE_STATEMENT_TYPE,
    evidenceId: input.evidenceId,
    caseId: input.caseId,
    uploaderId: input.uploaderId,
    sha256: input.sha256,
    size: input.size,
    signedAt: input.signedAt,
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new EvidenceStatementError(`evidence statement: invalid ${fields}`);
  }
  return parsed.data;
}

// ---- the upload wire (what the browser sends and reads; the server validates with its own schemas) ----

export const uploadPartStatusSchema = z.object({
  partNumber: z.number().int().min(1),
  size: z.number().int().min(0),
  sha256: sha256Base64urlSchema,
});

/** BigInt columns may come back as decimal strings. */
const byteCount = z.union([z.number(), z.string().regex(/^\d{1,16}$/).transform(Number)]).pipe(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER));

export const uploadStatusSchema = z.object({
  state: z.string(),
  size: byteCount,
  partSize: z.number().int().min(1),
  partCount: z.number().int().min(1),
  parts: z.array(uploadPartStatusSchema),
});
export type UploadStatusResponse = z.infer<typeof uploadStatusSchema>;
