import { z } from "zod";
import { sealedRecordWireSchema, type SealedRecordWire } from "@/lib/cases/schema";
import { canonicalIdPattern } from "@/lib/ids/parse-id";

// Court bundles (issue 6): a named set of exhibits for one hearing. The
// server sees which evidence items and testimonies are in a bundle and in
// what order (DESIGN.md §3: bundle membership and order); the name, the
// hearing it is for and the notes are the sealed "bundle_meta" record with the
// bundle's id (version 1 when created, +1 on every save).

export const BUNDLE_NAME_MAX = 300;
export const BUNDLE_HEARING_MAX = 500;
export const BUNDLE_NOTES_MAX = 4000;
export const BUNDLE_ITEMS_MAX = 500;

/** Lower-case ids only: they go into audit data, where the custody query matches them exactly. */
const id = z.string().regex(canonicalIdPattern, "id.format");

/** The plaintext of a "bundle_meta" record (also the builder's form). */
export const bundleMetaSchema = z.object({
  name: z.string().trim().min(1, "bundle.nameRequired").max(BUNDLE_NAME_MAX, "text.tooLong"),
  /** Which hearing, court and date the bundle is for. */
  hearing: z.string().trim().max(BUNDLE_HEARING_MAX, "text.tooLong"),
  notes: z.string().trim().max(BUNDLE_NOTES_MAX, "text.tooLong"),
});
export type BundleMeta = z.infer<typeof bundleMetaSchema>;

export const emptyBundleMeta: BundleMeta = { name: "", hearing: "", notes: "" };

/** One exhibit: exactly one of an evidence item or a testimony. */
export const bundleItemWireSchema = z
  .object({ evidenceId: id.optional(), testimonyId: id.optional() })
  .refine((i) => (i.evidenceId === undefined) !== (i.testimonyId === undefined), "bundle.itemKind");
export type BundleItemWire = z.infer<typeof bundleItemWireSchema>;

const itemKey = (i: BundleItemWire) => (i.evidenceId ? `e:${i.evidenceId}` : `t:${i.testimonyId ?? ""}`);

/** Create or update a bundle: the next meta version and the whole exhibit list, in exhibit order (1..n). */
export const saveBundleWireSchema = z
  .object({
    caseId: id,
    bundleId: id,
    meta: sealedRecordWireSchema,
    items: z.array(bundleItemWireSchema).max(BUNDLE_ITEMS_MAX, "bundle.tooManyItems"),
  })
  .superRefine((b, ctx) => {
    if (b.meta.type !== "bundle_meta" || b.meta.id !== b.bundleId) ctx.addIssue({ code: "custom", path: ["meta"], message: "bundle.meta" });
    const seen = new Set<string>();
    b.items.forEach((item, index) => {
      const key = itemKey(item);
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["items", index], message: "bundle.duplicateItem" });
      seen.add(key);
    });
  });
export type SaveBundleWire = z.infer<typeof saveBundleWireSchema>;

export const bundleRefSchema = z.object({ caseId: id, bundleId: id });
export const caseRefSchema = z.object({ caseId: id });

// ---- what the browser receives ----

export type BundleItemView = { position: number; evidenceId: string | null; testimonyId: string | null };

export type BundleView = {
  id: string;
  caseId: string;
  createdById: string;
  createdAt: string;
  updatedAt: string;
  /** Exhibits in order: `position` is the exhibit number (from 1). */
  items: BundleItemView[];
  /** The latest "bundle_meta" record. */
  meta: SealedRecordWire & { authorId: string; createdAt: string };
};
