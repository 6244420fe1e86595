import { z } from "zod";
import { sealedRecordWireSchema, type SealedRecordView } from "@/lib/cases/schema";
import { base64urlOfBytes } from "@/lib/encoding/base64url";

// Testimonies on the wire. The server sees ids, versions, authors, times,
// sizes, the author's signature (opens nothing) and one bit: whether the
// version records consent to use in legal proceedings (the legal_review
// guard and court bundles need it on the server).

/** A new signed version: its content sealed as the "testimony" record with the same id and version. */
export const saveTestimonyWireSchema = z.object({
  caseId: z.uuid(),
  record: sealedRecordWireSchema.refine((r) => r.type === "testimony", "record.type"),
  signedAt: z.iso.datetime(),
  signature: base64urlOfBytes(64),
  legalUseConsent: z.boolean(),
  /** The autosaved draft this version came from: removed in the same transaction. */
  draftId: z.uuid().nullable(),
});
export type SaveTestimonyWire = z.infer<typeof saveTestimonyWireSchema>;

/** A draft: one sealed record per draft, overwritten on every autosave (version stays 1). */
export const saveDraftWireSchema = z.object({
  caseId: z.uuid(),
  record: sealedRecordWireSchema.refine((r) => r.type === "testimony_draft" && r.version === 1, "record.type"),
});

export const discardDraftWireSchema = z.object({ caseId: z.uuid(), draftId: z.uuid() });

export type TestimonyVersionMeta = {
  testimonyId: string;
  version: number;
  authorId: string;
  signedAt: string;
  signature: string;
  legalUseConsent: boolean;
  size: number;
  createdAt: string;
};

export type TestimonyList = {
  /** Every version's metadata, newest first per testimony. */
  versions: TestimonyVersionMeta[];
  /** The latest version's sealed content of each testimony. */
  latest: SealedRecordView[];
  /** The actor's own drafts on this case. */
  drafts: (SealedRecordView & { updatedAt: string })[];
};
