import { z } from "zod";
import { base64urlSchema } from "@/lib/encoding/base64url";

// A user's trust documents on the wire: an opaque sealed blob per kind and its
// version. The version only grows: a save names the version it replaces
// (compare-and-swap).

/** keybook: pinned colleagues' keys; marks: the newest epochs and versions seen. */
export const trustDocumentKinds = ["keybook", "marks"] as const;
export type TrustDocumentKind = (typeof trustDocumentKinds)[number];
export const trustDocumentKindSchema = z.enum(trustDocumentKinds);

/** A keybook of ~2,000 colleagues, or marks for ~10,000 records, seal to well under this. */
export const TRUST_DOCUMENT_MAX_BYTES = 2 * 1024 * 1024;

export const saveTrustDocumentWireSchema = z.strictObject({
  kind: trustDocumentKindSchema,
  /** The version this save replaces: 0 when the user has none yet. */
  replaces: z.number().int().min(0),
  sealed: base64urlSchema()
    .min(1, "not base64url")
    .max(Math.ceil((TRUST_DOCUMENT_MAX_BYTES * 4) / 3)),
});

export type SaveTrustDocumentWire = z.infer<typeof saveTrustDocumentWireSchema>;

/** What the browser gets back: the stored document, or none yet (version 0). */
export type StoredTrustDocument = { version: number; sealed: string | null };

/**
 * The security alerts a browser shows on a case, reported to the audit log
 * as `security.alert` (a code and user ids only, never content).
 */
export const securityAlertKinds = [
  "keys_changed",
  "chain_missing",
  "chain_broken",
  "not_on_team",
  "chain_rolled_back",
  "member_hidden",
  "member_extra",
  "epoch_mismatch",
  "epoch_rolled_back",
  "record_rolled_back",
  "bad_signature",
] as const;
export type SecurityAlertKind = (typeof securityAlertKinds)[number];

export const securityAlertWireSchema = z.strictObject({
  caseId: z.uuid(),
  kind: z.enum(securityAlertKinds),
  /** Who it is about (a changed key, a hidden member), when it is about someone. */
  userIds: z.array(z.uuid()).max(50),
});
export type SecurityAlertWire = z.infer<typeof securityAlertWireSchema>;
