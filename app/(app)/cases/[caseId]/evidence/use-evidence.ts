"use client";

import { useEffect, useState } from "react";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { openWithKeyring, type Opened } from "@/lib/cases/open-case-client";
import type { Signer } from "@/lib/cases/schema";
import { verifyEvidenceSignature, type SignatureState } from "@/lib/evidence/download-client";
import { reviewNoteSchema } from "@/lib/evidence/review-note";
import { evidenceMetaSchema, type EvidenceMeta } from "@/lib/evidence/schema";
import type { EvidenceRow } from "@/lib/evidence/wire";
import { evidenceListAction } from "../../../evidence/actions";

export type ReviewNoteView = { id: string; authorId: string; createdAt: string; note: string };
export type OpenedEvidence = { row: EvidenceRow; meta: Opened<EvidenceMeta>; signature: SignatureState; notes: ReviewNoteView[] };

/** The case's evidence: metadata opened and the uploader's signature checked here, review notes attached to their items. */
export function useEvidence(caseId: string, keyring: CaseKeyring, signers: readonly Signer[], reload: number): OpenedEvidence[] | "failed" | null {
  const [state, setState] = useState<{ key: number; value: OpenedEvidence[] | "failed" } | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const result = await evidenceListAction({ caseId });
      if (!result.ok) return live && setState({ key: reload, value: "failed" });
      const notes = new Map<string, ReviewNoteView[]>();
      for (const record of result.data.reviewNotes) {
        const opened = await openWithKeyring(caseId, record, keyring, reviewNoteSchema, "review_note");
        if (!opened.ok) continue;
        const list = notes.get(opened.value.evidenceId) ?? [];
        list.push({ id: record.id, authorId: record.authorId, createdAt: record.createdAt, note: opened.value.note });
        notes.set(opened.value.evidenceId, list);
      }
      const items: OpenedEvidence[] = [];
      for (const row of result.data.evidence) {
        const record = result.data.meta.find((m) => m.id === row.id);
        const meta: Opened<EvidenceMeta> = record ? await openWithKeyring(caseId, record, keyring, evidenceMetaSchema, "evidence_meta") : { ok: false, problem: "damaged" };
        const signature = meta.ok ? await verifyEvidenceSignature(meta.value, { ...row, caseId }, signers) : "broken";
        items.push({ row, meta, signature, notes: notes.get(row.id) ?? [] });
      }
      if (live) setState({ key: reload, value: items });
    })();
    return () => {
      live = false;
    };
    // Signers come with the case detail, which reloads the page when it changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caseId, keyring, reload]);
  // While a reload runs, the previous list stays on screen.
  return state?.value ?? null;
}
