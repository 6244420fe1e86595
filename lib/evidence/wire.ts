import { z } from "zod";
import { sealedRecordWireSchema, type SealedRecordView } from "@/lib/cases/schema";
import { base64urlOfBytes, base64urlSchema } from "@/lib/encoding/base64url";
import { canonicalIdPattern } from "@/lib/ids/parse-id";

// Evidence on the wire (the HTTP routes under /api/cases/{caseId}/evidence and
// the server actions in app/(app)/evidence/actions.ts). The server sees what
// DESIGN.md §3 allows: ciphertext size and parts, the SHA-256 of the
// ciphertext, the uploader's signature (opens nothing), review status and
// who/when. File name, type, plaintext hash, source, description, tags and
// the file key are the sealed "evidence_meta" record with the evidence's id
// (version 1 when the upload starts, version 2 at finalise).

export const MIB = 1024 * 1024;
/** Parts are 1–8 MiB: big enough to be few, small enough to retry and to hold one in memory. */
export const PART_SIZE_MIN = MIB;
export const PART_SIZE_MAX = 8 * MIB;
/** JSON bodies (start, finalise): a sealed metadata record is at most 1 MiB, ~1.4 MB as base64url. */
export const JSON_BODY_MAX = 2 * MIB;

/** Lower-case only: ids become blob keys, AD strings and audit data, where one spelling must hold. */
const id = z.string().regex(canonicalIdPattern, "id.format");
/** A SHA-256 digest, base64url without padding. */
export const sha256Wire = base64urlOfBytes(32);

export const reviewStatuses = ["unreviewed", "relevant", "admissible", "needs_translation", "needs_corroboration", "excluded"] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

export const evidenceStates = ["uploading", "ready"] as const;
export type EvidenceState = (typeof evidenceStates)[number];

/** The number of parts an upload of `size` ciphertext bytes in parts of `partSize` has. */
export const partCountOf = (size: number, partSize: number) => Math.ceil(size / partSize);

/** The planned size of part `partNumber` (1-based): `partSize`, or the remainder for the last one. */
export function partSizeOf(plan: { size: number; partSize: number; partCount: number }, partNumber: number): number {
  return partNumber < plan.partCount ? plan.partSize : plan.size - plan.partSize * (plan.partCount - 1);
}

/** POST …/uploads */
export const startUploadWireSchema = z
  .object({
    evidenceId: id,
    size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    partSize: z.number().int().min(PART_SIZE_MIN, "evidence.partSize").max(PART_SIZE_MAX, "evidence.partSize"),
    partCount: z.number().int().min(1),
    meta: sealedRecordWireSchema,
  })
  .superRefine((u, ctx) => {
    if (u.partCount !== partCountOf(u.size, u.partSize)) ctx.addIssue({ code: "custom", path: ["partCount"], message: "evidence.partCount" });
    if (u.meta.type !== "evidence_meta" || u.meta.version !== 1 || u.meta.id !== u.evidenceId) {
      ctx.addIssue({ code: "custom", path: ["meta"], message: "evidence.meta" });
    }
  });
export type StartUploadWire = z.infer<typeof startUploadWireSchema>;

/** POST …/uploads/{evidenceId}/finalise */
export const finaliseWireSchema = z.object({
  /** SHA-256 of the whole ciphertext, as the browser computed it while sending. */
  sha256: sha256Wire,
  /** The uploader's Ed25519 signature over {evidenceId, caseId, sha256 (of the plaintext), size, signedAt}. */
  signature: base64urlOfBytes(64),
  signedAt: z.iso.datetime(),
  meta: sealedRecordWireSchema.refine((r) => r.type === "evidence_meta" && r.version === 2, "evidence.meta"),
  /** An RFC 3161 token (DER, base64url) over SHA-256 of canonicalJson(statement), when the TSA gave one (at most 64 KiB). */
  timestamp: base64urlSchema().min(1).max(87_382, "evidence.timestamp").optional(),
});
export type FinaliseWire = z.infer<typeof finaliseWireSchema>;

/** What the browser did with evidence it fetched and checked: which custody event POST …/{evidenceId}/access records. */
export const contentPurposeSchema = z.enum(["download", "preview"]);
export const accessWireSchema = z.object({ purpose: contentPurposeSchema }).strict();
export type ContentPurpose = z.infer<typeof contentPurposeSchema>;

// ---- server actions ----

export const caseRefSchema = z.object({ caseId: id });
export const evidenceRefSchema = z.object({ caseId: id, evidenceId: id });

export const reviewEvidenceWireSchema = z.object({
  caseId: id,
  evidenceId: id,
  status: z.enum(reviewStatuses),
  /** A sealed review note (its own new id, version 1); the evidence it is about is named inside it. */
  note: sealedRecordWireSchema.refine((r) => r.type === "review_note" && r.version === 1, "evidence.note").nullable(),
});
export type ReviewEvidenceWire = z.infer<typeof reviewEvidenceWireSchema>;

// ---- what the browser receives ----

/** GET …/uploads/{evidenceId}: what is stored so far, for resuming. */
export type UploadStatus = {
  state: EvidenceState;
  size: number;
  partSize: number;
  partCount: number;
  parts: { partNumber: number; size: number; sha256: string }[];
};

export type EvidenceRow = {
  id: string;
  uploaderId: string;
  size: number;
  partCount: number;
  /** SHA-256 of the ciphertext (base64url). */
  sha256: string;
  signature: string;
  signedAt: string;
  /** RFC 3161 token over the signed statement (base64url), or null: none was had at upload. */
  timestamp?: string | null;
  reviewStatus: ReviewStatus;
  reviewedById: string | null;
  reviewedAt: string | null;
  createdAt: string;
  finalisedAt: string;
};

export type EvidenceList = {
  /** Ready evidence of the case, newest first. */
  evidence: EvidenceRow[];
  /** The latest "evidence_meta" record of each (version 2 once finalised). */
  meta: SealedRecordView[];
  /** Every "review_note" record of the case; each names its evidence inside the sealed content. */
  reviewNotes: SealedRecordView[];
};

export type MyUpload = {
  id: string;
  size: number;
  partSize: number;
  partCount: number;
  storedParts: number;
  storedBytes: number;
  createdAt: string;
  /** The "evidence_meta" record sealed when the upload started (version 1). */
  meta: SealedRecordView | null;
};

export type CustodyEvent = { seq: string; action: string; actorId: string | null; at: string };
