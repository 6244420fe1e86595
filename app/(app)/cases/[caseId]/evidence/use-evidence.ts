"use client";

import { useEffect, useState } from "react";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { openWithKeyring, type Opened } from "@/lib/cases/open-case-client";
import type { Signer } from "@/lib/cases/schema";
import { verifyEvidenceSignature, type SignatureState } from "@/lib/evidence/download-client";
import { reviewNoteSchema } from "@/lib/evidence/review-note";
import { evidenceMetaSchema, type EvidenceMeta } from "@/lib/evidence/schema";
import type { EvidenceRow } from "@/lib/evidence/wire";
import { useVault } from "@/lib/account/vault";
import { evidenceListAction } from "../../../evidence/actions";
import { currentRecords } from "../../../_trust/served-marks";

export type ReviewNoteView = { id: string; authorId: string; createdAt: string; note: string };
export type OpenedEvidence = { row: EvidenceRow; meta: Opened<EvidenceMeta>; signature: SignatureState; notes: ReviewNoteView[] };

/** The case's evidence: metadata opened and the uploader's signature checked here, review notes attached to their items. */
export function useEvidence(caseId: string, keyring: CaseKeyring, signers: readonly Signer[], reload: number): OpenedEvidence[] | "failed" | null {
  const me = useVault();
  const [state, setState] = useState<{ key: number; value: OpenedEvidence[] | "failed" } | null>(null);
  useEffect(() => {
    if (!me) return;
    let live = true;
    void (async () => {
      const result = await evidenceListAction({ caseId });
      if (!result.ok) return live && setState({ key: reload, value: "failed" });
      // Metadata or a note older than a version this browser has seen is withheld (shown as damaged).
      const current = await currentRecords(me, caseId, [...result.data.meta, ...result.data.reviewNotes]);
      const notes = new Map<string, ReviewNoteView[]>();
      for (const record of result.data.reviewNotes) {
        if (!current(record.id)) continue;
        const opened = await openWithKeyring(caseId, record, keyring, reviewNoteSchema, "review_note");
        if (!opened.ok) continue;
        const list = notes.get(opened.value.evidenceId) ?? [];
        list.push({ id: record.id, authorId: record.authorId, createdAt: record.createdAt, note: opened.value.note });
        notes.set(opened.value.evidenceId, list);
      }
      const items: OpenedEvidence[] = [];
      for (const row of result.data.evidence) {
        const record = result.data.meta.find((m) => m.id === row.id);
        const meta: Opened<EvidenceMeta> = !record
          ? { ok: false, problem: "damaged" }
          : current(record.id)
            ? await openWithKeyring(caseId, record, keyring, evidenceMetaSchema, "evidence_meta")
            : { ok: false, problem: "rolled_back" };
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
  }, [caseId, keyring, reload, me]);
  // While a reload runs, the previous list stays on screen.
  return state?.value ?? null;
}
